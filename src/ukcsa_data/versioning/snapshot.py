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

from ukcsa_data.package_files import DESCRIPTOR
from ukcsa_data.plausibility import LEGACY_RULES_FILE
from ukcsa_data.validation import limits
from ukcsa_data.validation.safe_paths import read_package_file
from ukcsa_data.validation.strict_json import StrictJSONError, loads_strict

#: Where the library kept the plausibility bounds before version 2.0.0.
RULES_FILE = LEGACY_RULES_FILE
#: The resource that holds the plausibility bounds (from version 2.0.0).
BOUNDS_RESOURCE = "bounds"


class SnapshotError(Exception):
    """A version of the package cannot be read (exit code 2); the message says why."""


@dataclass
class Table:
    """A resource's field names (in order) and rows (cells as written)."""

    fields: list[str]
    rows: list[dict[str, str]]


@dataclass
class Snapshot:
    """What ``diff`` compares, for one version."""

    label: str
    descriptor: dict[str, Any]
    schemas: dict[str, dict[str, Any]] = field(default_factory=dict)
    tables: dict[str, Table] = field(default_factory=dict)
    rules: Table | None = None
    changelog: str = ""
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


def _table(data: bytes, where: str) -> Table:
    try:
        reader = csv.DictReader(io.StringIO(data.decode("utf-8"), newline=""))
        rows = list(reader)
    except (UnicodeDecodeError, csv.Error) as error:
        raise SnapshotError(f"{where} cannot be read as a UTF-8 CSV: {error}") from None
    return Table(list(reader.fieldnames or []), rows)


def _add_resource(snapshot: Snapshot, resource: dict[str, Any], with_rows: bool) -> None:
    """Read one resource's schema into ``snapshot`` and, ``with_rows``, its table."""
    name, label, read = resource["name"], snapshot.label, snapshot.read
    schema = resource.get("schema")
    if isinstance(schema, str) and (data := read(schema)) is not None:
        snapshot.schemas[name] = _json(data, f"{label}:{schema}")
    elif isinstance(schema, dict):
        snapshot.schemas[name] = schema
    path = resource.get("path")
    if with_rows and isinstance(path, str) and (data := read(path)) is not None:
        snapshot.tables[name] = _table(data, f"{label}:{path}")


def _build(
    label: str, read: Callable[[str], bytes | None], tables: Collection[str] | None = None
) -> Snapshot:
    raw = read(DESCRIPTOR)
    if raw is None:
        raise SnapshotError(f"{label} has no datapackage.json")
    descriptor = _json(raw, f"{label}:datapackage.json")
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        raise SnapshotError(f"{label}:datapackage.json has no list of resources")
    snapshot = Snapshot(label, descriptor, read=read)
    for resource in descriptor["resources"]:
        if isinstance(resource, dict) and isinstance(resource.get("name"), str):
            _add_resource(snapshot, resource, tables is None or resource["name"] in tables)
    if BOUNDS_RESOURCE in snapshot.tables:
        snapshot.rules = snapshot.tables[BOUNDS_RESOURCE]
    elif (rules := read(RULES_FILE)) is not None:
        snapshot.rules = _table(rules, f"{label}:{RULES_FILE}")
    changelog = read("CHANGELOG.md")
    snapshot.changelog = changelog.decode("utf-8", errors="replace") if changelog else ""
    return snapshot


def _limit(relative: str) -> int:
    """The size limit of a file of the package, by its kind (``validation.limits``)."""
    active = limits.active()
    if relative == DESCRIPTOR:
        return active.descriptor_bytes
    if relative.endswith(".json"):
        return active.schema_bytes
    return active.csv_bytes


def from_folder(folder: Path, tables: Collection[str] | None = None) -> Snapshot:
    """The package in ``folder`` (its repository's rules table if the folder is a checkout), with
    the rows of ``tables`` (default: every table). Only the files the package lists are read, each
    a regular file reached without a link (``safe_paths.read_package_file``: never a FIFO, never
    over its size limit)."""
    root = Path(folder)
    if not (root / DESCRIPTOR).is_file():
        raise SnapshotError(f"{folder} holds no datapackage.json")

    def read(relative: str) -> bytes | None:
        read = read_package_file(root, relative, _limit(relative))
        if isinstance(read, bytes):
            return read
        if read[0] == "missing-file":
            return None
        raise SnapshotError(f"{folder}: refusing to read {relative!r}: {read[1]}")

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

    def read(relative: str) -> bytes | None:
        if ".." in Path(relative).parts or relative.startswith("/"):
            raise SnapshotError(f"{revision}: refusing to read {relative!r} (outside the package)")
        entry = git(repo, "--literal-pathspecs", "ls-tree", "--full-tree", "-z", commit, "--", relative)
        if not entry:
            return None
        if not entry.startswith((b"100644 blob ", b"100755 blob ")):
            raise SnapshotError(f"{revision}: refusing to read {relative!r}: not a regular file (a link?)")
        return git(repo, "cat-file", "blob", entry.split(b"\t", 1)[0].split(b" ")[2].decode("ascii"))

    return _build(revision, read)


def dumps(value: Any) -> str:
    """A JSON value as one short line, for messages."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
