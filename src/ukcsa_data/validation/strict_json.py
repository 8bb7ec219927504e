"""Strict JSON: duplicate keys and non-standard constants (NaN, Infinity) are errors."""

from __future__ import annotations

import json
from typing import Any


class StrictJSONError(ValueError):
    """A JSON text that is not strict JSON; ``line`` and ``column`` are 1-based where known."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise StrictJSONError(f"duplicate key {key!r} in one object")
        result[key] = value
    return result


def _reject_constant(name: str) -> Any:
    raise StrictJSONError(f"{name} is not valid JSON")


def _line_of_key(text: str, message: str) -> int | None:
    key = message.split("'")[1] if "'" in message else None
    if key is None:
        return None
    hits = [i for i, line in enumerate(text.splitlines(), 1) if f'"{key}"' in line]
    return hits[1] if len(hits) == 2 else None


def loads_strict(text: str) -> Any:
    """Parse ``text`` as JSON, rejecting duplicate keys and NaN / Infinity constants."""
    try:
        return json.loads(text, object_pairs_hook=_reject_duplicates, parse_constant=_reject_constant)
    except StrictJSONError as error:
        error.line = error.line or _line_of_key(text, error.message)
        raise
    except json.JSONDecodeError as error:
        raise StrictJSONError(error.msg, error.lineno, error.colno) from None
    except RecursionError:
        raise StrictJSONError("nested too deeply") from None
