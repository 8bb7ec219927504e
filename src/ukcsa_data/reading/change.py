"""Whether the words make a figure a change or a level: "rose by 20 per cent" vs "up from 15".

Bad: measure_type ``level`` for "surged by 700 per cent". Good: ``change``.
Only unambiguous words count: a change verb with "by", a noun of change with "of" ("a rise of"),
or a change verb right before a percentage; a verb with "to" ("rose to", but not "up to", a
qualifier), or "up from", states a level.
"""

from __future__ import annotations

import re

from ukcsa_data.reading.qualifier import BEFORE
from ukcsa_data.reading.stated import Stated
from ukcsa_data.reading.text import QUOTE_MARKS, phrase_pattern

_VERBS = (
    r"(?:rose|risen|rising|rises|increased|increasing|increases|grew|grown|growing|surged|surging|jumped"
    r"|climbed|fell|fallen|falling|falls|dropped|dropping|decreased|decreasing|declined|declining|went\s+up"
    r"|went\s+down|gone\s+up|gone\s+down|(?<=is\s)up|(?<=are\s)up|(?<=was\s)up|(?<=were\s)up|(?<=is\s)down"
    r"|(?<=are\s)down|(?<=was\s)down|(?<=were\s)down|cut|reduced)"
)
_NOUNS = r"(?:rise|increase|fall|drop|decrease|decline|reduction|jump|surge|cut|growth)"
_QUALIFIER = phrase_pattern(tuple(p for phrases in BEFORE.values() for p in phrases))
_Q = f"[\\s{QUOTE_MARKS}]*"
_CHANGE = re.compile(
    rf"(?:\b{_VERBS}\s+by|\b(?:an?|the)\s+{_NOUNS}\s+of)(?:\s+{_QUALIFIER})?{_Q}$",
    re.IGNORECASE,
)
_CHANGE_BEFORE_PERCENT = re.compile(rf"\b{_VERBS}(?:\s+{_QUALIFIER})?{_Q}$", re.IGNORECASE)
_LEVEL = re.compile(
    rf"(?:\b(?!up\b|down\b){_VERBS}\s+to|\b(?:up|down)\s+from(?:\s+the)?)(?:\s+{_QUALIFIER})?{_Q}$",
    re.IGNORECASE,
)


#: A percentage "of" something is a share of it, whatever the verb before ("set up by 40 per cent
#: of forces").
_SHARE = re.compile(r"\s+of\b", re.IGNORECASE)


def read_change(text: str, start: int, end: int, sentence_start: int, percent: bool) -> Stated[str]:
    """``change`` or ``level`` for the number at ``start:end`` (its markers included), when the
    words just before say. "up"/"down" count only after "is", "was"...: "set up by" is not a rise."""
    if percent and _SHARE.match(text, end):
        return Stated(None)
    before = text[max(sentence_start, start - 60) : start]
    for pattern, value in ((_LEVEL, "level"), (_CHANGE, "change")):
        found = pattern.search(before)
        if found:
            return Stated(value, start - len(before) + found.start(), end)
    found = _CHANGE_BEFORE_PERCENT.search(before) if percent else None
    if found:
        return Stated("change", start - len(before) + found.start(), end)
    return Stated(None)
