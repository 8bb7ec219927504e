"""Numbers, amounts and periods as a message says them to a person: plain digits as the CSV
files hold them, "a range from 550000 to 850000", "empty", never a raw tuple."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from ukcsa_data.text.number_phrases import decimal_text

#: How a qualifier reads in a sentence ("almost 20").
QUALIFIER_WORDS = {
    "exact": "exactly",
    "around": "around",
    "almost": "almost",
    "more_than": "more than",
    "at_least": "at least",
    "up_to": "up to",
    "under": "under",
}


def number(value: float | Decimal) -> str:
    """``value`` as a cell of the CSV files holds it: 850000, 19.4, -150 (never 8.5e+05); a
    Decimal exactly, every digit written (2000000001, 0.6667)."""
    if isinstance(value, Decimal):
        return decimal_text(value)
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value))


def amount(value: Any, low: Any, high: Any) -> str:
    """What value, value_low and value_high say together, in words: "850000", "a range from
    550000 to 850000", "empty", or each that is filled ("value_low 550000 (value_high empty)")."""
    if value is not None and low is None and high is None:
        return number(value)
    if value is None and low is not None and high is not None:
        return f"a range from {number(low)} to {number(high)}"
    if value is None and low is None and high is None:
        return "empty"
    cells = (("value", value), ("value_low", low), ("value_high", high))
    return ", ".join(f"{name} {'empty' if cell is None else number(cell)}" for name, cell in cells)


def period(start: date | None, end: date | None) -> str:
    """A period as "2020-04-01 to 2021-03-31", or "empty"."""
    if start is None and end is None:
        return "empty"
    return f"{'empty' if start is None else start} to {'empty' if end is None else end}"


def qualified(qualifier: str | None, value: Any, low: Any, high: Any) -> str:
    """A figure as its qualifier and numbers say it: "almost 20", "from 550000 to 850000"."""
    if qualifier == "range" or value is None:
        return amount(value, low, high)
    return f"{QUALIFIER_WORDS.get(str(qualifier), str(qualifier))} {number(value)}"
