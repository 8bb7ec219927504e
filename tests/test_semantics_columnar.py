"""Layer 4 on whole columns reports what it reports row by row, in file order per code."""

from __future__ import annotations

import csv
from datetime import date
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from ukcsa_data.core.package_files import bundled_package_dir
from ukcsa_data.core.plausibility import BOUNDS_FILE, bounds_from
from ukcsa_data.core.problems import Report
from ukcsa_data.validation.l3_types.field_types import InvalidCells, TypedTable
from ukcsa_data.validation.l4_semantics.semantics import FIGURE_FRAME_RULES, SOURCE_RULES, check_semantics

ROOT = bundled_package_dir()
BOUNDS = (ROOT / BOUNDS_FILE).read_text(encoding="utf-8")
with (ROOT / "dataset" / "areas.csv").open(encoding="utf-8", newline="") as _handle:
    _AREAS = [(row["area"], row["parent"] or None) for row in csv.DictReader(_handle)]
AREAS = TypedTable(
    "areas",
    "dataset/areas.csv",
    {"area": [a for a, _ in _AREAS], "parent": [p for _, p in _AREAS]},
    list(range(2, len(_AREAS) + 2)),
    InvalidCells(len(_AREAS)),
)
SOURCES = ("src-a", "src-b", "src-c")
NUMBERS = st.sampled_from([0.0, 0.5, 1.0, 2.5, 131.0, 850_000.0, 7e7, 8e7, -150.0, 700.0, 1e12])
DATES = st.dates(date(1985, 1, 1), date(2035, 12, 31))
FIGURE_CELLS: dict[str, st.SearchStrategy[Any]] = {
    "source_id": st.sampled_from([*SOURCES, "src-unknown"]),
    "value": st.none() | NUMBERS,
    "value_low": st.none() | NUMBERS,
    "value_high": st.none() | NUMBERS,
    "qualifier": st.sampled_from(["exact", "range", "almost", "at_least", "about"]),
    "unit": st.sampled_from(["people", "children", "percent", "arrests", "offences", "suspects", "pounds"]),
    "per": st.none() | st.sampled_from(["day", "week", "month", "year"]),
    "measure_type": st.sampled_from(["level", "change", "share"]),
    "geography": st.none() | st.sampled_from(["UK", "England", "Wales", "Scotland", "Nowhere"]),
    "period_start": st.none() | DATES,
    "period_end": st.none() | DATES,
}


@st.composite
def tables(draw: st.DrawFn) -> dict[str, TypedTable]:
    """A sources and a figures table as layer 3 types them: cells of every rule's edge, rows at
    increasing lines with gaps, and some cells unreadable (None, noted as invalid)."""
    count = draw(st.integers(0, 25))
    rows = [{name: draw(cells) for name, cells in FIGURE_CELLS.items()} for _ in range(count)]
    lines, line = [], 1
    for _ in rows:
        line += draw(st.integers(1, 3))
        lines.append(line)
    invalid = set()
    for index in draw(st.sets(st.integers(0, max(count - 1, 0)), max_size=3)) if count else ():
        name = draw(st.sampled_from(list(FIGURE_CELLS)))
        rows[index][name] = None
        invalid.add((index, name))
    published = [draw(st.none() | DATES) for _ in SOURCES]
    return {
        "areas": AREAS,
        "sources": TypedTable(
            "sources",
            "dataset/sources.csv",
            {"source_id": list(SOURCES), "published_date": published},
            [2, 3, 4],
            InvalidCells(3, {(i, "published_date") for i, day in enumerate(published) if day is None}),
        ),
        "figures": TypedTable(
            "figures",
            "dataset/figures.csv",
            {name: [row[name] for row in rows] for name in FIGURE_CELLS},
            lines,
            InvalidCells(count, invalid),
        ),
    }


def _problems(tables: dict[str, TypedTable], limit: int = 10**9) -> list[tuple[Any, ...]]:
    report = Report(".", limit_per_code=limit)
    with bounds_from(BOUNDS):
        check_semantics(tables, report)
    return [(p.path, p.line, p.field, p.code, p.message) for p in report.problems]


def _one_row(tables: dict[str, TypedTable], index: int) -> dict[str, TypedTable]:
    """``tables`` with the figure at ``index`` alone, at its own line."""
    figures = tables["figures"]
    invalid = {(0, name) for row, name in figures.invalid if row == index}
    one = {name: [cells[index]] for name, cells in figures.columns.items()}
    alone = TypedTable(figures.name, figures.path, one, [figures.lines[index]], InvalidCells(1, invalid))
    return {**tables, "figures": alone}


def _order(problem: tuple[Any, ...]) -> tuple[int, int]:
    """Where a problem of figures.csv comes in its code's list: its line, then its rule."""
    rules = [(r.code, r.field) for r in FIGURE_FRAME_RULES.rules]
    return problem[1], rules.index((problem[3], problem[2]))


@given(tables())
def test_columns_report_what_each_row_alone_reports_in_file_order(tables: dict[str, TypedTable]) -> None:
    """For any sources and figures tables, layer 4 run on whole columns reports exactly the
    problems (file, line, field, code, message) that running it on each figure alone reports, and
    each code's problems come in file order (a row's rules in the order they are defined); under a
    per-code limit, each code lists the first of them."""
    whole = _problems(tables)
    figures = [p for p in whole if p[0] == "dataset/figures.csv"]
    per_row = [
        problem
        for index in range(len(tables["figures"].lines))
        for problem in _problems(_one_row(tables, index))
        if problem[0] == "dataset/figures.csv"
    ]
    assert sorted(figures) == sorted(per_row)
    codes = list(dict.fromkeys(p[3] for p in figures))
    for code in codes:
        of_code = [p for p in figures if p[3] == code]
        assert of_code == sorted(of_code, key=_order)
        assert [p for p in _problems(tables, limit=2) if p[3] == code] == of_code[:2]
    assert codes == sorted(codes, key=[r.code for r in FIGURE_FRAME_RULES.rules].index)
    sources = [p for p in whole if p[0] == "dataset/sources.csv"]
    assert [p[1] for p in sources] == sorted(p[1] for p in sources)
    assert {p[3] for p in sources} <= {r.code for r in SOURCE_RULES.rules}


@given(tables())
def test_each_row_gets_the_bound_of_its_own_key(tables: dict[str, TypedTable]) -> None:
    """The bound columns given to the rows by their group (unit, measure type, geography, per)
    are, row by row, those of the bound found for the row's own cells."""
    import math

    from ukcsa_data.core.contract import PERIODS_PER_YEAR
    from ukcsa_data.validation.l4_semantics.semantics import _bounds_frame, _frame, package_bounds

    with bounds_from(BOUNDS):
        lookup = package_bounds(tables)
    frame = _bounds_frame(_frame(tables["figures"], ["unit", "measure_type", "geography", "per"]), lookup)
    for row in frame.itertuples(index=False):
        bound = lookup.find(row.unit, row.measure_type, row.geography)
        per = row.per if isinstance(row.per, str) else None
        assert row.b_known == (bound is not None)
        assert row.b_min == (bound.minimum if bound and bound.minimum is not None else -math.inf)
        assert row.b_max == (bound.maximum if bound and bound.maximum is not None else math.inf)
        assert row.b_whole == bool(bound and bound.whole_number)
        assert row.b_rate == bool(bound and bound.rate_allowed)
        assert row.b_factor == (PERIODS_PER_YEAR[per] if bound and bound.annualise and per else 1)
        assert row.b_basis == (bound.basis if bound else "")
