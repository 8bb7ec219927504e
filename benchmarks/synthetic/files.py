"""The files of a package as the builder writes them: one CSV dialect, the repository's schemas and
code tables, and ``datapackage.json`` with each resource's sha256 ``hash`` and ``bytes``."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import IO, Any

from synthetic import REPO_ROOT
from ukcsa_data.core.contract import CONTRACT
from ukcsa_data.core.package_files import RESOURCE_NAMES

RESOURCES = RESOURCE_NAMES
#: The columns of each written table, from the library's contract (one definition of the columns).
COLUMNS: dict[str, tuple[str, ...]] = {name: tuple(CONTRACT[name]) for name in RESOURCES}
#: The code lists and the bounds: copied from the repository's package into every built one.
CODE_TABLES = ("areas", "units", "bounds")
#: A file larger than this keeps its recorded hash (the validator rejects it from its size alone).
HASHED_AT_MOST = 256 * 1024 * 1024


def positions(text: str, quote: str) -> list[int]:
    """Every start of ``quote`` in ``text``, overlapping ones included."""
    found, at = [], text.find(quote)
    while at != -1:
        found.append(at)
        at = text.find(quote, at + 1)
    return found


def table_writer(handle: IO[str], name: str) -> csv.DictWriter[str]:
    """A writer of table ``name`` in the package's dialect (LF, minimal quoting); header written.

    A missing cell is written empty and a key that is not a column is left out."""
    writer = csv.DictWriter(
        handle,
        fieldnames=COLUMNS[name],
        lineterminator="\n",
        quoting=csv.QUOTE_MINIMAL,
        restval="",
        extrasaction="ignore",
    )
    writer.writeheader()
    return writer


def write_table(root: Path, name: str, rows: Iterable[Mapping[str, str]]) -> None:
    """Write ``dataset/NAME.csv`` of the package at ``root``."""
    with (root / "dataset" / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
        table_writer(handle, name).writerows(rows)


def read_table(root: Path, name: str) -> list[dict[str, str]]:
    """The rows of ``dataset/NAME.csv`` of the package at ``root`` (cells as written)."""
    with (root / "dataset" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def repository_rows(name: str) -> list[dict[str, str]]:
    """The rows of the repository's own table ``name``."""
    return read_table(REPO_ROOT, name)


def start_package(root: Path) -> None:
    """Create ``dataset/`` and ``seeds/`` under ``root`` and copy the repository's ``schemas/``."""
    (root / "dataset").mkdir(parents=True, exist_ok=True)
    (root / "seeds").mkdir(exist_ok=True)
    shutil.copytree(REPO_ROOT / "schemas", root / "schemas", dirs_exist_ok=True)


def copy_code_tables(root: Path) -> dict[str, int]:
    """Copy the repository's areas, units and bounds into ``root``; their row counts."""
    counts = {}
    for name in CODE_TABLES:
        shutil.copyfile(REPO_ROOT / "dataset" / f"{name}.csv", root / "dataset" / f"{name}.csv")
        counts[name] = len(read_table(root, name))
    return counts


def repository_descriptor() -> dict[str, Any]:
    """The repository's ``datapackage.json`` as data."""
    data: dict[str, Any] = json.loads((REPO_ROOT / "datapackage.json").read_text(encoding="utf-8"))
    return data


def write_descriptor(
    root: Path, descriptor: dict[str, Any], contents: Mapping[str, bytes] | None = None
) -> dict[str, int]:
    """Write ``descriptor`` as ``root/datapackage.json`` with each resource's ``hash`` and ``bytes``
    brought up to date; the bytes of each resource, by name.

    ``contents`` holds files already in memory, by resource name (read from disk otherwise). A
    resource whose file is missing is left as it is; one larger than :data:`HASHED_AT_MOST` gets
    its ``bytes`` but keeps its ``hash``."""
    sizes: dict[str, int] = {}
    hashes: dict[Path, str] = {}  # a path listed many times is hashed once
    for resource in descriptor["resources"]:
        path = root / resource["path"]
        data = (contents or {}).get(resource["name"])
        if data is None and not path.is_file():
            continue
        size = len(data) if data is not None else path.stat().st_size
        resource["bytes"] = sizes[resource["name"]] = size
        if size <= HASHED_AT_MOST:
            if path not in hashes:
                raw = data if data is not None else path.read_bytes()
                hashes[path] = f"sha256:{hashlib.sha256(raw).hexdigest()}"
            resource["hash"] = hashes[path]
    text = json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"
    (root / "datapackage.json").write_text(text, encoding="utf-8")
    return sizes
