"""Decode a file's bytes as UTF-8, or say where they stop being UTF-8 (one definition for every
file the validator reads: descriptor, schemas, CSV tables, seeds)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NotUtf8:
    """Where the first byte that is not UTF-8 is: its line and column (from 1) and its value."""

    line: int
    column: int
    byte: int


def decode_utf8(raw: bytes) -> str | NotUtf8:
    """``raw`` as text, or where it is not UTF-8."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        line = raw.count(b"\n", 0, error.start) + 1
        column = len(raw[line_start : error.start].decode("utf-8", errors="replace")) + 1
        return NotUtf8(line, column, raw[error.start])
