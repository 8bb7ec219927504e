"""The qualifier the words just before (or just after) a number state: "at least 300,000", "14+".

Bad: qualifier ``exact`` for "at least 300,000". Good: ``at_least``.
Only the words right next to the number count. Where they hedge in a way not listed here
("just three clicks", "higher than 500"), the reading is unknown.
"""

from __future__ import annotations

import re

from ukcsa_data.reading.stated import Stated
from ukcsa_data.reading.text import QUOTE_MARKS, phrase_pattern

UNKNOWN: Stated[str] = Stated(None)

#: Phrase before a number -> qualifier (the schema's enum values).
BEFORE: dict[str, tuple[str, ...]] = {
    "at_least": ("at least", "a minimum of", "minimum of", "no fewer than", "no less than", "not less than"),
    "more_than": ("more than", "over", "in excess of", "upwards of", "well over", "just over"),
    "up_to": (
        "up to",
        "as many as",
        "as much as",
        "no more than",
        "not more than",
        "a maximum of",
        "maximum of",
    ),
    "around": ("around", "about", "approximately", "some", "an estimated", "roughly", "circa"),
    "almost": ("almost", "nearly", "just under", "close to", "just short of"),
    "under": ("under", "fewer than", "less than", "below"),
}
#: Words after a number -> qualifier; None where the words hedge in a way no qualifier states.
AFTER: dict[str, str | None] = {
    "+": "at_least",
    "or more": "at_least",
    "or over": "more_than",
    "or so": "around",
    "odd": "around",
    "or thereabouts": "around",
    "plus": None,
    "or fewer": None,
    "or less": None,
    "or under": None,
}
#: A word right before a number that states no qualifier: the number is then exact.
NEUTRAL = frozenset(
    """the there were was are is be been had has have saw sees see of from by with for that which
    who these those all total totalled totalling reached reaching recorded records made make makes
    arrested invested spent received identified found show showed shows reveal revealed reveals surged rose
    increased fell dropped grew jumped climbed declined decreased in on a an""".split()  # not "and"  # noqa: SIM905
)
_TO_VERBS = ("led", "rose", "risen", "increased", "fell", "fallen", "grew", "grown", "dropped", "jumped")

_Q = f"[{QUOTE_MARKS}]*"
_BEFORE_RE = re.compile(
    rf"(?<![a-z]){_Q}(?P<phrase>{'|'.join(f'(?P<{k}>{phrase_pattern(v)})' for k, v in BEFORE.items())})"
    rf"{_Q}\s*$",
    re.IGNORECASE,
)
_AFTER_RE = re.compile(
    r"^(?:\s*(?P<plus>\+)|[-\s]?(?P<odd>odd)\b|-(?P<dash>plus)\b|\s+(?P<words>or\s+more|or\s+over|or\s+so|or\s+thereabouts"
    r"|plus|or\s+fewer|or\s+less|or\s+under)\b)",
    re.IGNORECASE,
)
_LAST_WORD = re.compile(r"(?<![a-z])([a-z]+)$", re.IGNORECASE)
#: Words that are qualifiers only where nothing before them makes them a preposition: "about 500
#: cases" but not "concerns about 500 cases", "for over 20 years" but not "Fears over 300 children".
_PREPOSITIONS = frozenset({"about", "over", "under", "some", "around", "below"})
_TO_RE = re.compile(rf"\b(?:{'|'.join(_TO_VERBS)})\s+to$", re.IGNORECASE)


def _after(text: str, end: int, limit: int) -> Stated[str] | None:
    match = _AFTER_RE.match(text[end:limit])
    if match is None:
        return None
    if match["plus"] or match["odd"] or match["dash"]:
        words = "+" if match["plus"] else "odd" if match["odd"] else "plus"
    else:
        words = " ".join(match["words"].lower().split())
    return Stated(AFTER[words], end, end + match.end())


def _opens_a_figure(text: str, sentence_start: int, phrase_start: int, phrase: str) -> bool:
    """Whether a qualifier phrase is one: a preposition-like word ("about", "over") only at the
    start of its sentence or after a word that states nothing ("recorded about 500")."""
    if phrase.strip(QUOTE_MARKS).lower() not in _PREPOSITIONS:
        return True
    before = text[sentence_start:phrase_start].rstrip(f" \t\n{QUOTE_MARKS}")
    last = _LAST_WORD.search(before)
    return not before.strip() or (last is not None and last[1].lower() in NEUTRAL)


def read_qualifier(text: str, start: int, end: int, sentence_start: int, sentence_end: int) -> Stated[str]:
    """The qualifier of the number at ``start:end`` (the span of its value_text) in ``text``."""
    after = _after(text, end, sentence_end)
    before_text = text[max(sentence_start, start - 48) : start]
    found = _BEFORE_RE.search(before_text)
    if after is not None:
        return after if found is None and after.value is not None else UNKNOWN
    if found is not None:
        kind = next(k for k in BEFORE if found[k] is not None)
        phrase_start = start - len(before_text) + found.start("phrase")
        if not _opens_a_figure(text, sentence_start, phrase_start, found["phrase"]):
            return UNKNOWN
        return Stated(kind, phrase_start, end)
    stripped = before_text.rstrip(f" \t\n{QUOTE_MARKS}")
    if not stripped.strip():
        return Stated("exact", start, end) if start - len(before_text) == sentence_start else UNKNOWN
    last = _LAST_WORD.search(stripped)
    if last is not None and (last[1].lower() in NEUTRAL or _TO_RE.search(stripped)):
        return Stated("exact", start, end)
    return UNKNOWN
