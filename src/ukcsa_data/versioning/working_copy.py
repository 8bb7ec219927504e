"""The copy of a package that ``validate --rules-from`` checks with the base's rules.

Only the files the package lists are copied: ``datapackage.json``, each resource's ``path`` and
``schema``, and the seeds ``sources.csv`` names. Each is read as ``validate`` reads it
(``safe_paths.read_package_file``: a regular file reached without a link, never a FIFO, within its
size limit), and written into the copy by ``safe_write``. Nothing else is read.

So that the copy gets the report the package gets, what cannot be copied stands in for itself
without a byte of it read: a link (at the listed path, or any folder on the way) is a link to
nowhere, a FIFO or other special file is a FIFO, a file over its limit is an empty file of the
same size; and each other entry of the package's ``dataset/`` and ``seeds/`` folders is an empty
file (for ``unlisted-file``) or a link to nowhere (for ``symlink``).
"""

from __future__ import annotations

import csv
import io
import os
import stat
from pathlib import Path, PurePosixPath
from typing import Any

from ukcsa_data.core import limits
from ukcsa_data.core.package_files import DESCRIPTOR
from ukcsa_data.core.safe_paths import is_plain_relative, read_package_file
from ukcsa_data.core.safe_write import replace_file
from ukcsa_data.core.strict_json import StrictJSONError, loads_strict

#: Where a stand-in link points: a name that exists nowhere in the copy.
NOWHERE = ".ukcsa-rules-from-no-such-file"
#: Folders whose every entry the validator looks at.
SCANNED = ("dataset", "seeds")


def _limit(relative: str, seeds: set[str]) -> int:
    active = limits.active()
    if relative == DESCRIPTOR:
        return active.descriptor_bytes
    if relative in seeds:
        return active.seed_bytes
    return active.schema_bytes if relative.endswith(".json") else active.csv_bytes


def _descriptor(raw: bytes) -> dict[str, Any]:
    try:
        descriptor = loads_strict(raw.decode("utf-8"))
    except (UnicodeDecodeError, StrictJSONError):
        return {}
    return descriptor if isinstance(descriptor, dict) else {}


def _resource_files(descriptor: dict[str, Any]) -> list[str]:
    resources = descriptor.get("resources")
    files = []
    for resource in resources if isinstance(resources, list) else []:
        if isinstance(resource, dict):
            files += [resource[k] for k in ("path", "schema") if isinstance(resource.get(k), str)]
    return [f for f in files if is_plain_relative(f)]


def _seeds(root: Path, descriptor: dict[str, Any]) -> set[str]:
    """The seeds named in the copied sources table's ``seed_file`` column."""
    resources = descriptor.get("resources")
    for resource in resources if isinstance(resources, list) else []:
        if isinstance(resource, dict) and resource.get("name") == "sources":
            path = resource.get("path")
            raw = read_package_file(root, path, limits.active().csv_bytes)
            if isinstance(raw, bytes):
                rows = csv.DictReader(io.StringIO(raw.decode("utf-8", errors="replace"), newline=""))
                return {r["seed_file"] for r in rows if is_plain_relative(r.get("seed_file"))}
    return set()


def _stand_in(root: Path, relative: str, kind: int, size: int = 0) -> None:
    """Put in the copy, at ``relative``, what stands in for an entry of ``kind`` (st_mode)."""
    target = root / relative
    parents = PurePosixPath(relative).parents
    if any((root / parent).is_symlink() for parent in parents) or os.path.lexists(target):
        return  # a link on the way stands in already
    target.parent.mkdir(parents=True, exist_ok=True)
    if stat.S_ISLNK(kind):
        os.symlink(NOWHERE, target)
    elif stat.S_ISDIR(kind):
        target.mkdir()
    elif stat.S_ISREG(kind):
        with open(target, "xb") as handle:
            handle.truncate(size)
    else:
        os.mkfifo(target)


def _copy_listed(package_dir: Path, root: Path, relative: str, limit: int) -> None:
    """Copy one listed file, or put its stand-in where a link, special file or size stops it."""
    parts = PurePosixPath(relative).parts
    for depth in range(1, len(parts) + 1):
        here = "/".join(parts[:depth])
        try:
            info = os.lstat(package_dir / here)
        except OSError:
            return  # missing: the validator reports it
        if stat.S_ISLNK(info.st_mode) or (depth < len(parts) and not stat.S_ISDIR(info.st_mode)):
            _stand_in(root, here, info.st_mode)
            return
    if not stat.S_ISREG(info.st_mode):
        _stand_in(root, relative, info.st_mode)
        return
    read = read_package_file(package_dir, relative, limit)
    if isinstance(read, bytes):
        replace_file(root, relative, read, create_folders=True)
    elif read[0] == "file-too-large":
        _stand_in(root, relative, info.st_mode, info.st_size)


def _stand_in_unlisted(package_dir: Path, root: Path) -> None:
    """An empty file or a link to nowhere for each entry of dataset/ and seeds/ not copied."""
    for folder in SCANNED:
        source = package_dir / folder
        if source.is_symlink() or not source.is_dir():
            continue
        for entry in os.scandir(source):
            kind = entry.stat(follow_symlinks=False).st_mode
            if not stat.S_ISDIR(kind):
                _stand_in(root, f"{folder}/{entry.name}", kind if stat.S_ISLNK(kind) else stat.S_IFREG)


def build(package_dir: Path, root: Path) -> None:
    """Make the working copy of ``package_dir`` in the new folder ``root``."""
    root.mkdir()
    _copy_listed(package_dir, root, DESCRIPTOR, limits.active().descriptor_bytes)
    copied = root / DESCRIPTOR
    if copied.is_symlink() or not copied.is_file():
        return
    descriptor = _descriptor(copied.read_bytes())
    for relative in _resource_files(descriptor):
        _copy_listed(package_dir, root, relative, _limit(relative, set()))
    seeds = _seeds(root, descriptor)
    for relative in sorted(seeds):
        _copy_listed(package_dir, root, relative, _limit(relative, seeds))
    _stand_in_unlisted(package_dir, root)
