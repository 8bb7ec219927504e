"""Whether a number states someone's age: "a four-year-old", "12 years old", "aged 12", "children as
young as seven", "under-16s", "under the age of 13", "13 or younger", "before they turned 16".

An age is a figure (unit ``age_years`` where it is counted in years), never a period: "a
four-year-old" is not "four years". Only the words right next to the number count; where they are
silent ("children under 13") the number is not read as an age.
"""

from __future__ import annotations

import re

from ukcsa_data.tokens import numeric_tokens

_SPACE = r"[\s\u00a0\u202f]"
#: Words after the number: "-year-old", " years old", "-month-old", " year olds".
_OLD_AFTER = re.compile(
    rf"(?:{_SPACE}|-)*(?P<unit>years?|yrs?|months?|weeks?|days?)(?:{_SPACE}|-)*olds?\b", re.IGNORECASE
)
#: "under-16s", "over 60s": the number is then followed by "s".
_BAND_AFTER = re.compile(r"s\b")
_BAND_BEFORE = re.compile(rf"(?<![A-Za-z])(?:under|over){_SPACE}?-?{_SPACE}?$", re.IGNORECASE)
#: "13 or younger", "16 and over" is not an age (a count can be "16 and over").
_OR_YOUNGER_AFTER = re.compile(
    rf"(?:{_SPACE}+years?)?{_SPACE}+(?:or|and){_SPACE}+(?:younger|older)\b", re.IGNORECASE
)
#: Words before the number: "aged 12", "age 12", "the age of 12", "ages of 11 and", "as young as".
_BEFORE = re.compile(
    rf"(?<![A-Za-z])(?:aged|ages?(?:{_SPACE}+of)?|as{_SPACE}+(?:young|old){_SPACE}+as|turn(?:s|ed|ing)?)"
    rf"(?:{_SPACE}+(?:between|from|just|only))?{_SPACE}+$",
    re.IGNORECASE,
)


def age_unit(text: str, start: int, end: int) -> str | None:
    """``"years"`` if the number at ``start:end`` states an age in years, ``"months"`` (or weeks,
    days) for "a six-month-old", None if the words do not state an age (or the number is over 130)."""
    written = text[start:end].replace(",", "")
    if written.isdigit() and int(written) > 130:
        return None
    old = _OLD_AFTER.match(text, end)
    if old is not None:
        unit = old["unit"].lower().rstrip("s")
        return "years" if unit in ("year", "yr") else unit + "s"
    before = text[max(0, start - 24) : start]
    if _BEFORE.search(before) or _OR_YOUNGER_AFTER.match(text, end):
        return "years"
    if _BAND_AFTER.match(text, end) and _BAND_BEFORE.search(before):
        return "years"
    return None


def is_age(text: str, start: int, end: int) -> bool:
    """Whether the number at ``start:end`` states an age ("a four-year-old", "aged 12")."""
    return age_unit(text, start, end) is not None


def states_an_age(text: str, start: int, end: int) -> bool:
    """Whether a number written in ``text[start:end]`` (an exclusion's text: "four", "12",
    "four-year-old") states an age."""
    return any(is_age(text, start + t.start, start + t.end) for t in numeric_tokens(text[start:end]))
