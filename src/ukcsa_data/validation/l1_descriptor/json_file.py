"""A JSON file of the package (the descriptor, a Table Schema), read strictly: no byte order
mark, UTF-8, strict JSON, within its byte limit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ukcsa_data.core.problems import Report
from ukcsa_data.core.safe_paths import read_reported
from ukcsa_data.core.strict_json import StrictJSONError, loads_strict
from ukcsa_data.core.utf8 import NotUtf8, decode_utf8


class Unreadable:
    """What ``read_json_file`` returns for a file it could not read (its problem is reported): not
    None, which is the JSON document ``null``."""


UNREADABLE = Unreadable()


def read_json_file(package_dir: Path, relative: str, limit: int, report: Report) -> Any:
    """Read a JSON file of the package strictly; report problems and return UNREADABLE on failure."""
    raw = read_reported(package_dir, relative, limit, report)
    if raw is None:
        return UNREADABLE
    if raw.startswith(b"\xef\xbb\xbf"):
        report.add(relative, 1, None, "bom", "remove the UTF-8 byte order mark")
        raw = raw[3:]
    text = decode_utf8(raw)
    if isinstance(text, NotUtf8):
        report.add(
            relative,
            text.line,
            None,
            "encoding",
            f"not UTF-8 (byte 0x{text.byte:02x} at column {text.column})",
        )
        return UNREADABLE
    try:
        return loads_strict(text)
    except StrictJSONError as error:
        where = f" (column {error.column})" if error.column else ""
        report.add(relative, error.line, None, "invalid-json", f"{error.message}{where}")
        return UNREADABLE
