"""The words that state a change and which way it goes: "rose", "a fall", "down", "a 20 per cent increase".

Only forms that report a change that happened count ("rose", "has fallen", "a drop"); the bare
verb ("will rise", "did not fall") is left out, so forecasts and denials are not read as changes.
"""

from __future__ import annotations

import re

#: Verb forms of a rise and of a fall. "up" and "down" count only after "is", "was"... ("set up
#: by" is not a rise), or after a comma or a dash (", down 5 per cent", "- up 30 per cent").
_BE = ("is", "are", "was", "were", "been")
RISE_VERBS = tuple(
    """rose risen rising rises increased increasing increases grew grown growing grows surged surging
    surges jumped jumping climbed climbing soared soaring rocketed rocketing""".split()  # noqa: SIM905
)
FALL_VERBS = tuple(
    """fell fallen falling falls dropped dropping decreased decreasing decreases declined declining
    declines cut reduced reducing slumped slumping plunged plunging plummeted plummeting shrank shrunk
    shrinking dipped dipping tumbled tumbling""".split()  # noqa: SIM905
)
_AFTER = (*_BE, ",", "[-\u2013\u2014]")
_RISE_PHRASES = ("went up", "gone up", *(f"(?<={after}\\s)up" for after in _AFTER))
_FALL_PHRASES = ("went down", "gone down", *(f"(?<={after}\\s)down" for after in _AFTER))
#: Nouns of a rise and of a fall ("a rise of", "a 20 per cent fall").
RISE_NOUNS = ("rise", "increase", "jump", "surge", "growth", "hike", "spike", "climb")
FALL_NOUNS = ("fall", "drop", "decrease", "decline", "reduction", "cut", "slump", "dip", "plunge")


def _words(words: tuple[str, ...]) -> str:
    return "|".join(w.replace(" ", r"\s+") for w in sorted(words, key=len, reverse=True))


VERBS = f"(?:{_words((*RISE_VERBS, *FALL_VERBS, *_RISE_PHRASES, *_FALL_PHRASES))})"
NOUNS = f"(?:{_words((*RISE_NOUNS, *FALL_NOUNS))})"
#: A noun of change right after a percentage ("20 per cent increase", "700% rise"), possibly after
#: one of a few words that say when ("a 20 per cent year-on-year rise"); not "cut-off" or "drop-in".
NOUN_AFTER = re.compile(
    rf"[\s\u00a0\u202f-]*(?:(?:year-on-year|annual|overall|yearly)\s+)?(?P<noun>{NOUNS})(?![\w-])",
    re.IGNORECASE,
)

_RISE = re.compile(rf"\b(?:{_words((*RISE_VERBS, *_RISE_PHRASES, *RISE_NOUNS))})\b", re.IGNORECASE)
_FALL = re.compile(rf"\b(?:{_words((*FALL_VERBS, *_FALL_PHRASES, *FALL_NOUNS))})\b", re.IGNORECASE)


def direction(text: str, start: int, end: int) -> str | None:
    """``rise`` or ``fall`` for the words of one change at ``text[start:end]`` ("rose by", "a drop
    of"), None if they hold words of both, or of neither."""
    rise, fall = _RISE.search(text, start, end), _FALL.search(text, start, end)
    if bool(rise) == bool(fall):
        return None
    return "rise" if rise else "fall"
