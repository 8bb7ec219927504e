"""``ukcsa-data rehash``: recompute each resource's ``hash`` and ``bytes`` in datapackage.json.

Only those two values change. They are replaced where they stand in the text, so key order,
indentation, escapes and line endings stay byte for byte as they were; the result is checked to
parse to the old descriptor with just those values changed before it replaces the file.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ukcsa_data.core import limits
from ukcsa_data.core.package_files import DESCRIPTOR, NoPackageHere, choose_package_dir
from ukcsa_data.core.safe_paths import path_problem, read_package_file
from ukcsa_data.core.safe_write import replace_file
from ukcsa_data.core.strict_json import StrictJSONError, loads_strict
from ukcsa_data.core.utf8 import NotUtf8, decode_utf8

_FIELDS = ("hash", "bytes")
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


class PackageError(Exception):
    """A contributor command cannot run on this package (exit code 2); the message says why."""


@dataclass(frozen=True)
class Update:
    """One value of datapackage.json that changed: ``old`` and ``new`` as a person reads them."""

    resource: str
    field: str
    old: str
    new: str


def resolve_package_dir(given: str | None) -> Path:
    """The package to change: ``given``, or else the current directory or the nearest folder
    above it that holds datapackage.json (``package_files.choose_package_dir``).

    The bundled package of an installed library is never chosen implicitly.
    """
    try:
        root = choose_package_dir(given, or_bundled=False).path
    except NoPackageHere as error:
        raise PackageError(str(error)) from None
    if not root.is_dir():
        raise PackageError(f"{root} is not a directory")
    if not (root / DESCRIPTOR).exists() and not (root / DESCRIPTOR).is_symlink():
        raise PackageError(f"no {DESCRIPTOR} in {root}; run it in the package's folder or name the folder")
    return root


def _skip(text: str, pos: int) -> int:
    match = _WHITESPACE.match(text, pos)
    assert match is not None  # the pattern matches the empty string
    return match.end()


def _members(text: str, pos: int) -> dict[str, tuple[int, int]]:
    """The (start, end) offsets of each member's value in the JSON object at ``pos`` (valid JSON)."""
    spans: dict[str, tuple[int, int]] = {}
    pos = _skip(text, pos + 1)
    while text[pos] != "}":
        key, pos = _DECODER.raw_decode(text, pos)
        pos = _skip(text, _skip(text, pos) + 1)  # past the colon
        _, end = _DECODER.raw_decode(text, pos)
        spans[key] = (pos, end)
        pos = _skip(text, end)
        if text[pos] == ",":
            pos = _skip(text, pos + 1)
    return spans


def _elements(text: str, pos: int) -> list[int]:
    """The start offset of each element of the JSON array at ``pos`` (valid JSON)."""
    starts: list[int] = []
    pos = _skip(text, pos + 1)
    while text[pos] != "]":
        starts.append(pos)
        _, end = _DECODER.raw_decode(text, pos)
        pos = _skip(text, end)
        if text[pos] == ",":
            pos = _skip(text, pos + 1)
    return starts


def read_package_text(root: Path, relative: str, limit: int) -> tuple[bytes, str]:
    """The bytes and UTF-8 text of a file of the package, safely: a path inside it, not a link,
    under ``limit`` bytes; otherwise :class:`PackageError` says which rule it breaks."""
    raw = read_package_file(root, relative, limit)
    if not isinstance(raw, bytes):
        raise PackageError(f"{relative}: {raw[1]}" if raw[0] == "file-too-large" else raw[1])
    text = decode_utf8(raw)
    if isinstance(text, NotUtf8):
        raise PackageError(
            f"{relative} is not UTF-8 (line {text.line}, column {text.column}); save it as UTF-8"
        )
    return raw, text


def _read_descriptor(root: Path) -> tuple[str, dict[str, Any]]:
    _, text = read_package_text(root, DESCRIPTOR, limits.active().descriptor_bytes)
    try:
        descriptor = loads_strict(text)
    except StrictJSONError as error:
        raise PackageError(f"{DESCRIPTOR} is not valid JSON: {error.message} (line {error.line})") from None
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        raise PackageError(f"{DESCRIPTOR} has no list of resources")
    return text, descriptor


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
    starts = _elements(text, _members(text, _skip(text, 0))["resources"][0])
    for index, (resource, start) in enumerate(zip(descriptor["resources"], starts, strict=True)):
        if not isinstance(resource, dict):
            raise PackageError(f"resource {index + 1} in {DESCRIPTOR} is not an object")
        name = str(resource.get("name", f"resource {index + 1}"))
        problem = path_problem(root, resource.get("path"))
        if problem:
            raise PackageError(f"resource {name}: {problem[1]}")
        digest, size = _checksum(root / resource["path"])
        spans = _members(text, start)
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


def _write_atomically(path: Path, data: bytes) -> None:
    """Replace the file ``path`` (a file of the package folder ``path.parent``) with ``data`` in one
    rename, keeping its permissions; never through a link (``safe_write``)."""
    replace_file(path.parent, path.name, data)


def rehash(package_dir: str | Path, *, write: bool = True) -> list[Update]:
    """Set each resource's ``hash`` and ``bytes`` from its file; return what changed.

    With ``write=False`` nothing is written: the package is only checked and the changes computed.
    Raises :class:`PackageError` if the descriptor or a resource path cannot be used.
    """
    root = Path(package_dir)
    text, descriptor = _read_descriptor(root)
    edits = _plan(root, text, descriptor)
    if edits and write:
        new_text = text
        expected = copy.deepcopy(descriptor)
        for edit in reversed(edits):
            new_text = new_text[: edit.start] + json.dumps(edit.value) + new_text[edit.end :]
            expected["resources"][edit.resource_index][edit.update.field] = edit.value
        if loads_strict(new_text) != expected:  # pragma: no cover - the spans come from the parser
            raise PackageError(f"internal error: rewriting {DESCRIPTOR} would change more than two values")
        _write_atomically(root / DESCRIPTOR, new_text.encode("utf-8"))
    return [edit.update for edit in edits]
