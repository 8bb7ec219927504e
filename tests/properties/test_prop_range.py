"""[range] Plausible ranges: generated valid packages validate clean; one value pushed just outside
its unit's bounds is rejected with exactly the expected code on exactly that row."""

from __future__ import annotations

from dataclasses import replace
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

import pytest
from cells import fresh_id, indices
from example_counts import runs_its_examples, thorough_at_most
from harness import add_figure, error, explain, found, validate
from hypothesis import example, given
from hypothesis import strategies as st
from package_model import Figure, Package, Sentence
from sentence_parts import in_area
from strategies import (
    ALL_UNITS,
    COMBINATIONS,
    PHRASE_UNITS,
    QUALIFIERS,
    SCHEMA_VALUE_MINIMUM,
    base_package,
    bound_for,
    decoration_of,
    factor,
    figures,
    limits,
    packages,
    rewritten,
)

from ukcsa_data.core.plausibility import Bound

pytestmark = pytest.mark.range

FIGURES = "dataset/figures.csv"
STEPS = (Decimal(1), Decimal("0.5"), Decimal("0.1"), Decimal("0.01"))


@runs_its_examples()
@thorough_at_most(150)
@given(package=packages())
def test_every_generated_package_validates_clean(package: Package) -> None:
    """Every package the strategies generate is valid, with no error and no warning.

    Thorough runs 150 examples (each example validates a whole generated package) of up to 9 figures
    each, so some 600 figures (every unit and measure type many times); each thorough run draws
    afresh.
    """
    report, _ = validate(package)
    assert report.problems == [], explain(report)


# ---------------------------------------------------------------------------------------------
# One value pushed outside its bounds


def _bound(figure: Figure) -> Bound:
    bound = bound_for(figure.unit, figure.measure_type, figure.geography)
    assert bound is not None
    return bound


def _applicable(kind: str, bound: Bound, per: str | None) -> bool:
    if kind == "above":
        return bound.maximum is not None
    if kind == "below":
        return bound.minimum is not None
    if kind == "fractional":
        return bound.whole_number and per is None
    return True  # low_above_high


def _with_values(
    figure: Figure, value: Decimal | None, low: Decimal | None = None, high: Decimal | None = None
) -> Figure:
    """``figure`` with new numbers, its value_text and seed sentence rewritten to match them (an
    "N+" stays open-ended, as its qualifier at_least says: only the number changes)."""
    qualifier = figure.qualifier
    if value is None:
        qualifier = "range"
    elif qualifier == "range":
        qualifier = "exact"
    written = figure.value_text if figure.value_text is not None else figure.sentence.span
    text = rewritten(written, value, low, high, decoration_of(figure.unit))
    return replace(
        figure,
        sentence=figure.sentence.with_span(text),
        value=value,
        value_low=low,
        value_high=high,
        qualifier=qualifier,
    )


@st.composite
def pushed(draw: st.DrawFn, figure: Figure, kind: str) -> tuple[Figure, str, str]:
    """``figure`` with one value just outside its bounds: (figure, field, expected code)."""
    bound = _bound(figure)
    lim = limits(bound, figure.per)
    as_range = draw(st.booleans())
    step = Decimal(1) if lim.whole else draw(st.sampled_from(STEPS))
    # A plausible value of the same sign as the bounds around it: a range is written as sizes
    # ("10 to 20 per cent"), so a range across zero cannot be written at all.
    floor = max(lim.low, Decimal(0))
    inside = draw(st.integers(int(floor), int(min(lim.high, floor + 10**6))).map(Decimal))
    if kind == "above":
        # The smallest step above the annualised maximum: people above the geography's
        # population, a percent level above 100, ages above 25...
        assert bound.maximum is not None
        top = Decimal(str(bound.maximum)) / factor(bound, figure.per)
        outside = (top / step).to_integral_value(ROUND_FLOOR) * step + step
        assert float(outside) * factor(bound, figure.per) > bound.maximum
        if as_range:
            return (
                _with_values(figure, None, min(inside, outside), outside),
                "value_high",
                "implausible-value",
            )
        return _with_values(figure, outside), "value", "implausible-value"
    if kind == "below":
        # A negative count, a fall of more than 100 per cent...
        assert bound.minimum is not None
        outside = Decimal(str(bound.minimum)) - step
        code = "minimum" if outside < SCHEMA_VALUE_MINIMUM else "implausible-value"
        if as_range and bound.minimum < 0:  # a fall of 101 to 50 per cent: -101 to -50
            high = draw(st.integers(int(bound.minimum), 0).map(Decimal))
            return _with_values(figure, None, outside, high), "value_low", code
        return _with_values(figure, outside), "value", code
    if kind == "fractional":
        # Half a person: counts are whole numbers (a rate may be an average).
        half = min(inside, lim.high - 1) + Decimal("0.5")
        if as_range:
            high = max(half.to_integral_value(ROUND_CEILING), inside)
            return _with_values(figure, None, half, high), "value_low", "not-whole-number"
        return _with_values(figure, half), "value", "not-whole-number"
    # low_above_high: both bounds plausible, in the wrong order
    high = min(inside, lim.high - step)
    low = high + step * draw(st.integers(1, 10))
    low = min(low, lim.high)
    return _with_values(figure, None, low, high), "value_low", "low-above-high"


@st.composite
def packages_with_one_value_outside(draw: st.DrawFn) -> tuple[Package, int, str, str]:
    """A valid package and one figure (a new one or an existing one) pushed outside its bounds."""
    package = draw(packages(max_sources=2, max_figures=3))
    kind = draw(st.sampled_from(["above", "below", "fractional", "low_above_high"]))
    combination = draw(st.sampled_from([c for c in COMBINATIONS if _applicable(kind, c[3], None)]))
    source = draw(indices(package.sources))
    taken = {f.figure_id for f in package.figures}
    figure_id = fresh_id(draw, "figures", "figure_id", taken)
    statistic_id = fresh_id(draw, "figures", "statistic_id", {f.statistic_id for f in package.figures})
    per = None if kind == "fractional" else True  # a fractional rate is an average, not an error
    fresh = draw(
        figures(
            source,
            package.sources[source].published_date,
            figure_id,
            statistic_id,
            combination=combination,
            per=per,
        )
    )
    package, new = add_figure(package, fresh, draw(st.integers(0, 20)))
    # Any figure that no relation uses and that shares no statistic_id can be the one pushed;
    # the new figure always can.
    candidates = [
        i
        for i, f in enumerate(package.figures)
        if i not in package.in_relations()
        and i not in package.shared_statistics()
        and _applicable(kind, _bound(f), f.per)
    ]
    assert new in candidates
    target = draw(st.sampled_from(candidates))
    figure, field, code = draw(pushed(package.figures[target], kind))
    return package.set_figure(target, figure), target, field, code


def _negative_count() -> tuple[Package, int, str, str]:
    package = base_package()
    figure = _with_values(package.figures[1], Decimal(-1))
    extra = replace(figure, figure_id="fig-0009", statistic_id="stat-negative")
    package, index = add_figure(package, extra)
    return package, index, "value", "implausible-value"


@runs_its_examples()
@thorough_at_most(150)
@given(case=packages_with_one_value_outside())
# Found by this property: a negative count was also a value-mismatch (one mistake, two errors).
@example(case=_negative_count())
def test_a_value_just_outside_its_bounds_is_rejected_on_that_row_only(
    case: tuple[Package, int, str, str],
) -> None:
    """Pushing one value just outside its unit's plausible bounds (people above the geography's
    population, rates annualised first; a percent level above 100; a change below -100; a
    negative or fractional count; low above high) gives exactly one problem: the expected code,
    on that figure's row and field. Nothing else is reported.

    Thorough runs 150 examples (each example validates a whole generated package): the bounds
    table's rows and the side (below or above) are the space; each thorough run draws afresh.
    """
    package, target, field, code = case
    report, where = validate(package)
    assert found(report) == [error(FIGURES, where.figure_lines[target], field, code)], explain(report)


@st.composite
def ranges_of_changes(draw: st.DrawFn) -> Package:
    """A valid package with a range of changes in either direction: "fell by 10 to 20 per cent"."""
    package = draw(packages(max_sources=1, max_figures=2))
    changes = [c for c in COMBINATIONS if c[1] == "change"]
    combination = draw(st.sampled_from(changes))
    lim = limits(combination[3], None)
    sizes = st.integers(0, 1000).map(lambda n: Decimal(n) / 10)
    a, b = sorted([draw(sizes), draw(sizes)])
    sign = draw(st.sampled_from([1, -1]))
    low, high = (a, b) if sign == 1 else (-b, -a)  # a fall: -20 to -10 for "10 to 20 per cent"
    low, high = max(low, lim.low), min(high, lim.high)
    taken = {f.figure_id for f in package.figures}
    figure_id = fresh_id(draw, "figures", "figure_id", taken)
    fresh = draw(
        figures(
            0,
            package.sources[0].published_date,
            figure_id,
            "change-range",
            combination=combination,
            per=None,
            qualifier="range",
        )
    )
    text = rewritten("", None, a, b, decoration_of(fresh.unit))
    before = f"Referrals{in_area(fresh.geography)} {'rose' if sign == 1 else 'fell'} by "
    fresh = replace(fresh, sentence=Sentence(before, text, "."), value_low=low, value_high=high)
    package, _ = add_figure(package, fresh, draw(st.integers(0, 20)))
    return package


def _fall_of_10_to_20_per_cent() -> Package:
    package = base_package()
    figure = replace(
        package.figures[0],
        figure_id="fig-0009",
        statistic_id="stat-fall",
        sentence=Sentence("Referrals in the UK fell by ", "10 – 20 per cent", "."),
        qualifier="range",
        value=None,
        value_low=Decimal(-20),
        value_high=Decimal(-10),
    )
    return add_figure(package, figure)[0]


@runs_its_examples()
@thorough_at_most(200)
@given(package=ranges_of_changes())
# Found by this property: a range of falls had no valid encoding (value-mismatch or low-above-high).
@example(package=_fall_of_10_to_20_per_cent())
def test_a_range_of_changes_validates_in_either_direction(package: Package) -> None:
    """A change is signed by its direction and value_text gives its size (docs/tables.md): a range of
    rises ("rose by 10 to 20 per cent": 10 to 20) and a range of falls ("fell by 10 to 20 per
    cent": -20 to -10) are both valid rows.

    Thorough runs 200 examples (each example validates a whole generated package): the direction
    words and the two bounds are the space; each thorough run draws afresh.
    """
    report, _ = validate(package)
    assert report.problems == [], explain(report)


def test_the_bounds_table_limits_every_unit_the_schema_allows() -> None:
    """Every unit of the units table but the phrase units (one_in, times, fraction) has a bounds row the
    range properties draw from (so they reach every unit)."""
    assert {c[0] for c in COMBINATIONS} == set(ALL_UNITS) - set(PHRASE_UNITS)
    assert set(QUALIFIERS) >= {"range", "exact"}
