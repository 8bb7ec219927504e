"""Cell values of the Table Schema types, parsed strictly: nothing is coerced.

``007``, ``+5``, ``1_000``, full-width digits, ``NaN``, ``inf``, ``80000.0`` (write ``80000``),
``1.23457E+11``, ``1e400`` (not finite), a number or integer longer than ``limits.number_digits``
characters (checked before it is parsed) and non-ISO or impossible dates are errors, each with a
hint at the likely cause.
Used by layer 3 for cells and by layer 1 for a schema's date bounds, so both read dates alike.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from ukcsa_data.core import limits

INTEGER = re.compile(r"-?(?:0|[1-9][0-9]*)")
NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]*[1-9])?")
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class CellError(ValueError):
    """A cell that is not a valid value of its field's type."""


class _Hinted(CellError):
    """A CellError whose message, a hint at the likely cause, is built from the cell's text only
    when it is shown: most bad cells of a large table are counted, not listed."""

    def __init__(self, text: str, hint: Callable[[str], str]) -> None:
        super().__init__(text)
        self.hint = hint

    def __str__(self) -> str:
        return self.hint(str(self.args[0]))


def _number_hint(text: str) -> str:
    lowered = text.strip().lower()
    if re.fullmatch(r"[+-]?(nan|inf|infinity)", lowered):
        return "not a finite number"
    if re.fullmatch(r"-?[0-9.]+e[+-]?[0-9]+", lowered):
        if not math.isfinite(float(lowered)):
            return "not a finite number (too large to be read as a number)"
        return "scientific notation: a spreadsheet may have rounded this number; write all digits"
    if text.startswith("+"):
        return "write the number without a plus sign"
    if re.fullmatch(r"-?0[0-9]+(\.[0-9]+)?", text):
        return "write the number without leading zeros"
    if re.fullmatch(r"-?[0-9]+\.[0-9]*0", text) or text.endswith("."):
        return "write the number without trailing zeros or a trailing point (80000, not 80000.0)"
    if re.search(r"[,_ \u00a0]", text):
        return "write digits only, without separators"
    if any(ch.isdigit() and not "0" <= ch <= "9" for ch in text):
        return "use ASCII digits 0-9"
    return "not a number"


def _check_length(text: str) -> None:
    """Refuse a number longer than the limit before any parsing (int() refuses 4,300 digits)."""
    limit = limits.active().number_digits
    if len(text) > limit:
        raise CellError(f"{len(text):,} characters; a number may have at most {limit:,}")


def parse_number(text: str) -> float:
    """Parse a canonical, finite decimal number ("80000", "19.4", "-3")."""
    _check_length(text)
    if NUMBER.fullmatch(text):
        value = float(text)
        if math.isfinite(value):
            return value
        raise CellError("not a finite number (too large to be read as a number)")
    raise _Hinted(text, _number_hint)


def parse_integer(text: str) -> int:
    """Parse a canonical integer ("1", "-2"; not "007" or "+5")."""
    _check_length(text)
    if INTEGER.fullmatch(text):
        return int(text)
    if NUMBER.fullmatch(text):
        raise CellError("not a whole number")
    raise _Hinted(text, _number_hint)


def _date_hint(text: str) -> str:
    hint = " (a spreadsheet may have reformatted it)" if re.search(r"[A-Za-z/]", text) else ""
    return f"not a date in the form YYYY-MM-DD{hint}"


def parse_date(text: str) -> date:
    """Parse an ISO 8601 calendar date, YYYY-MM-DD."""
    if not DATE.fullmatch(text):
        raise _Hinted(text, _date_hint)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CellError("no such calendar date") from None


PARSERS: dict[str, Callable[[str], Any]] = {
    "string": str,
    "number": parse_number,
    "integer": parse_integer,
    "date": parse_date,
}
