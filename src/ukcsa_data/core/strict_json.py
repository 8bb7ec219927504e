"""Strict JSON: duplicate keys, non-standard constants (NaN, Infinity), numbers that are not
finite once read (``1e400``) or longer than ``limits.number_digits`` characters, and a lone
surrogate escape in any key or value (``"\\ud800"``, which JSON's grammar allows but no UTF-8
writer can write back) are errors, with their line."""

from __future__ import annotations

import json
import math
import re
from typing import Any

from ukcsa_data.core import limits


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
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
#: A ``\uD800``-``\uDFFF`` escape (perhaps half of a valid pair): where a lone surrogate may be.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Duplicate(key)
        result[key] = value
    return result


def _reject_constant(name: str) -> Any:
    raise ValueError(name)


def _number_problem(literal: str) -> str | None:
    """Why a JSON number cannot be used: too many characters, or not finite once read."""
    if len(literal) > limits.active().number_digits:
        limit = limits.active().number_digits
        return f"the number {literal[:20]}... has {len(literal):,} characters; the limit is {limit:,}"
    if any(ch in literal for ch in ".eE") and not math.isfinite(float(literal)):
        return f"{literal} is not a finite number"
    return None


def _checked_float(literal: str) -> float:
    if _number_problem(literal):
        raise ValueError(literal)
    return float(literal)


def _checked_int(literal: str) -> int:
    if _number_problem(literal):
        raise ValueError(literal)
    return int(literal)


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
        number = _NUMBER.match(text, pos) if char in "-0123456789" else None
        if number and _number_problem(number.group()):
            return _number_problem(number.group()) or "", pos
        pos = number.end() if number else pos + 1
    return None


def _lone_surrogate(text: str) -> tuple[str, int] | None:
    """The first string (key or value) of the valid JSON ``text`` that decodes to a lone
    surrogate, and where it starts. In valid JSON every ``"`` outside a string opens one, so the
    string pattern, run over the whole text, finds exactly its strings."""
    if not _SURROGATE_ESCAPE.search(text):
        return None
    for string in _STRING.finditer(text):
        if _SURROGATE_ESCAPE.search(string.group()):
            lone = _SURROGATE.search(json.loads(string.group()))
            if lone:
                shown = f"\\u{ord(lone.group()):04x}"
                return (
                    f"a lone surrogate ({shown}) in a string: not text that UTF-8 can hold, so other "
                    "tools cannot write it back; remove it or give the whole pair",
                    string.start(),
                )
    return None


def loads_strict(text: str) -> Any:
    """Parse ``text`` as JSON, rejecting duplicate keys, NaN / Infinity, unusable numbers and lone
    surrogates."""
    parsed = _loads(text)
    lone = _lone_surrogate(text)
    if lone:
        message, offset = lone
        raise StrictJSONError(message, *_position(text, offset))
    return parsed


def _loads(text: str) -> Any:
    try:
        return json.loads(
            text,
            object_pairs_hook=_reject_duplicates,
            parse_constant=_reject_constant,
            parse_float=_checked_float,
            parse_int=_checked_int,
        )
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
