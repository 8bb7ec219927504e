"""Decode a file's bytes as UTF-8, or say where they stop being UTF-8 (one definition for every
file the validator reads: descriptor, schemas, CSV tables, seeds); and a text's distinct
characters beyond ASCII, found through its UTF-8 bytes."""

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


#: Every ASCII byte: deleted from a text's UTF-8 bytes, they leave its other characters' bytes.
_ASCII_BYTES = bytes(range(128))


def non_ascii_characters(text: str) -> set[str]:
    """The distinct characters of ``text`` that are not ASCII (lone surrogates included).

    In UTF-8 an ASCII character is one byte below 128 and every byte of any other character is
    128 or more, so deleting the bytes below 128 leaves whole characters. Those few are put in a
    set: on a long article that is mostly ASCII, several times faster than ``set(text)``."""
    if text.isascii():
        return set()
    rest = text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES)
    return set(rest.decode("utf-8", "surrogatepass"))
