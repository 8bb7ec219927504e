"""Whether the words make a figure a change or a level ("rose by 20 per cent" vs "up from 15"), and
which way a change goes ("a drop of 30 per cent" is a fall, so its value is negative).

Bad: measure_type ``level`` for "surged by 700 per cent". Good: ``change``.
Only unambiguous words count: a change verb with "by", a noun of change with "of" ("a rise of",
"a sharp fall of"), a change verb right before a percentage ("surged 700 per cent", ", down 5
per cent"), or a noun of change right after one ("a 20 per cent increase"); a verb with "to"
("rose to", but not "up to", a qualifier), or "up from", states a level. The direction is read
only for a change, and not where a negation comes before the words ("has not fallen by").
"""

from __future__ import annotations

import re

from ukcsa_data.reading.change_words import (
    FALL_NOUNS,
    FALL_VERBS,
    NOUN_AFTER,
    NOUNS,
    RISE_NOUNS,
    RISE_VERBS,
    VERBS,
    direction,
)
from ukcsa_data.reading.qualifier import BEFORE, phrase_before
from ukcsa_data.reading.stated import Stated
from ukcsa_data.reading.text import QUOTE_MARKS, words_end

# Each pattern ends where the number starts, or where a qualifier phrase before it starts ("rose
# by *almost* 20 per cent"): see read_change.
_Q = f"[\\s{QUOTE_MARKS}]*"
_CHANGE = re.compile(rf"(?:\b{VERBS}\s+by|\b(?:an?|the)\s+(?:[a-z-]+\s+)?{NOUNS}\s+of){_Q}$", re.IGNORECASE)
_CHANGE_BEFORE_PERCENT = re.compile(rf"\b{VERBS}{_Q}$", re.IGNORECASE)
_LEVEL = re.compile(rf"(?:\b(?!up\b|down\b){VERBS}\s+to|\b(?:up|down)\s+from(?:\s+the)?){_Q}$", re.IGNORECASE)
#: Words before a change that deny or replace it: "has not fallen by", "rather than a rise of".
_NEGATED = re.compile(
    r"(?:\b(?:not|no|never|nor|without)|n[’']t|\brather\s+than|\binstead\s+of)\s+(?:[a-z]+\s+){0,2}$",
    re.IGNORECASE,
)

#: A percentage "of" something is a share of it, whatever the verb before ("set up by 40 per cent
#: of forces").
_SHARE = re.compile(r"\s+of\b", re.IGNORECASE)

UNKNOWN: Stated[str] = Stated(None)

#: Each pattern above ends (before an optional qualifier) with one of these pairs of words ("rose
#: *to*", "a rise *of*", "up *from* the", "*surged* 700 per cent"); the patterns are searched
#: only where the words before the number end so, which spares most numbers three searches.
_VERB_WORDS = frozenset((*RISE_VERBS, *FALL_VERBS, "up", "down"))
_LINKED = {
    "to": _VERB_WORDS,
    "by": _VERB_WORDS,
    "of": frozenset((*RISE_NOUNS, *FALL_NOUNS)),
    "from": {"up", "down"},
}
_QUALIFIER_WORDS = frozenset(tuple(p.split()) for phrases in BEFORE.values() for p in phrases)
_LONGEST = max(len(words) for words in _QUALIFIER_WORDS)
_STRIP = QUOTE_MARKS + ",;:()"


def _may_state(window: str, percent: bool) -> bool:
    """Whether the words before the number, or before a qualifier phrase that ends there, end as
    a change or level pattern does."""
    words = ["", "", ""]
    words += [w for w in (word.strip(_STRIP).lower() for word in window.split()[-(_LONGEST + 4) :]) if w]
    for cut in range(len(words), max(3, len(words) - _LONGEST - 1), -1):
        if cut < len(words) and tuple(words[cut:]) not in _QUALIFIER_WORDS:
            continue
        last, previous = words[cut - 1], words[cut - 2]
        if last == "the" and previous == "from":
            last, previous = previous, words[cut - 3]
        if previous in _LINKED.get(last, ()) or (percent and last in _VERB_WORDS):
            return True
    return False


def _direction(text: str, start: int, end: int, words: int, sentence_start: int) -> Stated[str]:
    """The direction the change words from ``words`` to ``end`` state (quoted from ``start``),
    unless a negation comes before ``start``."""
    if _NEGATED.search(text, max(sentence_start, start - 30), start):
        return UNKNOWN
    return Stated(direction(text, words, end), start, end)


#: The word each pattern ends with (before white space or quotation marks): where the words
#: before the number end with none of them, the pattern's search (which tries every position) is
#: spared.
_LAST_WORDS = {
    _LEVEL: frozenset({"to", "from", "the"}),
    _CHANGE: frozenset({"by", "of"}),
    _CHANGE_BEFORE_PERCENT: frozenset((*RISE_VERBS, *FALL_VERBS, "up", "down")),
}


def _search(pattern: re.Pattern[str], text: str, low: int, ends: tuple[int, ...]) -> re.Match[str] | None:
    """``pattern`` ending right before the number, or right before its qualifier phrase."""
    for end in ends:
        found = pattern.search(text, low, end) if words_end(text, low, end) in _LAST_WORDS[pattern] else None
        if found:
            return found
    return None


def read_change(
    text: str, start: int, end: int, sentence_start: int, percent: bool
) -> tuple[Stated[str], Stated[str]]:
    """``change`` or ``level`` for the number at ``start:end`` (its markers included), when the
    words just before (or a noun of change just after) say; and for a change, ``rise`` or
    ``fall``. "up"/"down" count only after "is", "was"... or a comma: "set up by" is not a rise."""
    if percent and _SHARE.match(text, end):
        return UNKNOWN, UNKNOWN
    noun = NOUN_AFTER.match(text, end) if percent else None
    if noun is not None:
        stated = Stated("change", start, noun.end())
        return stated, _direction(text, start, noun.end(), noun.start("noun"), sentence_start)
    low = max(sentence_start, start - 60)
    if not _may_state(text[low:start], percent):
        return UNKNOWN, UNKNOWN
    qualifier = phrase_before(text, low, start)
    ends = (start,) if qualifier is None else (start, qualifier)
    found = _search(_LEVEL, text, low, ends)
    if found:
        return Stated("level", found.start(), end), UNKNOWN
    found = _search(_CHANGE, text, low, ends) or (
        _search(_CHANGE_BEFORE_PERCENT, text, low, ends) if percent else None
    )
    if found:
        stated = Stated("change", found.start(), end)
        return stated, _direction(text, found.start(), found.end(), found.start(), sentence_start)
    return UNKNOWN, UNKNOWN
