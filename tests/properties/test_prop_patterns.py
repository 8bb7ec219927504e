"""[schema] Schema patterns: what the safe subset accepts matches every cell in linear time.

Properties:

- For a pattern built by a grammar of literals, classes, ``.``, ``\\d \\w \\s``, groups, alternation
  and ``* + ? {m,n}``, whenever ``pattern_problem`` accepts it, ``fullmatch`` on an adversarial
  cell of up to ``cell_chars`` characters (a short string of the pattern's own characters pumped
  to that length, then a final character that may not match) finishes within ``BOUND`` seconds.
  A quadratic pattern needs about 10^8 steps on such a cell and an exponential one never
  finishes, so the bound is far from both (accepted patterns take a few milliseconds).
- Every pattern of the known catastrophic families (with random literals) is rejected with
  ``unsafe-pattern``.
- Every pattern of the shipped schemas is accepted.
"""

from __future__ import annotations

import json
import re
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ukcsa_data.core import limits
from ukcsa_data.core.package_files import bundled_package_dir
from ukcsa_data.validation.l1_descriptor.regex_safety import pattern_problem

pytestmark = pytest.mark.schema

#: Seconds one fullmatch of an accepted pattern may take on a cell of ``cell_chars`` characters.
BOUND = 0.25
#: The slowest accepted match seen in this run (pattern, seconds), for reporting.
SLOWEST: dict[str, float] = {}

_CHARS = "ab01-. x"
_LEAVES = st.sampled_from(
    [re.escape(c) for c in _CHARS] + ["[ab]", "[a-c]", "[^a]", "[0-9]", "[a.-]", ".", r"\d", r"\w", r"\s"]
)


def _quantified(inner: str, quantifier: str) -> str:
    return f"(?:{inner}){quantifier}"


_QUANTIFIERS = st.sampled_from(["*", "+", "?", "*?", "{2}", "{0,3}", "{1,30}", "{3,}"])


def _extend(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.lists(children, min_size=2, max_size=4).map("".join),
        children.map(lambda c: f"({c})"),
        st.lists(children, min_size=2, max_size=3).map(lambda cs: "(" + "|".join(cs) + ")"),
        st.tuples(children, _QUANTIFIERS).map(lambda t: _quantified(*t)),
    )


PATTERNS = st.recursive(_LEAVES, _extend, max_leaves=8)
_STAND_INS = {r"\d": "0", r"\w": "a", r"\s": " ", ".": "a"}


def _own_characters(pattern: str) -> str:
    """The characters a pattern names, plus one character for each class escape and ``.``."""
    named = {c for c in pattern if c not in "()[]|*+?{},:^\\"}
    named |= {stand_in for escape, stand_in in _STAND_INS.items() if escape in pattern}
    return "".join(sorted(named))


@st.composite
def accepted_with_cell(draw: st.DrawFn) -> tuple[str, str]:
    """A generated pattern the subset accepts, and an adversarial cell for it."""
    pattern = draw(PATTERNS.filter(lambda p: pattern_problem(p) is None))
    pump = draw(st.text(st.sampled_from(_own_characters(pattern)), min_size=1, max_size=4))
    final = draw(st.sampled_from(["\n", "\x00", "!", pump[0]]))
    length = limits.active().cell_chars - 1
    return pattern, (pump * (length // len(pump) + 1))[:length] + final


@given(accepted_with_cell())
def test_accepted_patterns_match_a_long_cell_quickly(case: tuple[str, str]) -> None:
    """An accepted pattern matches (or fails to match) an adversarial full-size cell within BOUND."""
    pattern, cell = case
    compiled = re.compile(pattern)
    start = time.perf_counter()
    compiled.fullmatch(cell)
    elapsed = time.perf_counter() - start
    SLOWEST[pattern] = max(elapsed, SLOWEST.get(pattern, 0.0))
    assert elapsed < BOUND, (pattern, cell[:20], elapsed)


_LETTERS = st.sampled_from("abcxyz019-")
_COUNTS = st.integers(min_value=3, max_value=40)
_FAMILIES = [
    "({a}|{a})*",
    "({a}|{a}{b})*{c}",
    "{a}*{a}*{a}*{b}",
    "{a}*{b}?{a}*{c}",
    r"\d*\d*\d*{c}",
    r"[{a}{b}]+[{b}{c}]+",
    ".*.*.*.*{c}",
    ".*{a}.*{c}",
    "({a}{{1,{n}}}){{1,{n}}}",
    "(({a}{{0,{n}}}){{0,{n}}}){{0,{n}}}",
    "(?:{a}{{2,{n}}})+",
    r"(.|\s)*{c}",
    "(.|{a})*{c}",
    r"(\w|x{a})*{c}",
    "({a}+)+{c}",
    "({a}*)*{c}",
    "([{a}{b}]+{c}?)*",
    "({a}|[{a}{b}]{c})+",
    r"([a-z0-9]+\.?)+{c}",
    "({a}?){{{n}}}{a}{{{n}}}",
    "({a})\\1*{c}",
]


@given(st.sampled_from(_FAMILIES), _LETTERS, _LETTERS, _LETTERS, _COUNTS)
def test_catastrophic_families_are_rejected(family: str, a: str, b: str, c: str, n: int) -> None:
    """Every pattern of a known catastrophic family is rejected as unsafe, whatever its letters."""
    a, b, c = (re.escape(x) for x in (a, b, c))
    pattern = family.format(a=a, b=b, c=c, n=n)
    found = pattern_problem(pattern)
    assert found is not None and found[0] == "unsafe-pattern", (pattern, found)


def _shipped_patterns() -> list[str]:
    schemas = sorted((bundled_package_dir() / "schemas").glob("*.schema.json"))
    fields = [f for path in schemas for f in json.loads(path.read_text("utf-8"))["fields"]]
    return sorted({f["constraints"]["pattern"] for f in fields if "pattern" in f.get("constraints", {})})


@pytest.mark.parametrize("pattern", _shipped_patterns())
def test_shipped_patterns_are_accepted(pattern: str) -> None:
    """Every pattern of the shipped schemas is in the safe subset."""
    assert pattern_problem(pattern) is None
