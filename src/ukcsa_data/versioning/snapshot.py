"""One version of the package as ``diff`` compares it: the descriptor, each resource's Table
Schema and rows, the plausibility bounds and the changelog; read from a folder, or from a git
revision (nothing is checked out).

The bounds are the package's ``bounds`` resource from version 2.0.0 on; before it they were the
library's table ``src/ukcsa_data/rules/plausibility.csv`` (``RULES_FILE``, same columns), read
from the repository (a checkout folder or a commit)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ukcsa_data.core import limits
from ukcsa_data.core.package_files import DESCRIPTOR
from ukcsa_data.core.plausibility import LEGACY_RULES_FILE
from ukcsa_data.core.safe_paths import read_package_file
from ukcsa_data.core.strict_json import StrictJSONError, loads_strict

#: Where the library kept the plausibility bounds before version 2.0.0.
RULES_FILE = LEGACY_RULES_FILE
#: The resource that holds the plausibility bounds (from version 2.0.0).
BOUNDS_RESOURCE = "bounds"
#: The most bytes of CHANGELOG.md read (as ``ukcsa-data release`` reads it).
CHANGELOG_BYTES = 1024 * 1024
#: Reads a file of one version, at most ``limit`` bytes (more is a ``SnapshotError`` naming the
#: limit); None if the version has no such file.
Reader = Callable[[str, int], "bytes | None"]


class SnapshotError(Exception):
    """A version of the package cannot be read (exit code 2); the message says why."""


@dataclass
class Table:
    """A resource's field names (in order) and rows (cells as written)."""

    fields: list[str]
    rows: list[dict[str, str]]

    def by_key(self, key: list[str]) -> dict[str, dict[str, str]]:
        """The rows by their cells of ``key`` joined with " | " (a repeated key: its last row)."""
        return {" | ".join(row.get(k) or "" for k in key): row for row in self.rows}


@dataclass
class Snapshot:
    """What ``diff`` compares, for one version."""

    label: str
    descriptor: dict[str, Any]
    schemas: dict[str, dict[str, Any]] = field(default_factory=dict)
    tables: dict[str, Table] = field(default_factory=dict)
    rules: Table | None = None
    changelog: str = ""
    #: Whether this version has a CHANGELOG.md at all (a package folder exported alone has none).
    has_changelog: bool = False
    #: Reads a file of this version by its path in the package (None if there is none).
    read: Callable[[str], bytes | None] = lambda relative: None

    @property
    def version(self) -> str:
        return str(self.descriptor.get("version", ""))


def _json(data: bytes, where: str) -> Any:
    try:
        return loads_strict(data.decode("utf-8"))
    except (UnicodeDecodeError, StrictJSONError) as error:
        raise SnapshotError(f"{where} is not valid UTF-8 JSON: {error}") from None


def _table(data: bytes, where: str, rows_before: int = 0) -> Table:
    """A CSV file's fields and rows; more rows than the ``rows`` limit leaves (all tables
    together, as ``validate`` counts them) is a ``SnapshotError``."""
    allowed = limits.active().rows - rows_before
    try:
        reader = csv.DictReader(io.StringIO(data.decode("utf-8"), newline=""))
        rows: list[dict[str, str]] = []
        for row in reader:
            if len(rows) == allowed:
                raise SnapshotError(
                    f"{where}: more rows than the limit of {limits.active().rows:,} rows in all tables "
                    "together (too-many-rows; raise it with --limit rows=N)"
                )
            rows.append(row)
    except (UnicodeDecodeError, csv.Error) as error:
        raise SnapshotError(f"{where} cannot be read as a UTF-8 CSV: {error}") from None
    return Table(list(reader.fieldnames or []), rows)


def _limit_name(relative: str) -> str | None:
    """The ``validation.limits`` field that bounds a file of the package, by what it is (None for
    CHANGELOG.md, bounded by ``CHANGELOG_BYTES``)."""
    if relative == "CHANGELOG.md":
        return None
    if relative == "datapackage.json":
        return "descriptor_bytes"
    if relative.startswith("seeds/"):
        return "seed_bytes"
    return "schema_bytes" if relative.endswith(".json") else "csv_bytes"


def limit_of(relative: str) -> int:
    """The most bytes of ``relative`` a snapshot reads."""
    name = _limit_name(relative)
    return CHANGELOG_BYTES if name is None else int(getattr(limits.active(), name))


def too_large(where: str, message: str, relative: str) -> SnapshotError:
    """The error for a file above its limit, worded as ``validate`` words ``file-too-large``."""
    name = _limit_name(relative)
    hint = f"; raise it with --limit {name}=N" if name else ""
    return SnapshotError(f"{where}: {message} (file-too-large{hint})")


def _read_resources(snapshot: Snapshot, read: Reader, tables: Collection[str] | None = None) -> None:
    """Each resource's schema and the rows of ``tables`` (default: every table), the rows of all
    tables within the ``rows`` limit."""
    rows = 0
    for resource in snapshot.descriptor["resources"]:
        if not isinstance(resource, dict) or not isinstance(resource.get("name"), str):
            continue
        name = resource["name"]
        schema = resource.get("schema")
        if isinstance(schema, str) and (data := read(schema, limit_of(schema))) is not None:
            snapshot.schemas[name] = _json(data, f"{snapshot.label}:{schema}")
        elif isinstance(schema, dict):
            snapshot.schemas[name] = schema
        path = resource.get("path")
        wanted = tables is None or name in tables
        if wanted and isinstance(path, str) and (data := read(path, limit_of(path))) is not None:
            snapshot.tables[name] = _table(data, f"{snapshot.label}:{path}", rows)
            rows += len(snapshot.tables[name].rows)
    if BOUNDS_RESOURCE in snapshot.tables:
        snapshot.rules = snapshot.tables[BOUNDS_RESOURCE]
    elif (data := read(RULES_FILE, limit_of(RULES_FILE))) is not None:
        snapshot.rules = _table(data, f"{snapshot.label}:{RULES_FILE}", rows)


def _build(label: str, read: Reader, tables: Collection[str] | None = None) -> Snapshot:
    raw = read("datapackage.json", limit_of("datapackage.json"))
    if raw is None:
        raise SnapshotError(f"{label} has no datapackage.json")
    descriptor = _json(raw, f"{label}:datapackage.json")
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        raise SnapshotError(f"{label}:datapackage.json has no list of resources")
    allowed = limits.active().resources
    if len(descriptor["resources"]) > allowed:
        raise SnapshotError(
            f"{label}:datapackage.json lists {len(descriptor['resources']):,} resources; the limit is "
            f"{allowed:,} (too-many-resources; raise it with --limit resources=N)"
        )
    snapshot = Snapshot(label, descriptor, read=lambda relative: read(relative, limit_of(relative)))
    _read_resources(snapshot, read, tables)
    changelog = read("CHANGELOG.md", limit_of("CHANGELOG.md"))
    snapshot.changelog = changelog.decode("utf-8", errors="replace") if changelog else ""
    snapshot.has_changelog = changelog is not None
    return snapshot


def from_folder(folder: Path, tables: Collection[str] | None = None) -> Snapshot:
    """The package in ``folder`` (its repository's rules table if the folder is a checkout), with
    the rows of ``tables`` (default: every table). Only the files the package lists are read, each
    a regular file reached without a link (``safe_paths.read_package_file``: never a FIFO, never
    over its size limit)."""
    root = Path(folder)
    if not (root / DESCRIPTOR).is_file():
        raise SnapshotError(f"{folder} holds no datapackage.json")

    def read(relative: str, limit: int) -> bytes | None:
        data = read_package_file(root, relative, limit)
        if isinstance(data, bytes):
            return data
        code, message = data
        if code == "missing-file":
            return None
        if code == "file-too-large":
            raise too_large(f"{folder}:{relative}", message, relative)
        raise SnapshotError(f"{folder}: refusing to read {relative!r}: {message} ({code})")

    return _build(str(folder), read, tables)


def git(repo: Path, *args: str) -> bytes | None:
    """The output of ``git -C repo ARGS``, or None if git reports an error."""
    try:
        done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, timeout=120, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SnapshotError(f"cannot run git: {error}") from None
    return done.stdout if done.returncode == 0 else None


def check_ref(revision: object, option: str = "GIT_REF") -> str:
    """``revision`` if it can name a git commit: :class:`SnapshotError` for an empty value, ``--``
    (which argparse may hand over as an empty list) or one that starts with ``-`` (git would read it
    as an option), so that none of them falls back silently to another version."""
    if not isinstance(revision, str) or not revision.strip():
        raise SnapshotError(f"{option}: an empty value or '--' names no commit; give a branch, tag or commit")
    if revision.startswith("-"):
        raise SnapshotError(
            f"{option}: {revision!r} starts with '-', so it is not a git ref; give a branch, tag or commit"
        )
    return revision


def commit_of(repo: Path, revision: str) -> str | None:
    """The full id of the commit ``revision`` names in the repository at ``repo``, or None."""
    found = git(repo, "rev-parse", "--verify", "--quiet", f"{check_ref(revision)}^{{commit}}")
    return found.decode("ascii", "replace").strip() if found else None


def from_git(repo: Path, revision: str) -> Snapshot:
    """The package as committed at ``revision`` of the repository at ``repo``: the commit it names,
    resolved once, each file read with ``git ls-tree`` and ``git cat-file`` (nothing is checked
    out); a link, a submodule or a folder committed in place of a file is refused."""
    commit = commit_of(repo, revision)
    if commit is None:
        raise SnapshotError(f"{revision!r} is not a commit of the repository at {repo}")

    def read(relative: str, limit: int) -> bytes | None:
        if ".." in Path(relative).parts or relative.startswith("/") or relative.startswith("-"):
            raise SnapshotError(f"{revision}: refusing to read {relative!r} (outside the package)")
        entry = git(repo, "--literal-pathspecs", "ls-tree", "--full-tree", "-l", "-z", commit, "--", relative)
        if not entry:
            return None
        mode, kind, blob, size = entry.split(b"\t", 1)[0].split()
        if kind != b"blob" or mode not in (b"100644", b"100755"):
            raise SnapshotError(
                f"{revision}: refusing to read {relative!r}: not a regular file (mode {mode.decode()})"
            )
        if int(size) > limit:
            raise too_large(
                f"{revision}:{relative}", f"{int(size):,} bytes; the limit is {limit:,}", relative
            )
        return git(repo, "cat-file", "blob", blob.decode())

    return _build(revision, read)


def dumps(value: Any) -> str:
    """A JSON value as one short line, for messages."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
