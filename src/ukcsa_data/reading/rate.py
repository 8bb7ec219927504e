"""The rate the words state for a number: "15 a day", "700 children each month", "daily".

Bad: ``per`` empty for "more than 500 child sex offenders ... each month". Good: ``month``.
A rate phrase after the number in its segment applies to it, across a coordinated figure ("arrest
500 offenders and safeguard 700 children each month") and an abbreviation in brackets ("child
sexual exploitation (CSE) offences every year") but not across a comma, nor across another number
where the segment also states a total for a period ("during the week, 2 offences and 20 more each
day": unknown). A sentence with no
word of time at all ("day", "years", "annual"...; not "week-long") states that there is no rate
(``NO_RATE``), and so does a total for a stated period: "164 children were safeguarded during the
week", "in the past year", "over six months", "in a single month", "during a week of action",
"during the recent week of action", "over the following 18 months", "last year", where a phrase
of that kind is in the number's segment, every word of time in the sentence belongs to one, and
nothing in the sentence states a rate or an average ("on average", "typically"). Anything else is
unknown ("in a month", "in a typical week").
"""

from __future__ import annotations

import re

from ukcsa_data.reading.stated import Stated
from ukcsa_data.reading.text import Span
from ukcsa_data.text.tokens import Token, numeric_tokens

#: The words state that the figure is not a rate.
NO_RATE = ""
UNKNOWN: Stated[str] = Stated(None)

_UNITS = {"day": "day", "week": "week", "month": "month", "year": "year", "annum": "year"}
_ADVERBS = {"daily": "day", "weekly": "week", "monthly": "month", "annually": "year", "yearly": "year"}
#: (The patterns are tried only at a character that can start them, ``(?=[...])``, which keeps
#: the cost per character of a sentence low.)
_RATE = re.compile(
    r"(?=[iwoftlpneadmyhq])(?:"
    r"(?P<lead>\b(?:in|within|over|for|than|of|last|past|next|first|whole|entire|full)\s+)?"
    r"\b(?:(?:once|twice)\s+)?(?P<det>a|an|per|each|every)\s+(?P<unit>day|week|month|year|annum"
    r"|fortnight|quarter|hour|minute|decade)\b(?P<not>-|\s+(?:ago|earlier|later|before|after|old|long)\b)?"
    r"(?P<of>\s+of\b)?"
    r"|\b(?P<adverb>daily|weekly|monthly|annually|yearly|fortnightly|hourly|quarterly|annual)\b)",
    re.IGNORECASE,
)


#: A word of time: a sentence with none states no rate. ("week-long", "12-year-old" are not.)
_TIME_WORD = re.compile(
    r"(?=[dwmyhfqan])\b(?:day|week|month|year|hour|fortnight|quarter|weekday|weekend|annum|daily|weekly|monthly|yearly"
    r"|annual|annually|hourly|nightly|quarterly|fortnightly)s?\b(?!-(?:long|old))",
    re.IGNORECASE,
)
#: Between a number and a rate phrase: signs that the rate belongs to another clause.
_OTHER_CLAUSE = re.compile(
    r"\b(?:last|this|next|previous|past)\s+(?:day|week|month|year)\b|\b(?:who|which|that|once|twice)\b"
    r"|\b[0-9][0-9,.]*\s+(?:hours?|days?|weeks?|months?|years?)\b",
    re.IGNORECASE,
)


_NUMBER = (
    r"(?:[0-9]+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|eighteen|twenty|"
    r"thirty|forty|fifty|few|several)"
)
_SPAN = r"(?:days?|weeks?|fortnights?|months?|quarters?|years?|decades?)"
_ONE = r"(?:day|week|fortnight|month|quarter|year)"
#: A total for a stated period: "during the week", "in the past year", "over six months", "in a
#: single month", "in the year to March 2021", "in a week of action".
_TOTAL = re.compile(
    r"(?=[dtiowal])(?:"  # tried only at a letter that can start one
    rf"\b(?:during|throughout)\s+(?:the|that|this|a|one)\s+(?:(?:single|whole|entire|same|full|recent|latest)\s+)?{_ONE}\b"
    rf"|\b(?:in|over|during|within|throughout|across)\s+the\s+(?:past|last)\s+(?:{_NUMBER}\s+)?{_SPAN}\b"
    rf"|\b(?:in|over|during|within|across)\s+{_NUMBER}\s+{_SPAN}\b"
    rf"|\b(?:in|over|during|within)\s+the\s+(?:following|next|coming)\s+(?:{_NUMBER}\s+)?{_SPAN}\b"
    rf"|\b(?:in|over|during|within)\s+(?:a\s+single|one\s+single|just\s+one|only\s+one|one|a\s+whole|an\s+entire"
    rf"|the\s+whole|the\s+entire|the\s+same)\s+{_ONE}\b"
    rf"|\b(?:in|over|during)\s+the\s+(?:(?:{_NUMBER}\s+)?{_SPAN})\s+(?:to|ending|ended|from|up\s+to)\b"
    rf"|\b(?:in|during|over|throughout)\s+a\s+{_ONE}\s+of\b"
    r"|\blast\s+(?:year|month|week)\b)",
    re.IGNORECASE,
)
#: Words that make a figure over a period an average or a habit, perhaps a rate.
_HABIT = re.compile(
    r"(?=[atunrg])\b(?:average[ds]?|typical(?:ly)?|usual(?:ly)?|normal(?:ly)?|routinely|regularly|generally)\b",
    re.IGNORECASE,
)


def _total(text: str, sentence: Span, segment: Span) -> Stated[str] | None:
    """``NO_RATE`` where the figure is a total for a stated period (see the module docstring)."""
    if _HABIT.search(text, sentence.start, sentence.end):
        return None
    totals = [m.span() for m in _TOTAL.finditer(text, sentence.start, sentence.end)]
    own = [(a, b) for a, b in totals if segment.start <= a < segment.end]
    if not own:
        return None
    for word in _TIME_WORD.finditer(text, sentence.start, sentence.end):
        if not any(a <= word.start() < b for a, b in totals):
            return None
    return Stated(NO_RATE, *own[0])


def _rates(text: str, span: Span) -> list[Stated[str]]:
    """Every rate phrase in ``span``: a value, or ``None`` for one this reading cannot map."""
    found: list[Stated[str]] = []
    for match in _RATE.finditer(text, span.start, span.end):
        if match["not"] or (match["of"] and match["det"] and match["det"].lower() in ("a", "an")):
            continue  # "a year ago", "a week-long", "a week of action"
        if match["adverb"]:
            value = _ADVERBS.get(match["adverb"].lower())
        else:
            value = None if match["lead"] else _UNITS.get(match["unit"].lower())
        start = match.start("unit") if match["unit"] and match["lead"] else match.start()
        found.append(Stated(value, start, match.end()))
    return found


#: A name's abbreviation in brackets, "child sexual exploitation (CSE) offences": no clause break.
_ABBREVIATION = re.compile(r"\([A-Z][A-Za-z]{1,9}\)")


def _reaches(between: str, tokens: list[Token]) -> bool:
    """Whether the rate phrase after the words ``between`` it and a number (with their numeric
    ``tokens``) applies to the number: no comma, colon or bracket between them (the commas of
    "1,000" aside), no total for a period ("during the week"), and any number between them
    coordinated by "and"."""
    words, at = [], 0
    for token in tokens:
        words.append(between[at : token.start])
        at = token.end
    words.append(between[at:])
    if (
        any(mark in _ABBREVIATION.sub(" ", "".join(words)) for mark in ",:()")
        or _OTHER_CLAUSE.search(between)
        or _TOTAL.search(between)
    ):
        return False
    return not tokens or " and " in between[: tokens[0].start]


def read_rate(text: str, start: int, end: int, sentence: Span, segment: Span) -> Stated[str]:
    """The rate stated for the number at ``start:end``."""
    if not _TIME_WORD.search(text, sentence.start, sentence.end):
        return Stated(NO_RATE, sentence.start, sentence.end)
    rates = _rates(text, sentence)
    if not rates:
        return _total(text, sentence, segment) or UNKNOWN
    after = [r for r in rates if end <= r.start < segment.end]
    if after:
        first = after[0]
        if first.value is None:
            return UNKNOWN
        between = text[end : first.start]
        tokens = numeric_tokens(between)
        if not _reaches(between, tokens):
            return UNKNOWN
        if tokens and _TOTAL.search(text, segment.start, segment.end):
            return UNKNOWN  # "during the week, 2 offences and 20 more each day": the total's or the rate's?
        return first
    leading = [r for r in rates if segment.start <= r.start < start]
    if len(leading) == 1 and leading[0].value is not None:
        opening = text[segment.start : leading[0].start].strip()
        closing = text[leading[0].end : start].lstrip()
        if not opening and closing.startswith(","):
            return leading[0]
    return UNKNOWN
