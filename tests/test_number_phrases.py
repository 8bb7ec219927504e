"""The number-phrase parser: examples of every supported style, and every value_text in the data."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from ukcsa_data import load
from ukcsa_data.number_phrases import NumberPhraseError, parse_value_text


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
