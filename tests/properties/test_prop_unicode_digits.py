"""[provenance] A number in any script is a number: every run of Unicode decimal digits (category
Nd: full-width, Arabic-Indic, Devanagari, Bengali, Thai, ...) is a numeric token, so a seed cannot
carry a figure past the coverage check by writing it in other digits; thousands grouped by thin or
no-break spaces are one token; and an invisible character inside or beside a number's digits is
reported, not read as two numbers."""

from __future__ import annotations

import sys
import unicodedata

import pytest
from cells import indices
from example_counts import thorough_at_most
from harness import error, explain, found, validate
from hypothesis import given
from hypothesis import strategies as st
from package_model import Package, seed_text
from strategies import packages

from ukcsa_data.core.escaping import is_invisible
from ukcsa_data.text.tokens import GROUP_SPACES, numeric_tokens

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


def _with_sentence(package: Package, number: str, data: st.DataObject) -> tuple[Package, int, int]:
    """``package`` with the sentence "Officers noted NUMBER further reports." put at a drawn place
    of a drawn seed; that source's index and the number's offset in its seed."""
    source = data.draw(indices(package.sources))
    sentence = f"Officers noted {number} further reports."
    layout = list(package.sources[source].layout)
    layout.insert(data.draw(st.integers(0, len(layout))), ("text", sentence))
    package = package.replace_source(source, layout=tuple(layout))
    seed, _ = seed_text(package, source)
    return package, source, seed.index(sentence) + len("Officers noted ")


@thorough_at_most(200)
@given(package=packages(max_sources=2, max_figures=2), number=script_numbers(), data=st.data())
def test_digits_of_any_script_must_be_covered(package: Package, number: str, data: st.DataObject) -> None:
    """Property: a sentence with a digit string of any script, added to a seed and covered by no
    row, is reported token-uncovered at its line of the seed, and nothing else is reported.

    Thorough runs 200 examples (each example validates a whole generated package): Unicode has about
    70 digit scripts, each drawn several times; the token-level property above tries them all
    without a package.
    """
    package, source, offset = _with_sentence(package, number, data)
    report, where = validate(package)
    seed_file = package.sources[source].seed_file
    wanted = [error(seed_file, where.seed_line(source, offset), None, "token-uncovered")]
    assert found(report) == wanted, explain(report)


#: Invisible and format characters (``escaping.is_invisible``, one definition), drawn
#: from the Basic Multilingual Plane and the tag block.
INVISIBLES = [
    c
    for c in map(chr, [*range(0x80, 0x3000), *range(0xFE00, 0x10000), *range(0xE0000, 0xE0080)])
    if is_invisible(c) and not c.isspace()
]


@given(
    number=script_numbers(),
    group=st.integers(1, 4),
    space=st.sampled_from(GROUP_SPACES),
)
def test_thousands_grouped_by_thin_or_no_break_spaces_are_one_token(
    number: str, group: int, space: str
) -> None:
    """Property: digits grouped in threes by one of the group spaces, in a sentence, are exactly
    one numeric token (as a comma-grouped number is)."""
    zero = ord(number[0]) - unicodedata.decimal(number[0])
    thousands = space.join(chr(zero + (n % 10)) * 3 for n in range(group))
    written = number[:3] + space + thousands
    sentence = f"Officers noted {written} reports."
    tokens = numeric_tokens(sentence)
    assert [t.text for t in tokens] == [written], (sentence, tokens)


@thorough_at_most(200)
@given(
    package=packages(max_sources=2, max_figures=2),
    hidden=st.sampled_from(INVISIBLES),
    split=st.integers(0, 3),
    data=st.data(),
)
def test_an_invisible_character_in_a_number_is_reported(
    package: Package, hidden: str, split: int, data: st.DataObject
) -> None:
    """Property: an invisible or format character put inside "1000" or right beside it, in a
    sentence added to a seed, is reported hidden-in-number at its line of the seed, with the
    character escaped in the message (whatever rows cover the pieces).

    Thorough runs 200 examples (each example validates a whole generated package): the invisible
    characters and their places around "1000" are a few hundred pairs; each thorough run draws
    afresh.
    """
    number = "1000"[: split + 1] + hidden + "1000"[split + 1 :] if split < 3 else "1000" + hidden
    package, source, offset = _with_sentence(package, number, data)
    report, where = validate(package)
    seed_file = package.sources[source].seed_file
    line = where.seed_line(source, offset)
    hidden_found = [p for p in report.problems if p.code == "hidden-in-number"]
    assert [(p.path, p.line) for p in hidden_found] == [(seed_file, line)], explain(report)
    escaped = f"\\u{ord(hidden):04x}" if ord(hidden) <= 0xFFFF else f"\\U{ord(hidden):08x}"
    assert escaped in hidden_found[0].message, hidden_found[0].message
    assert not report.valid
