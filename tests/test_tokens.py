"""The numeric-token rule that coverage is measured against."""

from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st

from ukcsa_data.core.utf8 import non_ascii_characters
from ukcsa_data.text.tokens import NUMBER_WORDS, numeric_tokens


def _texts(text: str) -> list[str]:
    return [t.text for t in numeric_tokens(text)]


def test_digits_words_and_grouping() -> None:
    assert _texts("At least 80,000 people") == ["80,000"]
    assert _texts("in just three clicks") == ["three"]
    assert _texts("In a single month in 2021") == ["a single", "2021"]
    assert _texts("up 19.4 per cent") == ["19.4"]


def test_a_comma_groups_only_three_digits() -> None:
    assert _texts("(4-5,5 -7, 8-10, 11-14 and 14+)") == ["4", "5", "5", "7", "8", "10", "11", "14", "14"]


def test_words_inside_other_words_are_not_numbers() -> None:
    assert _texts("someone, anyone, everyone, alone, often, tone, phone, money") == []
    assert _texts("One officer") == ["One"]


def test_spans_point_at_the_text() -> None:
    text = "surged by 700 per cent in the last five years"
    for token in numeric_tokens(text):
        assert text[token.start : token.end] == token.text


def test_thin_narrow_and_no_break_spaces_group_thousands() -> None:
    assert _texts("80\u2009000 and 80\u202f000 and 80\u00a0000 and 1\u2007250\u2007000") == [
        "80\u2009000",
        "80\u202f000",
        "80\u00a0000",
        "1\u2007250\u2007000",
    ]
    # Only before exactly three digits, as with a comma; an ordinary space separates two numbers.
    assert _texts("in 2019\u00a0500 men, 80\u00a00000, 80 000") == ["2019", "500", "80", "0000", "80", "000"]


def test_numerals_that_are_not_digits_are_tokens() -> None:
    assert _texts("rose 2\u00bd times in Year \u216b, footnote\u2078\u2070, 10\u00b2 m, \u2460") == [
        "2\u00bd",
        "\u216b",
        "\u2078\u2070",
        "10\u00b2",
        "\u2460",
    ]


def test_an_invisible_character_is_not_part_of_a_token() -> None:
    # "1<U+200B>000" is two tokens: provenance reports the character (hidden-in-number).
    assert _texts("1\u200b000 children") == ["1", "000"]


# The definition of a numeric token as one pattern: the fast two-pass tokenizer must agree with it.
_WORDS = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(NUMBER_WORDS, key=len, reverse=True))
_NUMERALS = "\u00bd\u00b2\u2078\u216b\u2460"  # ½ ² ⁸ Ⅻ ①: numerals that are not decimal digits
_REFERENCE = re.compile(
    r"(?<![0-9])(?:(?:[0-9]{1,3}(?:[,\u00a0\u2007\u2009\u202f][0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)"
    rf"(?![0-9])[{_NUMERALS}]*|[{_NUMERALS}]+)"
    rf"|(?<![^\W\d_{_NUMERALS}])(?:{_WORDS})s?(?![^\W\d_{_NUMERALS}])",
    re.IGNORECASE,
)
_ALPHABET = st.sampled_from(
    [
        *"0123456789,. -_'\n\u00a0\u2009\u202f\u2007\u200b",
        *_NUMERALS,
        *("one", "One", "ONE", "ten", "often", "a single", "a  single", "twenty"),
        *("s", "x", "\u00e9", "\u0130", "\u212a", "thousand"),
    ]
)


@given(st.lists(_ALPHABET, max_size=40).map("".join))
@example("someone x_one 3million ONE bones eightyfold 1,2345 12345,678 İone a\u00a0single")
@example("80\u2009000 80\u202f000,000 1\u00a012 2\u00bd \u216b\u2460 10\u00b2 \u00bd5")
def test_fast_tokenizer_matches_the_reference_pattern(text: str) -> None:
    """Property: for any text, numeric_tokens gives exactly the reference pattern's matches."""
    expected = [(m.start(), m.end(), m.group()) for m in _REFERENCE.finditer(text)]
    assert [tuple(t) for t in numeric_tokens(text)] == expected


@given(st.text(st.characters(codec=None, exclude_categories=())))
@example("caf\u00e9 \U0001f642 \ud800 \u00bd plain")
@example("")
@example("ascii only")
def test_non_ascii_characters_are_the_texts_characters_beyond_ascii(text: str) -> None:
    """Property: for any text (lone surrogates included), non_ascii_characters gives exactly the
    set of its characters above U+007F."""
    assert non_ascii_characters(text) == {c for c in text if ord(c) > 0x7F}
