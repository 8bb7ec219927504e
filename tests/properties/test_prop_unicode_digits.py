"""[provenance] A number in any script is a number: every run of Unicode decimal digits (category
Nd: full-width, Arabic-Indic, Devanagari, Bengali, Thai, ...) is a numeric token, so a seed cannot
carry a figure past the coverage check by writing it in other digits."""

from __future__ import annotations

import sys
import unicodedata

import pytest
from harness import error, explain, found, validate
from hypothesis import given
from hypothesis import strategies as st
from package_model import Package, seed_text
from strategies import packages

from ukcsa_data.tokens import numeric_tokens

pytestmark = pytest.mark.provenance

#: The zero of every script's run of ten decimal digits (each Nd digit is zero + its value).
ZEROS = sorted(
    {
        ord(c) - unicodedata.decimal(c)
        for c in map(chr, range(sys.maxunicode + 1))
        if unicodedata.category(c) == "Nd"
    }
)


@st.composite
def script_numbers(draw: st.DrawFn) -> str:
    """A run of one to twelve decimal digits, all of one script."""
    zero = draw(st.sampled_from(ZEROS))
    return "".join(chr(zero + d) for d in draw(st.lists(st.integers(0, 9), min_size=1, max_size=12)))


@given(number=script_numbers(), before=st.sampled_from(["noted ", "(", "£", "about "]))
def test_digits_of_any_script_are_one_numeric_token(number: str, before: str) -> None:
    """Property: a digit string of any script, in a sentence, is exactly one numeric token."""
    sentence = f"Officers {before}{number} further reports."
    tokens = [t for t in numeric_tokens(sentence) if t.text != "further"]
    start = len("Officers ") + len(before)
    assert [(t.start, t.end) for t in tokens] == [(start, start + len(number))], (sentence, tokens)


@given(package=packages(max_sources=2, max_figures=2), number=script_numbers(), data=st.data())
def test_digits_of_any_script_must_be_covered(package: Package, number: str, data: st.DataObject) -> None:
    """Property: a sentence with a digit string of any script, added to a seed and covered by no
    row, is reported token-uncovered at its line of the seed, and nothing else is reported."""
    source = data.draw(st.integers(0, len(package.sources) - 1))
    sentence = f"Officers noted {number} further reports."
    layout = list(package.sources[source].layout)
    layout.insert(data.draw(st.integers(0, len(layout))), ("text", sentence))
    package = package.replace_source(source, layout=tuple(layout))
    seed, _ = seed_text(package, source)
    offset = seed.index(sentence) + len("Officers noted ")
    report, where = validate(package)
    seed_file = package.sources[source].seed_file
    wanted = [error(seed_file, where.seed_line(source, offset), None, "token-uncovered")]
    assert found(report) == wanted, explain(report)
