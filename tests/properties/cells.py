"""Strategies for text cells and identifiers, from the schemas' constraints (lengths, patterns),
and for dates that are not dates."""

from __future__ import annotations

import calendar
import functools
import re
import string
import sys
import unicodedata
from collections.abc import Callable, Iterator, Sized
from datetime import date

from hypothesis import strategies as st
from package_model import (
    constraints,
)

from ukcsa_data.validation.l7_spreadsheet.missing_text import missing_problem
from ukcsa_data.validation.l7_spreadsheet.spreadsheet import FORMULA_TRIGGERS, is_invisible


def accepted_text(text: str) -> bool:
    """Whether the cell rules accept ``text`` as it is: no formula start, no invisible character,
    not a word that a reader takes for a missing value (``spreadsheet`` and ``missing_text``)."""
    return (
        text[:1] not in FORMULA_TRIGGERS
        and not any(map(is_invisible, text))
        and missing_problem(text) is None
    )


def accepted_texts(alphabet: str, min_size: int = 0, max_size: int | None = None) -> st.SearchStrategy[str]:
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
