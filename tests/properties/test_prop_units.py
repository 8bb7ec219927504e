"""[units] Unit, per, measure_type and qualifier combinations, and how value_text is written.

A model of the rules (from docs/validation.md and the bounds table, written here independently of the
validator) predicts the problems of one figure whose unit, measure_type, per, qualifier,
geography, numbers and value_text are drawn freely from the schema's vocabularies; the validator
must report exactly those, on that row, and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

import pytest
from cells import fresh_id, indices
from example_counts import runs_its_examples, thorough_at_most
from harness import add_figure, error, explain, found, validate
from hypothesis import example, given
from hypothesis import strategies as st
from package_model import Figure, Package, Sentence
from sentence_parts import QUALIFIER_WORDS, in_area
from strategies import (
    GEOGRAPHIES,
    MEASURE_TYPES,
    PERS,
    QUALIFIERS,
    UNITS,
    Limits,
    base_package,
    bound_for,
    decoration_of,
    figures,
    fitted,
    limits,
    packages,
    values_within,
)
from written_numbers import PERCENT, PLAIN, POUNDS, Written, range_texts, single_texts

pytestmark = pytest.mark.units

FIGURES = "dataset/figures.csv"
ANY = Limits(Decimal(0), Decimal(10**6), whole=True)


@dataclass(frozen=True)
class Combination:
    """One figure's choices, and the numbers its value_text states."""

    unit: str
    measure_type: str
    per: str | None
    qualifier: str
    geography: str | None
    written: Written
    value: Decimal | None
    low: Decimal | None
    high: Decimal | None


def _same(a: Decimal | None, b: Decimal | None) -> bool:
    """Equal numbers (to the validator's relative tolerance of 1e-9), or both missing."""
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= Decimal("1e-9") * max(Decimal(1), abs(a))


def expected_problems(c: Combination) -> list[tuple[str, str]]:
    """(field, code) the rules predict for one figure (docs/validation.md, layers 4 and 5)."""
    codes: list[tuple[str, str]] = []
    bound = bound_for(c.unit, c.measure_type, c.geography)
    if bound is None:
        codes.append(("unit", "unit-measure-type"))
    elif c.per is not None and not bound.rate_allowed:
        codes.append(("per", "unit-per"))
    if c.qualifier == "range":
        if c.value is not None or c.low is None or c.high is None:
            codes.append(("qualifier", "range-bounds"))
    elif c.value is None or c.low is not None or c.high is not None:
        codes.append(("qualifier", "range-bounds"))
    w = c.written
    if not all(_same(a, b) for a, b in ((w.value, c.value), (w.low, c.low), (w.high, c.high))):
        codes.append(("value", "value-mismatch"))
    if (w.decoration == PERCENT) != (c.unit == "percent") or (w.decoration == POUNDS) != (c.unit == "GBP"):
        codes.append(("unit", "value-text-unit"))
    if w.is_range != (c.qualifier == "range") or (w.open_ended and c.qualifier != "at_least"):
        codes.append(("qualifier", "value-text-qualifier"))
    return sorted(codes)


@st.composite
def combinations(draw: st.DrawFn) -> Combination:
    """Any unit, measure_type, per, qualifier and geography of the schema, with numbers in bounds
    (where the bounds table has a row), stored in any of value / value_low / value_high, and a
    value_text in any style: single, "N+" or a range; plain, "per cent" or "£"."""
    unit = draw(st.sampled_from(UNITS))
    measure_type = draw(st.sampled_from(MEASURE_TYPES))
    per = draw(st.sampled_from([None, *PERS]))
    qualifier = draw(st.sampled_from(QUALIFIERS))
    geography = draw(st.sampled_from(GEOGRAPHIES))
    bound = bound_for(unit, measure_type, geography)
    lim = limits(bound, per) if bound is not None else ANY
    lim = replace(lim, low=max(lim.low, Decimal(0)))  # value_text states no sign
    numbers = values_within(lim)
    # Mostly the unit's own decoration, sometimes another (a "per cent" on a count...).
    decoration = draw(st.sampled_from([decoration_of(unit)] * 3 + [PLAIN, PERCENT, POUNDS]))
    shape = draw(st.sampled_from(["single", "single", "open", "range"]))
    if shape == "range":
        a, b = sorted([draw(numbers), draw(numbers)])
        written = fitted(draw(range_texts(a, b, decoration, known_good_only=True)))
    else:
        written = fitted(draw(single_texts(draw(numbers), decoration, open_ended=shape == "open")))
    # Which numbers the row stores: what the text says, or a different choice of cells.
    value, low, high = written.value, written.low, written.high
    if draw(st.booleans()):
        value = draw(st.one_of(st.none(), numbers))
        low, high = sorted([draw(numbers), draw(numbers)])
        low = draw(st.sampled_from([low, None]))
        high = draw(st.sampled_from([high, None]))
    return Combination(unit, measure_type, per, qualifier, geography, written, value, low, high)


def with_combination(figure: Figure, c: Combination) -> Figure:
    return replace(
        figure,
        # Words that state no rate or change (", in short," and "annual" leave them unknown to
        # layer 8), the row's own qualifier (a bound no words give is a layer-8 error) and the
        # area: this property is about layers 4 and 5.
        sentence=Sentence(
            "Police recorded, in short, " + QUALIFIER_WORDS.get(c.qualifier, ("",))[0],
            c.written.text,
            f"{in_area(c.geography)} in the period, an annual count.",
        ),
        unit=c.unit,
        measure_type=c.measure_type,
        per=c.per,
        qualifier=c.qualifier,
        geography=c.geography,
        value=c.value,
        value_low=c.low,
        value_high=c.high,
    )


@st.composite
def packages_with_one_combination(draw: st.DrawFn) -> tuple[Package, int, Combination]:
    package = draw(packages(max_sources=2, max_figures=3))
    source = draw(indices(package.sources))
    taken = {f.figure_id for f in package.figures}
    figure_id = fresh_id(draw, "figures", "figure_id", taken)
    stats = {f.statistic_id for f in package.figures}
    statistic_id = fresh_id(draw, "figures", "statistic_id", stats)
    figure = draw(figures(source, package.sources[source].published_date, figure_id, statistic_id))
    combination = draw(combinations())
    package, index = add_figure(package, with_combination(figure, combination), draw(st.integers(0, 20)))
    return package, index, combination


def _case(**changes: Any) -> tuple[Package, int, Combination]:
    """The base package and a new figure: 5 arrests, exactly, unless ``changes`` say otherwise."""
    c = Combination("arrests", "level", None, "exact", None, Written("5", Decimal(5)), Decimal(5), None, None)
    c = replace(c, **changes)
    package = base_package()
    figure = replace(package.figures[1], figure_id="fig-0100", statistic_id="arrests")
    package, index = add_figure(package, with_combination(figure, c))
    return package, index, c


@runs_its_examples()
@thorough_at_most(150)
@given(case=packages_with_one_combination())
@example(case=_case())
@example(case=_case(measure_type="change"))  # a change must be in percent
@example(case=_case(unit="percent", per="day", written=Written("5%", Decimal(5), decoration=PERCENT)))
@example(case=_case(qualifier="range"))  # range without bounds, with a value
@example(case=_case(qualifier="range", value=None, low=Decimal(5), high=None))  # one bound only
@example(case=_case(qualifier="range", low=Decimal(5), high=Decimal(6)))  # bounds and a value
@example(case=_case(qualifier="around", low=Decimal(4), high=Decimal(6)))  # a single figure with bounds
@example(case=_case(written=Written("5 per cent", Decimal(5), decoration=PERCENT)))
@example(case=_case(unit="GBP", measure_type="level"))  # pounds without "£"
@example(case=_case(written=Written("5+", Decimal(5), open_ended=True)))  # "N+" is at_least
def test_each_combination_gives_exactly_its_problems(case: tuple[Package, int, Combination]) -> None:
    """Each invalid combination is rejected with its code, on that figure's row and field: a unit
    that cannot have that measure_type (unit-measure-type), a rate on a unit that cannot be one
    (unit-per), a range without both bounds or with a value, or a single figure with bounds
    (range-bounds), "per cent" or "£" that disagrees with the unit (value-text-unit), a range or
    "N+" that disagrees with the qualifier (value-text-qualifier), numbers that are not the ones
    written (value-mismatch). A valid combination gives nothing; nothing else is ever reported.

    Thorough runs 150 examples (each example validates a whole generated package): the predicted
    codes depend on unit, measure_type, per and qualifier (39·2·5·8 values) and the text's shape,
    each drawn on its own, so 150 cover every axis value many times, and each thorough run draws
    afresh.
    """
    package, index, combination = case
    report, where = validate(package)
    line = where.figure_lines[index]
    expected = [error(FIGURES, line, field, code) for field, code in expected_problems(combination)]
    assert found(report) == sorted(expected), explain(report)
