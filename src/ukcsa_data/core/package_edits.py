"""What the commands that change a package share (``rehash``, ``release``, ``add-source``,
``scan``): the package they work on, its files read safely, datapackage.json parsed, a file replaced
in one rename, and the offsets of a JSON value in its text, so a value is replaced where it stands
and the rest of the text stays byte for byte."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ukcsa_data.core import limits
from ukcsa_data.core.package_files import DESCRIPTOR, NoPackageHere, choose_package_dir
from ukcsa_data.core.safe_paths import read_package_file
from ukcsa_data.core.safe_write import replace_file
from ukcsa_data.core.strict_json import StrictJSONError, loads_strict
from ukcsa_data.core.utf8 import NotUtf8, decode_utf8

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


class PackageError(Exception):
    """A contributor command cannot run on this package (exit code 2); the message says why."""


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


def skip_space(text: str, pos: int) -> int:
    """The offset of the first character at or after ``pos`` that is not JSON whitespace."""
    match = _WHITESPACE.match(text, pos)
    assert match is not None  # the pattern matches the empty string
    return match.end()


def json_members(text: str, pos: int) -> dict[str, tuple[int, int]]:
    """The (start, end) offsets of each member's value in the JSON object at ``pos`` (valid JSON)."""
    spans: dict[str, tuple[int, int]] = {}
    pos = skip_space(text, pos + 1)
    while text[pos] != "}":
        key, pos = _DECODER.raw_decode(text, pos)
        pos = skip_space(text, skip_space(text, pos) + 1)  # past the colon
        _, end = _DECODER.raw_decode(text, pos)
        spans[key] = (pos, end)
        pos = skip_space(text, end)
        if text[pos] == ",":
            pos = skip_space(text, pos + 1)
    return spans


def json_elements(text: str, pos: int) -> list[int]:
    """The start offset of each element of the JSON array at ``pos`` (valid JSON)."""
    starts: list[int] = []
    pos = skip_space(text, pos + 1)
    while text[pos] != "]":
        starts.append(pos)
        _, end = _DECODER.raw_decode(text, pos)
        pos = skip_space(text, end)
        if text[pos] == ",":
            pos = skip_space(text, pos + 1)
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


def read_descriptor(root: Path) -> tuple[str, dict[str, Any]]:
    """The text of datapackage.json and the object it parses to, which has a list of resources;
    otherwise :class:`PackageError` says what is wrong."""
    _, text = read_package_text(root, DESCRIPTOR, limits.active().descriptor_bytes)
    try:
        descriptor = loads_strict(text)
    except StrictJSONError as error:
        raise PackageError(f"{DESCRIPTOR} is not valid JSON: {error.message} (line {error.line})") from None
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        raise PackageError(f"{DESCRIPTOR} has no list of resources")
    return text, descriptor


def replace_package_file(path: Path, data: bytes) -> None:
    """Replace the file ``path`` (a file of the package folder ``path.parent``) with ``data`` in one
    rename, keeping its permissions; never through a link (``safe_write``)."""
    replace_file(path.parent, path.name, data)
