"""Whether a number states someone's age: "a four-year-old", "12 years old", "aged 12", "children as
young as seven", "under-16s", "under the age of 13", "13 or younger", "before they turned 16".

An age is a figure (unit ``age_years`` where it is counted in years), never a period: "a
four-year-old" is not "four years". Only the words right next to the number count; where they are
silent ("children under 13") the number is not read as an age.
"""

from __future__ import annotations

import re

from ukcsa_data.text.tokens import DIGITS, NUMBER_WORDS, numeric_tokens

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


#: The last word before the number in the wordings of _BEFORE ("aged 12", "the age of 13").
_LAST_WORDS = frozenset(
    [
        "aged",
        "age",
        "ages",
        "of",
        "as",
        "between",
        "from",
        "just",
        "only",
        "turn",
        "turns",
        "turned",
        "turning",
    ]
)
_OPENERS = "([\"'\u2018\u201c"


def _near_an_age_word(text: str, start: int, end: int) -> bool:
    """Whether a word that every wording of an age holds is near ("old", "aged", "the age of",
    "young", "turned", "under", "over"): a quick test that spares most texts the patterns."""
    near = text[max(0, start - 24) : end + 24].lower()
    return (
        "old" in near
        or " age" in near
        or "aged" in near
        or "young" in near
        or "turn" in near
        or "under" in near
        or "over" in near
    )


def _in_years(text: str, start: int, end: int) -> str | None:
    """``"years"``, unless the number is too large for an age (over 130)."""
    written = text[start:end].replace(",", "")
    return None if written.isdigit() and int(written) > 130 else "years"


def age_unit(text: str, start: int, end: int) -> str | None:
    """``"years"`` if the number at ``start:end`` states an age in years, ``"months"`` (or weeks,
    days) for "a six-month-old", None if the words do not state an age (or the number is over 130).
    Each pattern is tried only where a word it needs is next to the number ("old" after it, "aged"
    before it), so that most numbers cost a few substring tests."""
    after = text[end : end + 24].lower()
    if "old" in after or "young" in after:
        old = _OLD_AFTER.match(text, end)
        if old is not None:
            unit = old["unit"].lower().rstrip("s")
            return _in_years(text, start, end) if unit in ("year", "yr") else unit + "s"
        if _OR_YOUNGER_AFTER.match(text, end):
            return _in_years(text, start, end)
    before = text[max(0, start - 24) : start]
    lowered = before.lower()
    if "age" in lowered or "young" in lowered or "old" in lowered or "turn" in lowered:
        last = lowered.rsplit(None, 1)[-1].lstrip(_OPENERS) if lowered.strip() else ""
        if last in _LAST_WORDS and _BEFORE.search(before):
            return _in_years(text, start, end)
    tail = lowered[-7:]
    if ("under" in tail or "over" in tail) and _BAND_AFTER.match(text, end) and _BAND_BEFORE.search(before):
        return _in_years(text, start, end)
    return None


def is_age(text: str, start: int, end: int) -> bool:
    """Whether the number at ``start:end`` states an age ("a four-year-old", "aged 12")."""
    return age_unit(text, start, end) is not None


def states_an_age(text: str, start: int, end: int) -> bool:
    """Whether a number written in ``text[start:end]`` (an exclusion's text: "four", "12",
    "four-year-old") states an age."""
    written = text[start:end]
    if DIGITS.fullmatch(written) or written.lower() in NUMBER_WORDS:  # one token, the common case
        return is_age(text, start, end)
    if not _near_an_age_word(text, start, end):
        return False
    return any(is_age(text, start + t.start, start + t.end) for t in numeric_tokens(written))
