"""Composite strategies for whole valid packages, built from the Table Schemas and the bounds table.

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

import calendar
import functools
import math
import re
import string
import sys
import unicodedata
from collections.abc import Callable, Iterator, Sized
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import ROUND_FLOOR, Decimal
from typing import Any

from hypothesis import settings
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
    repository_rows,
)
from written_numbers import (
    PERCENT,
    PLAIN,
    POUNDS,
    Written,
    decorate,
    digits,
    range_texts,
    single_texts,
)

from ukcsa_data.core.plausibility import PERIODS_PER_YEAR, Bound, Bounds, load_bounds
from ukcsa_data.validation.l7_spreadsheet.missing_text import missing_problem
from ukcsa_data.validation.l7_spreadsheet.spreadsheet import FORMULA_TRIGGERS, is_invisible

TODAY = date.today()
EARLIEST_PUBLICATION = date(1990, 1, 1)
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
# Filler words: none holds a numeric token (tokens.NUMBER_WORDS), checked by a test

LEADS = (
    "The agency said ",
    "Police recorded ",
    "Officials estimated that there were ",
    "According to the report, ",
    "Campaigners warned of ",
    "The charity’s figures show ",
    "Ministers said that ",
    "The National Crime Agency believes ",
    "Data from the NSPCC showed ",
    "It is thought that ",
    "Last year\u00a0officers found ",
)
QUALIFIER_WORDS: dict[str, tuple[str, ...]] = {
    "exact": ("",),
    "at_least": ("at least ", "a minimum of "),
    "more_than": ("more than ", "over "),
    "up_to": ("up to ",),
    "under": ("under ", "fewer than "),
    "around": ("around ", "about ", "an estimated "),
    "almost": ("almost ", "nearly "),
    "range": ("", "between what officers called "),
}
UNIT_NOUNS: dict[str, str] = {
    "percent": " of referrals",
    "GBP": " in funding",
    "age_years": " years old",
    "USD": " in funding",
    "EUR": " in funding",
    "percentage_points": " points",
    "one_in": " as a ratio",
}
#: How a sentence names a geography ("in the UK").
AREA_WORDS = {"UK": "the UK"}


def in_area(geography: str | None) -> str:
    """The words naming ``geography`` in a sentence (" in the UK"), or none."""
    return f" in {AREA_WORDS.get(geography, geography)}" if geography else ""


PER_WORDS: dict[str, tuple[str, ...]] = {
    "day": (" a day", " every day"),
    "week": (" a week", " each week"),
    "month": (" a month", " every month"),
    "year": (" a year", " per year"),
}
TAILS = (
    ".",
    ", the report said.",
    " in the latest figures.",
    " — a record.",
    ", according to “official” data.",
    ', officers said: "a shocking scale".',
    ", the\u00a0agency said.",
)
FILLERS = (
    "The report was published by the Home Office.",
    "Officers said the work would continue.",
    "“We are determined to protect children,” a spokesperson said.",
    "The agency’s director called it a priority.",
    "Read more: online safety — what parents should know.",
    "Campaigners welcomed the announcement.",
    'The figures were described as "shocking".',
)
#: Sentences for exclusions, by reason: (text before, a strategy for the excluded text, text after).
EXCLUSION_SENTENCES: dict[str, tuple[str, Callable[[date], st.SearchStrategy[str]], str]] = {
    "date": (
        "The report was published on ",
        lambda published: st.dates(date(1990, 1, 1), published).map(lambda d: f"{d.day} {d:%B %Y}"),
        ".",
    ),
    "period": (
        "The data cover ",
        lambda published: st.one_of(
            st.integers(1990, published.year).map(lambda y: f"{y}/{(y + 1) % 100:02d}"),
            st.sampled_from(["the last five years", "the past twelve months", "the previous 12 months"]),
        ),
        ".",
    ),
    "name": ("Officers cited the ", lambda published: st.sampled_from(["Covid 19", "Covid-19"]), " rules."),
    "boilerplate": (
        "Read more: ",
        lambda published: st.integers(2, 99).map(str),
        " tips for staying safe online",
    ),
    "not_a_quantity": ("“", lambda published: st.just("One"), " officer I met said so.”"),
}


def exclusion_parts(reason: str) -> tuple[str, Callable[[date], st.SearchStrategy[str]], str]:
    """The sentence for an exclusion; a reason added to the schema gets a generic one."""
    return EXCLUSION_SENTENCES.get(
        reason, ("Reference ", lambda published: st.integers(1, 999).map(str), " applies here.")
    )


def unit_noun(unit: str) -> str:
    return UNIT_NOUNS.get(unit, " " + unit.replace("_", " "))


# ---------------------------------------------------------------------------------------------
# Text cells and identifiers, from the schema's constraints


def accepted_text(text: str) -> bool:
    """Whether the cell rules accept ``text`` as it is: no formula start, no invisible character,
    not a word that a reader takes for a missing value (``spreadsheet`` and ``missing_text``)."""
    return (
        text[:1] not in FORMULA_TRIGGERS
        and not any(map(is_invisible, text))
        and missing_problem(text) is None
    )


def words(alphabet: str, min_size: int = 0, max_size: int | None = None) -> st.SearchStrategy[str]:
    """Text of ``alphabet``, without surrounding spaces, that the cell rules accept
    (:func:`accepted_text`): for a property that breaks one rule (enum, minLength...) and expects
    no other problem ("NA" is never drawn)."""
    return st.text(alphabet, min_size=min_size, max_size=max_size).map(str.strip).filter(accepted_text)


def indices(items: Sized, first: int = 0) -> st.SearchStrategy[int]:
    """An index into ``items`` from ``first``; a range that would be empty is refused at once with
    the reason (hypothesis refuses it only when drawn, perhaps only in the thorough profile)."""
    if len(items) <= first:
        raise ValueError(f"no index from {first} in {len(items)} items: guard the draw")
    return st.integers(first, len(items) - 1)


def clean_cell(text: str) -> str:
    """A text cell a contributor could write: no surrounding spaces, no formula start, and not a
    word that a reader takes for a missing value (the validator's own rule, ``missing_problem``)."""
    text = text.strip()
    if text[:1] in FORMULA_TRIGGERS:
        text = "x" + text
    if missing_problem(text):
        text = "x" + text
    return text


#: The categories a text cell's characters are drawn from (no line or paragraph separator).
_CELL_CATEGORIES = ("L", "N", "P", "S", "Zs")
#: Those of them that the validator's own rule finds invisible (``spreadsheet.is_invisible``: a
#: Hangul filler is a letter, but hides what a cell holds), found once by asking the rule about
#: every code point (half a second); excluded, not filtered, so that drawing stays fast.
_INVISIBLE_IN_CELL_CATEGORIES = "".join(
    char
    for char in map(chr, range(sys.maxunicode + 1))
    if unicodedata.category(char).startswith(_CELL_CATEGORIES) and is_invisible(char)
)
#: The characters of a text cell: the one alphabet of generated text, derived from the rules.
CELL_ALPHABET = st.characters(
    categories=_CELL_CATEGORIES, exclude_characters="\u2028\u2029" + _INVISIBLE_IN_CELL_CATEGORIES
) | st.sampled_from(list("\",;'’“”–—\u00a0#=+-%@|é"))


#: Cells that readers like to reinterpret: missing-value markers (which ``clean_cell`` makes text
#: the readers keep, as the rule read-as-missing asks), numbers, booleans, quoting.
TRICKY_CELLS = (
    "NA",
    "N/A",
    "nan",
    "NaN",
    "null",
    "None",
    "#N/A",
    "TRUE",
    "false",
    "1.0",
    "007",
    "1e5",
    '"quoted"',
    "a,b",
    "'",
    "0",
    "x y",
    "é",
)


@functools.cache
def _texts(longest: int) -> st.SearchStrategy[str]:
    return st.text(CELL_ALPHABET, max_size=longest) | st.sampled_from(TRICKY_CELLS)


@st.composite
def free_text(draw: st.DrawFn, resource: str, name: str, max_size: int = 40) -> str | None:
    """A text cell for ``resource.name`` within its schema lengths; None if optional and empty."""
    rules = constraints(resource, name)
    required = bool(rules.get("required"))
    if not required and draw(st.integers(0, 3)) == 0:
        return None
    longest = min(max_size, rules.get("maxLength", max_size))
    # cleaned after it is cut, so that no cut makes a formula start or a missing-value word
    text = clean_cell(draw(_texts(longest)).strip()[:longest])[:longest].strip()
    if len(text) < max(1, rules.get("minLength", 1)):
        text = ("word " * 10)[: max(1, rules.get("minLength", 1))].strip() or "x"
    return text


#: Fast ways to draw the identifiers the schemas describe, each checked against the schema's own
#: pattern as it is drawn. A pattern they do not fit (the schema changed) falls back to from_regex.
_NUMBERED = re.compile(r"([a-z]+-)\[0-9\]\{([0-9]+),([0-9]+)\}")
SLUG_PARTS = ("nca", "police", "uk", "online", "abuse", "report", "press", "news", "x", "a1", "0")
_slugs = st.lists(st.sampled_from(SLUG_PARTS) | st.integers(0, 99_999).map(str), min_size=1, max_size=4).map(
    "-".join
)
_FAST: dict[str, st.SearchStrategy[str]] = {
    "[a-z0-9]+(-[a-z0-9]+)*": _slugs,
    "seeds/[A-Za-z0-9_.-]+\\.txt": st.tuples(_slugs, st.sampled_from(("", "_", ".", "A"))).map(
        lambda t: f"seeds/{t[1]}{t[0]}.txt"
    ),
}


def _checked(pattern: str, longest: int) -> Callable[[str], str]:
    compiled = re.compile(pattern)

    def check(value: str) -> str:
        assert compiled.fullmatch(value) and len(value) <= longest, (pattern, value)
        return value

    return check


@functools.cache
def pattern_values(resource: str, name: str) -> st.SearchStrategy[str]:
    """Values matching the field's schema pattern and length limits (built once per field)."""
    rules = constraints(resource, name)
    longest = rules.get("maxLength", 10_000)
    pattern = rules["pattern"]
    numbered = _NUMBERED.fullmatch(pattern)
    if numbered:
        prefix, shortest, widest = numbered[1], int(numbered[2]), int(numbered[3])
        fast: st.SearchStrategy[str] | None = st.tuples(
            st.integers(shortest, widest), st.integers(0, 10**shortest - 1) | st.integers(0, 10**widest - 1)
        ).map(lambda t: prefix + str(t[1]).zfill(t[0])[-widest:])
    else:
        fast = _FAST.get(pattern)
    if fast is not None:
        return fast.filter(lambda s: len(s) <= longest).map(_checked(pattern, longest))
    # ASCII: the identifiers are ASCII, and from_regex's default alphabet (all of UTF-8) costs
    # seconds to set up. A pattern using \\d would otherwise draw non-ASCII digits.
    return st.from_regex(re.compile(pattern), fullmatch=True, alphabet=string.printable).filter(
        lambda s: len(s) <= longest
    )


def _neighbours(value: str, pattern: str) -> Iterator[str]:
    """Other values of the pattern near ``value``: its last number counted up and down, or with
    a number added."""
    match = re.search(r"([0-9]+)(?=[^0-9]*$)", value)
    if match is None:
        for extended in (value + "-0", value.replace(".txt", "0.txt"), value + "0"):
            if re.fullmatch(pattern, extended):
                yield from _neighbours(extended, pattern)
        return
    number, width = int(match[1]), len(match[1])
    for step in range(1, 10**6):
        for candidate in (number + step, number - step):
            if candidate >= 0:
                text = value[: match.start()] + str(candidate).zfill(width) + value[match.end() :]
                if re.fullmatch(pattern, text):
                    yield text


def fresh_id(draw: st.DrawFn, resource: str, name: str, taken: set[str] | list[str]) -> str:
    """One value of the field's pattern that ``taken`` does not hold (repaired, not filtered)."""
    value = draw(pattern_values(resource, name))
    if value in taken:
        value = next(v for v in _neighbours(value, constraints(resource, name)["pattern"]) if v not in taken)
    return value


def ids(resource: str, name: str, count: int) -> st.SearchStrategy[list[str]]:
    """``count`` distinct values matching the field's schema pattern and length limits."""
    return st.lists(pattern_values(resource, name), min_size=count, max_size=count, unique=True)


def _impossible(year: int, month: int, day: int) -> str:
    return f"{year:04d}-{month:02d}-{day:02d}"


@st.composite
def bad_dates(draw: st.DrawFn) -> str:
    """Dates that do not exist, and real dates not written as YYYY-MM-DD."""
    year = draw(st.integers(1990, 2030))
    month = draw(st.integers(1, 12))
    last = calendar.monthrange(year, month)[1]
    real = date(year, month, draw(st.integers(1, last)))
    impossible = st.one_of(
        st.integers(last + 1, 39).map(lambda d: _impossible(year, month, d)),  # 2021-02-30
        st.integers(13, 99).map(lambda m: _impossible(year, m, 1)),  # month 13
        st.just(_impossible(year, month, 0)),
        st.just(_impossible(year, 0, 1)),
    )
    formats = st.sampled_from(
        [
            "%d/%m/%Y",
            "%m/%d/%Y",
            "%Y/%m/%d",
            "%d-%b",  # 1-Mar (a spreadsheet)
            "%d %B %Y",
            "%Y%m%d",
            "%Y-%m-%dT00:00:00",
            "%Y-%m",
            "%y-%m-%d",
            "%d.%m.%Y",
        ]
    )
    non_iso = st.one_of(
        formats.map(lambda f: real.strftime(f)),
        st.just(f"{real.year}-{real.month}-{real.day}" if min(real.month, real.day) < 10 else "1-Mar"),
        st.just(real.isoformat().translate(str.maketrans("0123456789", "０１２３４５６７８９"))),
        st.just(real.isoformat().replace("-", "\u2013")),
    )
    text = draw(st.one_of(impossible, non_iso))
    assert text != real.isoformat()
    return text


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


@st.composite
def sentences(
    draw: st.DrawFn,
    span: str,
    qualifier: str,
    unit: str,
    per: str | None,
    plus: bool = False,
    geography: str | None = None,
) -> Sentence:
    """A sentence around ``span``, and a quote cut from it at word boundaries. The sentence names
    the figure's area, as the article must (layer 8 reads it)."""
    words = QUALIFIER_WORDS.get(qualifier, ("",))
    before = draw(st.sampled_from(LEADS)) + ("" if plus else draw(st.sampled_from(words)))
    per_text = draw(st.sampled_from(PER_WORDS.get(per, (f" per {per}",)))) if per else ""
    place = in_area(geography)
    after = unit_noun(unit) + place + per_text + draw(st.sampled_from(TAILS))
    return cut(draw, Sentence(before, span, after))


def cut(draw: st.DrawFn, sentence: Sentence) -> Sentence:
    """Cut the quote at word boundaries around the span (or take the whole sentence)."""
    before, after = sentence.before, sentence.after
    starts = {0, len(before)} | {i + 1 for i, ch in enumerate(before) if ch == " "}
    ends = {0, len(after)} | {
        i for i, ch in enumerate(after) if ch == " " and (i == 0 or after[i - 1] != " ")
    }
    start = draw(st.sampled_from(tuple(sorted(starts))))
    end = draw(st.sampled_from(tuple(sorted(ends))))
    return replace(sentence, cut_start=start, cut_end=len(after) - end)


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
    if per is True:
        per = draw(st.sampled_from((None, *PERS))) if bound.rate_allowed else None
    assert per is None or isinstance(per, str)
    qualifier = qualifier or draw(st.sampled_from(QUALIFIERS))
    decoration = decoration_of(unit)
    if value is not None:
        written = draw(single_texts(abs(value), decoration))
        low = high = None
    else:
        written, value, low, high = draw(
            written_values(limits(bound, per), qualifier, decoration, signed=measure_type == "change")
        )
    sentence = draw(
        sentences(written.text, qualifier, unit, per, plus=written.open_ended, geography=geography)
    )
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
        per=per,
        measure=draw(free_text("figures", "measure")) or "m",
        measure_type=measure_type,
        geography=geography,
        period_start=start,
        period_end=end,
        attributed_to=draw(free_text("figures", "attributed_to")),
        kind=draw(st.sampled_from(KINDS)),
        statistic_id=statistic_id,
        notes=draw(free_text("figures", "notes")),
    )


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
    result = draw(
        figures(
            source,
            published,
            figure_ids[0],
            statistic_ids[0],
            combination=draw(st.sampled_from(RELATION_CHANGES)),
            per=None,
            qualifier=draw(st.sampled_from(("exact", "around"))),
            value=Decimal(tenths) / 10,
        )
    )
    base = draw(
        figures(
            source,
            published,
            figure_ids[1],
            statistic_ids[1],
            combination=combination,
            per=None,
            qualifier="exact",
            value=a,
        )
    )
    new = draw(
        figures(
            source,
            published,
            figure_ids[2],
            statistic_ids[2],
            combination=combination,
            per=None,
            qualifier="exact",
            value=b,
        )
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
    figs: list[Figure] = list(
        draw(relation_figures(0, srcs[0].published_date, figure_ids[:3], statistic_ids[:3]))
    )
    for index, count in enumerate(per_source):
        for _ in range(count):
            n = len(figs)
            figs.append(
                draw(
                    figures(
                        index,
                        srcs[index].published_date,
                        figure_ids[n],
                        statistic_ids[n],
                        earliest_period=earliest_period,
                    )
                )
            )
    # A line an article repeats: the same sentence twice, one row for each occurrence.
    if draw(st.booleans()):
        original = draw(indices(figs))
        copy_id = fresh_id(draw, "figures", "figure_id", figure_ids)
        figs.append(replace(figs[original], figure_id=copy_id))
    excls = [
        draw(exclusions(index, srcs[index].published_date))
        for index in range(n_sources)
        for _ in range(draw(st.integers(0 if index else 1, 2)))
    ]
    relation_id = draw(ids("relations", "relation_id", 1))[0]
    relation = Relation(relation_id, 0, 0, 1, 2, draw(free_text("relations", "notes")))
    for index in range(n_sources):
        items: list[tuple[str, Any]] = [("figure", i) for i, f in enumerate(figs) if f.source == index]
        items += [("exclusion", i) for i, e in enumerate(excls) if e.source == index]
        items += [("text", t) for t in draw(st.lists(st.sampled_from(FILLERS), max_size=2))]
        layout = tuple(draw(st.permutations(items)))
        srcs[index] = replace(
            srcs[index], layout=layout, separator=draw(st.sampled_from(("\n\n", "\n", " ")))
        )
    return Package(tuple(srcs), tuple(figs), tuple(excls), (relation,))


# ---------------------------------------------------------------------------------------------
# Every property really runs its examples


def thorough_at_most(examples: int) -> settings:
    """Settings running at most ``examples`` (the ci profile's fewer are kept): for a property
    whose each example validates a whole generated package (about 0.1 s on a shared 2-core
    machine), so that the thorough profile of the property families stays under 15 minutes
    (measured: docs/testing.md). Each use says in its docstring why the count covers
    the property's space."""
    return settings(max_examples=min(examples, settings().max_examples))


def scaled(fraction: float, minimum: int = 10) -> settings:
    """Settings running ``fraction`` of the active profile's examples (for the slowest properties)."""
    return settings(max_examples=max(minimum, int(settings().max_examples * fraction)))


RUNS: dict[str, int] = {}


def runs_its_examples(minimum_fraction: float = 0.9, at_least: int | None = None) -> Callable[[Any], Any]:
    """Fail a passing property that ran fewer than ``minimum_fraction`` of its ``max_examples``
    (or, for a property whose whole input space may be tiny, fewer than ``at_least``).

    Put above ``@given``: wraps the inner test to count the examples that ran to the end (not
    rejected by ``assume`` or a filter), and checks the count once the property has passed.
    """

    def decorate(test: Any) -> Any:
        name = test.__qualname__
        inner = test.hypothesis.inner_test

        @functools.wraps(inner)
        def counting(*args: Any, **kwargs: Any) -> Any:
            result = inner(*args, **kwargs)
            RUNS[name] = RUNS.get(name, 0) + 1
            return result

        test.hypothesis.inner_test = counting

        @functools.wraps(test)
        def checked(*args: Any, **kwargs: Any) -> None:
            RUNS[name] = 0
            test(*args, **kwargs)
            wanted = getattr(test, "_hypothesis_internal_use_settings", settings()).max_examples
            wanted = at_least if at_least is not None else minimum_fraction * wanted
            assert RUNS[name] >= wanted, (
                f"{name} ran only {RUNS[name]} of {wanted} examples: its strategy rejects too many"
            )

        return checked

    return decorate


# ---------------------------------------------------------------------------------------------
# A fixed valid package, for explicit examples


def base_package() -> Package:
    """A small valid package written by hand: one article, a stated rise, one exclusion."""

    def figure(figure_id: str, span: str, value: Decimal, unit: str, measure_type: str) -> Figure:
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

    figures_ = (
        figure("fig-0001", "19.4 per cent", Decimal("19.4"), "percent", "change"),
        figure("fig-0002", "14,260", Decimal(14260), "cases", "level"),
        figure("fig-0003", "17,022", Decimal(17022), "cases", "level"),
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
