"""The rule that a bounding qualifier (``at_least``, ``more_than``, ``up_to``, ``under``,
``around``, ``almost``) is one the words near the number give.

It speaks only where the reading of the words right next to the number is unknown (where it is
known, the qualifier-words rule compares it), where value_text itself writes no bound ("14+", a
range, "hundreds"), and where the sentence is not a headline fragment.
"""

from __future__ import annotations

from collections.abc import Iterator

from ukcsa_data.reading.qualifier import BOUNDS, bound_stated_near, headline_like
from ukcsa_data.text.number_phrases import NumberPhraseError, parse_value_text
from ukcsa_data.validation.l8_words.context import Mention
from ukcsa_data.validation.l8_words.figure_rules import FIGURE_RULES
from ukcsa_data.validation.rules import Finding, Row


def _writes_a_bound(value_text: str) -> bool:
    """Whether value_text states a bound of its own, or cannot be read."""
    try:
        parsed = parse_value_text(value_text)
    except NumberPhraseError:
        return True
    return parsed.is_range or parsed.open_ended


@FIGURE_RULES.rule("qualifier-unstated")
def qualifier_unstated(row: Row, mention: Mention) -> Iterator[Finding]:
    """A bounding qualifier needs words near the number that give it.

    Bad: qualifier ``at_least`` for "officers recorded 22,724 offences" (no bound in the words).
    Good: ``exact``. Good: ``at_least`` for "the figure is 500 or more".
    """
    kind = row["qualifier"]
    if kind not in BOUNDS or mention.reading.qualifier.value is not None:
        return
    text, start, end = mention.text, mention.start, mention.end
    sentence = mention.reading.sentence
    if bound_stated_near(text, str(kind), start, end, *sentence) or headline_like(text, start, *sentence):
        return
    if _writes_a_bound(text[start:end]):
        return
    yield Finding(
        "qualifier-unstated",
        "qualifier",
        lambda: (
            f"qualifier is {kind}, but the words around the number ({mention.around(before=4, after=2)}) "
            "state no such bound: use exact, or the qualifier the words give"
        ),
    )
