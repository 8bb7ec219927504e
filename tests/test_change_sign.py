"""The change-sign word rule: a change figure's value is negative where the words say it fell and
positive where they say it rose, and the rule says nothing where the words give no direction.
``[[...]]`` marks the figure's value_text in each sentence (written for these tests)."""

from __future__ import annotations

import pytest

from ukcsa_data.validation.l3_types.field_types import InvalidCells, TypedTable
from ukcsa_data.validation.l8_words.change_sign import change_sign
from ukcsa_data.validation.l8_words.context import Mention
from ukcsa_data.validation.rules import Finding, Row


def findings(
    marked: str,
    value: float | None,
    low: float | None = None,
    high: float | None = None,
    measure_type: str = "change",
) -> list[Finding]:
    start = marked.index("[[")
    end = marked.index("]]") - 2
    text = marked.replace("[[", "").replace("]]", "")
    columns = {
        "figure_id": ["fig-0001"],
        "measure_type": [measure_type],
        "value": [value],
        "value_low": [low],
        "value_high": [high],
    }
    row = Row(TypedTable("figures", "dataset/figures.csv", columns, [2], InvalidCells(1)), 0)
    return list(change_sign.check(row, Mention(text, start, end)))


@pytest.mark.parametrize(
    ("sentence", "value", "fix"),
    [
        ("There was a fall of [[30 per cent]] in referrals.", 30, "use -30"),
        ("Arrests dropped by [[12 per cent]] last year.", 12, "use -12"),
        ("Reports were down [[8 per cent]] on the year before.", 8, "use -8"),
        ("The unit's budget was cut by [[10 per cent]].", 10, "use -10"),
        ("Referrals slumped [[40%]] during the lockdown.", 40, "use -40"),
        ("Police saw a [[15 per cent]] decrease in reports.", 15, "use -15"),
        ("Referrals rose by [[25 per cent]].", -25, "use 25"),
        ("Cases have surged [[700 per cent]] in five years.", -700, "use 700"),
        ("There was more than a [[20 per cent]] increase in reports.", -20, "use 20"),
        ("Reports increased by almost [[20 per cent]].", -20, "use 20"),
    ],
)
def test_a_sign_against_the_words_is_an_error(sentence: str, value: float, fix: str) -> None:
    (found,) = findings(sentence, value)
    assert (found.code, found.field, found.severity) == ("change-sign", "value", "error")
    assert fix in found.text
    assert found.text.startswith(f"value is {value:g}, but the article says ")


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("There was a fall of [[30 per cent]] in referrals.", -30),
        ("Referrals rose by [[25 per cent]].", 25),
        ("Arrests rose by [[0 per cent]].", 0),
        # No direction in the words: any sign.
        ("Arrests changed by [[5 per cent]].", -5),
        ("Arrests changed by [[5 per cent]].", 5),
        ("Arrests have not fallen by [[5 per cent]].", 5),
        ("Arrests did not see a [[5 per cent]] rise.", -5),
        ("Referrals are [[40 per cent]] of the total.", 40),
    ],
)
def test_a_sign_the_words_allow_passes(sentence: str, value: float) -> None:
    assert findings(sentence, value) == []


def test_a_level_is_not_checked() -> None:
    """Only change rows are held to a direction ("fell to 300" is a level)."""
    assert findings("Arrests fell by [[300]] to 1,200.", 300, measure_type="level") == []


def test_a_range_of_a_fall_has_both_bounds_negative() -> None:
    (found,) = findings("Referrals fell by [[10 to 20 per cent]].", None, 10, 20)
    assert (found.code, found.field) == ("change-sign", "value_low")
    assert "use value_low -20 and value_high -10" in found.text
    assert findings("Referrals fell by [[10 to 20 per cent]].", None, -20, -10) == []


@pytest.mark.parametrize(
    ("computed", "value", "qualifier", "fits"),
    [
        (-19.4, -20, "almost", True),  # "fell by almost 20 per cent", from 17,022 to 14,260 (say)
        (-21.0, -20, "almost", False),
        (-25.0, -20, "more_than", True),  # "fell by more than 20 per cent"
        (-15.0, -20, "more_than", False),
        (-15.0, -20, "up_to", True),
        (19.4, 20, "almost", True),
        (-20.0, -20, "exact", True),
    ],
)
def test_a_relation_bounds_the_size_of_a_fall(
    computed: float, value: float, qualifier: str, fits: bool
) -> None:
    """A relation's result that is a fall is held to its qualifier by its size, as the words say it."""
    from ukcsa_data.validation.l6_consistency.consistency import stated_result_fits

    assert stated_result_fits(computed, value, None, None, qualifier) is fits


def test_a_relation_range_of_a_fall_holds_its_size() -> None:
    from ukcsa_data.validation.l6_consistency.consistency import stated_result_fits

    assert stated_result_fits(-15.0, None, -20, -10, "range")
    assert not stated_result_fits(-25.0, None, -20, -10, "range")
