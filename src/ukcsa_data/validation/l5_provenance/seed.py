"""A seed being checked: its text and tokens, where its quotes occur (found through its word
index, within the package's budget of comparisons), what each token is covered by, and the line
of an offset."""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from ukcsa_data.core import limits
from ukcsa_data.validation.l5_provenance.hidden_characters import Bidi
from ukcsa_data.validation.l5_provenance.quote_index import (
    FEW,
    WordIndex,
    digit_anchor,
    each_occurrence,
    word_anchors,
)
from ukcsa_data.validation.l5_provenance.seed_tokens import SeedTokens

LOOSE = str.maketrans(
    {
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u2007": " ",
        "\t": " ",
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
    }
)


#: Any character that ``LOOSE`` normalises.
_LOOSENED = re.compile("[" + "".join(re.escape(chr(c)) for c in LOOSE) + "]")


#: Finding a quote this many times in a scan costs about as much as one more scan (0.7 us an
#: occurrence, 0.8 ms a scan of 1.5 MB).
OCCURRENCES_PER_SCAN = 1024

#: Every this many characters of a seed, the number of line breaks before it is kept.
_BLOCK = 1 << 12


class OverBudget(Exception):
    """Locating quotes went over ``quote_comparisons``."""


@dataclass
class Budget:
    """The comparisons left for locating quotes (all seeds of a package share one): a place where
    a quote may start counts one per 256 characters of the quote (and one more), a scan of a whole
    text one per 256 characters (``str.find``)."""

    left: int = field(default_factory=lambda: limits.active().quote_comparisons)

    def spend(self, comparisons: int) -> None:
        """Count ``comparisons`` before they are made; ``OverBudget`` if none are left for them."""
        if comparisons > self.left:
            self.left = -1
            raise OverBudget
        self.left -= comparisons

    def scan(self, text: str) -> None:
        self.spend(len(text) // 256 + 1)


@dataclass
class Seed:
    """A seed text, its numeric tokens and the spans that cover them.

    A quote is found through a number of it that the seed writes rarely, else through its rarest
    word in an index of the seed's words (built once, when first needed), so finding it costs the
    quote's length times that anchor's occurrences, not the seed's length; a quote with neither is
    searched for in the whole text (once per distinct quote), as is one in a short seed, or in a
    long one before its scans have cost as much as indexing it (:meth:`candidates`).
    """

    path: str
    text: str
    tokens: SeedTokens
    occurrences: dict[str, Sequence[int]] = field(default_factory=dict)
    covered_by: dict[int, tuple[str, int]] = field(default_factory=dict)
    _words: WordIndex | None = None
    _word_ends: WordIndex | None = None
    _by_text: dict[str, list[int]] | None = None
    _blocks: array[int] | None = None
    _loose: str | None = None
    #: A seed this short is scanned for each distinct quote that has no rare number (a quote with
    #: one is found through the seed's tokens, whatever the seed's length): as quick as indexing
    #: its words, and bounded.
    scan_chars: int = 1 << 16
    #: How many scans for quotes with no rare number a seed has before its words are indexed:
    #: indexing a seed's words costs about as much as 256 scans of it (0.19 s and 0.8 ms for 1.5 MB
    #: here), and a scan that finds a quote ``OCCURRENCES_PER_SCAN`` times costs one more (each
    #: occurrence is a search), so a seed is indexed once its scans have cost as much as indexing,
    #: and never costs more than twice the cheaper of the two.
    scans_before_index: int = 256
    #: The stretches that bidi controls affect (see :func:`~.hidden_characters.bidi_runs`).
    bidi: list[Bidi] = field(default_factory=list)
    #: The comparisons left for locating quotes, shared by the package's seeds.
    budget: Budget = field(default_factory=Budget)

    @property
    def starts(self) -> Sequence[int]:
        """The start offsets of the tokens, in order."""
        return self.tokens.starts

    def words(self) -> WordIndex:
        """The index of the seed's words by their starts (see :func:`word_anchors`)."""
        if self._words is None:
            self._words = WordIndex(self.text)
        return self._words

    def word_ends(self) -> WordIndex:
        """The index of the seed's words by their ends, built only for a quote whose other words
        are all common."""
        if self._word_ends is None:
            self._word_ends = WordIndex(self.text, at_end=True)
        return self._word_ends

    def loose_text(self) -> str:
        """The text with spaces, quotation marks and dashes normalised (``LOOSE``), made when first
        asked for: the same length, so an offset in it is the same offset in the text."""
        if self._loose is None:
            self._loose = self.text.translate(LOOSE) if _LOOSENED.search(self.text) else self.text
        return self._loose

    def by_text(self) -> dict[str, list[int]]:
        """The start offsets of the seed's numeric tokens, by text."""
        if self._by_text is None:
            self._by_text = {}
            for token in self.tokens:
                self._by_text.setdefault(token.text, []).append(token.start)
        return self._by_text

    def candidates(self, quote: str, by_number: bool = True) -> Iterator[int] | None:
        """Offsets where ``quote`` may start (all of them, in order), or None if it has no anchor
        or is to be scanned for. A number of the quote that at most ``FEW`` tokens of the seed
        write is its anchor in any seed (a quote then costs those few places, not the seed's
        length: a valid package's quotes cost about one comparison each); without one, the quote
        is scanned for where the seed is short (no longer than ``scan_chars``), or the words have
        not been indexed yet and ``scans_before_index`` is not used up (each scan uses one, and
        one more per ``OCCURRENCES_PER_SCAN`` occurrences it finds; then one index). Without
        ``by_number``, only
        words are anchors (see :func:`first_loose_match`)."""
        anchor = digit_anchor(quote) if by_number else None
        best: tuple[int, int, Iterable[int]] | None = None
        if anchor is not None:
            tokens_at = self.by_text().get(anchor[1], [])
            best = (len(tokens_at), anchor[0], tokens_at)
        if best is None or best[0] > FEW:
            if len(self.text) <= self.scan_chars:
                return None
            if self._words is None and self.scans_before_index > 0:
                self.scans_before_index -= 1  # a few quotes cost less scanned than indexed
                return None
            best = self._rarest_word(quote, best)
        if best is None:
            return None
        count, offset, starts = best
        self.budget.spend(count * (1 + len(quote) // 256))  # each place costs up to the quote's length
        return (start - offset for start in starts if start >= offset)

    def _rarest_word(
        self, quote: str, best: tuple[int, int, Iterable[int]] | None
    ) -> tuple[int, int, Iterable[int]] | None:
        """(count, offset, offsets) of the anchor of ``quote`` with the fewest candidates, ``best``
        if none has fewer (the index of word ends is asked only if no other word is rare)."""
        for anchor in word_anchors(quote):
            if anchor.at_end and best is not None and best[0] <= FEW:
                break
            index = self.word_ends() if anchor.at_end else self.words()
            count, found = index.exact(anchor.key) if anchor.exact else index.prefixed(anchor.key)
            if best is None or count < best[0]:
                best = (count, anchor.offset, found)
        return best

    def positions(self, quote: str) -> Sequence[int]:
        """Start offsets of every occurrence of ``quote`` (overlapping ones included), in order; an
        array, so a quote that occurs millions of times costs 8 bytes per occurrence."""
        found = self.occurrences.get(quote)
        if found is None:
            candidates = self.candidates(quote)
            if candidates is None:
                self.budget.scan(self.text)
                found = array("q", each_occurrence(self.text, quote))
                self.scans_before_index -= len(found) // OCCURRENCES_PER_SCAN
            else:
                found = array("q", (at for at in candidates if self.text.startswith(quote, at)))
            self.occurrences[quote] = found
        return found

    def line_of(self, offset: int) -> int:
        """The line (from 1) of ``offset``: line breaks are counted once per block of the text, so
        one call costs at most a block, whatever the length of the seed."""
        if self._blocks is None:
            text, counts, total = self.text, array("q"), 0
            for block in range(0, len(text), _BLOCK):
                counts.append(total)
                total += text.count("\n", block, block + _BLOCK)
            self._blocks = counts
        block = offset // _BLOCK
        if block >= len(self._blocks):
            return self.text.count("\n") + 1
        return self._blocks[block] + self.text.count("\n", block * _BLOCK, offset) + 1


def first_loose_match(seed: Seed, quote: str) -> int:
    """Where ``quote`` first occurs in the seed once spaces, quotation marks and dashes are
    normalised (-1 if nowhere), found through the seed's word index like :meth:`Seed.positions`
    (the normalised characters are never word characters, so the words are the same), or else
    in the seed's normalised text (made once per seed; each character is normalised to one). Not
    through a number of the quote: a space of the quote may be a no-break space of the seed that
    groups two numbers into one token ("832 000" in the quote, one token "832\u00a0000" in the
    seed)."""
    loose = quote.translate(LOOSE)
    candidates = seed.candidates(quote, by_number=False)
    if candidates is None:
        seed.budget.scan(seed.text)
        return seed.loose_text().find(loose)
    for at in candidates:
        if seed.text[at : at + len(quote)].translate(LOOSE) == loose:
            return at
    return -1
