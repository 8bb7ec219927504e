"""The plausibility table: allowed unit and measure-type combinations and their bounds.

The rules live in ``rules/plausibility.csv`` (one data table, not scattered in code); this module
only reads it. A rate (``per`` set) of people or children is annualised before it is compared with
the population of its geography: 1,000 children a day is 365,000 children a year.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

PERIODS_PER_YEAR: dict[str, int] = {"day": 365, "week": 52, "month": 12, "year": 1}


@dataclass(frozen=True)
class Bound:
    """Bounds for one (unit, measure_type, geography); geography "" applies to any geography."""

    unit: str
    measure_type: str
    geography: str
    minimum: float | None
    maximum: float | None
    whole_number: bool
    rate_allowed: bool
    annualise: bool
    basis: str


def _optional_float(text: str) -> float | None:
    return float(text) if text else None


def parse_bounds(text: str) -> tuple[Bound, ...]:
    """The rows of a plausibility table written as CSV."""
    return tuple(
        Bound(
            unit=row["unit"],
            measure_type=row["measure_type"],
            geography=row["geography"],
            minimum=_optional_float(row["minimum"]),
            maximum=_optional_float(row["maximum"]),
            whole_number=row["whole_number"] == "true",
            rate_allowed=row["rate_allowed"] == "true",
            annualise=row["annualise"] == "true",
            basis=row["basis"],
        )
        for row in csv.DictReader(text.splitlines())
    )


@cache
def _shipped_bounds() -> tuple[Bound, ...]:
    return parse_bounds((files("ukcsa_data") / "rules" / "plausibility.csv").read_text(encoding="utf-8"))


_IN_USE: ContextVar[tuple[Bound, ...] | None] = ContextVar("plausibility_bounds", default=None)


def load_bounds() -> tuple[Bound, ...]:
    """The plausibility table in use: the one shipped with the library, unless :func:`bounds_from`
    set another (``validate --rules-from`` uses a base version's)."""
    return _IN_USE.get() or _shipped_bounds()


@contextmanager
def bounds_from(text: str) -> Iterator[None]:
    """Use the plausibility table ``text`` (CSV) instead of the shipped one, within the block."""
    token = _IN_USE.set(parse_bounds(text))
    try:
        yield
    finally:
        _IN_USE.reset(token)


def find_bound(unit: str, measure_type: str, geography: str | None) -> Bound | None:
    """Return the bound for a figure, preferring its geography over the any-geography row."""
    exact = fallback = None
    for bound in load_bounds():
        if bound.unit == unit and bound.measure_type == measure_type:
            if bound.geography == (geography or ""):
                exact = bound
            elif bound.geography == "":
                fallback = bound
    return exact or fallback
