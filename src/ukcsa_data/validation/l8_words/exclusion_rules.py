"""Rules that hold an exclusion to its reason: an excluded number must be what the reason says.

Boilerplate is known by its label: a sentence the publisher labels as a link to another story,
with a label of one or two words and a colon at its start ("READ MORE: ...", "CRIME: ...",
"Read more: ..."), is not part of the article's body. Boilerplate without such a label needs a
waiver.
"""

from __future__ import annotations

from collections.abc import Iterator

from ukcsa_data.reading.ages import states_an_age
from ukcsa_data.reading.exclusions import (
    counts_things,
    is_boilerplate,
    is_date,
    is_name,
    is_period,
    is_qualified,
)
from ukcsa_data.text.tokens import numeric_tokens
from ukcsa_data.validation.l8_words.context import Mention
from ukcsa_data.validation.rules import Finding, Row, RuleSet

EXCLUSION_RULES: RuleSet[Mention] = RuleSet("exclusions")


def _reason(row: Row, reason: str) -> bool:
    return bool(row["reason"] == reason)


def _an_age(mention: Mention) -> bool:
    """Whether the excluded number states an age: the rule exclusion-age reports it, once."""
    return states_an_age(mention.text, mention.start, mention.end)


def _fix(mention: Mention) -> str:
    return f"{mention.around()}: record it as a figure, or give the reason that fits"


@EXCLUSION_RULES.rule("exclusion-date")
def exclusion_date(row: Row, mention: Mention) -> Iterator[Finding]:
    """An exclusion with reason ``date`` reads as a date, or as a year after "in", "since", a month...

    Bad: text "131", reason date, in "saw 131 suspects arrested". Good: a figure row for 131.
    Good: text "2020" in "In 2020 the NCA warned"; text "2020-04-03" in "date 2020-04-03".
    """
    if (
        _reason(row, "date")
        and not is_date(mention.text, mention.start, mention.end)
        and not _an_age(mention)
    ):
        yield Finding("exclusion-date", "reason", f"reason is date, but the article says {_fix(mention)}")


@EXCLUSION_RULES.rule("exclusion-period")
def exclusion_period(row: Row, mention: Mention) -> Iterator[Finding]:
    """An exclusion with reason ``period`` is a year, a financial year, or "N years/months/weeks/days"
    ("a single month").

    Bad: text "200", reason period, in "More than 200 raids". Good: text "five" in "the last five years".
    """
    if (
        _reason(row, "period")
        and not is_period(mention.text, mention.start, mention.end)
        and not _an_age(mention)
    ):
        yield Finding("exclusion-period", "reason", f"reason is period, but the article says {_fix(mention)}")


@EXCLUSION_RULES.rule("exclusion-name")
def exclusion_name(row: Row, mention: Mention) -> Iterator[Finding]:
    """An exclusion with reason ``name`` holds the name's words with the number, as written, and
    is not a date (a month's name is capitalised too).

    Bad: text "19" for "the Covid 19 crisis". Good: text "Covid 19".
    Bad: reason name for "25 May 2021". Good: reason date.
    """
    if not _reason(row, "name"):
        return
    if not is_name(mention.text, mention.start, mention.end):
        yield Finding(
            "exclusion-name",
            "text",
            f"reason is name, but text {mention.words(mention.start, mention.end)} is not a capitalised name "
            f"with its number (in {mention.around()}): write the name's words in text, or record a figure",
        )
    elif _all_dates(mention):
        yield Finding(
            "exclusion-name",
            "reason",
            f"reason is name, but text {mention.words(mention.start, mention.end)} is a date: "
            "use reason date (or period, where it bounds a period)",
        )


def _all_dates(mention: Mention) -> bool:
    """Whether every number of the exclusion's text is part of a date ("25 May 2021")."""
    written = mention.text[mention.start : mention.end]
    tokens = numeric_tokens(written)
    return bool(tokens) and all(
        is_date(mention.text, mention.start + t.start, mention.start + t.end) for t in tokens
    )


@EXCLUSION_RULES.rule("exclusion-not-a-quantity")
def exclusion_not_a_quantity(row: Row, mention: Mention) -> Iterator[Finding]:
    """reason ``not_a_quantity`` is for a number word used as a word, never for digits or a
    qualified number.

    Bad: text "131" in "saw 131 suspects arrested". Good: text "One" in "One officer I met".
    """
    if not _reason(row, "not_a_quantity") or _an_age(mention):
        return
    text = mention.text[mention.start : mention.end]
    if any(c.isdigit() for c in text):
        why = "digits are always a quantity"
    elif is_qualified(mention.text, mention.start, mention.end) or mention.reading.markers.percent:
        why = "the words qualify it as a quantity"
    elif counts_things(mention.text, mention.start, mention.end):
        why = "it counts the plural noun after it"
    else:
        return
    yield Finding(
        "exclusion-not-a-quantity",
        "reason",
        f"reason is not_a_quantity, but {why}: the article says {_fix(mention)}",
    )


@EXCLUSION_RULES.rule("exclusion-boilerplate")
def exclusion_boilerplate(row: Row, mention: Mention) -> Iterator[Finding]:
    """reason ``boilerplate`` only in a sentence labelled as a link to another story ("CRIME: ...").

    Bad: text "200" in "More than 200 raids led to ...". Good: text "three" in
    "CRIME: Drunk driver caught with three young children in car in Barnsley".
    """
    if not _reason(row, "boilerplate"):
        return
    if is_boilerplate(mention.text, mention.start, mention.end):
        return
    yield Finding(
        "exclusion-boilerplate",
        "reason",
        f"reason is boilerplate, but {mention.around()} is in a sentence with no link label (such as "
        "'READ MORE:'): record a figure, or waive it with the reason the line is not the article's",
    )
