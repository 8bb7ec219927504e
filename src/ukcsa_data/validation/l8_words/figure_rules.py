"""Rules that hold a figure row to what the article's words around its number state.

Each rule says nothing where the reading is unknown. A finding quotes the words and says the fix.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from ukcsa_data.reading import NO_RATE, Stated
from ukcsa_data.reading.period import is_relative, near
from ukcsa_data.reading.vocabulary import bundled_vocabulary
from ukcsa_data.validation.l8_words.context import Mention
from ukcsa_data.validation.rules import Finding, Row, RuleSet

_POINTS = re.compile(r"percentage[\s\u00a0\u202f]+points?", re.IGNORECASE)

FIGURE_RULES: RuleSet[Mention] = RuleSet("figures")


def _shown(value: object) -> str:
    return "empty" if value is None else str(value)


@FIGURE_RULES.rule("qualifier-words")
def qualifier_words(row: Row, mention: Mention) -> Iterator[Finding]:
    """The qualifier is the one the words just before (or after) the number state.

    Bad: qualifier ``exact`` for "there are at least 300,000 people". Good: ``at_least``.
    Bad: qualifier ``around`` for "saw 131 suspects arrested". Good: ``exact``.
    """
    stated = mention.reading.qualifier
    if stated.value is None or stated.value == row["qualifier"]:
        return
    qualifier, exact = row["qualifier"], stated.value == "exact"

    def message() -> str:
        words = mention.around(after=0) if exact else mention.said(stated)
        plain = " with no qualifier" if exact else ""
        return f"qualifier is {qualifier}, but the article says {words}{plain}: use {stated.value}"

    yield Finding("qualifier-words", "qualifier", message)


@FIGURE_RULES.rule("per-words")
def per_words(row: Row, mention: Mention) -> Iterator[Finding]:
    """``per`` is the rate the words after the number state, and empty where the sentence states
    none or the number is a total for a stated period.

    Bad: per empty (or ``week``) for "arrest more than 500 child sex offenders ... each month".
    Good: ``month``. Bad: per ``month`` for "saw 131 suspects arrested". Good: empty.
    Bad: per ``week`` for "164 children were safeguarded during the week" (a total for the week,
    like "in the past year", "over six months", "in a single month"). Good: empty.
    """
    stated, per = mention.reading.rate, row["per"]
    if stated.value is None or stated.value == (per or NO_RATE):
        return
    whole_sentence = (stated.start, stated.end) == mention.reading.sentence

    def message() -> str:
        if stated.value == NO_RATE and whole_sentence:
            return f"per is {per}, but the sentence states no rate ({mention.sentence()}): leave per empty"
        if stated.value == NO_RATE:
            return (
                f"per is {per}, but the article gives a total for a period ({mention.said(stated)}), "
                "not a rate: leave per empty"
            )
        return f"per is {_shown(per)}, but the article says {mention.said(stated)}: use {stated.value}"

    yield Finding("per-words", "per", message)


@FIGURE_RULES.rule("unit-words")
def unit_words(row: Row, mention: Mention) -> Iterator[Finding]:
    """The unit agrees with the markers written around the number, and value_text keeps its scale.

    Bad: unit ``people``, value_text "700", for "surged by 700 per cent".
    Good: unit ``percent``, value_text "700 per cent".
    Bad: value_text "£1.2" for "£1.2 million". Good: "£1.2 million" and value 1200000.
    (A marker inside value_text is checked by the provenance layer, code value-text-unit.)
    """
    markers, unit = mention.reading.markers, row["unit"]
    if not (markers.scale_outside or markers.percent or markers.currency):
        return

    def written() -> str:
        return mention.words(markers.start, markers.end)

    if markers.scale_outside:
        yield Finding(
            "unit-words",
            "value_text",
            f"value_text {mention.words(mention.start, mention.end)} leaves out {markers.scale_outside!r}: "
            f"the article says {written()}; write it in value_text and scale value",
        )
    if markers.percent:
        expected = (
            "percentage_points" if _POINTS.search(mention.text, markers.start, markers.end) else "percent"
        )
        if unit != expected:
            yield Finding(
                "unit-words", "unit", f"unit is {unit}, but the article says {written()}: use {expected}"
            )
    if markers.currency and unit != markers.currency:
        yield Finding(
            "unit-words",
            "unit",
            f"unit is {unit}, but the article says {written()}, a sum in {markers.currency}: use "
            f"{markers.currency} (a unit of dataset/units.csv)",
        )


@FIGURE_RULES.rule("change-words")
def change_words(row: Row, mention: Mention) -> Iterator[Finding]:
    """measure_type is ``change`` where the words make the figure a change, ``level`` where they
    make it a level.

    Bad: measure_type ``level`` for "have surged by 700 per cent". Good: ``change``.
    Bad: measure_type ``change`` for "up from 15 a day". Good: ``level``.
    """
    stated = mention.reading.change
    if stated.value is None or stated.value == row["measure_type"]:
        return
    yield Finding(
        "change-words",
        "measure_type",
        f"measure_type is {row['measure_type']}, but the article says {mention.said(stated)}: "
        f"use {stated.value}",
    )


def _period(start: date | None, end: date | None) -> str:
    return "empty" if start is None and end is None else f"{_shown(start)} to {_shown(end)}"


@FIGURE_RULES.rule("period-words")
def period_words(row: Row, mention: Mention) -> Iterator[Finding]:
    """The period is the one an explicit year or financial year in the figure's words states, or a
    period they state relative to the article's publication date (source published_date).

    Bad: period 2015-04-01 to 2016-03-31 for "every day in 2017/18". Good: 2017-04-01 to 2018-03-31.
    Bad: period empty for "recorded 500 offences last year" in an article of 2019-05-20.
    Good: 2018-01-01 to 2018-12-31.
    Relative periods are read by the conventions of :mod:`ukcsa_data.reading.period` ("last year":
    the previous calendar year; "in the past 12 months": the 12 full months before the month of
    publication), and only where the source's date is known to the month (not an inferred date on
    the first or last day of a month). As the press also says "last year" of the latest year of
    figures, a row period of about the same length that overlaps the one read is accepted.
    """
    stated = mention.reading.period
    row_period = (row["period_start"], row["period_end"])
    if stated.value is None or stated.value == row_period:
        return
    if row_period == (None, None) and _is_age(row, mention):
        return  # an age ("aged 18 to 74 in the year to March") has no period of its own
    relative = is_relative(mention.text, stated)
    if relative and None not in row_period and near(stated.value, row_period):
        return
    start, end = stated.value
    published = f" (an article published {mention.published})" if relative else ""
    yield Finding(
        "period-words",
        "period_start",
        f"the period is {_period(*row_period)}, but the article says {_period_words(mention, stated)}"
        f"{published}: use period_start {start} and period_end {end}",
    )


def _is_age(row: Row, mention: Mention) -> bool:
    """Whether the row's unit is an age ("under-16s"), which holds for no area of its own."""
    return (mention.vocabulary or bundled_vocabulary()).unit_kinds.get(str(row["unit"])) == "age"


def _period_words(mention: Mention, stated: Stated[tuple[date, date]]) -> str:
    """The words that state the period with the figure, or, where they are too far apart to quote
    together, the period's words and then the figure's."""
    if max(stated.end, mention.end) - min(stated.start, mention.start) <= 100:
        return mention.said(stated)
    return f"{mention.words(stated.start, stated.end)} of {mention.words(mention.start, mention.end)}"


@FIGURE_RULES.rule("geography-words", "geography-elsewhere")
def geography_words(row: Row, mention: Mention) -> Iterator[Finding]:
    """geography is the area the words attach to the number (one of the areas its words can mean:
    "West Midlands", the region or the police force area); one the sentence does not name must be
    named elsewhere in the article (a warning), and one the article never names is an error.

    Bad: geography ``UK`` for "police in England and Wales recorded ...". Good: ``England and Wales``.
    Bad: geography ``UK`` for "Merseyside recorded 70 offences and Cheshire 45". Good: ``Merseyside``.
    Good: geography empty for an age ("children under 16 in England"): an age holds for no area.
    """
    stated, geography = mention.reading.areas, row["geography"]
    if stated.value is not None:
        if geography not in stated.value and not (geography is None and _is_age(row, mention)):
            named = stated.value
            yield Finding(
                "geography-words",
                "geography",
                lambda: (
                    f"geography is {_shown(geography)}, but the sentence names "
                    f"{mention.words(stated.start, stated.end)}: use {' or '.join(sorted(named))}"
                ),
            )
        return
    if geography is None or mention.sentence_names_an_area:
        return
    if geography in mention.article_areas:
        yield Finding(
            "geography-elsewhere",
            "geography",
            lambda: (
                f"geography {geography} is not named in this sentence ({mention.sentence()}), only "
                "elsewhere in the article: check it applies, and leave it empty if it does not"
            ),
            severity="warning",
        )
    else:
        yield Finding(
            "geography-words",
            "geography",
            f"geography is {geography}, but the article never names it: leave geography empty",
        )
