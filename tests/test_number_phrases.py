"""The number-phrase parser: examples of every supported style, and every value_text in the data."""

from __future__ import annotations

import math
from decimal import Decimal
from pathlib import Path

import pytest

from ukcsa_data import load
from ukcsa_data.text.number_phrases import NumberPhraseError, parse_value_text


@pytest.mark.parametrize(
    ("text", "value", "low", "high"),
    [
        ("80,000", 80_000, None, None),
        ("700 per cent", 700, None, None),
        ("19.4%", 19.4, None, None),
        ("three", 3, None, None),
        ("Three", 3, None, None),
        ("a single", 1, None, None),
        ("twenty-five", 25, None, None),
        ("one hundred and fifty", 150, None, None),
        ("five hundred thousand", 500_000, None, None),
        ("£600,000", 600_000, None, None),
        ("£2bn", 2_000_000_000, None, None),
        ("1.5m", 1_500_000, None, None),
        ("2.3 million", 2_300_000, None, None),
        ("14+", 14, None, None),
        ("550,000 – 850,000", None, 550_000, 850_000),
        ("550,000-850,000", None, 550_000, 850_000),
        ("5 -7", None, 5, 7),
        ("10 to 20 per cent", None, 10, 20),
        ("between 1 and 2 million", None, 1_000_000, 2_000_000),
        ("1-2 million", None, 1_000_000, 2_000_000),
        ("550,000 to 1 million", None, 550_000, 1_000_000),
    ],
)
def test_parses_each_style(text: str, value: float | None, low: float | None, high: float | None) -> None:
    parsed = parse_value_text(text)
    assert (parsed.value, parsed.low, parsed.high) == (value, low, high)


def test_flags_percent_currency_and_open_ended() -> None:
    assert parse_value_text("700 per cent").percent
    assert parse_value_text("£600,000").currency == "£"
    assert parse_value_text("14+").open_ended
    assert not parse_value_text("80,000").percent


@pytest.mark.parametrize(
    "text", ["", "per cent", "and", "one and two", "a", "-5", "80,00", "£", "1,2345", "to 5"]
)
def test_rejects_what_is_not_a_number_phrase(text: str) -> None:
    with pytest.raises(NumberPhraseError):
        parse_value_text(text)


def _same(a: float | None, b: object) -> bool:
    if a is None:
        return b is None or (isinstance(b, float) and math.isnan(b)) or b is __import__("pandas").NA
    return isinstance(b, float) and math.isclose(a, b)


def test_every_value_text_in_the_data_parses_to_its_values(package_dir: Path) -> None:
    figures = load("figures", package_dir)
    assert len(figures) > 0
    for row in figures.itertuples():
        parsed = parse_value_text(row.value_text)
        assert _same(parsed.value, row.value), (row.figure_id, row.value_text)
        assert _same(parsed.low, row.value_low), (row.figure_id, row.value_text)
        assert _same(parsed.high, row.value_high), (row.figure_id, row.value_text)


@pytest.mark.parametrize(
    ("text", "value", "ratio", "multiple"),
    [
        ("one in five", 5, True, False),
        ("1 in 5", 5, True, False),
        ("One in 10,000", 10_000, True, False),
        ("three times", 3, False, True),
        ("3 times", 3, False, True),
        ("1.5 times", 1.5, False, True),
    ],
)
def test_ratios_and_multiples(text: str, value: float, ratio: bool, multiple: bool) -> None:
    """ "one in five" is the ratio 5 (unit one_in); "three times" the multiple 3 (unit times)."""
    parsed = parse_value_text(text)
    assert (parsed.value, parsed.ratio, parsed.multiple) == (value, ratio, multiple)
    assert not parsed.percent and parsed.currency is None and not parsed.is_range


@pytest.mark.parametrize("text", ["one in", "two in five", "times", "5 per cent times", "£3 times"])
def test_ratio_and_multiple_need_their_whole_phrase(text: str) -> None:
    with pytest.raises(NumberPhraseError):
        parse_value_text(text)


@pytest.mark.parametrize(
    ("text", "value", "low", "high"),
    [
        ("80\u2009000", 80_000, None, None),
        ("80\u202f000", 80_000, None, None),
        ("80\u00a0000", 80_000, None, None),
        ("£1\u2009250\u2009000", 1_250_000, None, None),
        ("550\u202f000 – 850\u202f000", None, 550_000, 850_000),
    ],
)
def test_thin_and_no_break_spaces_group_thousands(
    text: str, value: float | None, low: float | None, high: float | None
) -> None:
    parsed = parse_value_text(text)
    assert (parsed.value, parsed.low, parsed.high) == (value, low, high)


@pytest.mark.parametrize(
    ("text", "exact"),
    [
        ("£1.2 million", (Decimal("1200000"), None, None)),
        ("2 billion", (Decimal("2000000000"), None, None)),
        ("9,007,199,254,740,993", (Decimal("9007199254740993"), None, None)),  # past a float's precision
        ("0.1", (Decimal("0.1"), None, None)),
        ("1.1-2.2 million", (None, Decimal("1100000"), Decimal("2200000"))),
        ("two-thirds", (Decimal("0.6667"), None, None)),  # a fraction rounded to four places, by rule
        ("a third", (Decimal("0.3333"), None, None)),
        ("tens of thousands", (Decimal("20000"), None, None)),
    ],
)
def test_every_number_is_kept_exactly(text: str, exact: tuple[Decimal | None, ...]) -> None:
    assert parse_value_text(text).exact == exact


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("2\u00bd", "VULGAR FRACTION ONE HALF"),
        ("2\u00bd times", "VULGAR FRACTION ONE HALF"),
        ("\u216b", "ROMAN NUMERAL TWELVE"),
        ("\u2078\u2070", "SUPERSCRIPT"),
        ("10\u00b2", "SUPERSCRIPT TWO"),
    ],
)
def test_a_numeral_that_is_not_a_digit_is_named(text: str, named: str) -> None:
    with pytest.raises(NumberPhraseError, match=named):
        parse_value_text(text)


@pytest.mark.parametrize(
    ("text", "cell", "matches"),
    [
        ("£2 billion", "2000000000", True),
        ("£2 billion", "2000000001", False),
        ("£2 billion", "2000000002", False),
        ("£2 billion", "2000000000.0000001", False),  # the same float as 2000000000
        ("£1.2 million", "1200000", True),
        ("two-thirds", "0.6667", True),
        ("two-thirds", "0.66667", False),
        ("9,007,199,254,740,993", "9007199254740992", False),  # the same float
        ("fell by 10 to 20 per cent", "", True),
    ],
)
def test_values_are_held_to_their_words_exactly(text: str, cell: str, matches: bool) -> None:
    """The comparison of layer 5, in decimal arithmetic with no tolerance."""
    from ukcsa_data.validation.l5_provenance.value_text import _stated, _values_match

    parsed = parse_value_text(text.removeprefix("fell by "))
    recorded = (None, Decimal("-20"), Decimal("-10")) if not cell else (Decimal(cell), None, None)
    assert _values_match(_stated(parsed), recorded) is matches


def test_a_value_read_as_a_float_is_compared_by_its_shortest_decimal() -> None:
    """Without a cell's text (a table built in code), 2e9 is 2000000000 and matches "2 billion"."""
    from ukcsa_data.validation.l5_provenance.value_text import _stated, _values_match

    stated = _stated(parse_value_text("2 billion"))
    assert _values_match(stated, (Decimal(repr(2e9)), None, None))
    assert not _values_match(stated, (Decimal(repr(2000000001.0)), None, None))
