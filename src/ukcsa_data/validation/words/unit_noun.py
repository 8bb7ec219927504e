"""The rule that holds a figure's unit to the count noun written right after its number.

Only counts and durations are compared (a ratio "one in five children" or a multiple counts its
noun in another unit), and never where a percent or currency marker stands with the number: that
is the unit-words rule's.
"""

from __future__ import annotations

from collections.abc import Iterator

from ukcsa_data.reading.vocabulary import bundled_vocabulary
from ukcsa_data.validation.rules import Finding, Row
from ukcsa_data.validation.words.context import Mention
from ukcsa_data.validation.words.figure_rules import FIGURE_RULES

#: The kinds of unit a noun after the number states by itself.
_NOUN_KINDS = frozenset(["count", "duration"])


@FIGURE_RULES.rule("unit-noun")
def unit_noun(row: Row, mention: Mention) -> Iterator[Finding]:
    """The unit is the one the count noun right after the number names.

    Bad: unit ``cases`` for "officers found 5,000 images". Good: ``images``.
    Good: unit ``offenders`` for "arrest 500 child sex offenders" ("child" names no unit).
    """
    stated, unit = mention.reading.unit_noun, row["unit"]
    markers = mention.reading.markers
    if stated.value is None or stated.value == unit or markers.percent or markers.currency:
        return
    kinds = (mention.vocabulary or bundled_vocabulary()).unit_kinds
    if kinds.get(str(unit)) not in _NOUN_KINDS or kinds.get(stated.value) not in _NOUN_KINDS:
        return
    yield Finding(
        "unit-noun",
        "unit",
        f"unit is {unit}, but the article says {mention.said(stated)}: use {stated.value}",
    )
