"""The unit a noun written right after a number names: "200 raids", "a 12-year-old".

Only nouns that name the unit wherever they stand: not "child", which is as often a modifier
("23 child sexual offences", "500 child sex offenders")."""

from __future__ import annotations

import re

#: Noun (lowercase) -> the unit it counts or measures.
UNIT_NOUNS = {
    "people": "people",
    "person": "people",
    "children": "children",
    "suspects": "suspects",
    "offenders": "offenders",
    "arrests": "arrests",
    "raids": "raids",
    "offences": "offences",
    "cases": "cases",
    "organisations": "organisations",
    "clicks": "clicks",
    "minutes": "minutes",
    "months": "months",
    "years": "years",
    "years old": "age_years",
    "year-old": "age_years",
    "year-olds": "age_years",
}
_NOUN = re.compile(
    r"[\s\u00a0\u202f-]*(" + "|".join(sorted(map(re.escape, UNIT_NOUNS), key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)


def unit_after(text: str, end: int) -> str | None:
    """The unit named by the noun right after ``end`` ("200 raids" -> raids), or None."""
    found = _NOUN.match(text, end)
    return UNIT_NOUNS[found.group(1).lower()] if found else None
