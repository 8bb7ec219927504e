"""The reference period the words state in a figure's segment: "in 2017/18", "in 2021",
"the year to March 2021", "the year from March 2021 to the end of February".

Bad: period 2015-04-01..2016-03-31 for "every day in 2017/18". Good: 2017-04-01..2018-03-31.
A financial year ("2017/18", "2017-18") runs from 1 April to 31 March. Every year written in the
segment must belong to one of these expressions and they must agree; otherwise (a date, "March
2021" alone, two periods) the reading is unknown.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from ukcsa_data.reading.stated import Stated
from ukcsa_data.reading.text import Span

Period = tuple[date, date]
_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTH = "(?:" + "|".join(_MONTHS) + ")"
_YEAR = r"(?:19|20)[0-9]{2}"
_S = r"[\s\u00a0\u202f]+"
_EXPRESSIONS = re.compile(
    rf"\byear{_S}from{_S}(?P<from_month>{_MONTH}){_S}(?P<from_year>{_YEAR}){_S}to{_S}(?:the{_S}end{_S}of{_S})?"
    rf"(?P<to_month>{_MONTH})(?:{_S}(?P<to_year>{_YEAR}))?\b"
    rf"|\byear{_S}(?:to|ending|ended){_S}(?P<end_month>{_MONTH}){_S}(?P<end_year>{_YEAR})\b"
    rf"|(?<![0-9/\-])(?P<fy>{_YEAR})[/\-\u2013](?P<fy_end>[0-9]{{2}})(?![0-9/\-])"
    rf"|\b(?:in|during|throughout|for){_S}(?P<calendar>{_YEAR})(?![0-9/\-\u2013])",
    re.IGNORECASE,
)
_ANY_YEAR = re.compile(rf"(?<![0-9]){_YEAR}(?![0-9])")
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
#: A financial-year shape that is another kind of year: "the 2018/19 academic year".
_OTHER_YEAR = re.compile(r"\b(?:academic|school|season|tax)\b", re.IGNORECASE)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


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
    if match["fy"]:
        first_year = int(match["fy"])
        if int(match["fy_end"]) != (first_year + 1) % 100:
            return None
        return date(first_year, 4, 1), date(first_year + 1, 3, 31)
    year = int(match["calendar"])
    return date(year, 1, 1), date(year, 12, 31)


def _dates_something_else(text: str, match: re.Match[str], number: int) -> bool:
    """Whether the expression's year is not the figure's period: part of a year, the date of a
    statement about the figure, or an academic or school year."""
    if match["calendar"]:
        before = text[max(0, match.start() - 25) : match.start()]
        between = text[match.end() : number] if match.end() <= number else ""
        return bool(
            _PART_OF_YEAR.match(text, match.end())
            or _STATEMENT_BEFORE.search(before)
            or _STATEMENT.search(between)
        )
    if match["fy"]:
        return bool(_OTHER_YEAR.search(text, max(0, match.start() - 20), min(len(text), match.end() + 20)))
    return False


def read_period(text: str, segment: Span, number: int) -> Stated[Period]:
    """The one period the segment of the figure starting at ``number`` states, or unknown."""
    if not _ANY_YEAR.search(text, segment.start, segment.end):
        return Stated(None)  # no year, no period (most segments)
    periods: set[Period] = set()
    covered: list[tuple[int, int]] = []
    first, last = segment.end, segment.start
    for match in _EXPRESSIONS.finditer(text, segment.start, segment.end):
        period = _period(match)
        if period is None or _dates_something_else(text, match, number):
            return Stated(None)
        periods.add(period)
        covered.append(match.span())
        first, last = min(first, match.start()), max(last, match.end())
    for year in _ANY_YEAR.finditer(text, segment.start, segment.end):
        if not any(a <= year.start() < b for a, b in covered):
            return Stated(None)  # a year outside any period expression: a date, or unclear
    if len(periods) != 1:
        return Stated(None)
    return Stated(periods.pop(), first, last)
