"""Where a quote may start in a seed: anchors of the quote (a number, or a word whose boundary is
the same wherever the quote occurs) looked up in an index of the seed's words, so that finding a
quote costs the occurrences of its rarest word, not the length of the article."""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable, Iterator, Sequence
from heapq import merge
from typing import NamedTuple

from ukcsa_data.text.tokens import DIGITS, GROUP_SPACES


def digit_anchor(quote: str) -> tuple[int, str] | None:
    """A digit token of ``quote`` whose boundaries lie inside the quote, as (offset, text).

    With white space before it (not a space that groups thousands) and a character after it that
    cannot extend a number (nor a group space), the token
    has the same boundaries wherever the quote occurs in a seed, so the quote's occurrences are
    found from the seed's token index instead of by scanning the text.
    """
    for match in DIGITS.finditer(quote):
        start, end = match.span()
        if start and end < len(quote) and quote[start - 1].isspace() and quote[start - 1] not in GROUP_SPACES:
            after = quote[end]
            if not (after.isalnum() or after in ",._" or after in GROUP_SPACES):
                return start, match.group()
    return None


def find_all(text: str, quote: str) -> list[int]:
    """Start offsets of every occurrence of ``quote`` in ``text``, overlapping ones included (none
    for an empty quote)."""
    return list(each_occurrence(text, quote))


def each_occurrence(text: str, quote: str) -> Iterator[int]:
    at = text.find(quote) if quote else -1
    while at != -1:
        yield at
        at = text.find(quote, at + 1)


#: A word of a seed (letters, digits, underscore), indexed by its first ``_KEY`` characters.
_WORD = re.compile(r"\w+")
_KEY = 4
#: A digit anchor with more candidates than this is not used if a word may be rarer.
FEW = 64
_NO_STARTS: Sequence[int] = ()


class _WordAnchor(NamedTuple):
    """A word of a quote that has the same boundary wherever the quote occurs in a seed: its start
    (or, ``at_end``, its end) is at ``offset`` of the quote; ``key`` is what the seed's word there
    begins (ends) with, all of its key if ``exact``."""

    offset: int
    key: str
    exact: bool
    at_end: bool = False


def word_anchors(quote: str) -> Iterator[_WordAnchor]:
    """The anchors of ``quote``: each word whose start is inside the quote (the seed's word at the
    same place starts there too; it is the whole word if the word also ends inside the quote, else
    the seed's word may be longer and begins with ``key``: its first ``_KEY`` characters if it has
    that many, ``exact``, else all of it, a prefix); then, last, a first word that starts the quote
    and ends inside it, by its end (the seed's word there may be longer before it)."""
    first: _WordAnchor | None = None
    for match in _WORD.finditer(quote):
        start, end = match.span()
        word = match.group()
        if start:
            yield _WordAnchor(start, word[:_KEY], end < len(quote) or len(word) >= _KEY)
        elif end < len(quote):
            first = _WordAnchor(end, word[-_KEY:], len(word) >= _KEY, at_end=True)
    if first is not None:
        yield first


class WordIndex:
    """The start offsets of a text's words by key (a word's first ``_KEY`` characters, or all of a
    shorter word), and which keys begin with each shorter prefix (built when first asked for); or,
    ``at_end``, the end offsets of its words by their last ``_KEY`` characters (and suffixes)."""

    def __init__(self, text: str, at_end: bool = False) -> None:
        self.offsets: dict[str, array[int]] = {}
        self.at_end = at_end
        typecode = "I" if len(text) < 1 << 32 else "q"
        for match in _WORD.finditer(text):
            key = match.group()[-_KEY:] if at_end else match.group()[:_KEY]
            found = self.offsets.get(key)
            if found is None:
                found = self.offsets[key] = array(typecode)
            found.append(match.end() if at_end else match.start())
        self._groups: dict[str, list[str]] | None = None
        self._counts: dict[str, int] = {}

    def exact(self, key: str) -> tuple[int, Iterable[int]]:
        """How many words have ``key``, and their offsets in order."""
        found = self.offsets.get(key, _NO_STARTS)
        return len(found), found

    def prefixed(self, prefix: str) -> tuple[int, Iterable[int]]:
        """How many words begin (``at_end``: end) with ``prefix`` (shorter than a key), and their
        offsets in order."""
        if self._groups is None:
            self._groups = {}
            for key in self.offsets:
                for size in range(1, min(len(key), _KEY - 1) + 1):
                    part = key[-size:] if self.at_end else key[:size]
                    self._groups.setdefault(part, []).append(key)
        keys = self._groups.get(prefix, [])
        count = self._counts.get(prefix)
        if count is None:
            count = self._counts[prefix] = sum(len(self.offsets[key]) for key in keys)
        return count, merge(*(self.offsets[key] for key in keys))
