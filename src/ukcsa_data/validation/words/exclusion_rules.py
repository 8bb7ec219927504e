"""Rules that hold an exclusion to its reason: an excluded number must be what the reason says.

Boilerplate is known by its line: a line the publisher labels as a link to another story, a
capitalised label and a colon at its start ("READ MORE: ...", "CRIME: ..."), is not part of the
article's body. Boilerplate without such a label needs a waiver.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator

from ukcsa_data.validation.rules import Finding, Row, RuleSet
from ukcsa_data.validation.words.context import Mention

EXCLUSION_RULES: RuleSet[Mention] = RuleSet("exclusions")

_MONTHS = "|".join(m for m in calendar.month_name if m)
_YEAR = r"(?:19|20)[0-9]{2}"
_DATE = re.compile(rf"[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}|[0-9]{{1,2}}/[0-9]{{1,2}}/[0-9]{{2,4}}|{_YEAR}")
_DAY = re.compile(r"[0-9]{1,2}(?:st|nd|rd|th)?")
_BEFORE_YEAR = re.compile(
    rf"(?:\b(?:in|since|by|during|of|from|until|till|to|before|after|between|and|early|late|mid|the|year"
    rf"|spring|summer|autumn|winter|date|dated|{_MONTHS})|^)[\s\u00a0]*$",
    re.IGNORECASE,
)
_AFTER_DAY = re.compile(rf"\s+(?:{_MONTHS})\b", re.IGNORECASE)
_PERIOD_AFTER = re.compile(
    r"^[\s\u00a0-]*(?:years?|months?|weeks?|days?|decades?|hours?|fortnights?)\b", re.IGNORECASE
)
_FINANCIAL_YEAR = re.compile(rf"^{_YEAR}[/\-\u2013][0-9]{{2}}$")
_NAME = re.compile(r"[A-Z][A-Za-z]*[\s\u00a0-]*[0-9]|[0-9][\s\u00a0-]*[A-Z][A-Za-z]+")
_LABELLED_LINE = re.compile(r"[A-Z][A-Z ]{1,30}:\s")


def _reason(row: Row, reason: str) -> bool:
    return bool(row["reason"] == reason)


def _fix(mention: Mention) -> str:
    return f"{mention.around()}: record it as a figure, or give the reason that fits"


def _is_date(mention: Mention) -> bool:
    text = mention.text[mention.start : mention.end]
    if _DAY.fullmatch(text):
        return bool(_AFTER_DAY.match(mention.text, mention.end))
    if not _DATE.fullmatch(text):
        return False
    if re.fullmatch(_YEAR, text):
        line_start = mention.text.rfind("\n", 0, mention.start) + 1
        before = mention.text[max(line_start, mention.start - 30) : mention.start]
        return bool(_BEFORE_YEAR.search(before.rstrip("\u2018\u201c\"'(")))
    return True


@EXCLUSION_RULES.rule("exclusion-date")
def exclusion_date(row: Row, mention: Mention) -> Iterator[Finding]:
    """An exclusion with reason ``date`` reads as a date, or as a year after "in", "since", a month...

    Bad: text "131", reason date, in "saw 131 suspects arrested". Good: a figure row for 131.
    Good: text "2020" in "In 2020 the NCA warned"; text "2020-04-03" in "date 2020-04-03".
    """
    if _reason(row, "date") and not _is_date(mention):
        yield Finding("exclusion-date", "reason", f"reason is date, but the article says {_fix(mention)}")


def _is_period(mention: Mention) -> bool:
    text = mention.text[mention.start : mention.end].strip()
    if re.fullmatch(_YEAR, text) or _FINANCIAL_YEAR.match(text):
        return True
    return bool(_PERIOD_AFTER.match(mention.text[mention.end : mention.end + 20]))


@EXCLUSION_RULES.rule("exclusion-period")
def exclusion_period(row: Row, mention: Mention) -> Iterator[Finding]:
    """An exclusion with reason ``period`` is a year, a financial year, or "N years/months/weeks/days"
    ("a single month").

    Bad: text "200", reason period, in "More than 200 raids". Good: text "five" in "the last five years".
    """
    if _reason(row, "period") and not _is_period(mention):
        yield Finding("exclusion-period", "reason", f"reason is period, but the article says {_fix(mention)}")


@EXCLUSION_RULES.rule("exclusion-name")
def exclusion_name(row: Row, mention: Mention) -> Iterator[Finding]:
    """An exclusion with reason ``name`` holds the name's words with the number, as written.

    Bad: text "19" for "the Covid 19 crisis". Good: text "Covid 19".
    """
    text = mention.text[mention.start : mention.end]
    if _reason(row, "name") and not _NAME.search(text):
        yield Finding(
            "exclusion-name",
            "text",
            f"reason is name, but text {mention.words(mention.start, mention.end)} is not a capitalised name "
            f"with its number (in {mention.around()}): write the name's words in text, or record a figure",
        )


@EXCLUSION_RULES.rule("exclusion-not-a-quantity")
def exclusion_not_a_quantity(row: Row, mention: Mention) -> Iterator[Finding]:
    """reason ``not_a_quantity`` is for a number word used as a word, never for digits or a
    qualified number.

    Bad: text "131" in "saw 131 suspects arrested". Good: text "One" in "One officer I met".
    """
    if not _reason(row, "not_a_quantity"):
        return
    text = mention.text[mention.start : mention.end]
    qualifier = mention.reading.qualifier.value
    if any(c.isdigit() for c in text):
        why = "digits are always a quantity"
    elif qualifier not in (None, "exact") or mention.reading.markers.percent:
        why = "the words qualify it as a quantity"
    else:
        return
    yield Finding(
        "exclusion-not-a-quantity",
        "reason",
        f"reason is not_a_quantity, but {why}: the article says {_fix(mention)}",
    )


@EXCLUSION_RULES.rule("exclusion-boilerplate")
def exclusion_boilerplate(row: Row, mention: Mention) -> Iterator[Finding]:
    """reason ``boilerplate`` only on a line labelled as a link to another story ("CRIME: ...").

    Bad: text "200" in "More than 200 raids led to ...". Good: text "three" in
    "CRIME: Drunk driver caught with three young children in car in Barnsley".
    """
    if not _reason(row, "boilerplate"):
        return
    line_start = mention.text.rfind("\n", 0, mention.start) + 1
    if _LABELLED_LINE.match(mention.text, line_start):
        return
    yield Finding(
        "exclusion-boilerplate",
        "reason",
        f"reason is boilerplate, but {mention.around()} is on a line with no link label (such as "
        "'READ MORE:'): record a figure, or waive it with the reason the line is not the article's",
    )
