"""The reference period the words state in a figure's segment: "in 2017/18", "in 2021",
"the year to March 2021", "the year from March 2021 to the end of February", "between 2016 and
2018" (both years whole), "between 1 January and 31 December 2017" (both days included), and,
relative to the article's publication date, "last year", "last month" and "in the past 12 months".

Bad: period 2015-04-01..2016-03-31 for "every day in 2017/18". Good: 2017-04-01..2018-03-31.
A financial year ("2017/18", "2017-18", "2017/2018") runs from 1 April to 31 March. Every year
written in the segment must belong to one of these expressions and they must agree; otherwise (a
date, "March 2021" alone, "between July 2017 and January 2018", two periods) the reading is
unknown, except in a list where each number is followed by its own period ("700 in 2016/17 and
820 in 2017/18"): there each number takes the period written right after it.

Relative periods (conventions; unknown without a publication date):
- "last year": the calendar year before the year of publication;
- "the year to March" (no year written): the 12 months to the last March that ended before the
  month of publication (unknown if published in March);
- "last month": the calendar month before the month of publication;
- "in (or over, during, within) the past (or last) 12 months" and "... the past (or last) year":
  the 12 full calendar months before the month of publication (published 2019-05-20:
  2018-05-01 to 2019-04-30);
- "this year", "this month", "the previous year", "last week", "the past five years" and the like
  are never read: a segment holding one of them, or a month's name, alongside a relative period
  is unknown.
A relative period that another word qualifies ("since last year", "in March last year", "last
year's", "the end of last year") is unknown. In "from N in YEAR to M last year" each number takes
the period of its own part: N is read from "from N ..." up to "to M", M from "to M" on (and both
are unknown if a period is written before "from").
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from ukcsa_data.reading.stated import Stated
from ukcsa_data.reading.text import Span

Period = tuple[date, date]
_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTH = "(?:" + "|".join(_MONTHS) + ")"
_YEAR = r"(?:19|20)[0-9]{2}"
_S = r"[\s\u00a0\u202f]+"
#: Each pattern below is tried only at a character that can start it (``(?=[...])``), which keeps
#: the cost per character of a segment low.
_EXPRESSIONS = re.compile(
    r"(?=[yidtfb12])(?:"
    rf"\bbetween{_S}(?P<from_day>[0-9]{{1,2}})(?:st|nd|rd|th)?{_S}(?P<day_from_month>{_MONTH})"
    rf"(?:{_S}(?P<day_from_year>{_YEAR}))?{_S}and{_S}(?P<to_day>[0-9]{{1,2}})(?:st|nd|rd|th)?{_S}"
    rf"(?P<day_to_month>{_MONTH}){_S}(?P<day_to_year>{_YEAR})\b"
    rf"|\bbetween{_S}(?P<span_from>{_YEAR}){_S}and{_S}(?P<span_to>{_YEAR})(?![0-9/\-\u2013])"
    rf"|\byear{_S}from{_S}(?P<from_month>{_MONTH}){_S}(?P<from_year>{_YEAR}){_S}to{_S}(?:the{_S}end{_S}of{_S})?"
    rf"(?P<to_month>{_MONTH})(?:{_S}(?P<to_year>{_YEAR}))?\b"
    rf"|\byear{_S}(?:to|ending|ended){_S}(?P<end_month>{_MONTH}){_S}(?P<end_year>{_YEAR})\b"
    rf"|(?<![0-9/\-])(?P<fy>{_YEAR})[/\-\u2013](?P<fy_end>[0-9]{{2}}|{_YEAR})(?![0-9/\-])"
    rf"|\b(?:in|during|throughout|for){_S}(?P<calendar>{_YEAR})(?![0-9/\-\u2013]))",
    re.IGNORECASE,
)
_ANY_YEAR = re.compile(rf"(?=[12])(?<![0-9]){_YEAR}(?![0-9])")
#: A year, or a word that may start a relative period: where neither is written, no period is.
#: (Tried only at a character that can start one, which keeps the cost per character low.)
_CUE = re.compile(
    rf"(?=[12lpy])(?:(?<![0-9]){_YEAR}(?![0-9])|\b(?:last|past)\b|\byear{_S}(?:to|ending|ended)\b)",
    re.IGNORECASE,
)
_RELATIVE = re.compile(
    r"(?=[iodtwly])(?:"
    rf"(?P<year_to>\byear{_S}(?:to|ending|ended){_S}(?P<to_month>{_MONTH})\b(?!{_S}[0-9]|[/\-][0-9]))"
    rf"|(?P<past12>\b(?:in|over|during|within|throughout){_S}the{_S}(?:past|last){_S}"
    rf"(?:(?:12|twelve){_S}months|year)\b)"
    rf"|(?P<last>\blast{_S}(?P<unit>year|month)\b)(?![\'\u2019]s|-))",
    re.IGNORECASE,
)
#: Words that make "last year" or "last month" something other than the whole period, or a point.
_QUALIFIED_BEFORE = re.compile(
    rf"\b(?:the|since|until|till|by|before|after|from|of|to|than|end|start|beginning|early|late|mid|"
    rf"{_MONTH[3:-1]})\s*,?\s*$",
    re.IGNORECASE,
)
#: Other periods relative to the publication (or to another period), never read.
_UNCLEAR = re.compile(
    r"\b(?:this|last|past|previous|preceding|recent|coming|next|current|same)\s+"
    r"(?:(?:[0-9]+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|few|several|couple\s+of)\s+)?"
    r"(?:years?|months?|weeks?|days?|decades?|quarters?|fortnights?)\b"
    r"|\b(?:years?|months?|weeks?)\s+(?:ago|earlier|before|later)\b"
    rf"|\b{_MONTH}\b",  # "in March last year": a month of it
    re.IGNORECASE,
)
_QUALIFIERS = (
    r"(?:(?:about|around|roughly|nearly|almost|just|over|under|some|approximately|more|fewer|less|than)"
    r"\s+){0,3}"
)
#: "from N ... to M": the "from" just before a figure, and the "to" just before the next number.
_FROM_HERE = re.compile(rf"\bfrom\s+{_QUALIFIERS}[£$€]?$", re.IGNORECASE)
_TO_NUMBER = re.compile(rf"\bto\s+{_QUALIFIERS}[£$€]?(?=[0-9])", re.IGNORECASE)
_TO_HERE = re.compile(rf"\bto\s+{_QUALIFIERS}[£$€]?$", re.IGNORECASE)
_FROM_NUMBER = re.compile(rf"\bfrom\s+{_QUALIFIERS}[£$€]?(?=[0-9])", re.IGNORECASE)
#: After a calendar year: only part of it ("in 2020 so far", "in 2020 up to the end of June").
_PART_OF_YEAR = re.compile(
    r"\s*,?\s*(?:so\s+far|to\s+date|up\s+to|until|till|through|by\s+the\s+end)\b", re.I
)
#: A year that dates a statement, not the figure: "said in 2020", "In 2020 the NCA warned that".
_STATEMENT = re.compile(
    r"\b(?:said|says|warned|warns|estimated|estimates|reported|reports|found|finds|revealed|reveals|"
    r"announced|published|released|stated|believed|believes)\b",
    re.IGNORECASE,
)
_STATEMENT_BEFORE = re.compile(_STATEMENT.pattern + r"\s*$", re.IGNORECASE)
#: A statement word counted by a number right before it is a noun, not a verb: "300 reports last
#: year" (a count for the year), not "the agency reports in 2020 that" (a statement's date).
_COUNTED_NOUN = re.compile(r"[0-9]\s+(?:reports|estimates|finds)\s*$", re.IGNORECASE)
#: A financial-year shape that is another kind of year: "the 2018/19 academic year".
_OTHER_YEAR = re.compile(r"\b(?:academic|school|season|tax)\b", re.IGNORECASE)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _span(match: re.Match[str]) -> Period | None:
    """ "between 2016 and 2018": 1 January 2016 to 31 December 2018 (both years whole); ``None``
    for an end before the start. Months ("between July 2017 and January 2018") are not read: the
    press writes the last month both inclusively and exclusively."""
    first, last = int(match["span_from"]), int(match["span_to"])
    return (date(first, 1, 1), date(last, 12, 31)) if first < last else None


def _dates(match: re.Match[str]) -> Period | None:
    """ "between 1 January and 31 December 2017": both days included (the first in the second's
    year unless it names its own); ``None`` for a day that does not exist or an end before the
    start."""
    to_year = int(match["day_to_year"])
    from_year = int(match["day_from_year"]) if match["day_from_year"] else to_year
    try:
        first = date(from_year, _MONTHS[match["day_from_month"].lower()], int(match["from_day"]))
        last = date(to_year, _MONTHS[match["day_to_month"].lower()], int(match["to_day"]))
    except ValueError:
        return None
    return (first, last) if first < last else None


def _period(match: re.Match[str]) -> Period | None:
    if match["from_month"]:
        first = date(int(match["from_year"]), _MONTHS[match["from_month"].lower()], 1)
        to_month = _MONTHS[match["to_month"].lower()]
        to_year = int(match["to_year"]) if match["to_year"] else first.year + (to_month < first.month)
        return first, _month_end(to_year, to_month)
    if match["end_month"]:
        end_year, end_month = int(match["end_year"]), _MONTHS[match["end_month"].lower()]
        start = date(end_year - (end_month != 12), end_month % 12 + 1, 1)
        return start, _month_end(end_year, end_month)
    if match["span_from"]:
        return _span(match)
    if match["from_day"]:
        return _dates(match)
    if match["fy"]:
        first_year = int(match["fy"])
        fy_end = int(match["fy_end"])
        if fy_end != (first_year + 1) % (100 if fy_end < 100 else 10_000):
            return None
        return date(first_year, 4, 1), date(first_year + 1, 3, 31)
    year = int(match["calendar"])
    return date(year, 1, 1), date(year, 12, 31)


def _dates_something_else(text: str, match: re.Match[str], number: int) -> bool:
    """Whether the expression's year is not the figure's period: part of a year, the date of a
    statement about the figure, or an academic or school year."""
    if match.re is _RELATIVE or match["calendar"]:
        before = text[max(0, match.start() - 25) : match.start()]
        between = text[match.end() : number] if match.end() <= number else ""
        return bool(
            _PART_OF_YEAR.match(text, match.end())
            or (_STATEMENT_BEFORE.search(before) and not _COUNTED_NOUN.search(before))
            or _STATEMENT.search(between)
        )
    if match["fy"]:
        return bool(_OTHER_YEAR.search(text, max(0, match.start() - 20), min(len(text), match.end() + 20)))
    return False


def reliable_publication(published: date | None, inferred: bool) -> date | None:
    """The publication date to read relative periods by: ``None`` for an inferred date (which may
    be a day off) on the first or last day of a month, where a day's error could change the month,
    and so the year or the months that "last month" or "the past 12 months" mean."""
    if published is None or not inferred:
        return published
    last_day = calendar.monthrange(published.year, published.month)[1]
    return None if published.day in (1, last_day) else published


def _relative(match: re.Match[str], published: date) -> Period | None:
    year, month = published.year, published.month
    if not 2 <= year <= 9998:
        return None  # a date at the ends of the calendar has no year before or after it
    if match["year_to"]:  # the last month of that name that ended before the month of publication
        end_month = _MONTHS[match["to_month"].lower()]
        if end_month == month:
            return None  # this month's or last year's: unclear
        end_year = year if end_month < month else year - 1
        start = date(end_year - (end_month != 12), end_month % 12 + 1, 1)
        return start, _month_end(end_year, end_month)
    if match["past12"]:  # the 12 full months before the month of publication
        return date(year - 1, month, 1), date(year, month, 1) - timedelta(days=1)
    if match["unit"].lower() == "year":
        return date(year - 1, 1, 1), date(year - 1, 12, 31)
    end = date(year, month, 1) - timedelta(days=1)
    return date(end.year, end.month, 1), end


def _relative_periods(
    text: str, part: Span, number: int, published: date | None
) -> list[tuple[Period, re.Match[str]]] | None:
    """The relative periods written in ``part`` with their matches, or ``None`` if one cannot be
    read (no publication date, a qualified or unclear one, or one that dates a statement)."""
    found: list[tuple[Period, re.Match[str]]] = []
    spans: list[tuple[int, int]] = []
    for match in _RELATIVE.finditer(text, part.start, part.end):
        if published is None or _dates_something_else(text, match, number):
            return None
        if match["last"] and _QUALIFIED_BEFORE.search(text, max(0, match.start() - 20), match.start()):
            return None
        period = _relative(match, published)
        if period is None:
            return None
        found.append((period, match))
        spans.append(match.span())
    if found:
        for unclear in _UNCLEAR.finditer(text, part.start, part.end):
            if not any(a <= unclear.start() < b for a, b in spans):
                return None
    return found


def _own_part(text: str, segment: Span, start: int, end: int) -> Span | None:
    """The part of the segment that states the period of the figure at ``start:end``: in "from N
    in YEAR to M last year", "from N in YEAR" for N and "to M last year" for M; the whole segment
    otherwise; ``None`` where a period written before "from" would apply to both numbers."""
    begin = max(segment.start, start - 60)
    if "rom" not in text[begin:start] and "to" not in text[begin:start]:
        return segment  # neither "from N" nor "to M" (most figures): no string search needed
    origin = _FROM_HERE.search(text, begin, start)
    if origin is not None:
        to = _TO_NUMBER.search(text, end, segment.end)
        if to is None:
            return segment
        part = Span(origin.start(), to.start())
    else:
        to_here = _TO_HERE.search(text, begin, start)
        if to_here is None:
            return segment
        origins = list(_FROM_NUMBER.finditer(text, segment.start, to_here.start()))
        if not origins:
            return segment
        origin = origins[-1]
        part = Span(to_here.start(), segment.end)
    if _CUE.search(text, segment.start, origin.start()):
        return None
    return part


def is_relative(text: str, stated: Stated[Period]) -> bool:
    """Whether the words that state ``stated`` include a period relative to the publication date."""
    return _RELATIVE.search(text, stated.start, stated.end) is not None


def near(period: Period, other: Period) -> bool:
    """Whether ``other`` could be what the press calls ``period`` (a relative one): the two overlap
    and their lengths differ by at most an eighth (and three days). "Last year" in an article of
    May 2022 may mean the year to February 2022, the latest year of figures."""
    (start, end), (other_start, other_end) = period, other
    length, other_length = (end - start).days, (other_end - other_start).days
    overlap = other_start <= end and start <= other_end
    return overlap and abs(length - other_length) <= length // 8 + 3


#: Right before the number of a whole that a part is taken from ("three of the four forces"): the
#: period of the part is not said to be the whole's.
_WHOLE_OF_A_PART = re.compile(r"\bof\s+(?:the|all|its|their)\s+$", re.IGNORECASE)


def _whole_of_a_part(text: str, segment: Span, number: int) -> bool:
    """Whether the number is the whole a part is taken from ("three of the four forces ... in the
    past year": the period is the three's, not the four's)."""
    return bool(_WHOLE_OF_A_PART.search(text, max(segment.start, number - 12), number))


def read_period(
    text: str, segment: Span, number: int, *, end: int | None = None, published: date | None = None
) -> Stated[Period]:
    """The one period the segment of the figure at ``number:end`` states, or unknown.
    ``published`` is the article's publication date (``None``: relative periods are unknown)."""
    if not _CUE.search(text, segment.start, segment.end) or _whole_of_a_part(text, segment, number):
        return Stated(None)  # no year, no "last" or "past": no period (most segments)
    part = _own_part(text, segment, number, number if end is None else end)
    if part is None:
        return Stated(None)
    relative = _relative_periods(text, part, number, published)
    if relative is None:
        return Stated(None)
    periods: set[Period] = set()
    own: list[tuple[Period, re.Match[str]]] = []
    covered: list[tuple[int, int]] = []
    first, last = part.end, part.start
    for period, match in relative:
        periods.add(period)
        first, last = min(first, match.start()), max(last, match.end())
    years = _ANY_YEAR.search(text, part.start, part.end) is not None
    for match in _EXPRESSIONS.finditer(text, part.start, part.end) if years else ():
        fixed = _period(match)
        if fixed is None or _dates_something_else(text, match, number):
            return Stated(None)
        periods.add(fixed)
        own.append((fixed, match))
        covered.append(match.span())
        first, last = min(first, match.start()), max(last, match.end())
    for year in _ANY_YEAR.finditer(text, part.start, part.end) if years else ():
        if not any(a <= year.start() < b for a, b in covered):
            return Stated(None)  # a year outside any period expression: a date, or unclear
    if len(periods) != 1:
        return _listed(text, own, number if end is None else end) if not relative else Stated(None)
    return Stated(periods.pop(), first, last)


#: Right before a period of a list "N in 2016/17 and M in 2017/18": a number and "in".
_LISTED_BEFORE = re.compile(r"[0-9][0-9,.]*%?\s+(?:in|during)\s+$", re.IGNORECASE)
_OWN_AFTER = re.compile(r"\s+(?:in|during)\s+", re.IGNORECASE)


def _listed(text: str, expressions: list[tuple[Period, re.Match[str]]], end: int) -> Stated[Period]:
    """In a list "N in 2016/17 and M in 2017/18", where every period is written right after a
    number, the period right after the figure; unknown otherwise."""
    mine = [
        (period, match)
        for period, match in expressions
        if _OWN_AFTER.fullmatch(text, end, match.start()) is not None
    ]
    if len(mine) != 1:
        return Stated(None)
    for _, match in expressions:
        if not _LISTED_BEFORE.search(text, max(0, match.start() - 30), match.start()):
            return Stated(None)
    period, match = mine[0]
    return Stated(period, match.start(), match.end())
