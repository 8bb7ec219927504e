"""The qualifier the words just before (or just after) a number state: "at least 300,000", "14+".

Bad: qualifier ``exact`` for "at least 300,000". Good: ``at_least``.
Only the words right next to the number count. Where they hedge in a way not listed here
("just three clicks", "higher than 500"), the reading is unknown.

The qualifiers are bounds: ``at_least`` is N or more ("N+", "N or over", "aged N and over"),
``more_than`` above N, ``up_to`` N or less ("N or under", "N or younger", "N or fewer"),
``under`` below N ("under-16s", "under the age of 16").
"""

from __future__ import annotations

import re
from functools import cache

from ukcsa_data.reading.change_words import NOUN_AFTER
from ukcsa_data.reading.stated import Stated
from ukcsa_data.reading.text import QUOTE_MARKS, last_word, phrase_pattern
from ukcsa_data.text.tokens import NUMBER_WORDS

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
        "at most",
    ),
    "around": (
        "around",
        "about",
        "approximately",
        "some",
        "an estimated",
        "the estimated",
        "roughly",
        "circa",
        "in the region of",
    ),
    "almost": ("almost", "nearly", "just under", "just below", "close to", "just short of"),
    "under": (
        "under",
        "fewer than",
        "less than",
        "below",
        "under the age of",
        "below the age of",
        "before the age of",
        "before they turned",
        "before turning",
    ),
}
#: Words after a number -> qualifier; None where the words hedge in a way no qualifier states.
AFTER: dict[str, str | None] = {
    "+": "at_least",
    "or more": "at_least",
    "or over": "at_least",
    "or above": "at_least",
    "or older": "at_least",
    "and over": "at_least",
    "and above": "at_least",
    "and older": "at_least",
    "or fewer": "up_to",
    "or less": "up_to",
    "or under": "up_to",
    "or below": "up_to",
    "or younger": "up_to",
    "and under": "up_to",
    "and below": "up_to",
    "and younger": "up_to",
    "or so": "around",
    "odd": "around",
    "or thereabouts": "around",
    "plus": None,
}
#: Verbs that take a count as their object ("safeguarding 700 children"): after them a number is
#: stated without a qualifier, and a preposition-like word opens one ("safeguarding around 700").
COUNT_VERBS = frozenset(
    """arrest arrests arresting safeguard safeguards safeguarded safeguarding identifies identifying
    recording recorded charge charges charged charging investigated investigating receives receiving
    seized seizing rescued rescuing protected protecting referred referring convicted prosecuted
    cautioned removed removing blocked blocking flagged flagging detected detecting involved involving
    affected affecting helped helping supported supporting employed employing employs targeted
    targeting reviewed reviewing examined examining interviewed contacted jailed sentenced saved saving
    trained training recruited recruiting treated treating handled handling assessed assessing viewed
    viewing downloaded downloading uploaded uploading shared sharing issued issuing logged logging
    took taken taking number numbered numbering numbers involves affects raised raising reaches
    aged""".split()  # noqa: SIM905
)
#: Verbs of estimating: after them a preposition-like word opens a qualifier ("estimated around
#: 300,000"), but a bare number is not read as exact.
_ESTIMATING = frozenset({"estimated", "estimates", "estimate", "estimating", "put", "puts"})
#: A word right before a number that states no qualifier: the number is then exact.
NEUTRAL = COUNT_VERBS | frozenset(
    """the there were was are is be been had has have saw sees see of from by with for that which
    who these those all total totalled totalling reached reaching recorded records made make makes
    arrested invested spent received identified found show showed shows reveal revealed reveals surged rose
    increased fell dropped grew jumped climbed declined decreased in on a an""".split()  # not "and"  # noqa: SIM905
)
#: Verbs after which "over" can mean "in connection with" ("jailed over 500 images"), so an "over"
#: after them is not read.
_OVER_CONCERNING = frozenset(
    """arrest arrests arrested arresting charge charges charged charging jailed sentenced convicted
    cautioned questioned investigated investigating detained held prosecuted fined banned suspended
    sacked probed quizzed accused cleared took taken taking""".split()  # noqa: SIM905
)
_TO_VERBS = ("led", "rose", "risen", "increased", "fell", "fallen", "grew", "grown", "dropped", "jumped")

_Q = f"[{QUOTE_MARKS}]*"
_GAP = f"[\\s{QUOTE_MARKS}]*"
_PHRASES = "|".join(f"(?P<{k}>{phrase_pattern(v)})" for k, v in BEFORE.items())
_BEFORE_RE = re.compile(rf"(?<![a-z]){_Q}(?P<phrase>{_PHRASES}){_GAP}$", re.IGNORECASE)
#: The last word of a phrase of ``BEFORE`` after only white space or quotation marks, in words
#: read backwards: where it does not match at their start, ``_BEFORE_RE`` cannot match the words.
_PHRASE_ENDS = sorted({phrase.split()[-1][::-1] for phrases in BEFORE.values() for phrase in phrases})
_PHRASE_END_REVERSED = re.compile(
    rf"[\s{QUOTE_MARKS}]*(?:{'|'.join(map(re.escape, sorted(_PHRASE_ENDS, key=len, reverse=True)))})",
    re.IGNORECASE,
)


def _phrase_may_end(words: str) -> bool:
    """Whether a phrase of ``BEFORE`` may end ``words``: one anchored match of them read
    backwards, which spares ``_BEFORE_RE`` (a search that tries every position) where none can."""
    return _PHRASE_END_REVERSED.match(words[::-1]) is not None


#: "a" or "an" right before the number ("more than *a* 20 per cent increase").
_ARTICLE_END = re.compile(rf"(?<![a-z])an?{_GAP}$", re.IGNORECASE)
#: A percentage followed by a noun of change, after the number ("20 per cent increase", "20% rise").
_PERCENT_NOUN = re.compile(
    r"(?P<pct>[\s\u00a0\u202f]*(?:per[\s\u00a0\u202f]*cent|percent|%))?" + NOUN_AFTER.pattern, re.IGNORECASE
)
_INSIDE_PCT = re.compile(r"per[\s\u00a0\u202f]*cent|percent|%", re.IGNORECASE)
#: Words before a phrase of comparison that make it one ("twice as many as 300", "20 per cent more than
#: 500", "300 fewer than 500"): the number is then the one compared with, not a bound.
_COMPARED = re.compile(
    r"(?:\b(?:times|twice|half|double|treble|triple|thrice|not|nearly|almost|cent|percent)|%"
    r"|(?<![0-9])(?!(?:19|20)[0-9]{2}\b)[0-9][0-9,.]*)"
    rf"{_GAP}$",
    re.IGNORECASE,
)
_COMPARISON = re.compile(r"\bthan$|^as\b", re.IGNORECASE)
#: "under-16s", "under-18": an age bound written as one word.
_HYPHENS = "-\u2010\u2011"
_UNDER_HYPHEN = re.compile(r"(?<![a-z])under[-\u2010\u2011]$", re.IGNORECASE)
#: "over", "under", "above", "below" after the number count as bounds ("16 and over") only where no
#: number or noun phrase follows them ("500 and over the year", "200 or over 300").
_AFTER_RE = re.compile(
    r"^(?:\s*(?P<plus>\+)|[-\s]?(?P<odd>odd)\b|-(?P<dash>plus)\b|\s+(?P<words>or\s+more|or\s+so|or\s+thereabouts"
    r"|plus|or\s+fewer|or\s+less|(?:or|and)\s+(?:older|younger)"
    r"|(?:or|and)\s+(?P<bound>over|under|above|below)\b(?![\s\u00a0]+(?:the|an?|this|that|these|those|its|their"
    r"|his|her)\b|[\s\u00a0]+[0-9£$€])"
    r")\b)",
    re.IGNORECASE,
)
_NEXT_WORD = re.compile(r"[\s\u00a0]+([a-z]+)", re.IGNORECASE)
#: "or over" and the like that the guard above leaves unread ("200 or over 300"): unknown.
_OR_BOUND = re.compile(r"\s+or\s+(?:over|under|above|below)\b", re.IGNORECASE)
#: Words that are qualifiers only where nothing before them makes them a preposition: "about 500
#: cases" but not "concerns about 500 cases", "for over 20 years" but not "Fears over 300 children".
_PREPOSITIONS = frozenset({"about", "over", "under", "some", "around", "below"})
#: Words after which a preposition-like word opens a qualifier, as after a verb of a count: "to"
#: ("equivalent to around one in 13"), adverbs ("nationally over 76,000"); so does a comma
#: ("by the police, around 400 people").
_OPENS_AFTER = frozenset(
    """to nationally locally regionally overall altogether now currently still also alone only just
    then""".split()  # noqa: SIM905
)
_CLAUSE_MARK = re.compile(r"[,;:\u2013\u2014][\s\u00a0]*$")
#: "under 18s": an age bound written with a plural age.
_PLURAL_AGE = re.compile(r"s(?![a-z])", re.IGNORECASE)
#: An age written as "N-year-old": "some 16-year-olds" are not around 16.
_YEAR_OLD = re.compile(r"[-\s\u00a0]year[-\s\u00a0]old", re.IGNORECASE)
#: A time after "over": "rose over five years" is a period, "for over 20 years" a figure.
_TIME_AFTER = re.compile(r"[\s\u00a0]+(?:years?|months?|weeks?|days?|hours?|decades?)\b", re.IGNORECASE)
_OVER_A_TIME = frozenset({"for", "in", "of", "after", "within"})
_TO_RE = re.compile(rf"\b(?:{'|'.join(_TO_VERBS)})\s+to$", re.IGNORECASE)


def phrase_before(text: str, low: int, start: int) -> int | None:
    """Where a qualifier phrase written right before ``start`` begins ("rose by *almost* 20"), or
    None if there is none (looked for from ``low``)."""
    found = _BEFORE_RE.search(text, low, start) if _phrase_may_end(text[low:start]) else None
    return None if found is None else found.start("phrase")


def _after(text: str, end: int, limit: int) -> Stated[str] | None:
    match = _AFTER_RE.match(text[end:limit])
    if match is None:
        return None
    if match["bound"]:
        following = _NEXT_WORD.match(text, end + match.end(), limit)
        if following is not None and following[1].lower() in NUMBER_WORDS:
            return None
    if match["plus"] or match["odd"] or match["dash"]:
        words = "+" if match["plus"] else "odd" if match["odd"] else "plus"
    else:
        words = " ".join(match["words"].lower().split())
    return Stated(AFTER[words], end, end + match.end())


def _opens_a_figure(text: str, sentence_start: int, phrase_start: int, phrase: str, end: int) -> bool:
    """Whether a qualifier phrase is one: not a comparison ("twice as many as 300"), and a
    preposition-like word ("about", "over") only at the start of its sentence or after a word that
    states nothing or a verb that takes a count ("recorded about 500", "safeguarding around 700")."""
    word = " ".join(phrase.strip(QUOTE_MARKS).lower().split())
    if _COMPARISON.search(word) and _COMPARED.search(
        text, max(sentence_start, phrase_start - 24), phrase_start
    ):
        return False
    if word not in _PREPOSITIONS:
        return True
    if _YEAR_OLD.match(text, end):
        return False
    if word == "under" and (text[end - 1 : end] in "sS" or _PLURAL_AGE.match(text, end)):
        return True  # "under 18s"
    before = text[sentence_start:phrase_start].rstrip(f" \t\n{QUOTE_MARKS}")
    last = last_word(before)
    if not before.strip():
        return True
    if _CLAUSE_MARK.search(before):
        return not (word == "over" and _TIME_AFTER.match(text, end))
    if last is None:
        return False
    previous = last.lower()
    if word == "over" and (
        previous in _OVER_CONCERNING or (previous not in _OVER_A_TIME and _TIME_AFTER.match(text, end))
    ):
        return False
    return previous in NEUTRAL or previous in _ESTIMATING or previous in _OPENS_AFTER


def _before_an_article(
    text: str, start: int, end: int, before_text: str, sentence_start: int
) -> Stated[str] | None:
    """For "more than a 20 per cent increase", the qualifier of the percentage; UNKNOWN where a
    phrase comes before "a" with no noun of change after the number ("up to a 20 per cent share")."""
    article = _ARTICLE_END.search(before_text, max(0, len(before_text) - 8))
    if article is None:
        return None
    found = (
        _BEFORE_RE.search(before_text, 0, article.start())
        if _phrase_may_end(before_text[: article.start()])
        else None
    )
    if found is None:
        return None
    phrase_start = start - len(before_text) + found.start("phrase")
    noun = _PERCENT_NOUN.match(text, end)
    if noun is None or not (noun["pct"] or _INSIDE_PCT.search(text, start, end)):
        return UNKNOWN
    if not _opens_a_figure(text, sentence_start, phrase_start, found["phrase"], end):
        return UNKNOWN
    kind = next(k for k in BEFORE if found[k] is not None)
    return Stated(kind, phrase_start, end)


#: An age bound whose side the qualifiers do not state: "over the age of", "after the age of".
_AGE_BOUND = re.compile(r"\b(?:over|after|above|beyond|past|from)\s+the\s+age\s+of$", re.IGNORECASE)


def read_qualifier(text: str, start: int, end: int, sentence_start: int, sentence_end: int) -> Stated[str]:
    """The qualifier of the number at ``start:end`` (the span of its value_text) in ``text``."""
    if start - 6 >= sentence_start and text[start - 1] in _HYPHENS:
        under = _UNDER_HYPHEN.search(text, start - 6, start)
        if under is not None:
            return Stated("under", under.start(), end)
    after = _after(text, end, sentence_end)
    if after is None and _OR_BOUND.match(text, end, sentence_end):
        return UNKNOWN
    before_text = text[max(sentence_start, start - 48) : start]
    found = _BEFORE_RE.search(before_text) if _phrase_may_end(before_text) else None
    if after is not None:
        return after if found is None and after.value is not None else UNKNOWN
    if found is not None:
        kind = next(k for k in BEFORE if found[k] is not None)
        phrase_start = start - len(before_text) + found.start("phrase")
        if not _opens_a_figure(text, sentence_start, phrase_start, found["phrase"], end):
            return UNKNOWN
        return Stated(kind, phrase_start, end)
    article = _before_an_article(text, start, end, before_text, sentence_start)
    if article is not None:
        return article
    stripped = before_text.rstrip(f" \t\n{QUOTE_MARKS}")
    if not stripped.strip():
        return Stated("exact", start, end) if start - len(before_text) == sentence_start else UNKNOWN
    return _exact_after(stripped, start, end)


def _exact_after(stripped: str, start: int, end: int) -> Stated[str]:
    """``exact`` where the words right before the number (``stripped``) state nothing; unknown
    otherwise, and for an age bound whose side no qualifier states ("over the age of 16")."""
    last = last_word(stripped)
    # Each pattern ends with its last word (before a final line break, if any): where the words
    # do not end so, it cannot match, and the search (which tries every position) is spared.
    ending = stripped[-3:].lower()
    if "of" in ending and _AGE_BOUND.search(stripped):
        return UNKNOWN
    if last is not None and (last.lower() in NEUTRAL or ("to" in ending and _TO_RE.search(stripped))):
        return Stated("exact", start, end)
    return UNKNOWN


#: The bounding qualifiers: each states a bound, which the words must give somewhere near the number.
BOUNDS = ("at_least", "more_than", "up_to", "under", "around", "almost")
#: Further words that give a bound of each kind anywhere near a number, besides :data:`BEFORE` and
#: :data:`AFTER` ("exceeded 500", "500-plus", "the maximum", "an estimate").
_NEAR_WORDS: dict[str, tuple[str, ...]] = {
    "at_least": ("plus", "minimum", "over", "above", "exceeded", "exceeding", "exceeds"),
    "more_than": (
        "plus",
        "above",
        "exceed",
        "exceeded",
        "exceeding",
        "exceeds",
        "topped",
        "tops",
        "surpassed",
        "higher",
        "greater",
    ),
    "up_to": ("maximum", "max", "most", "under", "younger", "fewer", "less", "below", "within"),
    "under": ("younger", "fewer", "less", "below", "lower", "before", "up to"),
    "around": (
        "estimate",
        "estimated",
        "estimates",
        "estimating",
        "approx",
        "approximate",
        "likely",
        "thought",
        "believed",
        "suggest",
        "suggests",
        "suggested",
        "could",
        "might",
        "may",
        "thereabouts",
        "odd",
        "so",
        "nearly",
        "almost",
        "close",
    ),
    "almost": ("short", "shy", "approaching", "close", "nearly", "about", "around", "approximately"),
}


@cache
def _near_pattern(kind: str) -> re.Pattern[str]:
    """Any phrase of qualifier ``kind``, compiled when first asked for: only the rule
    ``qualifier-unstated`` reads these, on few figures, and compiling all six took about 12 ms of
    every run's import."""
    after = tuple(words for words, bound in AFTER.items() if bound == kind and words != "+")
    words = phrase_pattern(BEFORE[kind] + after + _NEAR_WORDS[kind])
    plus = r"|\+" if kind in ("at_least", "more_than") else ""
    return re.compile(rf"(?<![a-z]){words}(?![a-z]){plus}|~", re.IGNORECASE)


#: How far around the number (in characters, within its sentence) the words are read for a bound:
#: about a dozen words before it and half a dozen after.
NEAR_BEFORE, NEAR_AFTER = 80, 40
_WORD = re.compile(r"[A-Za-z][A-Za-z']*")


def bound_stated_near(
    text: str, kind: str, start: int, end: int, sentence_start: int, sentence_end: int
) -> bool:
    """Whether any phrase of qualifier ``kind`` (one of :data:`BOUNDS`) is written near the number
    at ``start:end`` in its sentence: before it, after it or inside it ("500-plus", "over 16s")."""
    low, high = max(sentence_start, start - NEAR_BEFORE), min(sentence_end, end + NEAR_AFTER)
    return _near_pattern(kind).search(text, low, high) is not None


#: A list item: a name, a colon, then the number ("South Worcestershire: 4").
_LIST_ITEM = re.compile(r":[\s\u00a0]*$")


def headline_like(text: str, start: int, sentence_start: int, sentence_end: int) -> bool:
    """Whether the sentence of the number at ``start`` reads as a headline fragment (no word, all
    in capitals, or most words capitalised), whose dropped words a reading cannot supply; a list
    item ("South Worcestershire: 4") is not one."""
    words = _WORD.findall(text, sentence_start, sentence_end)
    if all(word.isupper() for word in words):
        return True
    if _LIST_ITEM.search(text, max(sentence_start, start - 3), start):
        return False
    return sum(1 for word in words if word[0].isupper()) * 2 > len(words)
