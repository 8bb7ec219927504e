"""Strict JSON: duplicate keys and non-standard constants (NaN, Infinity) are errors, with their line."""

from __future__ import annotations

import json
import re
from typing import Any


class StrictJSONError(ValueError):
    """A JSON text that is not strict JSON; ``line`` and ``column`` are 1-based where known."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


class _Duplicate(Exception):
    pass


_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_CONSTANT = re.compile(r"-?(?:NaN|Infinity)")


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Duplicate(key)
        result[key] = value
    return result


def _reject_constant(name: str) -> Any:
    raise ValueError(name)


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _key_problem(text: str, string: re.Match[str], keys: list[set[str] | None]) -> str | None:
    """If ``string`` is a key of the innermost open object, record it; say so if it repeats one."""
    after = string.end()
    while after < len(text) and text[after] in " \t\r\n":
        after += 1
    if after < len(text) and text[after] == ":" and keys and keys[-1] is not None:
        key = json.loads(string.group())
        if key in keys[-1]:
            return f"duplicate key {key!r} in one object"
        keys[-1].add(key)
    return None


def _find_problem(text: str) -> tuple[str, int] | None:
    """Scan a syntactically valid JSON text for the first duplicate key or bare NaN/Infinity."""
    keys: list[set[str] | None] = []  # one entry per open object ({}) or array (None)
    pos = 0
    while pos < len(text):
        char = text[pos]
        if char == '"':
            match = _STRING.match(text, pos)
            assert match is not None
            duplicate = _key_problem(text, match, keys)
            if duplicate:
                return duplicate, pos
            pos = match.end()
            continue
        if char == "{":
            keys.append(set())
        elif char == "[":
            keys.append(None)
        elif char in "}]":
            keys.pop()
        elif char in "-NI":
            constant = _CONSTANT.match(text, pos)
            if constant:
                return f"{constant.group()} is not valid JSON", pos
        pos += 1
    return None


def loads_strict(text: str) -> Any:
    """Parse ``text`` as JSON, rejecting duplicate keys and NaN / Infinity constants."""
    try:
        return json.loads(text, object_pairs_hook=_reject_duplicates, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        raise StrictJSONError(error.msg, error.lineno, error.colno) from None
    except RecursionError:
        raise StrictJSONError("nested too deeply") from None
    except (_Duplicate, ValueError) as error:
        found = _find_problem(text)
        if found is None:  # pragma: no cover - the scan mirrors the hooks above
            raise StrictJSONError(f"not strict JSON: {error}") from None
        message, offset = found
        raise StrictJSONError(message, *_position(text, offset)) from None
