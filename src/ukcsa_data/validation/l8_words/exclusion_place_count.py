"""Rule: a count after a place in a list ("Merseyside 70, Cheshire 45") is a figure, not a name."""

from __future__ import annotations

from collections.abc import Iterator

from ukcsa_data.reading.exclusions import is_count_after_place
from ukcsa_data.validation.l8_words.context import Mention
from ukcsa_data.validation.l8_words.exclusion_rules import EXCLUSION_RULES
from ukcsa_data.validation.rules import Finding, Row


@EXCLUSION_RULES.rule("exclusion-place-count")
def exclusion_place_count(row: Row, mention: Mention) -> Iterator[Finding]:
    """An exclusion with reason ``name`` is not a place with its count in a list of places and
    counts.

    Bad: text "Merseyside 70", reason name, in "Merseyside 70, Cheshire 45 and Lancashire 30".
    Good: a figure row for 70 with geography Merseyside. Good: text "Covid 19" in "the Covid 19
    crisis"; "Section 28, Article 8" (words that name things with numbers).
    """
    if row["reason"] != "name" or not is_count_after_place(mention.text, mention.start, mention.end):
        return
    yield Finding(
        "exclusion-place-count",
        "reason",
        f"reason is name, but {mention.words(mention.start, mention.end)} is a count after a place in a list "
        f"of places with their counts ({mention.around(1, 3)}): a count is a figure, not a name; record it "
        "as a figure",
    )
