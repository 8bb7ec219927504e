"""Rule: the sign of a change's value is the direction the words give it ("a fall of 30 per cent"
is -30). Registers on :data:`~ukcsa_data.validation.l8_words.figure_rules.FIGURE_RULES`."""

from __future__ import annotations

from collections.abc import Iterator

from ukcsa_data.validation.l8_words.context import Mention
from ukcsa_data.validation.l8_words.figure_rules import FIGURE_RULES
from ukcsa_data.validation.rules import Finding, Row


def _number(value: float) -> str:
    return f"{value:g}" if abs(value) < 1e15 else str(value)


@FIGURE_RULES.rule("change-sign")
def change_sign(row: Row, mention: Mention) -> Iterator[Finding]:
    """A change figure (measure_type ``change``) is negative where the words say it fell, and
    positive where they say it rose; a range's bounds both.

    Bad: value 30 for "there was a fall of 30 per cent". Good: -30.
    Bad: value_low 10, value_high 20 for "fell by 10 to 20 per cent". Good: -20 and -10.
    Bad: value -700 for "have surged by 700 per cent". Good: 700.
    Good: any sign where the words give no direction ("changed by 5 per cent", "has not fallen by").
    """
    if row["measure_type"] != "change":
        return
    stated = mention.reading.direction
    if stated.value is None:
        return
    fall = stated.value == "fall"
    value, low, high = row["value"], row["value_low"], row["value_high"]
    wrong = [n for n in (value, low, high) if n is not None and n != 0 and (n < 0) != fall]
    if not wrong:
        return
    sign = "negative" if fall else "positive"
    said = f"the article says {mention.said(stated)}: a {stated.value} is {sign}"
    if value is not None:
        fixed = -abs(value) if fall else abs(value)
        yield Finding("change-sign", "value", f"value is {_number(value)}, but {said}, use {_number(fixed)}")
    elif low is not None and high is not None:
        a, b = sorted((-abs(low), -abs(high)) if fall else (abs(low), abs(high)))
        yield Finding(
            "change-sign",
            "value_low",
            f"value_low is {_number(low)} and value_high {_number(high)}, but {said}, use value_low "
            f"{_number(a)} and value_high {_number(b)}",
        )
