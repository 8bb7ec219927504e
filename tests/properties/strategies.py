"""Composite strategies for whole valid packages, built from the Table Schemas and the bounds table.

Beside it: ``sentence_parts`` (the words around each number), ``cells`` (text cells, identifiers,
bad dates) and ``example_counts`` (every property runs its examples).

Vocabularies (units, measure types, qualifiers, geographies, periods, reasons, kinds, date bases)
come from ``schemas/*.schema.json``; identifiers from the schemas' patterns; text lengths from
their ``minLength``/``maxLength``; values from ``rules/plausibility.csv`` (annualised with
``PERIODS_PER_YEAR`` for rates of people). A schema or bounds change therefore flows into the tests.

Rows are valid by construction: no ``assume`` or ``filter`` that could throw most examples away.
Each figure's sentence is written around its ``value_text`` with filler words that hold no numeric
token (checked by ``test_filler_words_hold_no_numeric_token``), so that every token of every seed
is covered by exactly one row.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import ROUND_FLOOR, Decimal
from typing import Any

from cells import free_text, fresh_id, ids
from hypothesis import strategies as st
from package_model import (
    Exclusion,
    Figure,
    Package,
    Relation,
    Sentence,
    Source,
    codes,
    constraints,
    enum,
)
from sentence_parts import FILLERS, cut, exclusion_parts, sentences
from synthetic.files import repository_rows
from synthetic.numbers import digits
from written_numbers import (
    PERCENT,
    PLAIN,
    POUNDS,
    Written,
    decorate,
    range_texts,
    single_texts,
)

from ukcsa_data.core.contract import EARLIEST_PUBLICATION, PERIODS_PER_YEAR
from ukcsa_data.core.plausibility import Bound, Bounds, load_bounds

TODAY = date.today()
#: Largest value drawn for a unit without an upper bound.
UNBOUNDED_CAP = Decimal(10) ** 12

# ---------------------------------------------------------------------------------------------
# The vocabularies, from the schemas and the bounds table

#: one_in, times and fraction are written as phrases ("one in five", "three times",
#: "two-thirds"), which the drawn value_texts are not; tests/test_number_phrases.py and the
#: catalogue cover them.
PHRASE_UNITS = ("one_in", "times", "fraction")
ALL_UNITS = codes("units", "unit")
UNITS = [unit for unit in ALL_UNITS if unit not in PHRASE_UNITS]
MEASURE_TYPES = enum("figures", "measure_type")
QUALIFIERS = enum("figures", "qualifier")
PERS = enum("figures", "per")
GEOGRAPHIES: list[str | None] = [None, *codes("areas", "area")]
KINDS = enum("figures", "kind")
REASONS = enum("exclusions", "reason")
DATE_BASES = enum("sources", "date_basis")
BOUNDS: tuple[Bound, ...] = load_bounds()


_LOOKUP = Bounds(BOUNDS, {row["area"]: row["parent"] for row in repository_rows("areas") if row["parent"]})


def bound_for(unit: str, measure_type: str, geography: str | None) -> Bound | None:
    """The row of the bounds table for a figure: its geography's, else the nearest area's above
    it, else the any-geography row."""
    return _LOOKUP.find(unit, measure_type, geography)


#: Every (unit, measure_type, geography) the bounds table allows, with its bound.
COMBINATIONS: list[tuple[str, str, str | None, Bound]] = [
    (unit, measure_type, geography, bound)
    for unit in UNITS
    for measure_type in MEASURE_TYPES
    for geography in GEOGRAPHIES
    if (bound := bound_for(unit, measure_type, geography)) is not None
]
#: The schema's own bounds on value, value_low and value_high, if it sets any (the bounds table
#: holds the plausible ranges; a schema bound narrows them further).
SCHEMA_VALUE_MINIMUM = Decimal(str(constraints("figures", "value").get("minimum", -UNBOUNDED_CAP)))
SCHEMA_VALUE_MAXIMUM = Decimal(str(constraints("figures", "value").get("maximum", UNBOUNDED_CAP)))


def decoration_of(unit: str) -> str:
    return PERCENT if unit == "percent" else POUNDS if unit == "GBP" else PLAIN


def factor(bound: Bound | None, per: str | None) -> int:
    """How many periods a year: a rate of people is compared with the population per year."""
    return PERIODS_PER_YEAR[per] if per is not None and bound is not None and bound.annualise else 1


@dataclass(frozen=True)
class Limits:
    """The values a figure may take: ``low`` to ``high``, whole numbers or two decimals."""

    low: Decimal
    high: Decimal
    whole: bool


def limits(bound: Bound, per: str | None) -> Limits:
    low = max(
        Decimal(str(bound.minimum if bound.minimum is not None else -UNBOUNDED_CAP)), SCHEMA_VALUE_MINIMUM
    )
    whole = bound.whole_number and per is None
    high = SCHEMA_VALUE_MAXIMUM
    if bound.maximum is not None:
        high = min(high, Decimal(str(bound.maximum)) / factor(bound, per))
        high = high.to_integral_value(ROUND_FLOOR) if whole else high.quantize(Decimal("0.01"), ROUND_FLOOR)
    if whole:
        low = low.to_integral_value(rounding="ROUND_CEILING")
    return Limits(low, high, whole)


# ---------------------------------------------------------------------------------------------
# Values and value_texts


def _times(size: int, n: int) -> Decimal:
    return Decimal(n * size)


@functools.cache
def values_within(lim: Limits) -> st.SearchStrategy[Decimal]:
    """A value between the limits: any whole number, a round one (80,000; 1.5 million), a bound
    itself, or (where fractions are allowed) one with decimals."""
    low, high = lim.low, lim.high
    choices: list[st.SearchStrategy[Decimal]] = [
        st.integers(math.ceil(low), math.floor(high)).map(Decimal),
        st.sampled_from([math.ceil(low), math.floor(high)]).map(Decimal),
    ]
    for power in (1, 3, 5, 6, 9):
        size = 10**power
        if math.ceil(low / size) <= math.floor(high / size):
            choices.append(
                st.integers(math.ceil(low / size), math.floor(high / size)).map(
                    functools.partial(_times, size)
                )
            )
    if not lim.whole:
        choices.append(
            st.integers(math.ceil(low * 100), math.floor(high * 100)).map(lambda n: Decimal(n) / 100)
        )
        choices.append(st.just(high))
    return st.one_of(choices)


@st.composite
def written_values(
    draw: st.DrawFn, lim: Limits, qualifier: str, decoration: str, signed: bool = False
) -> tuple[Written, Decimal | None, Decimal | None, Decimal | None]:
    """A value_text and (value, value_low, value_high) for a figure with these limits.

    ``signed``: a change, whose value_text gives the size and whose value's sign the direction
    ("fell by 30 per cent" is -30). A range of changes is drawn as a range of rises (see
    ``test_a_range_of_falls_validates`` for falls).
    """
    if qualifier == "range":
        positive = replace(lim, low=max(lim.low, Decimal(0))) if signed else lim
        a, b = sorted([draw(values_within(positive)), draw(values_within(positive))])
        return fitted(draw(range_texts(a, b, decoration, known_good_only=True))), None, a, b
    value = draw(values_within(lim if signed else replace(lim, low=max(lim.low, Decimal(0)))))
    open_ended = qualifier == "at_least" and draw(st.integers(0, 3)) == 0
    return fitted(draw(single_texts(abs(value), decoration, open_ended=open_ended))), value, None, None


VALUE_TEXT_LONGEST = constraints("figures", "value_text").get("maxLength", 100)


def fitted(written: Written) -> Written:
    """``written`` if it fits value_text's maxLength, else the same numbers in digits (long
    numbers in words can be longer)."""
    if len(written.text) <= VALUE_TEXT_LONGEST:
        return written
    text = rewritten(
        "+" if written.open_ended else "", written.value, written.low, written.high, written.decoration
    )
    return replace(written, text=text)


def rewritten(
    written_text: str, value: Decimal | None, low: Decimal | None, high: Decimal | None, decoration: str
) -> str:
    """A plain value_text for changed values: digits with commas, in the unit's decoration."""
    if value is not None:
        text = decorate(digits(abs(value), commas=True), decoration, " per cent")
        return text + ("+" if written_text.endswith("+") else "")
    assert low is not None and high is not None
    if low <= 0 and high <= 0:  # a range of falls, -20 to -10, is written "10 – 20" (docs/tables.md)
        low, high = -high, -low
    left = decorate(digits(abs(low), commas=True), decoration, " per cent")
    right = decorate(digits(abs(high), commas=True), decoration, " per cent")
    return f"{left} – {right}"


# ---------------------------------------------------------------------------------------------
# Rows


@st.composite
def periods(
    draw: st.DrawFn, published: date, earliest: date = date(1900, 1, 1)
) -> tuple[date | None, date | None]:
    """A reference period that ends by publication, or a part of one, or none."""
    shape = draw(st.sampled_from(("none", "both", "start", "end")))
    if shape == "none" or published < earliest:
        return None, None
    span = st.integers(0, (published - earliest).days)
    a, b = sorted([earliest + timedelta(days=draw(span)), earliest + timedelta(days=draw(span))])
    return (a if shape in ("both", "start") else None), (b if shape in ("both", "end") else None)


#: Built once: a strategy over thousands of elements computes its label (a hash of every element)
#: each time it is built, which cost more than the rest of drawing a package.
_COMBINATION = st.sampled_from(COMBINATIONS)


@st.composite
def figures(
    draw: st.DrawFn,
    source: int,
    published: date,
    figure_id: str,
    statistic_id: str,
    *,
    combination: tuple[str, str, str | None, Bound] | None = None,
    per: str | bool | None = True,
    qualifier: str | None = None,
    value: Decimal | None = None,
    earliest_period: date = date(1900, 1, 1),
) -> Figure:
    """A valid figure of source ``source``; any part can be fixed by the caller."""
    unit, measure_type, geography, bound = combination or draw(_COMBINATION)
    rate = draw(_rates(bound)) if per is True else per
    assert rate is None or isinstance(rate, str)
    qualifier = qualifier or draw(st.sampled_from(QUALIFIERS))
    written, value, low, high = draw(_values(bound, rate, unit, measure_type, qualifier, value))
    sentence = draw(sentences(written.text, qualifier, unit, rate, written.open_ended, geography))
    start, end = draw(periods(published, earliest_period))
    return Figure(
        figure_id=figure_id,
        source=source,
        sentence=sentence,
        value=value,
        value_low=low,
        value_high=high,
        qualifier=qualifier,
        unit=unit,
        per=rate,
        measure_type=measure_type,
        geography=geography,
        period_start=start,
        period_end=end,
        statistic_id=statistic_id,
        **draw(_described()),
    )


def _rates(bound: Bound) -> st.SearchStrategy[str | None]:
    """A figure's ``per``: any, or none where the bound allows no rate."""
    return st.sampled_from((None, *PERS)) if bound.rate_allowed else st.none()


@st.composite
def _values(
    draw: st.DrawFn,
    bound: Bound,
    per: str | None,
    unit: str,
    measure_type: str,
    qualifier: str,
    value: Decimal | None,
) -> tuple[Written, Decimal | None, Decimal | None, Decimal | None]:
    """A figure's value_text and (value, value_low, value_high): drawn, or ``value`` written."""
    decoration = decoration_of(unit)
    if value is not None:
        return draw(single_texts(abs(value), decoration)), value, None, None
    signed = measure_type == "change"
    return draw(written_values(limits(bound, per), qualifier, decoration, signed=signed))


@st.composite
def _described(draw: st.DrawFn) -> dict[str, str | None]:
    """A figure's free cells: measure, attributed_to, kind and notes."""
    return {
        "measure": draw(free_text("figures", "measure")) or "m",
        "attributed_to": draw(free_text("figures", "attributed_to")),
        "kind": draw(st.sampled_from(KINDS)),
        "notes": draw(free_text("figures", "notes")),
    }


@st.composite
def exclusions(draw: st.DrawFn, source: int, published: date) -> Exclusion:
    reason = draw(st.sampled_from(REASONS))
    before, text, after = exclusion_parts(reason)
    sentence = cut(draw, Sentence(before, draw(text(published)), after))
    return Exclusion(source=source, sentence=sentence, reason=reason)


#: Units a stated change can be computed between (whole counts with room for growth), and changes.
RELATION_COUNTS = tuple(
    c for c in COMBINATIONS if c[1] == "level" and c[3].whole_number and (c[3].maximum or 10**9) >= 10**8
)
RELATION_CHANGES = tuple(c for c in COMBINATIONS if c[0] == "percent" and c[1] == "change")


@st.composite
def relation_figures(
    draw: st.DrawFn, source: int, published: date, figure_ids: list[str], statistic_ids: list[str]
) -> tuple[Figure, Figure, Figure]:
    """A percent change the article states, and the two counts it is computed from.

    From ``a`` (a multiple of 1,000) to ``b = a * (1 + t / 1000)``: a whole number, and the change
    is exactly ``t / 10`` per cent (negative for a fall), written with one decimal, so the
    recomputation fits.
    """
    combination = draw(st.sampled_from(RELATION_COUNTS))
    a = Decimal(draw(st.integers(1, 1000)) * 1000)
    tenths = draw(st.one_of(st.integers(0, 5000), st.integers(-1000, 0)))  # a rise or a fall
    b = a + a * tenths / 1000
    stated = (draw(st.sampled_from(RELATION_CHANGES)), draw(st.sampled_from(("exact", "around"))))
    parts = ((*stated, Decimal(tenths) / 10), (combination, "exact", a), (combination, "exact", b))
    result, base, new = (
        draw(
            figures(source, published, figure_id, statistic_id, combination=c, per=None, qualifier=q, value=v)
        )
        for (c, q, v), figure_id, statistic_id in zip(parts, figure_ids, statistic_ids, strict=True)
    )
    return result, base, new


@st.composite
def sources(draw: st.DrawFn, source_id: str, seed_file: str) -> Source:
    url_slug = draw(st.from_regex(re.compile(r"[a-z0-9-]{1,20}"), fullmatch=True))
    return Source(
        source_id=source_id,
        publisher=draw(free_text("sources", "publisher")) or "p",
        title=draw(free_text("sources", "title")) or "t",
        url=draw(
            st.sampled_from([None, f"https://news.example.org/{url_slug}", f"http://example.com/{url_slug}"])
        ),
        published_date=draw(st.dates(EARLIEST_PUBLICATION, TODAY)),
        date_basis=draw(st.sampled_from(DATE_BASES)),
        seed_file=seed_file,
        author=draw(free_text("sources", "author")),
        notes=draw(free_text("sources", "notes")),
    )


@st.composite
def packages(
    draw: st.DrawFn,
    max_sources: int = 3,
    max_figures: int = 4,
    earliest_period: date = date(1900, 1, 1),
) -> Package:
    """A whole valid package: 1-3 sources with their seeds, 4-16 figures, 1-6 exclusions, a relation.

    Every table has a row (a header-only table is an error).
    """
    n_sources = draw(st.integers(1, max_sources))
    source_ids = draw(ids("sources", "source_id", n_sources))
    seed_files = draw(ids("sources", "seed_file", n_sources))
    srcs = [draw(sources(sid, seed)) for sid, seed in zip(source_ids, seed_files, strict=True)]
    per_source = [draw(st.integers(0 if i else 1, max_figures)) for i in range(n_sources)]
    total = 3 + sum(per_source)
    figure_ids = draw(ids("figures", "figure_id", total))
    statistic_ids = draw(ids("figures", "statistic_id", total))
    figs = list(draw(relation_figures(0, srcs[0].published_date, figure_ids[:3], statistic_ids[:3])))
    for index, count in enumerate(per_source):
        for n in range(len(figs), len(figs) + count):
            at = (index, srcs[index].published_date, figure_ids[n], statistic_ids[n])
            figs.append(draw(figures(*at, earliest_period=earliest_period)))
    if draw(st.booleans()):  # a line an article repeats: one row for each occurrence
        figs.append(
            replace(draw(st.sampled_from(figs)), figure_id=fresh_id(draw, "figures", "figure_id", figure_ids))
        )
    excls = [
        draw(exclusions(index, srcs[index].published_date))
        for index in range(n_sources)
        for _ in range(draw(st.integers(0 if index else 1, 2)))
    ]
    relation_id = draw(ids("relations", "relation_id", 1))[0]
    relation = Relation(relation_id, 0, 0, 1, 2, draw(free_text("relations", "notes")))
    srcs = [draw(_laid_out(source, index, figs, excls)) for index, source in enumerate(srcs)]
    return Package(tuple(srcs), tuple(figs), tuple(excls), (relation,))


@st.composite
def _laid_out(
    draw: st.DrawFn, source: Source, index: int, figs: list[Figure], excls: list[Exclusion]
) -> Source:
    """Source ``index`` with its seed's layout: its figures, exclusions and filler lines in any order."""
    items: list[tuple[str, Any]] = [("figure", i) for i, f in enumerate(figs) if f.source == index]
    items += [("exclusion", i) for i, e in enumerate(excls) if e.source == index]
    items += [("text", t) for t in draw(st.lists(st.sampled_from(FILLERS), max_size=2))]
    layout = tuple(draw(st.permutations(items)))
    return replace(source, layout=layout, separator=draw(st.sampled_from(("\n\n", "\n", " "))))


# ---------------------------------------------------------------------------------------------
# A fixed valid package, for explicit examples


def _hand_figure(figure_id: str, span: str, value: Decimal, unit: str, measure_type: str) -> Figure:
    """A figure of :func:`base_package`."""
    # fig-0003's sentence does not name the UK (the others do): its waiver silences that warning.
    after = " of referrals" if unit == "percent" else " cases"
    after += "." if figure_id == "fig-0003" else " in the UK."
    return Figure(
        figure_id=figure_id,
        source=0,
        sentence=Sentence("Police recorded ", span, after),
        value=value,
        value_low=None,
        value_high=None,
        qualifier="exact",
        unit=unit,
        per=None,
        measure="cases passed to police",
        measure_type=measure_type,
        geography="UK",
        period_start=None,
        period_end=None,
        attributed_to="National Crime Agency",
        kind="statistic",
        statistic_id=f"stat-{figure_id[4:]}",
        notes=None,
    )


def base_package() -> Package:
    """A small valid package written by hand: one article, a stated rise, one exclusion."""
    figures_ = (
        _hand_figure("fig-0001", "19.4 per cent", Decimal("19.4"), "percent", "change"),
        _hand_figure("fig-0002", "14,260", Decimal(14260), "cases", "level"),
        _hand_figure("fig-0003", "17,022", Decimal(17022), "cases", "level"),
    )
    source = Source(
        source_id="express-2022",
        publisher="Sunday Express",
        title="Dark web blamed for child sex abuse crisis",
        url="https://example.org/express",
        published_date=date(2022, 5, 1),
        date_basis="stated",
        seed_file="seeds/express.txt",
        author=None,
        notes=None,
        layout=(("figure", 0), ("figure", 1), ("figure", 2), ("exclusion", 0)),
    )
    exclusion = Exclusion(0, Sentence("The data cover ", "2020/21", "."), "period")
    waiver = ("figures", "fig-0003", "geography-elsewhere", "The other sentences name the UK.")
    # A retired id that no generated figure uses (fig-0004 would collide with the date properties).
    retired = ("fig-0999", "figures", "1.0.0", "A duplicate of another mention, removed.", "")
    # A series of one estimate, a statistic of a generated figure.
    series = ("express-cases", "stat-0002", "1", "The articles do not say how it was made.", "")
    return Package(
        (source,),
        figures_,
        (exclusion,),
        (Relation("rel-0001", 0, 0, 1, 2),),
        waivers=(waiver,),
        retired=(retired,),
        series=(series,),
    )
