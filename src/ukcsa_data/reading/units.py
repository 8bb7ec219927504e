"""The unit a noun written right after a number names: "200 raids", "5,000 images", "a 12-year-old".

The nouns are those of the package's units (``dataset/units.csv``): only nouns that name the unit
wherever they stand, so not "child", which is as often a modifier ("23 child sexual offences",
"500 child sex offenders"). One adjective of a closed list may stand between ("5,000 indecent
images", "500 more children"). A noun that is itself a modifier is not read: the first part of a
compound ("5,000 people-trafficking cases"), a possessive ("500 children's homes"), or a noun before
an agent noun ("300 people smugglers").
"""

from __future__ import annotations

import re

from ukcsa_data.reading.stated import Stated
from ukcsa_data.reading.vocabulary import Vocabulary, bundled_vocabulary, trie_pattern

#: Adjectives that leave the noun after them the unit: "5,000 indecent images", "500 more children".
ADJECTIVES = (
    "new",
    "more",
    "other",
    "further",
    "indecent",
    "individual",
    "separate",
    "unique",
    "different",
    "additional",
    "extra",
    "young",
    "vulnerable",
)
_GAP = r"[\s\u00a0\u202f]"


def _matcher(vocabulary: Vocabulary) -> re.Pattern[str]:
    """The noun right after a number (after a scale word or one adjective), not a modifier."""
    return re.compile(
        rf"(?:{_GAP}|-)*(?:(?:thousand|million|billion|bn|m|k){_GAP}+)?"
        rf"(?:(?:{'|'.join(ADJECTIVES)}){_GAP}+)?"
        rf"(?P<noun>{trie_pattern(vocabulary.word_nouns)})"
        rf"(?![\w'’-])(?!{_GAP}+[a-z]+(?:ers|ors|ists)\b)",
        re.IGNORECASE,
    )


def noun_after(text: str, end: int, vocabulary: Vocabulary | None = None) -> Stated[str]:
    """The unit the noun right after ``end`` names ("200 raids" -> raids), with the noun's span;
    unknown if no unit noun stands there."""
    vocabulary = vocabulary or bundled_vocabulary()
    found = vocabulary.built(_matcher).match(text, end, min(len(text), end + 80))
    if found is None:
        return Stated(None)
    return Stated(vocabulary.unit_of(found["noun"]), found.start("noun"), found.end("noun"))


def unit_after(text: str, end: int, vocabulary: Vocabulary | None = None) -> str | None:
    """The unit named by the noun right after ``end`` ("200 raids" -> raids), or None."""
    return noun_after(text, end, vocabulary).value
