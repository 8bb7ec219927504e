"""``ukcsa-data rehash``: recompute each resource's ``hash`` and ``bytes`` in datapackage.json.

Only those two values change. They are replaced where they stand in the text, so key order,
indentation, escapes and line endings stay byte for byte as they were; the result is checked to
parse to the old descriptor with just those values changed before it replaces the file.
"""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ukcsa_data.core.package_edits import (
    PackageError,
    json_elements,
    json_members,
    read_descriptor,
    replace_package_file,
    skip_space,
)
from ukcsa_data.core.package_files import DESCRIPTOR
from ukcsa_data.core.safe_paths import path_problem
from ukcsa_data.core.strict_json import loads_strict

_FIELDS = ("hash", "bytes")


@dataclass(frozen=True)
class Update:
    """One value of datapackage.json that changed: ``old`` and ``new`` as a person reads them."""

    resource: str
    field: str
    old: str
    new: str


def _checksum(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return f"sha256:{digest.hexdigest()}", size


def _shown(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


@dataclass(frozen=True)
class _Edit:
    start: int
    end: int
    resource_index: int
    value: str | int
    update: Update


def _plan(root: Path, text: str, descriptor: dict[str, Any]) -> list[_Edit]:
    """The values to replace, in the order of the text."""
    edits: list[_Edit] = []
    starts = json_elements(text, json_members(text, skip_space(text, 0))["resources"][0])
    for index, (resource, start) in enumerate(zip(descriptor["resources"], starts, strict=True)):
        if not isinstance(resource, dict):
            raise PackageError(f"resource {index + 1} in {DESCRIPTOR} is not an object")
        name = str(resource.get("name", f"resource {index + 1}"))
        problem = path_problem(root, resource.get("path"))
        if problem:
            raise PackageError(f"resource {name}: {problem[1]}")
        digest, size = _checksum(root / resource["path"])
        spans = json_members(text, start)
        new_values: tuple[str | int, ...] = (digest, size)
        for field, new in zip(_FIELDS, new_values, strict=True):
            if field not in spans:
                raise PackageError(
                    f'resource {name} has no "{field}"; add "hash": "", "bytes": 0 to it and run again'
                )
            old = resource[field]
            if (type(old), old) != (type(new), new):
                update = Update(name, field, _shown(old), _shown(new))
                edits.append(_Edit(*spans[field], index, new, update))
    return edits


def rehash(package_dir: str | Path, *, write: bool = True) -> list[Update]:
    """Set each resource's ``hash`` and ``bytes`` from its file; return what changed.

    With ``write=False`` nothing is written: the package is only checked and the changes computed.
    Raises :class:`PackageError` if the descriptor or a resource path cannot be used.
    """
    root = Path(package_dir)
    text, descriptor = read_descriptor(root)
    edits = _plan(root, text, descriptor)
    if edits and write:
        new_text = text
        expected = copy.deepcopy(descriptor)
        for edit in reversed(edits):
            new_text = new_text[: edit.start] + json.dumps(edit.value) + new_text[edit.end :]
            expected["resources"][edit.resource_index][edit.update.field] = edit.value
        if loads_strict(new_text) != expected:  # pragma: no cover - the spans come from the parser
            raise PackageError(f"internal error: rewriting {DESCRIPTOR} would change more than two values")
        replace_package_file(root / DESCRIPTOR, new_text.encode("utf-8"))
    return [edit.update for edit in edits]
