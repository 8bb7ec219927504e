"""The plausibility bounds: allowed unit and measure-type combinations and their ranges.

The bounds are a resource of the package (``dataset/bounds.csv``, validated and versioned like
any other table); this module only reads them. A figure takes the bound of its geography, else of
the nearest area above it (``areas.parent``), else the any-geography row. A rate (``per`` set) of
people or children is annualised before it is compared with the population of its geography:
1,000 children a day is 365,000 children a year.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: Where the bounds are in a package, and where they were in the library before version 2.0.0.
BOUNDS_FILE = "dataset/bounds.csv"
LEGACY_RULES_FILE = "src/ukcsa_data/rules/plausibility.csv"


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


def _optional_float(cell: object) -> float | None:
    return None if cell is None or cell == "" else float(cell)  # type: ignore[arg-type]


def bound_from_row(row: Mapping[str, Any]) -> Bound:
    """A bound from one row of the bounds table: cells as written (empty or None is missing) or
    as layer 3 typed them (numbers, None)."""
    return Bound(
        unit=row["unit"] or "",
        measure_type=row["measure_type"] or "",
        geography=row["geography"] or "",
        minimum=_optional_float(row["minimum"]),
        maximum=_optional_float(row["maximum"]),
        whole_number=row["whole_number"] == "true",
        rate_allowed=row["rate_allowed"] == "true",
        annualise=row["annualise"] == "true",
        basis=row["basis"] or "",
    )


def parse_bounds(text: str) -> tuple[Bound, ...]:
    """The rows of a bounds table written as CSV (``dataset/bounds.csv``, or the library's
    ``rules/plausibility.csv`` of versions before 2.0.0: the same columns)."""
    return tuple(bound_from_row(row) for row in csv.DictReader(text.splitlines()))


def load_bounds(package_dir: str | Path | None = None) -> tuple[Bound, ...]:
    """The bounds table of the package in ``package_dir`` (default: the bundled package)."""
    from ukcsa_data.core.package_files import bundled_package_dir

    root = Path(package_dir) if package_dir is not None else bundled_package_dir()
    return parse_bounds((root / BOUNDS_FILE).read_text(encoding="utf-8"))


class Bounds:
    """A bounds table, indexed, with the areas' parents for the lookup along the chain."""

    def __init__(self, bounds: Iterable[Bound], parents: Mapping[str, str] | None = None) -> None:
        self._index = {(b.unit, b.measure_type, b.geography): b for b in bounds}
        self._parents = dict(parents or {})

    def find(self, unit: str, measure_type: str, geography: str | None) -> Bound | None:
        """The bound of the figure's geography, else of the nearest area above it that has one,
        else the any-geography row; None if the unit and measure type have no row at all."""
        area = geography if isinstance(geography, str) else ""  # None or NaN: not stated
        seen: set[str] = set()
        while area and area not in seen:
            found = self._index.get((unit, measure_type, area))
            if found is not None:
                return found
            seen.add(area)
            area = self._parents.get(area, "")
        return self._index.get((unit, measure_type, ""))


_IN_USE: ContextVar[tuple[Bound, ...] | None] = ContextVar("plausibility_bounds", default=None)


def overriding_bounds() -> tuple[Bound, ...] | None:
    """The bounds :func:`bounds_from` set in place of the package's, or None."""
    return _IN_USE.get()


@contextmanager
def bounds_from(text: str) -> Iterator[None]:
    """Within the block, check figures against the bounds table ``text`` (CSV) instead of the
    package's own (``validate --rules-from`` a base older than 2.0.0 uses the library's table)."""
    token = _IN_USE.set(parse_bounds(text))
    try:
        yield
    finally:
        _IN_USE.reset(token)
