"""Layer 4, semantics: plausible values, units that fit, dates in order.

Rows that failed layer 3 are left out, so one bad cell is reported once, not again here.

Each rule is a small named function of the whole table (a pandas DataFrame, one row per figure
or source) returning which rows fail as a boolean mask over whole columns, so it runs once per
table, never once per row. It is registered with its code, the field it names and its message,
and its docstring gives a bad and a good example. The codes report in the order their first rule
is defined; within a code, the failing rows in file order (a row failing two rules of one code,
in the order the rules are defined), so the problems listed for a code past the per-code limit
are the first in the file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from ukcsa_data.core.codes import Code
from ukcsa_data.core.contract import EARLIEST_PUBLICATION, PERIODS_PER_YEAR
from ukcsa_data.core.plausibility import Bound, Bounds, bound_from_row, overriding_bounds
from ukcsa_data.core.problems import Report
from ukcsa_data.validation.l3_types.field_types import TypedTable
from ukcsa_data.validation.rules import readable_rows, register_rule_set, require_documented

_VALUES = ("value", "value_low", "value_high")


#: Which rows of a frame a rule fails (a boolean Series; missing counts as passing).
Fails = Callable[[pd.DataFrame], pd.Series]
#: The message for one failing row.
Message = Callable[[pd.Series], str]
T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class FrameRule:
    """One semantic rule: its code, the field it names, the rows it fails and the message; and the
    name and docstring of the function that finds the rows."""

    code: Code
    field: str
    fails: Fails
    message: Message
    name: str = ""
    doc: str = ""

    @property
    def codes(self) -> tuple[Code, ...]:
        return (self.code,)


def _each(function: Callable[[T, str], R], column: str) -> Callable[[T], R]:
    return lambda value: function(value, column)


class FrameRules:
    """The vectorised rules of one table, in the order they run and report."""

    def __init__(self, table: str) -> None:
        self.table = table
        self.rules: list[FrameRule] = []
        register_rule_set(self)

    def rule(self, code: Code, field: str, message: Message) -> Callable[[Fails], Fails]:
        """Register the decorated function as the rule ``code``, naming ``field``; ``message``
        says what is wrong with one failing row."""

        def register(fails: Fails) -> Fails:
            require_documented(fails, (code,))
            self.rules.append(FrameRule(code, field, fails, message, fails.__name__, fails.__doc__ or ""))
            return fails

        return register

    def rule_for_each(
        self, code: Code, columns: tuple[str, ...], message: Callable[[pd.Series, str], str]
    ) -> Callable[[Callable[[pd.DataFrame, str], pd.Series]], Callable[[pd.DataFrame, str], pd.Series]]:
        """Register the decorated function as the rule ``code`` for each of ``columns`` in turn:
        it, and ``message``, are given the column as well."""

        def register(
            fails: Callable[[pd.DataFrame, str], pd.Series],
        ) -> Callable[[pd.DataFrame, str], pd.Series]:
            require_documented(fails, (code,))
            for column in columns:
                self.rules.append(
                    FrameRule(
                        code,
                        column,
                        _each(fails, column),
                        _each(message, column),
                        fails.__name__,
                        fails.__doc__ or "",
                    )
                )
            return fails

        return register


def _number(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,}"


def _readable(table: TypedTable | None) -> list[dict[str, Any]]:
    """The rows of ``table`` that layer 3 read whole, as dicts of typed cells."""
    if table is None:
        return []
    names = list(table.columns)
    return [{name: table.columns[name][i] for name in names} for i in readable_rows(table)]


def package_bounds(tables: dict[str, TypedTable]) -> Bounds:
    """The bounds the figures are checked against: the package's bounds table (or the base's,
    under ``validate --rules-from``), looked up along the parents of the package's areas."""
    rows = overriding_bounds()
    if rows is None:
        rows = tuple(bound_from_row(row) for row in _readable(tables.get("bounds")))
    parents = {row["area"]: row["parent"] for row in _readable(tables.get("areas")) if row["parent"]}
    return Bounds(rows, parents)


#: The columns that choose a figure's bound (and its annualising factor).
_BOUND_KEYS = ["unit", "measure_type", "geography", "per"]


def _bounds_frame(frame: pd.DataFrame, lookup: Bounds) -> pd.DataFrame:
    """Attach the plausibility bound of each row as columns b_min, b_max, b_whole, ...; and the
    basis of each as b_basis. The bound is looked up once per distinct unit, measure type,
    geography and per (a few hundred), and given to the rows by their group's number."""
    group = frame.groupby(_BOUND_KEYS, observed=True, dropna=False, sort=False).ngroup().to_numpy()
    first_rows = np.unique(group, return_index=True)[1]  # each group's first row, by group number
    bounds: list[Bound | None] = []
    factor: list[float] = []
    for unit, measure_type, geography, per in frame[_BOUND_KEYS].iloc[first_rows].itertuples(index=False):
        bound = lookup.find(unit, measure_type, geography)
        bounds.append(bound)
        factor.append(
            PERIODS_PER_YEAR[per] if bound is not None and bound.annualise and isinstance(per, str) else 1
        )

    def each_row(values: list[Any], dtype: Any = None) -> np.ndarray[Any, Any]:
        return np.array(values, dtype=dtype)[group]

    return frame.assign(
        b_known=each_row([b is not None for b in bounds], bool),
        b_min=each_row([b.minimum if b and b.minimum is not None else float("-inf") for b in bounds], float),
        b_max=each_row([b.maximum if b and b.maximum is not None else float("inf") for b in bounds], float),
        b_whole=each_row([bool(b and b.whole_number) for b in bounds], bool),
        b_rate=each_row([bool(b and b.rate_allowed) for b in bounds], bool),
        b_factor=each_row(factor),
        b_basis=pd.Categorical(each_row([b.basis if b else "" for b in bounds], object)),
    )


FIGURE_FRAME_RULES = FrameRules("figures")
SOURCE_RULES = FrameRules("sources")


@FIGURE_FRAME_RULES.rule(
    "unit-measure-type",
    "unit",
    lambda r: f"a {r['measure_type']} in {r['unit']} is not allowed (add a row for it to dataset/bounds.csv)",
)
def unit_measure_type(f: pd.DataFrame) -> pd.Series:
    """The bounds table has a row for the figure's unit and measure_type (for its geography, an
    area above it, or any).

    Bad: unit suspects, measure_type change ("131 suspects" is not a change).
    Good: unit suspects, measure_type level; or unit percent, measure_type change.
    """
    return ~f["b_known"]


@FIGURE_FRAME_RULES.rule(
    "unit-per",
    "per",
    lambda r: f"a figure in {r['unit']} cannot be a rate per {r['per']}; leave per empty",
)
def unit_per(f: pd.DataFrame) -> pd.Series:
    """A rate (per) only in a unit that the bounds table allows as a rate.

    Bad: "surged by 700 per cent" with unit percent and per year.
    Good: per empty; or "more than 850 arrests ... a month" with unit arrests and per month.
    """
    return f["b_known"] & f["per"].notna() & ~f["b_rate"]


@FIGURE_FRAME_RULES.rule(
    "range-bounds", "qualifier", lambda r: "a range needs value_low and value_high and an empty value"
)
def range_without_bounds(f: pd.DataFrame) -> pd.Series:
    """A figure qualified ``range`` has value_low and value_high, and no value.

    Bad: qualifier range, value_low 550000, value_high empty.
    Good: qualifier range, value_low 550000, value_high 850000, value empty.
    """
    return (f["qualifier"] == "range") & (f["value"].notna() | f["value_low"].isna() | f["value_high"].isna())


@FIGURE_FRAME_RULES.rule(
    "range-bounds",
    "qualifier",
    lambda r: f"a figure qualified '{r['qualifier']}' needs a value and no value_low or value_high",
)
def single_with_bounds(f: pd.DataFrame) -> pd.Series:
    """A figure with any other qualifier has a value, and no value_low or value_high.

    Bad: qualifier exact, value 131, value_low 100. Good: qualifier exact, value 131, no bounds.
    """
    return (f["qualifier"] != "range") & (
        f["value"].isna() | f["value_low"].notna() | f["value_high"].notna()
    )


@FIGURE_FRAME_RULES.rule(
    "low-above-high",
    "value_low",
    lambda r: f"value_low {_number(r['value_low'])} is above value_high {_number(r['value_high'])}",
)
def low_above_high(f: pd.DataFrame) -> pd.Series:
    """value_low is not above value_high.

    Bad: ages "4-5" as value_low 6, value_high 5. Good: value_low 4, value_high 5.
    """
    return f["value_low"] > f["value_high"]


def _implausible_message(r: pd.Series, column: str) -> str:
    rate = f" a {r['per']} ({r['b_factor']} times a year)" if r["b_factor"] != 1 else ""
    low = "" if r["b_min"] == float("-inf") else _number(r["b_min"])
    high = "no limit" if r["b_max"] == float("inf") else _number(r["b_max"])
    basis = f" ({r['b_basis']})" if r["b_basis"] else ""
    return f"{_number(r[column])} {r['unit']}{rate} is outside {low} to {high}{basis}"


@FIGURE_FRAME_RULES.rule_for_each("implausible-value", _VALUES, _implausible_message)
def implausible_value(f: pd.DataFrame, column: str) -> pd.Series:
    """value (and value_low, value_high) lie within the bounds the bounds table gives the unit,
    measure_type and geography (or the nearest area above it that has a row, or any); a rate is
    first annualised where the bound says so.

    Bad: 80,000,000 people in the UK (above its population); 400,000 people a day (146 million a
    year); a percent level of 700; a percent change of -150.
    Good: 80,000 people in the UK; a percent change of 700 ("surged by 700 per cent").
    """
    x = f[column]
    outside = (x < f["b_min"]) | (x * f["b_factor"] > f["b_max"])
    return f["b_known"] & x.notna() & outside


@FIGURE_FRAME_RULES.rule_for_each(
    "not-whole-number", _VALUES, lambda r, column: f"{r[column]} {r['unit']} is not a whole number"
)
def not_whole_number(f: pd.DataFrame, column: str) -> pd.Series:
    """A count of whole things (people, arrests...) that is not a rate is a whole number.

    Bad: 131.5 suspects. Good: 131 suspects; or an average of 2.5 arrests a day (per day).
    """
    x = f[column]
    return x.notna() & f["b_whole"] & f["per"].isna() & (x % 1 != 0)


@FIGURE_FRAME_RULES.rule(
    "period-order",
    "period_start",
    lambda r: f"period_start {r['period_start']:%Y-%m-%d} is after period_end {r['period_end']:%Y-%m-%d}",
)
def period_order(f: pd.DataFrame) -> pd.Series:
    """period_start is not after period_end.

    Bad: period_start 2022-02-28, period_end 2021-03-01. Good: 2021-03-01 to 2022-02-28.
    """
    return f["period_start"] > f["period_end"]


@FIGURE_FRAME_RULES.rule(
    "period-after-publication",
    "period_end",
    lambda r: f"the period ends after the source was published ({r['published_date']:%Y-%m-%d})",
)
def period_after_publication(f: pd.DataFrame) -> pd.Series:
    """The period neither starts nor ends after the source was published.

    Bad: period_end 2022-06-30 in an article published on 2022-05-01.
    Good: period_end 2021-03-31 (the article reports a finished year).
    """
    return (f["period_end"] > f["published_date"]) | (f["period_start"] > f["published_date"])


@SOURCE_RULES.rule(
    "published-date-range",
    "published_date",
    lambda r: f"{r['published_date']:%Y-%m-%d} is not between {EARLIEST_PUBLICATION} and today",
)
def published_date_range(f: pd.DataFrame) -> pd.Series:
    """A source was published between 1990-01-01 and today.

    Bad: published_date 1989-12-31, or a date in the future. Good: published_date 2020-06-12.
    """
    return (f["published_date"] < pd.Timestamp(EARLIEST_PUBLICATION)) | (
        f["published_date"] > pd.Timestamp(date.today())
    )


def failing_rows(frame: pd.DataFrame, rules: FrameRules) -> dict[Code, tuple[np.ndarray, np.ndarray]]:
    """Per code, in the order its first rule is defined: the positions in ``frame`` of the rows
    that fail its rules and the index in ``rules.rules`` of the rule each fails, sorted by position
    (then rule). A missing result counts as passing."""
    found: dict[Code, list[tuple[np.ndarray, int]]] = {}
    for number, rule in enumerate(rules.rules):
        mask = rule.fails(frame).fillna(False).astype(bool).to_numpy()
        found.setdefault(rule.code, []).append((np.flatnonzero(mask), number))
    result: dict[Code, tuple[np.ndarray, np.ndarray]] = {}
    for code, parts in found.items():
        positions = np.concatenate([rows for rows, _ in parts])
        numbers = np.concatenate([np.full(len(rows), number) for rows, number in parts])
        order = np.lexsort((numbers, positions))
        result[code] = (positions[order], numbers[order])
    return result


def _run_rules(frame: pd.DataFrame, rules: FrameRules, table: TypedTable, report: Report) -> None:
    lines = frame["line"].to_numpy()
    for positions, numbers in failing_rows(frame, rules).values():
        for position, number in zip(positions.tolist(), numbers.tolist(), strict=True):
            rule = rules.rules[number]
            message = partial(_message, rule, frame, position)
            report.add(table.path, int(lines[position]), rule.field, rule.code, message)


def _message(rule: FrameRule, frame: pd.DataFrame, position: int) -> str:
    """The message of ``rule`` for the row of ``frame`` at ``position``, built only when it is
    listed (a row of a frame costs hundreds of microseconds to take out)."""
    row = frame.iloc[position]
    assert isinstance(row, pd.Series)
    return rule.message(row)


def _frame(table: TypedTable, columns: list[str], dates: tuple[str, ...] = ()) -> pd.DataFrame:
    """The rows that passed layer 3, with a 'line' column; text as categories, dates as datetimes.

    Text is categorical: a rule compares a column with a constant, which is fast on categories
    and slow on columns of Python strings.
    """
    keep = readable_rows(table)
    data: dict[str, Any] = {}
    for name in columns:
        values = [table.columns[name][i] for i in keep]
        if name in dates:
            data[name] = pd.to_datetime(pd.Series(values, dtype=object))
        elif name in _VALUES:
            data[name] = pd.Series(values, dtype="float64")
        else:
            data[name] = pd.Series(pd.Categorical(values))
    data["line"] = pd.Series([table.lines[i] for i in keep], dtype="int64")
    return pd.DataFrame(data)


def check_semantics(tables: dict[str, TypedTable], report: Report) -> None:
    """Run the semantic rules on sources and figures."""
    sources = tables.get("sources")
    if sources is not None:
        _run_rules(_frame(sources, ["published_date"], ("published_date",)), SOURCE_RULES, sources, report)
    figures = tables.get("figures")
    if figures is None:
        return
    columns = [
        "source_id",
        *_VALUES,
        "qualifier",
        "unit",
        "per",
        "measure_type",
        "geography",
        "period_start",
        "period_end",
    ]
    frame = _frame(figures, columns, ("period_start", "period_end"))
    published = (
        dict(zip(sources.columns["source_id"], sources.columns["published_date"], strict=True))
        if sources
        else {}
    )
    frame["published_date"] = pd.to_datetime(frame["source_id"].map(published))
    _run_rules(_bounds_frame(frame, package_bounds(tables)), FIGURE_FRAME_RULES, figures, report)
