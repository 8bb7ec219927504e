"""The numeric-token rule that coverage is measured against."""

from __future__ import annotations

from ukcsa_data.tokens import numeric_tokens


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
