"""Rule: an age is a figure, never an exclusion ("a four-year-old" is not the period "four years")."""

from __future__ import annotations

from collections.abc import Iterator

from ukcsa_data.reading.ages import states_an_age
from ukcsa_data.validation.l8_words.context import Mention
from ukcsa_data.validation.l8_words.exclusion_rules import EXCLUSION_RULES
from ukcsa_data.validation.rules import Finding, Row

#: Reasons that an age contradicts. Boilerplate may hold an age (a headline of another story), and
#: a name may hold one ("the Under-18s Cup").
_CONTRADICTED = frozenset({"date", "period", "not_a_quantity", "time", "contact"})


@EXCLUSION_RULES.rule("exclusion-age")
def exclusion_age(row: Row, mention: Mention) -> Iterator[Finding]:
    """An excluded number that states someone's age ("a four-year-old", "aged 12", "as young as
    seven", "under-16s") is a figure with unit age_years.

    Bad: text "four", reason period, in "a four-year-old girl". Good: a figure row, value 4, unit
    age_years. Good: text "five", reason period, in "in the last five years".
    """
    if row["reason"] not in _CONTRADICTED or not states_an_age(mention.text, mention.start, mention.end):
        return
    yield Finding(
        "exclusion-age",
        "reason",
        f"reason is {row['reason']}, but {mention.around(2, 2)} states an age: an age is a figure, not a "
        f"{str(row['reason']).replace('_', ' ')}; record it as a figure with unit age_years",
    )
