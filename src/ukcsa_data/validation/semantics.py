"""Layer 4, semantics (pandera): plausible values, units that fit, dates in order.

Rows that failed layer 3 are left out, so one bad cell is reported once, not again here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
import pandera.pandas as pa

from ukcsa_data.plausibility import PERIODS_PER_YEAR, find_bound
from ukcsa_data.validation.field_types import TypedTable
from ukcsa_data.validation.problems import Report

EARLIEST_PUBLICATION = date(1990, 1, 1)
_VALUES = ("value", "value_low", "value_high")


@dataclass(frozen=True)
class Rule:
    """One semantic rule: its code, the field it names, the rows it fails and the message."""

    code: str
    field: str
    fails: Callable[[pd.DataFrame], pd.Series]
    message: Callable[[pd.Series], str]


def _number(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,}"


def _bounds_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Attach the plausibility bound of each row as columns b_min, b_max, b_whole, ..."""
    keys = list(zip(frame["unit"], frame["measure_type"], frame["geography"], strict=True))
    found = {key: find_bound(*key) for key in set(keys)}
    bounds = [found[key] for key in keys]
    factor = [
        PERIODS_PER_YEAR[per] if b is not None and b.annualise and isinstance(per, str) else 1
        for b, per in zip(bounds, frame["per"], strict=True)
    ]
    return frame.assign(
        b_known=[b is not None for b in bounds],
        b_min=[b.minimum if b and b.minimum is not None else float("-inf") for b in bounds],
        b_max=[b.maximum if b and b.maximum is not None else float("inf") for b in bounds],
        b_whole=[bool(b and b.whole_number) for b in bounds],
        b_rate=[bool(b and b.rate_allowed) for b in bounds],
        b_factor=factor,
    )


def _outside_check(column: str) -> Callable[[pd.DataFrame], pd.Series]:
    def fails(frame: pd.DataFrame) -> pd.Series:
        x = frame[column]
        outside = (x < frame["b_min"]) | (x * frame["b_factor"] > frame["b_max"])
        return frame["b_known"] & x.notna() & outside

    return fails


def _fractional_check(column: str) -> Callable[[pd.DataFrame], pd.Series]:
    def fails(frame: pd.DataFrame) -> pd.Series:
        x = frame[column]
        return x.notna() & frame["b_whole"] & frame["per"].isna() & (x % 1 != 0)

    return fails


def _fractional_message(column: str) -> Callable[[pd.Series], str]:
    return lambda row: f"{row[column]} {row['unit']} is not a whole number"


def _implausible_message(column: str) -> Callable[[pd.Series], str]:
    def message(row: pd.Series) -> str:
        rate = f" a {row['per']} (x{row['b_factor']} a year)" if row["b_factor"] != 1 else ""
        low = "" if row["b_min"] == float("-inf") else _number(row["b_min"])
        high = "no limit" if row["b_max"] == float("inf") else _number(row["b_max"])
        bound = find_bound(row["unit"], row["measure_type"], row["geography"])
        basis = f" ({bound.basis})" if bound else ""
        return f"{_number(row[column])} {row['unit']}{rate} is outside {low} to {high}{basis}"

    return message


FIGURE_RULES: tuple[Rule, ...] = (
    Rule(
        "unit-measure-type",
        "unit",
        lambda f: ~f["b_known"],
        lambda r: f"a {r['measure_type']} in {r['unit']} is not allowed (see rules/plausibility.csv)",
    ),
    Rule(
        "unit-per",
        "per",
        lambda f: f["b_known"] & f["per"].notna() & ~f["b_rate"],
        lambda r: f"a figure in {r['unit']} cannot be a rate per {r['per']}; leave per empty",
    ),
    Rule(
        "range-bounds",
        "qualifier",
        lambda f: (
            (f["qualifier"] == "range")
            & (f["value"].notna() | f["value_low"].isna() | f["value_high"].isna())
        ),
        lambda r: "a range needs value_low and value_high and an empty value",
    ),
    Rule(
        "range-bounds",
        "qualifier",
        lambda f: (
            (f["qualifier"] != "range")
            & (f["value"].isna() | f["value_low"].notna() | f["value_high"].notna())
        ),
        lambda r: f"a figure qualified '{r['qualifier']}' needs a value and no value_low or value_high",
    ),
    Rule(
        "low-above-high",
        "value_low",
        lambda f: f["value_low"] > f["value_high"],
        lambda r: f"value_low {_number(r['value_low'])} is above value_high {_number(r['value_high'])}",
    ),
    *(
        Rule("implausible-value", column, _outside_check(column), _implausible_message(column))
        for column in _VALUES
    ),
    *(
        Rule("not-whole-number", column, _fractional_check(column), _fractional_message(column))
        for column in _VALUES
    ),
    Rule(
        "period-order",
        "period_start",
        lambda f: f["period_start"] > f["period_end"],
        lambda r: f"period_start {r['period_start']:%Y-%m-%d} is after period_end {r['period_end']:%Y-%m-%d}",
    ),
    Rule(
        "period-after-publication",
        "period_end",
        lambda f: (f["period_end"] > f["published_date"]) | (f["period_start"] > f["published_date"]),
        lambda r: f"the period ends after the source was published ({r['published_date']:%Y-%m-%d})",
    ),
)

SOURCE_RULES: tuple[Rule, ...] = (
    Rule(
        "published-date-range",
        "published_date",
        lambda f: (
            (f["published_date"] < pd.Timestamp(EARLIEST_PUBLICATION))
            | (f["published_date"] > pd.Timestamp(date.today()))
        ),
        lambda r: f"{r['published_date']:%Y-%m-%d} is not between {EARLIEST_PUBLICATION} and today",
    ),
)


def _passes(rule: Rule) -> Callable[[pd.DataFrame], pd.Series]:
    return lambda frame: ~rule.fails(frame).fillna(False).astype(bool)


def _run_rules(frame: pd.DataFrame, rules: tuple[Rule, ...], table: TypedTable, report: Report) -> None:
    schema = pa.DataFrameSchema(checks=[pa.Check(_passes(rule)) for rule in rules], coerce=False)
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases.dropna(subset=["index"])
        seen: set[tuple[int, int]] = set()
        for number, index in zip(cases["check_number"], cases["index"], strict=True):
            key = (int(number), int(index))
            if key in seen:
                continue
            seen.add(key)
            rule, row = rules[key[0]], frame.loc[key[1]]
            assert isinstance(row, pd.Series)
            report.add(table.path, int(row["line"]), rule.field, rule.code, rule.message(row))


def _frame(table: TypedTable, columns: list[str], dates: tuple[str, ...] = ()) -> pd.DataFrame:
    """The rows that passed layer 3, with a 'line' column; text as categories, dates as datetimes.

    Text is categorical because pandera looks for missing values in the whole frame once per
    check, which is slow on columns of Python strings.
    """
    bad_rows = {row for row, _ in table.invalid}
    keep = [i for i in range(len(table.lines)) if i not in bad_rows]
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
    _run_rules(_bounds_frame(frame), FIGURE_RULES, figures, report)
