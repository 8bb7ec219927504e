"""The rule that holds a figure's unit to the count noun written right after its number.

Only counts and durations are compared (a ratio "one in five children" or a multiple counts its
noun in another unit), and an age ("a 12-year-old") against a count unit; never where a percent or
currency marker stands with the number: that is the unit-words rule's.
"""

from __future__ import annotations

from collections.abc import Iterator

from ukcsa_data.reading.vocabulary import bundled_vocabulary
from ukcsa_data.validation.l8_words.context import Mention
from ukcsa_data.validation.l8_words.figure_rules import FIGURE_RULES
from ukcsa_data.validation.rules import Finding, Row

#: The kinds of unit a noun after the number states by itself.
_NOUN_KINDS = frozenset(["count", "duration"])


@FIGURE_RULES.rule("unit-noun")
def unit_noun(row: Row, mention: Mention) -> Iterator[Finding]:
    """The unit is the one the count noun right after the number names.

    Bad: unit ``cases`` for "officers found 5,000 images". Good: ``images``.
    Good: unit ``offenders`` for "arrest 500 child sex offenders" ("child" names no unit).
    Bad: unit ``cases`` for "a 12-year-old" (an age is never a count). Good: ``age_years``.
    """
    stated, unit = mention.reading.unit_noun, row["unit"]
    markers = mention.reading.markers
    if stated.value is None or stated.value == unit or markers.percent or markers.currency:
        return
    kinds = (mention.vocabulary or bundled_vocabulary()).unit_kinds
    row_kind, stated_kind = kinds.get(str(unit)), kinds.get(stated.value)
    age_as_count = stated_kind == "age" and row_kind == "count"
    if not age_as_count and (row_kind not in _NOUN_KINDS or stated_kind not in _NOUN_KINDS):
        return
    yield Finding(
        "unit-noun",
        "unit",
        f"unit is {unit}, but the article says {mention.said(stated)}: use {stated.value}",
    )
