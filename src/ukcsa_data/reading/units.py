"""The unit a noun written right after a number names: "200 raids", "5,000 images", "a 12-year-old".

The nouns are those of the package's units (``dataset/units.csv``): only nouns that name the unit
wherever they stand, so not "child", which is as often a modifier ("23 child sexual offences",
"500 child sex offenders"). Up to four modifiers of a closed list may stand between ("5,000 indecent
images", "1,875 child sex offences", "13 registered sex offenders"); any other word between (a
verb, "of", a preposition, a comma) leaves the reading unknown. A noun that is itself a modifier is
not read: the first part of a compound ("5,000 people-trafficking cases", "500 crime reports"), a
possessive ("500 children's homes"), or a noun before an agent noun ("300 people smugglers").
"""

from __future__ import annotations

import re

from ukcsa_data.reading.stated import Stated
from ukcsa_data.reading.vocabulary import Vocabulary, bundled_vocabulary, trie_pattern

#: Modifiers that leave the noun after them the unit: "5,000 indecent images", "500 more children",
#: "1,036 online child sexual abuse crimes". None of them is a unit's noun, and none counts by itself.
MODIFIERS = (
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
    "child",
    "sex",
    "sexual",
    "abuse",
    "online",
    "grooming",
    "image",
    "recorded",
    "reported",
    "suspected",
    "registered",
    "known",
    "potential",
    "non-recent",
    "industry",
    "police",
)
_MAX_MODIFIERS = 4
_MODIFIER_SET = frozenset(MODIFIERS)
_GAP = r"[\s\u00a0\u202f]"


def _matcher(vocabulary: Vocabulary) -> re.Pattern[str]:
    """The noun right after a number (after a scale word and up to four modifiers), not itself a
    modifier of a following agent noun or unit noun."""
    nouns = trie_pattern(vocabulary.word_nouns)
    return re.compile(
        rf"(?:{_GAP}|-)*(?:(?:thousand|million|billion|bn|m|k){_GAP}+)?"
        rf"(?:(?:{'|'.join(MODIFIERS)}){_GAP}+){{0,{_MAX_MODIFIERS}}}"
        rf"(?P<noun>{nouns})"
        rf"(?![\w'’-])(?!{_GAP}+[a-z]+(?:ers|ors|ists)\b)(?!{_GAP}+(?:{nouns})(?![\w'’-]))",
        re.IGNORECASE,
    )


def noun_after(text: str, end: int, vocabulary: Vocabulary | None = None) -> Stated[str]:
    """The unit the noun right after ``end`` names ("200 raids" -> raids), with the noun's span;
    unknown if no unit noun stands there."""
    vocabulary = vocabulary or bundled_vocabulary()
    found = vocabulary.built(_matcher).match(text, end, min(len(text), end + 80))
    if found is None or found["noun"].lower() in _MODIFIER_SET:
        return Stated(None)  # a word that is also a modifier ("image" of "image offences") heads nothing
    return Stated(vocabulary.unit_of(found["noun"]), found.start("noun"), found.end("noun"))


def unit_after(text: str, end: int, vocabulary: Vocabulary | None = None) -> str | None:
    """The unit named by the noun right after ``end`` ("200 raids" -> raids), or None."""
    return noun_after(text, end, vocabulary).value
