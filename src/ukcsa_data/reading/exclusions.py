"""What an excluded number is, read from the article's words: a date or year, part of a period
expression, a name with its number (and not a count after a place in a list, "Merseyside 70,
Cheshire 45"), or a number word used as a word. Used by the exclusion rules and by ``ukcsa-data
scan``, which drafts exclusions for dates and periods (clock times and contacts: :mod:`contacts`).
"""

from __future__ import annotations

import calendar
import re

from ukcsa_data.reading.ages import is_age
from ukcsa_data.reading.qualifier import read_qualifier
from ukcsa_data.reading.text import sentence_around
from ukcsa_data.text.tokens import NUMBER_WORDS, numeric_tokens

_MONTHS = "|".join(
    sorted({m for m in calendar.month_name if m} | {m for m in calendar.month_abbr if m} | {"Sept"}, key=len)[
        ::-1
    ]
)
_YEAR = r"(?:19|20)[0-9]{2}"
_DATE = re.compile(
    rf"[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}|[0-9]{{1,2}}/[0-9]{{1,2}}/[0-9]{{2,4}}|{_YEAR}"
    rf"|[0-9]{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})(?:,?\s+{_YEAR})?"
    rf"|(?:{_MONTHS})\.?\s+[0-9]{{1,2}}(?:st|nd|rd|th)?(?:,?\s+{_YEAR})?|(?:{_MONTHS})\.?\s+{_YEAR}"
    rf"|[0-9]{{1,2}}(?:st|nd|rd|th)?\s+of\s+(?:{_MONTHS})(?:,?\s+{_YEAR})?|[0-2]?[0-9]:[0-5][0-9]",
    re.IGNORECASE,
)
_DAY = re.compile(r"[0-9]{1,2}(?:st|nd|rd|th)?")
_AFTER_DAY = re.compile(rf"(?:st|nd|rd|th)?(?:\s+of)?\s+(?:{_MONTHS})\b", re.IGNORECASE)
_BEFORE_DAY = re.compile(rf"\b(?:{_MONTHS})\.?\s+$", re.IGNORECASE)
#: The second day of "September 12 and 13", or the first of "12 and 13 September".
_DAY_PAIR_BEFORE = re.compile(
    rf"\b(?:{_MONTHS})\.?\s+[0-9]{{1,2}}(?:st|nd|rd|th)?\s*(?:and|to|-|\u2013)\s*$", re.IGNORECASE
)
_DAY_PAIR_AFTER = re.compile(
    rf"(?:st|nd|rd|th)?\s*(?:and|to|-|\u2013)\s*[0-9]{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\b", re.IGNORECASE
)
#: "twenty years ago", "18 months ago": a point in time.
_AGO_AFTER = re.compile(r"[\s\u00a0-]*(?:years?|months?|weeks?|days?|decades?)\s+ago\b", re.IGNORECASE)
_BEFORE_YEAR = re.compile(
    rf"(?:\b(?:in|since|by|during|of|from|until|till|to|before|after|between|and|early|late|mid|the|year"
    rf"|spring|summer|autumn|winter|date|dated|{_MONTHS}))[\s\u00a0]*$",
    re.IGNORECASE,
)
_PERIOD_AFTER = re.compile(
    r"[\s\u00a0-]*(?:years?|months?|weeks?|days?|decades?|hours?|fortnights?)\b", re.IGNORECASE
)
_FINANCIAL_YEAR = re.compile(rf"{_YEAR}[/\-\u2013][0-9]{{2}}")
_SEPARATOR = re.compile(r"[\s\u00a0/\u2013-]")
_JOINED_DATES = re.compile(r"\s(?:and|to|until|till)\s|[\u2013-]", re.IGNORECASE)
_PERIOD_BEFORE_DATE = re.compile(r"\b(?:since|from|until|till|between)\s+$", re.IGNORECASE)
_NAME = re.compile(r"[A-Z][A-Za-z]*[\s\u00a0-]*[0-9]|[0-9][\s\u00a0-]*[A-Z][A-Za-z]+")
_PLURAL_AFTER = re.compile(r"[\s\u00a0]+(?!(?:is|was|has|his|its|this|us|as|thus|plus)\b)[a-z]+s\b")
_OPENERS = "\u2018\u201c\"'("
#: A label as publishers put before a link to another story: a section name in capitals ("CRIME:",
#: "READ MORE:"; not "UPDATE:" or "BREAKING:", which open the article's own words) or a usual one.
_LABEL = re.compile(
    r"(?!(?:UPDATE|UPDATED|BREAKING|EXCLUSIVE|WARNING|NOTE):)[A-Z]{2,}(?: [A-Z]{2,})?:\s"
    r"|(?:Read more|Read also|Also read|Related|See also|More|Watch|Listen):\s"
)
_NAME_BEFORE = re.compile(r"(?<=\s)[A-Z][A-Za-z]+(?:[\s\u00a0-])$")


def is_date(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a date ("2020-04-03", "3/9/2018", "3" of "3 September", "13"
    of "September 12 and 13", "twenty years ago") or a year the words before place in time ("In
    2020", "since 2019", "March 2021")."""
    written = text[start:end]
    if _AGO_AFTER.match(text, end):
        return True
    if _DAY.fullmatch(written):
        return bool(
            _AFTER_DAY.match(text, end)
            or _BEFORE_DAY.search(text, max(0, start - 12), start)
            or _DAY_PAIR_AFTER.match(text, end)
            or _DAY_PAIR_BEFORE.search(text, max(0, start - 24), start)
        )
    if not _DATE.fullmatch(written):
        # "September 12 and 13", "1 January and 31 December": more than one number, all dates
        return _SEPARATOR.search(written) is not None and _all_dates(text, start, end, several=True)
    if re.fullmatch(_YEAR, written):
        line_start = text.rfind("\n", max(0, start - 30), start) + 1
        before = text[max(line_start, start - 30) : start].rstrip(_OPENERS)
        if not before.strip():  # a year opening a line: a date, unless it counts what follows
            return not _PLURAL_AFTER.match(text, end)
        return bool(_BEFORE_YEAR.search(before))
    return True


def is_period(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is part of a period expression: years only ("2021", "between
    2013 and 2014", "September 2010"), a financial year, or an unqualified count of years, months,
    weeks or days ("in the last five years", "12 months", "a single month"; not "for over 20
    years" or an age, "a four-year-old": figures)."""
    written = text[start:end].strip()
    tokens = numeric_tokens(written)
    if not tokens:
        return False
    years = [t for t in tokens if re.fullmatch(_YEAR, t.text)]
    if len(years) == len(tokens) or _FINANCIAL_YEAR.fullmatch(written):
        return True  # "2021", "2017/18", "2013 and 2014", "September 2010"
    number_end = start + text[start:end].index(written) + tokens[-1].end
    if not _PERIOD_AFTER.match(text, number_end):
        return _dates_of_a_period(text, start, end)  # "1 January and 31 December 2017", "since May 1"
    if is_age(text, number_end - len(tokens[-1].text), number_end):
        return False  # "a four-year-old": an age, a figure
    return not is_qualified(text, start, end) or _opens_with_over(text, start, end)


def _all_dates(text: str, start: int, end: int, *, several: bool = False) -> bool:
    """Whether every numeric token of ``text[start:end]`` is a date ("September 12 and 13"), and
    there is one or, with ``several``, more than one (each is then read on its own)."""
    tokens = numeric_tokens(text[start:end])
    return len(tokens) > several and all(is_date(text, start + t.start, start + t.end) for t in tokens)


def _dates_of_a_period(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is made of dates that bound a period: two dates joined by "and"
    or "to" ("1 January and 31 December 2017"), or a date after "since", "from", "until"."""
    if not _all_dates(text, start, end):
        return False
    joined = len(numeric_tokens(text[start:end])) > 1 and _JOINED_DATES.search(text, start, end)
    return bool(joined or _PERIOD_BEFORE_DATE.search(text, max(0, start - 12), start))


def is_qualified(text: str, start: int, end: int) -> bool:
    """Whether the words give the number at ``start:end`` a qualifier ("over 20", "at least 3")."""
    sentence = sentence_around(text, start, end)
    return read_qualifier(text, start, end, *sentence).value not in (None, "exact")


def _opens_with_over(text: str, start: int, end: int) -> bool:
    """Whether the number follows an "Over" that opens its sentence: "Over five years, ..." is a
    period, where "for over 20 years" is a figure."""
    sentence = sentence_around(text, start, end)
    opening = text[sentence.start : start].strip(" \t\n" + _OPENERS)
    return opening.lower() == "over"


def is_name(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds a capitalised name with its number ("Covid 19", "Section
    28"), or is a name itself: number words capitalised within a sentence ("Operation Ninety Nine")."""
    written = text[start:end]
    if _NAME.search(written):
        return True
    words = written.split()
    first = sentence_around(text, start, end).start
    opening = not text[first:start].strip(" \t\n" + _OPENERS)
    return not opening and all(w[:1].isupper() and w.isalpha() for w in words) and bool(words)


def counts_things(text: str, start: int, end: int) -> bool:
    """Whether a number word of two or more counts the plural noun after it ("three clicks")."""
    number = NUMBER_WORDS.get(text[start:end].lower())
    return number is not None and number > 1 and bool(_PLURAL_AFTER.match(text, end))


def is_boilerplate(text: str, start: int, end: int) -> bool:
    """Whether the number at ``start:end`` is in a sentence labelled as a link to another story
    ("READ MORE: ...", "CRIME: ...", "Read more: ..."; not "He said: ..." or "UPDATE: ..."), which
    is not part of the article's body."""
    sentence = sentence_around(text, start, end)
    return bool(_LABEL.match(text[sentence.start : sentence.end].lstrip()))


def name_start(text: str, start: int, end: int) -> int | None:
    """Where the name that the number at ``start:end`` belongs to starts, if a capitalised word,
    not the first of its sentence, is written right before it ("the Covid 19 crisis")."""
    sentence = sentence_around(text, start, end)
    first_word = sentence.end - len(text[sentence.start : sentence.end].lstrip(" \t\n" + _OPENERS))
    found = _NAME_BEFORE.search(text, max(sentence.start, start - 40), start)
    if found is None or found.start() <= first_word or is_qualified(text, start, end):
        return None
    return found.start()


#: Words that name things with a number ("Section 28", "Covid 19"), never a place with a count.
_NAME_WORDS = frozenset(
    """Covid Section Article Operation Channel Year Key Stage Level Part Chapter Schedule Page Form
    Class Room Phase Tier Series Episode Season Act Rule Clause Paragraph Apollo Windows""".split()  # noqa: SIM905
)
_SP = r"[\s\u00a0\u202f]"
_PAIR = rf"[A-Z][A-Za-z'\u2019]+(?:{_SP}[A-Z][A-Za-z'\u2019]+)*:?{_SP}+[0-9][0-9,]*"
#: A list of places with their counts: "Merseyside 70, Cheshire 45 and Lancashire 30".
_PLACE_LIST = re.compile(rf"{_PAIR}(?:(?:,|;|{_SP}and|{_SP}[-\u2013]){_SP}*{_PAIR})+")
_PAIR_RE = re.compile(
    rf"(?P<name>[A-Z][A-Za-z'\u2019]+(?:{_SP}[A-Z][A-Za-z'\u2019]+)*):?{_SP}+(?P<n>[0-9][0-9,]*)"
)


def is_count_after_place(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` ("Merseyside 70") is a count after a place in a list of places
    with their counts ("Merseyside 70, Cheshire 45, Lancashire 30"), not a name with its number:
    at least two pairs of capitalised words and a number that is not a year, none of them a word
    that names things with numbers ("Section 28")."""
    line_start = text.rfind("\n", max(0, start - 300), start) + 1
    line_end = text.find("\n", end, end + 300)
    line_end = len(text) if line_end == -1 else line_end
    for found in _PLACE_LIST.finditer(text, line_start, line_end):
        if found.start() <= start and end <= found.end():
            pairs = list(_PAIR_RE.finditer(found.group()))
            return all(
                not re.fullmatch(_YEAR, p["n"]) and not set(p["name"].split()) & _NAME_WORDS for p in pairs
            )
    return False
