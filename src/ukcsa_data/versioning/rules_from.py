"""``validate --rules-from-ref GIT_REF`` (or ``--rules-from GIT_REF|DIR``): check the data against a
base version's rules (its Table Schemas' constraints, plausibility bounds and waivers), so a change
cannot loosen a rule and rely on the looser rule at the same time. The loosening itself shows in
``diff``. A base older than 2.0.0 has its bounds in the library (``src/ukcsa_data/rules/plausibility.csv``),
read from its commit.

The base's rules apply to what the base had; what the change adds is judged by its own rules:

* schemas: a resource whose fields (names, types, formats, order) and keys are the base's keeps
  the base's constraints and ``missingValues``; one whose fields or keys changed (a major change,
  which ``diff`` requires a major version for: a column added, renamed or retyped, a key changed)
  is judged by its new schema;
* bounds: the base's rows; the change's rows count only for a unit or area the base did not have;
* waivers: for a row the base had, only a waiver the base had too; for a new row, its own waiver.

Bad: a pull request that raises a bound in dataset/bounds.csv and adds a figure above the old bound,
or adds a waiver for a row the base had. Good: the bound raised in one reviewed change, and the
figure added once that change is the base; a new row added with the waiver it needs.

Where the base comes from: ``--rules-from-ref`` is always a commit of the package's repository (a
folder of that name is never looked at). ``--rules-from`` is a folder or a commit; a name that is
both, or a folder inside the package being validated, is refused (exit 2): a package cannot supply
its own base.
"""

from __future__ import annotations

import copy
import json
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from ukcsa_data.core.contract import KEYS
from ukcsa_data.core.csv_dialect import csv_text
from ukcsa_data.core.plausibility import bounds_from
from ukcsa_data.core.problems import Report
from ukcsa_data.core.safe_paths import is_inside, is_plain_relative
from ukcsa_data.core.safe_write import WriteRefused, replace_file
from ukcsa_data.validation.l8_words.waivers import honouring
from ukcsa_data.validation.runner import CannotRun, validate_package
from ukcsa_data.versioning import working_copy
from ukcsa_data.versioning.snapshot import (
    BOUNDS_RESOURCE,
    Snapshot,
    SnapshotError,
    check_ref,
    commit_of,
    from_folder,
    from_git,
)


def base_of(package_dir: Path, source: str | None = None, ref: str | None = None) -> Snapshot:
    """The base version: the commit ``ref`` of the package's repository; or ``source``, a folder
    outside the package or (if no folder has that name) a commit."""
    if ref is not None:
        return from_git(package_dir, check_ref(ref, "--rules-from-ref"))
    assert source is not None
    check_ref(source, "--rules-from")
    folder = Path(source)
    if not folder.is_dir():
        return from_git(package_dir, source)
    if is_inside(folder, package_dir):
        raise SnapshotError(
            f"--rules-from {source!r} is a folder inside the package being validated, which cannot "
            "supply its own base; name a commit with --rules-from-ref"
        )
    if commit_of(package_dir, source) is not None:
        raise SnapshotError(
            f"--rules-from {source!r} names both a folder and a git commit; refusing to guess: use "
            f"--rules-from-ref {source} for the commit, or --rules-from ./{source} for the folder"
        )
    return from_folder(folder)


def _fields(schema: Any) -> list[dict[str, Any]]:
    fields = schema.get("fields") if isinstance(schema, dict) else None
    return [f for f in fields if isinstance(f, dict)] if isinstance(fields, list) else []


def _kind(field: dict[str, Any]) -> tuple[Any, Any, Any]:
    return field.get("name"), field.get("type", "string"), field.get("format", "default")


def _shape(schema: Any) -> tuple[Any, ...]:
    """What a change of which is major: the fields' names, types and formats in order, and the keys."""
    keys = (schema.get("primaryKey"), schema.get("foreignKeys")) if isinstance(schema, dict) else ()
    return ([_kind(f) for f in _fields(schema)], *keys)


def merged_schema(base: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """The schema to judge a resource's rows by: ``new`` itself where its fields or keys differ
    from the base's (a major change is judged by the new schema); otherwise ``new`` with the base's
    constraints on each field and the base's ``missingValues``."""
    if _shape(base) != _shape(new):
        return copy.deepcopy(new)
    merged = copy.deepcopy(new)
    for field, before in zip(_fields(merged), _fields(base), strict=True):
        field.pop("constraints", None)
        if "constraints" in before:
            field["constraints"] = copy.deepcopy(before["constraints"])
    if isinstance(base, dict) and "missingValues" in base:
        merged["missingValues"] = copy.deepcopy(base["missingValues"])
    return merged


def _take_schemas(root: Path, base: Snapshot, new: Snapshot) -> None:
    """Write into the copy, for each resource both versions have, the merged schema."""
    for resource in new.descriptor["resources"]:
        if not isinstance(resource, dict):
            continue
        name, path = resource.get("name"), resource.get("schema")
        if name not in base.schemas or name not in new.schemas or not is_plain_relative(path):
            continue
        text = json.dumps(merged_schema(base.schemas[name], new.schemas[name]), indent=2, ensure_ascii=False)
        try:
            replace_file(root, str(path), (text + "\n").encode("utf-8"))
        except WriteRefused:
            continue  # a link in the package stands in for itself: the validator reports it


def _column(snapshot: Snapshot, table: str, column: str) -> set[str]:
    found = snapshot.tables.get(table)
    return {row.get(column) or "" for row in found.rows} if found else set()


def merged_bounds(base: Snapshot, new: Snapshot | None) -> str | None:
    """The bounds to check figures against, as CSV: the base's rows, and the change's rows for a
    unit or an area the base did not have; None if the base has no bounds."""
    if base.rules is None:
        return None
    rows = list(base.rules.rows)
    units = {row.get("unit") or "" for row in rows} | _column(base, "units", "unit")
    areas = {row.get("geography") or "" for row in rows} | _column(base, "areas", "area")
    if new is not None and new.rules is not None:
        rows += [
            row
            for row in new.rules.rows
            if (row.get("unit") or "") not in units or (row.get("geography") or "") not in areas
        ]
    fields = base.rules.fields
    return csv_text([fields, *([row.get(field) for field in fields] for row in rows)])


def _keys(snapshot: Snapshot) -> set[tuple[str, str]]:
    """(table, key) of every row of the base's tables that waivers can name."""
    found = set()
    for name, table in snapshot.tables.items():
        primary = KEYS[name].primary if name in KEYS else ()
        if primary and all(column in table.fields for column in primary):
            found |= {(name, " | ".join(row.get(c) or "" for c in primary)) for row in table.rows}
    return found


def _waivers(snapshot: Snapshot) -> set[tuple[str, str, str]]:
    table = snapshot.tables.get("waivers")
    if table is None:
        return set()
    return {(row.get("resource") or "", row.get("key") or "", row.get("code") or "") for row in table.rows}


@contextmanager
def _base_rules(base: Snapshot, new: Snapshot | None) -> Iterator[None]:
    """Within the block the validator takes the base's bounds and waivers (merged as above)."""
    rows, waived = _keys(base), _waivers(base)
    bounds = merged_bounds(base, new)
    with ExitStack() as stack:
        stack.enter_context(honouring(lambda key: key in waived or (key[0], key[1]) not in rows))
        if bounds is not None:
            stack.enter_context(bounds_from(bounds))
        yield


def _rules_of(root: Path) -> Snapshot | None:
    """The working copy's descriptor, schemas and bounds (no other table's rows), or None if one of
    them cannot be read (the validator then reports it)."""
    try:
        return from_folder(root, tables=(BOUNDS_RESOURCE,))
    except SnapshotError:
        return None


def describe(package_dir: Path, base: Snapshot, source: str | None) -> str:
    """Which base the rules come from, for one line on stderr: the folder, or the commit's id."""
    if source is not None and Path(source).is_dir():
        return f"the rules of the folder {source} (version {base.version})"
    commit = commit_of(package_dir, base.label) or base.label
    return f"the rules of commit {commit[:12]} ({base.label}, version {base.version})"


def validate_with_rules_from(
    package_dir: Path,
    source: str | None = None,
    *,
    ref: str | None = None,
    tell: Callable[[str], object] = lambda line: None,
    processes: int | None = None,
) -> Report:
    """Validate ``package_dir``'s data with the rules of the base ``ref`` (a commit) or ``source``
    (a folder or a commit; see :func:`base_of`); ``tell`` is given one line naming the base;
    ``processes`` as for :func:`~ukcsa_data.validation.runner.validate_package`."""
    if not package_dir.is_dir():
        raise CannotRun(f"{package_dir} is not a directory")
    base = base_of(package_dir, source, ref)
    tell(f"checking with {describe(package_dir, base, source)}")
    with tempfile.TemporaryDirectory(prefix="ukcsa-rules-from-") as folder:
        root = Path(folder) / "package"
        working_copy.build(package_dir, root)
        new = _rules_of(root)
        if new is not None:
            _take_schemas(root, base, new)
        with _base_rules(base, new):
            report = validate_package(root, processes=processes)
    if new is None and report.valid:  # pragma: no cover - what from_folder refuses, validate reports
        raise CannotRun("the package's own files cannot be read to apply the base's schemas")
    report.package_dir = str(package_dir)  # problems name the package's own files
    return report


__all__ = ["SnapshotError", "base_of", "merged_bounds", "merged_schema", "validate_with_rules_from"]
