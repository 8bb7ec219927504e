"""The pieces of an article's text a reading looks at: the sentence around a number and its segment.

A *sentence* ends at a line break or at ``.``, ``!`` or ``?`` followed (after any closing quotes or
brackets) by white space. A *segment* is the part of a sentence that a figure's own words belong
to: segments are separated by ``;``, by a dash between spaces (not between two numbers, where it
writes a range) and before "up from", "down from", "compared with", an "against" followed by a
number ("500 this year against 400") and a "than" of comparison ("higher than", "more than in
2019"; not the "more than" of "more than 500", nor "rather than"), which introduce another level
("23 a day in 2017/18 - up from 15 a day in the previous 12 months" has two segments). A
preposition does not end the clause that holds a period: "offences against children were
recorded in 2019" is one segment.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Iterable
from typing import NamedTuple

#: Quotation marks and apostrophes, removed before phrases are matched (‘at least’ 300,000).
QUOTE_MARKS = "\"'\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a"
_SPACES = str.maketrans({c: " " for c in "\u00a0\u202f\u2009\u2007\u2002\u2003\u2004\u2005\u2006\u2008\t"})

_SENTENCE_END = re.compile(r"[.!?][\"'\u2019\u201d)\]]*(?=\s)|\n")
#: The zero-width breaks are tried only where one of their first letters is (``(?=[udcta])``),
#: which keeps the cost per character of a sentence low.
SEGMENT_BREAK = re.compile(
    r";|(?<![0-9])\s[-\u2013\u2014]\s|\s[-\u2013\u2014]\s(?![0-9£$€])"
    r"|(?=[udcta])(?:(?=\b(?:up|down)\s+from\b)|(?=\bcompared\s+(?:with|to)\b)"
    r"|(?=\bthan\b)(?:(?<!more\s)(?<!fewer\s)(?<!less\s)(?<!rather\s)(?<!other\s)"
    r"|(?=than\s+(?:in|during|over|at|for|by|last|this|a\s+year|previously|before|ever"
    r"|the\s+(?:previous|preceding|year|same|month|week))\b))"
    r"|(?=\bagainst\s+(?:(?:just|about|around|some|nearly|almost|over|under|only)\s+)?[£$€]?[0-9]))",
    re.IGNORECASE,
)

#: What every match of ``SEGMENT_BREAK`` holds within the span searched, in a weaker form: its
#: ";", a dash, or a word its look-aheads need, found in the lowercased sentence ("ſ", the long s,
#: is a case-insensitive "s" that lowercasing keeps: it too sends a sentence to the full search).
#: Where none is there, no break is, and a few substring searches spare the costlier regular
#: expression (most sentences have no break).
_SEGMENT_HINTS = (";", "-", "\u2013", "\u2014", "from", "compared", "than", "against", "\u017f")


def may_break(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` may hold a segment break (see ``_SEGMENT_HINTS``)."""
    words = text[start:end].lower()
    return any(hint in words for hint in _SEGMENT_HINTS)


class Span(NamedTuple):
    """A part of the text, by character offsets."""

    start: int
    end: int


def spaced(text: str) -> str:
    """``text`` with typographic spaces made plain (same length, offsets kept)."""
    return text.translate(_SPACES)


#: How far a reading looks on either side of a number: a "sentence" longer than that (a text with
#: no full stops, say) is read only this close to the number, so the cost per figure stays bounded.
WINDOW = 1000
#: How far before the window a sentence end is looked for, so that one that starts just outside
#: the window (after a run of closing quotes) is still found.
_MARGIN = 64


def _last_end(text: str, start: int, low: int) -> int:
    """The last sentence end at or before ``start`` and after ``low`` (else ``low``), looked for in
    stretches that grow fourfold backwards from ``start``, so a short sentence costs little."""
    size = _MARGIN
    while True:
        first = max(0, low - _MARGIN, start - size)
        ends = [m.end() for m in _SENTENCE_END.finditer(text, first, start + 1) if m.end() <= start]
        if ends:
            return max(low, ends[-1])
        if first <= max(0, low - _MARGIN):
            return low
        size *= 4


#: Texts up to this many characters are given an index of their sentence ends, built in one pass
#: and kept while the texts read most recently hold at most ``ENDS_KEPT`` sentence ends and
#: ``CHARS_KEPT`` characters in all (so an article's figures and exclusions, read one after the
#: other, share its index, built once: a reading then costs a binary search); a longer text is
#: searched near each number instead, so no text makes the index large.
INDEXED_CHARS = 262_144
#: How many sentence ends the kept indexes hold in all (8 bytes each: 32 MiB at most; the 100,000
#: figures of the benchmark package have about 100,000).
ENDS_KEPT = 4_000_000
#: How many characters the texts of the kept indexes hold in all: an index keeps its text alive
#: (as its key), and a package's articles are read one after the other, so the texts of the
#: articles read long ago are let go (a million figures' 6,648 articles are 100 MB).
CHARS_KEPT = 4_000_000


class _SentenceEnds(NamedTuple):
    """Every match of ``_SENTENCE_END`` in a text, in order: where each starts and ends (at most
    8 bytes a character of the text, so at most 2 MiB for an indexed text)."""

    starts: array[int]
    ends: array[int]


class _KeptIndexes:
    """The sentence-end indexes of the texts read most recently, the least recent dropped first
    once they hold more than ``ENDS_KEPT`` ends or their texts more than ``CHARS_KEPT``
    characters (one text's index is always kept)."""

    def __init__(self) -> None:
        self._kept: OrderedDict[str, _SentenceEnds] = OrderedDict()
        self._ends = 0
        self._chars = 0
        #: The text read last and its index (most calls read the same article again).
        self._last: tuple[str, _SentenceEnds] | None = None

    def __call__(self, text: str) -> _SentenceEnds:
        last = self._last
        if last is not None and last[0] is text:
            return last[1]
        index = self._kept.get(text)
        if index is not None:
            self._kept.move_to_end(text)
            self._last = (text, index)
            return index
        starts, ends = array("i"), array("i")
        for match in _SENTENCE_END.finditer(text):
            starts.append(match.start())
            ends.append(match.end())
        index = self._kept[text] = _SentenceEnds(starts, ends)
        self._last = (text, index)
        self._ends += len(ends)
        self._chars += len(text)
        while (self._ends > ENDS_KEPT or self._chars > CHARS_KEPT) and len(self._kept) > 1:
            dropped_text, dropped = self._kept.popitem(last=False)
            self._ends -= len(dropped.ends)
            self._chars -= len(dropped_text)
        return index

    def __len__(self) -> int:
        return len(self._kept)

    def clear(self) -> None:
        self._kept.clear()
        self._ends = self._chars = 0
        self._last = None


_sentence_ends = _KeptIndexes()


def _indexed_sentence(text: str, start: int, end: int) -> Span:
    """:func:`sentence_around` by the text's index: the same span as the search near the number
    finds (a search from a position finds exactly the text's matches that start there or later,
    and a match whose trailing white space lies past where it stops is not found)."""
    index = _sentence_ends(text)
    low, high = max(0, start - WINDOW), min(len(text), end + WINDOW)
    stop, first, limit = high, max(low, end - _MARGIN), min(len(text), high + 1)
    at = bisect_right(index.ends, end)
    while at < len(index.ends) and index.starts[at] < first:
        at += 1
    if at < len(index.ends):
        found = index.ends[at]
        if found < limit or (found == limit and text[found - 1] == "\n"):
            stop = min(stop, found)
    at = bisect_right(index.ends, start) - 1
    begin = low
    if at >= 0 and index.starts[at] >= max(0, low - _MARGIN):
        begin = max(low, index.ends[at])
    return Span(begin, stop)


def sentence_around(text: str, start: int, end: int) -> Span:
    """The sentence of ``text`` holding the characters ``start:end`` (at most ``WINDOW``
    characters either side of them). A text of up to ``INDEXED_CHARS`` is read by its index of
    sentence ends; a longer one only in the window, so the cost per call is bounded whatever the
    length of ``text``."""
    if len(text) <= INDEXED_CHARS:
        return _indexed_sentence(text, start, end)
    return _searched_sentence(text, start, end)


def _searched_sentence(text: str, start: int, end: int) -> Span:
    """:func:`sentence_around` by searching only the window around the number."""
    low, high = max(0, start - WINDOW), min(len(text), end + WINDOW)
    stop = high
    for match in _SENTENCE_END.finditer(text, max(low, end - _MARGIN), min(len(text), high + 1)):
        if match.end() > end:
            stop = min(stop, match.end())
            break
    return Span(_last_end(text, start, low), stop)


def between_breaks(breaks: Iterable[re.Match[str]], sentence: Span, start: int, end: int) -> Span:
    """The part of ``sentence`` holding ``start:end``: from the end of the last of ``breaks`` (in
    order) before it to the start of the first after it."""
    begin, stop = sentence.start, sentence.end
    for match in breaks:
        if match.end() <= start:
            begin = match.end()
        elif match.start() >= end:
            stop = match.start()
            break
    return Span(begin, stop)


def segment_around(text: str, sentence: Span, start: int, end: int) -> Span:
    """The segment of ``sentence`` holding the characters ``start:end``."""
    if not may_break(text, sentence.start, sentence.end):
        return Span(sentence.start, sentence.end)
    return between_breaks(SEGMENT_BREAK.finditer(text, sentence.start, sentence.end), sentence, start, end)


_GAP = f"[\\s{QUOTE_MARKS}]+"


def phrase_pattern(phrases: tuple[str, ...]) -> str:
    """A regular expression matching any of ``phrases`` (longest first) as whole words, with any
    run of white space or quotation marks between their words ("a ‘minimum’ of")."""
    ordered = sorted(phrases, key=len, reverse=True)
    return "(?:" + "|".join(_GAP.join(re.escape(w) for w in p.split()) for p in ordered) + ")"


#: What ``[a-z]`` matches in a case-insensitive pattern: the ASCII letters, the dotted capital I,
#: the dotless i, the long s and the Kelvin sign.
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ\u0130\u0131\u017f\u212a")


def last_word(words: str) -> str | None:
    """The letters that end ``words`` (before a final line break), or None: what the search
    ``(?<![a-z])([a-z]+)$`` (case-insensitive) finds, read backwards from the end instead of
    trying every position."""
    stop = len(words) - 1 if words.endswith("\n") else len(words)
    at = stop
    while at and words[at - 1] in _LETTERS:
        at -= 1
    return words[at:stop] or None


def fold(text: str) -> str:
    """``text`` in lower case with the same offsets, and with the letters that a case-insensitive
    pattern matches to "i" and "s" besides their cases (the dotless i, the long s) written so: a
    word that such a pattern (or ``str.lower``) finds in ``text`` is in ``fold(text)``."""
    folded = text.lower()
    if len(folded) != len(text):  # only the dotted capital I has a longer lower case ("i" + a dot)
        folded = text.replace("\u0130", "i").lower()
    return folded.replace("\u0131", "i").replace("\u017f", "s")


def words_end(text: str, start: int, end: int) -> str | None:
    """The last word of ``text[start:end]`` before any white space and quotation marks that end
    it, folded (:func:`fold`), or None: where a pattern that ends with a word, then only white space
    or quotation marks, matches ``text[start:end]`` up to its end, that word is this one."""
    words = text[start:end]
    while True:
        stripped = words.rstrip().rstrip(QUOTE_MARKS)
        if stripped == words:
            break
        words = stripped
    last = last_word(words)
    return None if last is None else fold(last)
