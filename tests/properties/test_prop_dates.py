"""[dates] Date order and date syntax.

The date fields are found in the Table Schemas (``"type": "date"``), not listed by hand.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from cells import bad_dates, fresh_id, indices
from example_counts import runs_its_examples, thorough_at_most
from harness import add_figure, add_source, error, explain, found, validate
from hypothesis import example, given
from hypothesis import strategies as st
from package_model import SCHEMAS, Package
from strategies import TODAY, base_package, figures, packages, sources

pytestmark = pytest.mark.dates

FIGURES, SOURCES = "dataset/figures.csv", "dataset/sources.csv"
EARLIEST_PUBLICATION = date(1990, 1, 1)
DATE_FIELDS = [
    (resource, field["name"])
    for resource, schema in SCHEMAS.items()
    for field in schema["fields"]
    if field.get("type") == "date"
]


def test_the_schemas_date_fields_are_the_ones_the_order_rule_names() -> None:
    """The order rule covers every date field of the schemas."""
    assert sorted(DATE_FIELDS) == [
        ("figures", "period_end"),
        ("figures", "period_start"),
        ("sources", "published_date"),
    ]


# ---------------------------------------------------------------------------------------------
# Order

#: A package, its new source and figure (indexes), and that figure's start, end and publication.
DatedCase = tuple[Package, int, int, date | None, date | None, date]


@st.composite
def dated_packages(draw: st.DrawFn) -> DatedCase:
    """A valid package plus a new article with one figure, whose period_start, period_end and
    published_date are a permutation of three dates (often equal ones); either end of the
    period may be missing."""
    package = draw(packages(max_sources=2, max_figures=2))
    days = st.dates(date(1980, 1, 1), TODAY + timedelta(days=1000))
    first = draw(days)
    near = st.integers(-400, 400).map(lambda n: first + timedelta(days=n))
    three = [first, draw(st.one_of(st.just(first), near, days)), draw(st.one_of(st.just(first), near, days))]
    first_date, second_date, published = draw(st.permutations(three))
    start = draw(st.sampled_from([first_date, first_date, None]))
    end = draw(st.sampled_from([second_date, second_date, None]))
    taken = {s.source_id for s in package.sources}
    source_id = fresh_id(draw, "sources", "source_id", taken)
    seeds = {s.seed_file for s in package.sources}
    seed_file = fresh_id(draw, "sources", "seed_file", seeds)
    source = replace(draw(sources(source_id, seed_file)), published_date=published)
    package, index = add_source(package, source)
    taken_ids = {f.figure_id for f in package.figures}
    figure_id = fresh_id(draw, "figures", "figure_id", taken_ids)
    stats = {f.statistic_id for f in package.figures}
    statistic_id = fresh_id(draw, "figures", "statistic_id", stats)
    figure = draw(figures(index, published, figure_id, statistic_id))
    figure = replace(figure, period_start=start, period_end=end)
    package, figure_index = add_figure(package, figure)
    return package, index, figure_index, start, end, published


def _dated(start: date | None, end: date | None, published: date) -> DatedCase:
    package = base_package()
    figure = replace(
        package.figures[1], figure_id="fig-0100", statistic_id="dated", period_start=start, period_end=end
    )
    package, index = add_figure(package, figure)
    package = package.replace_source(0, published_date=published)
    package = replace(
        package,
        figures=tuple(
            replace(f, period_start=None, period_end=None) if i != index else f
            for i, f in enumerate(package.figures)
        ),
    )
    return package, 0, index, start, end, published


D1, D2, D3 = date(2019, 1, 1), date(2020, 1, 1), date(2021, 1, 1)


@runs_its_examples()
@thorough_at_most(150)
@given(case=dated_packages())
@example(case=_dated(D1, D2, D3))
@example(case=_dated(D2, D1, D3))
@example(case=_dated(D1, D3, D2))
@example(case=_dated(D3, D2, D1))
@example(case=_dated(D2, D2, D2))
@example(case=_dated(None, D3, D2))
@example(case=_dated(D3, None, D2))
@example(case=_dated(D1, D2, date(1989, 12, 31)))
@example(case=_dated(None, None, TODAY + timedelta(days=1)))
def test_any_order_of_the_three_dates_is_accepted_exactly_when_the_rule_holds(case: DatedCase) -> None:
    """period_start <= period_end <= published_date, and 1990-01-01 <= published_date <= today.
    Any permutation of the three dates is accepted exactly when this holds: otherwise
    period-order (start after end), period-after-publication (the period ends, or starts, after
    publication) and published-date-range are reported, on those rows only.

    Thorough runs 150 examples (each example validates a whole generated package): the rule compares
    three dates, whose orders (13, with ties and missing ones) and the explicit examples are covered
    many times over.
    """
    package, source, figure, start, end, published = case
    report, where = validate(package)
    expected = []
    if not EARLIEST_PUBLICATION <= published <= TODAY:
        expected.append(error(SOURCES, where.source_lines[source], "published_date", "published-date-range"))
    line = where.figure_lines[figure]
    if start is not None and end is not None and start > end:
        expected.append(error(FIGURES, line, "period_start", "period-order"))
    if (end is not None and end > published) or (start is not None and start > published):
        expected.append(error(FIGURES, line, "period_end", "period-after-publication"))
    assert found(report) == sorted(expected), explain(report)


# ---------------------------------------------------------------------------------------------
# Syntax


def _repeated_mention_with_a_period() -> Package:
    """The base package with its 14,260 line repeated: two mentions of one statistic, one period."""
    package = base_package()
    mention = replace(package.figures[1], period_start=D1, period_end=D2)
    package = package.set_figure(1, mention)
    return add_figure(package, replace(mention, figure_id="fig-0004"), position=2)[0]


@runs_its_examples()
@thorough_at_most(150)
@given(
    package=packages(max_sources=2, max_figures=2),
    field=st.sampled_from(DATE_FIELDS),
    text=bad_dates(),
    data=st.data(),
)
@example(package=base_package(), field=("figures", "period_start"), text="2021-02-30", data=None)
@example(package=base_package(), field=("sources", "published_date"), text="1-Mar", data=None)
# Found by this property: a bad date in one of two mentions of a statistic was also a
# statistic-disagreement warning.
@example(
    package=_repeated_mention_with_a_period(), field=("figures", "period_start"), text="2020-01-32", data=None
)
def test_impossible_and_non_iso_dates_are_rejected(
    package: Package, field: tuple[str, str], text: str, data: st.DataObject | None
) -> None:
    """A date cell that is not a real YYYY-MM-DD date (2021-02-30, month 13, 1-Mar, 01/03/2021,
    20210301, full-width digits...) is a type-error on that cell, and nothing else is reported.

    Thorough runs 150 examples (each example validates a whole generated package): a few date fields
    times the kinds of bad date; each thorough run draws afresh.
    """
    resource, name = field
    if resource == "sources":
        index = data.draw(indices(package.sources)) if data else 0
        package = replace(package, source_cells=((index, name, text),))
    else:
        index = data.draw(indices(package.figures)) if data else 1
        package = package.replace_figure(index, cells=((name, text),))
    report, where = validate(package)
    line = (where.source_lines if resource == "sources" else where.figure_lines)[index]
    assert found(report) == [error(f"dataset/{resource}.csv", line, name, "type-error")], explain(report)
