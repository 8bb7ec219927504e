"""Name the fix when a value_text carries more than the figure ("at least 300,000", "25 years").

The hint is the longest number phrase inside the text that parses, and where the other words
belong: a qualifier in ``qualifier``, a unit in ``unit``, "a month" in ``per``. Finding it costs
up to 480 trial parses, so it is built only for a message that is shown (:func:`explained`), never
by the parser (:mod:`ukcsa_data.text.number_phrases`) nor by a reading that only asks whether a
phrase parses.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import islice

from ukcsa_data.core.problems import show
from ukcsa_data.reading import read_mention
from ukcsa_data.reading.vocabulary import bundled_vocabulary
from ukcsa_data.text.number_phrases import parses
from ukcsa_data.text.tokens import numerals_in

#: Pieces a number phrase starts and ends on: amounts, words, signs and dashes.
_PIECE = re.compile(r"\d+(?:[,.]\d+)*|[^\W\d_]+|[£%+\-\u2013\u2014]")
_MAX_PIECES = 40
_MAX_PHRASE_PIECES = 12
_AROUND = " \t\u00a0'\"‘’“”,:;()-\u2013\u2014"
_SPACES = re.compile(r"\s+")


def _maximal_phrases(text: str, parses: Callable[[str], bool]) -> list[tuple[int, int]]:
    """Spans of the number phrases in ``text`` that parse and lie inside no longer one."""
    pieces = [m.span() for m in islice(_PIECE.finditer(text), _MAX_PIECES)]
    found: list[tuple[int, int]] = []
    for first in range(len(pieces)):
        for last in range(min(len(pieces), first + _MAX_PHRASE_PIECES) - 1, first - 1, -1):
            start, end = pieces[first][0], pieces[last][1]
            if (start, end) != (0, len(text)) and parses(text[start:end]):
                if not any(s <= start and end <= e for s, e in found):
                    found.append((start, end))
                break
    return found


def _tidy(words: str) -> str:
    return _SPACES.sub(" ", words.strip(_AROUND)).lower()


def _where_words_go(text: str, start: int, end: int) -> str:
    """Where the words around the number at ``start:end`` belong, read as layer 8 reads an
    article (``ukcsa_data.reading``), as the end of a sentence."""
    reading = read_mention(text, start, end)
    before, after = _tidy(text[:start]), _tidy(text[end:])
    qualifier = reading.qualifier.value if reading.qualifier.value != "exact" else None
    rate = reading.rate.value or None
    per = _tidy(text[reading.rate.start : reading.rate.end]) if rate else ""
    unit_words = after.removesuffix(per).strip() if per else after
    unit = bundled_vocabulary().unit_of(unit_words) if unit_words else None
    places: list[str] = []
    unplaced: list[str] = []
    for words, value, field in (
        (before, qualifier, "qualifier"),
        (unit_words, unit, "unit"),
        (per, rate, "per"),
    ):
        if words and value:
            places.append(f"{show(words)} in {field} ({value})")
        elif words:
            unplaced.append(show(words))
    hint = f", and put {' and '.join(places)}" if places else ""
    if unplaced:
        hint += f"; the rest ({', '.join(unplaced)}) goes in qualifier, unit, per or measure"
    return hint


def value_text_hint(text: str, parses: Callable[[str], bool]) -> str | None:
    """How to write ``text`` as a value_text, or None if it holds no number phrase to suggest."""
    phrases = _maximal_phrases(text, parses)
    if not phrases:
        return None
    if len(phrases) > 1:
        listed = ", ".join(show(text[start:end]) for start, end in phrases[:5])
        listed += ", …" if len(phrases) > 5 else ""
        return (
            f"value_text {show(text)} holds more than one number ({listed}); "
            "write one number or one range, as it stands in the quote"
        )
    start, end = phrases[0]
    return (
        f"value_text {show(text)} is not a number phrase: write only the number: {show(text[start:end])}"
        + _where_words_go(text, start, end)
    )


def explained(text: str, error: str) -> str:
    """The message for a value_text ``text`` that does not parse: the hint at the phrase to write,
    if there is one, else the parser's ``error`` (always ``error`` when it names a numeral that is
    not a decimal digit)."""
    if numerals_in(text):
        return error
    return value_text_hint(text, parses) or error
