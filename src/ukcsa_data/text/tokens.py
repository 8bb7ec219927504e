"""Find the numeric tokens of a text: digit runs and number words.

A digit is any Unicode decimal digit (category Nd: "80,000", full-width "８０,０００", Arabic-Indic
"٨٠", Devanagari "८०"), so no script can carry a number past the coverage check. Thousands may be
grouped by commas or by the spaces typeset numbers use (:data:`GROUP_SPACES`: "80 000" with a
thin, narrow no-break, figure or no-break space is one token, as it looks). A numeral that is not
a decimal digit (Unicode categories No and Nl: "½", superscript "²", Roman "Ⅻ", circled "①") is a
numeric token too, alone or after digits ("2½"): a reader sees a quantity, so a row or an
exclusion must account for it.

One rule for the whole project: the coverage check, the data-entry helper and the tests all use
:func:`numeric_tokens`, so "every numeric token is accounted for" means the same thing everywhere.
"""

from __future__ import annotations

import re
import string
import unicodedata
from functools import lru_cache
from itertools import islice
from typing import Any, NamedTuple

from ukcsa_data.core.utf8 import non_ascii_characters

#: Number words counted as numeric tokens (matched case-insensitively, on word boundaries).
NUMBER_WORDS: dict[str, int] = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "dozen": 12,
    "a single": 1,
}

#: The spaces that group a number's thousands, like a comma ("80\u2009000"): no-break, figure,
#: thin and narrow no-break space. An ordinary space separates two numbers ("in 2019 500 men").
GROUP_SPACES = "\u00a0\u2007\u2009\u202f"
#: A thousands separator: a comma or one of :data:`GROUP_SPACES`.
GROUP_SEPARATOR = re.compile(f"[,{GROUP_SPACES}]")

# Digits: a thousands-grouped number ("17,022", "17\u202f022") or a plain run ("2017"), each with
# optional decimals. "5,5" is two tokens: a separator only groups thousands when exactly three
# digits follow it. ``\d`` is every Unicode decimal digit (in a str pattern), as ``str.isdecimal``.
# Written with the first digit outside the alternation (``\d{1,3}...|\d+...`` as ``\d(?:\d{0,2}
# ...|\d*...)``, the same matches tried in the same order), so that the regular expression engine
# skips to the next digit at C speed: four times faster on prose with few numbers.
DIGITS_PATTERN = rf"\d(?:\d{{0,2}}(?:[,{GROUP_SPACES}]\d{{3}})+(?:\.\d+)?(?!\d)|\d*(?:\.\d+)?)"
DIGITS = re.compile(DIGITS_PATTERN)
#: The Unicode categories of numerals that are not decimal digits: other numbers ("½", "²", "①")
#: and letter numbers ("Ⅻ").
NUMERAL_CATEGORIES = frozenset({"No", "Nl"})


def numerals_in(text: str) -> str:
    """The distinct characters of ``text`` that are numerals but not decimal digits, in code point
    order ("" for most texts: no ASCII character is one). Only the text's distinct non-ASCII
    characters (:func:`non_ascii_characters`, found at C speed) are looked up."""
    found = non_ascii_characters(text)
    return "".join(sorted(c for c in found if unicodedata.category(c) in NUMERAL_CATEGORIES))


@lru_cache(maxsize=256)
def _digits_and(numerals: str) -> re.Pattern[str]:
    """:data:`DIGITS`, also matching ``numerals`` after digits ("2½") or alone ("Ⅻ", "⁸⁰")."""
    other = "[" + re.escape(numerals) + "]"
    return re.compile(f"(?:{DIGITS_PATTERN}){other}*|{other}+")


def _trie_pattern(words: list[str]) -> str:
    """One regular expression for ``words``, shaped as a trie so each position is tried once."""
    tree: dict[str, Any] = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        branches = [
            (r"\s+" if char == " " else re.escape(char)) + build(child)
            for char, child in sorted(node.items())
            if char
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(tree)


# Number words, matched on a lowercased copy where a word may start: at the start of the text,
# after a space (a literal character the engine skips to at C speed) or after any other character
# that is not a lowercase letter a-z (few of them in prose). A match inside a longer word is
# dropped below, by the letters on either side.
_WORDS = f"(?:{_trie_pattern(list(NUMBER_WORDS))})s?"
_WORD_AT_START = re.compile(_WORDS)
_WORD_AFTER_SPACE = re.compile(f" ({_WORDS})")
_WORD_AFTER_OTHER = re.compile(f"[^ a-z]({_WORDS})")
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def _bound(limit: int | None) -> int | None:
    return None if limit is None else limit + 1


class TooManyTokens(ValueError):
    """Raised by :func:`numeric_tokens` when a text has more tokens than the limit it was given."""


class Token(NamedTuple):
    """A numeric token: its character span in the text and the text itself."""

    start: int
    end: int
    text: str


def _at_most(found: list[tuple[int, int]], limit: int | None) -> None:
    if limit is not None and len(found) > limit:
        raise TooManyTokens(f"more than {limit:,} numeric tokens")


def numeric_tokens(text: str, limit: int | None = None) -> list[Token]:
    """Return every numeric token of ``text`` in order of position (see :func:`numeric_spans`)."""
    return [Token(start, end, text[start:end]) for start, end in numeric_spans(text, limit)]


def numeric_spans(text: str, limit: int | None = None) -> list[tuple[int, int]]:
    """The (start, end) of every numeric token of ``text``, in order of position.

    A number word counts only as a whole word: "one" in "someone" is not a token. (Two simple
    passes are several times faster than one pattern with look-arounds on long seed texts.) With
    ``limit``, raise :class:`TooManyTokens` as soon as more than ``limit`` tokens are found, so a
    hostile text never holds more than that many in memory.
    """
    numerals = numerals_in(text)
    digits = _digits_and(numerals) if numerals else DIGITS
    spans = [match.span() for match in islice(digits.finditer(text), _bound(limit))]
    _at_most(spans, limit)
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters lowercase to two; keep offsets aligned
        lowered = text.translate(_ASCII_LOWER)
    length = len(text)
    words = False
    for start, end in _word_candidates(lowered):
        if (start == 0 or not text[start - 1].isalpha()) and (end == length or not text[end].isalpha()):
            spans.append((start, end))
            words = True
            _at_most(spans, limit)
    if words:
        spans.sort()
    return spans


def _word_candidates(lowered: str) -> list[tuple[int, int]]:
    """Where a number word may stand in the lowercased text, in order: each match that starts the
    text or follows a character other than a-z (a letter before it is checked by the caller).
    Every whole number word follows such a character, and none of these matches overlaps another
    that could be a whole word (a match is made of letters, and of spaces only in "a single")."""
    found = [match.span(1) for match in _WORD_AFTER_SPACE.finditer(lowered)]
    found += (match.span(1) for match in _WORD_AFTER_OTHER.finditer(lowered))
    first = _WORD_AT_START.match(lowered)
    if first is not None:
        found.append(first.span())
    found.sort()
    return found
