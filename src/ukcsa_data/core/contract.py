"""The column contract: the resources and columns every version of the package must have.

Each contract column keeps its name, position, Table Schema type, whether it is required and
whether it has an enum: the loader's dtypes and the validator's rules depend on them.
The primary and foreign keys are fixed too (``KEYS``), and a few enums may list only the values
the validator's rules are written for (``UNDERSTOOD_VALUES``). Contributors may add optional
columns after these, and may change the other constraints of a contract column (the values of
its enum, a pattern, a length).
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

#: The values of ``figures.per`` the rules understand, and how many of each period make a year
#: (a rate is annualised before it is compared with a population: ``core.plausibility``).
PERIODS_PER_YEAR: dict[str, int] = {"day": 365, "week": 52, "month": 12, "year": 1}
#: The earliest ``sources.published_date`` accepted (and ``add-source --date``): no article before it.
EARLIEST_PUBLICATION = date(1990, 1, 1)


class Column(NamedTuple):
    """A contract column: its Table Schema type, whether every row must fill it, and whether its
    values come from an ``enum`` (loaded as a pandas Categorical)."""

    type: str
    required: bool
    enum: bool


#: Resource name -> contract columns in order (iterating a resource gives the column names).
CONTRACT: dict[str, dict[str, Column]] = {
    "areas": {
        "area": Column("string", required=True, enum=False),
        "type": Column("string", required=True, enum=True),
        "gss_code": Column("string", required=False, enum=False),
        "parent": Column("string", required=False, enum=False),
        "aliases": Column("string", required=False, enum=False),
    },
    "units": {
        "unit": Column("string", required=True, enum=False),
        "kind": Column("string", required=True, enum=True),
        "nouns": Column("string", required=True, enum=False),
        "description": Column("string", required=True, enum=False),
    },
    "bounds": {
        "unit": Column("string", required=True, enum=False),
        "measure_type": Column("string", required=True, enum=True),
        "geography": Column("string", required=False, enum=False),
        "minimum": Column("number", required=False, enum=False),
        "maximum": Column("number", required=False, enum=False),
        "whole_number": Column("string", required=True, enum=True),
        "rate_allowed": Column("string", required=True, enum=True),
        "annualise": Column("string", required=True, enum=True),
        "basis": Column("string", required=True, enum=False),
    },
    "sources": {
        "source_id": Column("string", required=True, enum=False),
        "publisher": Column("string", required=True, enum=False),
        "title": Column("string", required=True, enum=False),
        "url": Column("string", required=False, enum=False),
        "published_date": Column("date", required=True, enum=False),
        "date_basis": Column("string", required=True, enum=True),
        "seed_file": Column("string", required=True, enum=False),
        "sha256": Column("string", required=True, enum=False),
        "author": Column("string", required=False, enum=False),
        "notes": Column("string", required=False, enum=False),
    },
    "figures": {
        "figure_id": Column("string", required=True, enum=False),
        "source_id": Column("string", required=True, enum=False),
        "quote": Column("string", required=True, enum=False),
        "occurrence": Column("integer", required=True, enum=False),
        "value_text": Column("string", required=True, enum=False),
        "value": Column("number", required=False, enum=False),
        "value_low": Column("number", required=False, enum=False),
        "value_high": Column("number", required=False, enum=False),
        "qualifier": Column("string", required=True, enum=True),
        "unit": Column("string", required=True, enum=False),
        "per": Column("string", required=False, enum=True),
        "measure": Column("string", required=True, enum=False),
        "measure_type": Column("string", required=True, enum=True),
        "geography": Column("string", required=False, enum=False),
        "period_start": Column("date", required=False, enum=False),
        "period_end": Column("date", required=False, enum=False),
        "attributed_to": Column("string", required=False, enum=False),
        "kind": Column("string", required=True, enum=True),
        "statistic_id": Column("string", required=True, enum=False),
        "notes": Column("string", required=False, enum=False),
    },
    "exclusions": {
        "source_id": Column("string", required=True, enum=False),
        "text": Column("string", required=True, enum=False),
        "quote": Column("string", required=True, enum=False),
        "occurrence": Column("integer", required=True, enum=False),
        "reason": Column("string", required=True, enum=True),
    },
    "relations": {
        "relation_id": Column("string", required=True, enum=False),
        "source_id": Column("string", required=True, enum=False),
        "operation": Column("string", required=True, enum=True),
        "result_figure_id": Column("string", required=True, enum=False),
        "from_figure_id": Column("string", required=True, enum=False),
        "to_figure_id": Column("string", required=True, enum=False),
        "notes": Column("string", required=False, enum=False),
    },
    "waivers": {
        "resource": Column("string", required=True, enum=True),
        "key": Column("string", required=True, enum=False),
        "code": Column("string", required=True, enum=False),
        "reason": Column("string", required=True, enum=False),
    },
    "retired": {
        "id": Column("string", required=True, enum=False),
        "table": Column("string", required=True, enum=True),
        "retired_in": Column("string", required=True, enum=False),
        "reason": Column("string", required=True, enum=False),
        "replaced_by": Column("string", required=False, enum=False),
    },
    "series": {
        "series_id": Column("string", required=True, enum=False),
        "statistic_id": Column("string", required=True, enum=False),
        "position": Column("integer", required=True, enum=False),
        "basis": Column("string", required=True, enum=False),
        "notes": Column("string", required=False, enum=False),
    },
}

#: Code lists: a column whose foreign key refers to one of these loads as a Categorical of its
#: codes (``figures.unit``, ``figures.geography``), as an enum column does.
CODE_LISTS = frozenset({"areas", "units"})

#: Resources whose table may hold a header and no rows (a package may need no waiver, may have
#: retired no identifier and may link no estimates in a series).
MAY_BE_EMPTY = frozenset({"waivers", "retired", "series"})


class ForeignKey(NamedTuple):
    """A foreign key: ``fields`` of this resource refer to ``reference`` of ``resource``."""

    fields: tuple[str, ...]
    resource: str
    reference: tuple[str, ...]


class Keys(NamedTuple):
    """A resource's primary key and foreign keys, which the validator's cross-table rules rely on."""

    primary: tuple[str, ...]
    foreign: frozenset[ForeignKey]


def _to(resource: str, field: str, *columns: str) -> ForeignKey:
    return ForeignKey(columns, resource, (field,))


#: Resource name -> the keys its schema must declare, no more and no fewer.
KEYS: dict[str, Keys] = {
    "areas": Keys(("area",), frozenset({_to("areas", "area", "parent")})),
    "units": Keys(("unit",), frozenset()),
    "bounds": Keys(
        ("unit", "measure_type", "geography"),
        frozenset({_to("units", "unit", "unit"), _to("areas", "area", "geography")}),
    ),
    "sources": Keys(("source_id",), frozenset()),
    "figures": Keys(
        ("figure_id",),
        frozenset(
            {
                _to("sources", "source_id", "source_id"),
                _to("units", "unit", "unit"),
                _to("areas", "area", "geography"),
            }
        ),
    ),
    "exclusions": Keys(
        ("source_id", "quote", "occurrence", "text"),
        frozenset({_to("sources", "source_id", "source_id")}),
    ),
    "relations": Keys(
        ("relation_id",),
        frozenset(
            {
                _to("sources", "source_id", "source_id"),
                _to("figures", "figure_id", "result_figure_id"),
                _to("figures", "figure_id", "from_figure_id"),
                _to("figures", "figure_id", "to_figure_id"),
            }
        ),
    ),
    "waivers": Keys(("resource", "key", "code"), frozenset()),
    "retired": Keys(("table", "id"), frozenset()),
    "series": Keys(("series_id", "statistic_id"), frozenset()),
}

#: The tables whose identifiers are released identifiers, never reused -> the column holding them:
#: removing one needs a row in ``retired``, whose ``table`` names one of these.
RETIRABLE_IDS: dict[str, str] = {"figures": "figure_id", "sources": "source_id", "relations": "relation_id"}

#: (resource, column) -> the only values the validator's rules are written for: a schema's enum
#: for that column may list no others (a new one needs a code change first).
UNDERSTOOD_VALUES: dict[tuple[str, str], tuple[str, ...]] = {
    ("figures", "qualifier"): (
        "exact",
        "at_least",
        "more_than",
        "up_to",
        "under",
        "around",
        "almost",
        "range",
    ),
    ("figures", "per"): tuple(PERIODS_PER_YEAR),
    ("relations", "operation"): ("percent_change",),
    ("units", "kind"): ("count", "percent", "currency", "multiple", "ratio", "duration", "age"),
    ("bounds", "measure_type"): ("level", "change"),
    ("bounds", "whole_number"): ("true", "false"),
    ("bounds", "rate_allowed"): ("true", "false"),
    ("bounds", "annualise"): ("true", "false"),
}
