"""Layer 5, provenance and coverage: every figure is where it says, and every number is accounted for.

For each seed the numeric tokens are found once; each figure or exclusion row is located by its
quote and occurrence (occurrences of a quote are found once per distinct quote, through the seed's
index of tokens or words, so a row costs its quote and the occurrences of the quote's rarest word,
not the length of the article), and the span of its value_text (or text) is matched to tokens by
bisection. Line numbers come from a count of line breaks per block of the seed, messages are built
only for the problems listed, and the seeds are bounded before they are read (``seed_bytes``,
``seeds_bytes``) and as they are tokenized (``seed_tokens``, ``seeds_tokens``). A seed's tokens are
two arrays of offsets (:class:`SeedTokens`).

Seed by seed: every seed is first read, checked and tokenized, one at a time, keeping only its
tokens' offsets (so that ``seeds_tokens``, a limit on all seeds together, is known to hold before
any quote is checked); then each seed is read again, one at a time, its rows located and its
coverage checked, and its word index, occurrences and claims dropped before the next. Peak memory
follows the largest seed; what is kept of the others is the texts of seeds a located row points
at (for the word layer), at most ``seeds_bytes`` in all, and the offsets of their tokens, 8 bytes
a token up to ``_KEEP_TOKENS`` in all (a seed past that is tokenized again when its rows are
located). The problems of the rows come seed by seed (in the order of sources.csv), each seed's
figures then its exclusions in file order, so a quote's place and the budget of comparisons are
the same as row by row whenever the rows are ordered by source.

A located figure's value_text is then held to its row by the rules of :data:`VALUE_TEXT_RULES`.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache, partial
from heapq import merge
from pathlib import Path
from typing import NamedTuple

from ukcsa_data.core import limits
from ukcsa_data.core.codes import Code
from ukcsa_data.core.escaping import char_name
from ukcsa_data.core.problems import Report, show
from ukcsa_data.core.safe_paths import path_problem, read_package_file, read_reported
from ukcsa_data.text import plain
from ukcsa_data.text.number_phrases import NumberPhraseError, ParsedNumber, _parse, explained
from ukcsa_data.text.tokens import DIGITS, GROUP_SPACES, Token, TooManyTokens, numeric_spans
from ukcsa_data.validation.l3_types.field_types import TypedTable
from ukcsa_data.validation.l7_spreadsheet.spreadsheet import is_invisible
from ukcsa_data.validation.rules import Finding, Row, RuleSet, add_finding, unreadable_fields, unreadable_rows

_LOOSE = str.maketrans(
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


#: Any character that ``_LOOSE`` normalises.
_LOOSENED = re.compile("[" + "".join(re.escape(chr(c)) for c in _LOOSE) + "]")


def _anchor(quote: str) -> tuple[int, str] | None:
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
    return list(_each_occurrence(text, quote))


def _each_occurrence(text: str, quote: str) -> Iterator[int]:
    at = text.find(quote) if quote else -1
    while at != -1:
        yield at
        at = text.find(quote, at + 1)


#: A word of a seed (letters, digits, underscore), indexed by its first ``_KEY`` characters.
_WORD = re.compile(r"\w+")
_KEY = 4
#: A digit anchor with more candidates than this is not used if a word may be rarer.
_FEW = 64
#: Every this many characters of a seed, the number of line breaks before it is kept.
_BLOCK = 1 << 12
_NO_STARTS: Sequence[int] = ()


class _WordAnchor(NamedTuple):
    """A word of a quote that has the same boundary wherever the quote occurs in a seed: its start
    (or, ``at_end``, its end) is at ``offset`` of the quote; ``key`` is what the seed's word there
    begins (ends) with, all of its key if ``exact``."""

    offset: int
    key: str
    exact: bool
    at_end: bool = False


def _word_anchors(quote: str) -> Iterator[_WordAnchor]:
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


class _WordIndex:
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


class SeedTokens(Sequence[Token]):
    """A seed's numeric tokens held as two arrays of offsets (8 bytes a token, or 16 in a text of
    4 Gi characters or more) instead of a list of ``Token`` objects (about 150 bytes each): a
    token is made, its text sliced from the seed, when it is asked for."""

    __slots__ = ("_text", "ends", "starts")

    def __init__(self, text: str, spans: Sequence[tuple[int, int]]) -> None:
        """The tokens at ``spans`` ((start, end) in order, as :func:`numeric_spans` finds them)."""
        typecode = "I" if len(text) < 1 << 32 else "q"
        self._text = text
        self.starts: array[int] = array(typecode, [start for start, _ in spans])
        self.ends: array[int] = array(typecode, [end for _, end in spans])

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, index: int) -> Token:  # type: ignore[override]
        start, end = self.starts[index], self.ends[index]
        return Token(start, end, self._text[start:end])

    @classmethod
    def of(cls, text: str, starts: array[int], ends: array[int]) -> SeedTokens:
        """The tokens at ``starts`` and ``ends`` of ``text`` (as an earlier ``SeedTokens`` of the
        same text found them)."""
        tokens = cls(text, ())
        tokens.starts, tokens.ends = starts, ends
        return tokens

    def __iter__(self) -> Iterator[Token]:
        text = self._text
        for start, end in zip(self.starts, self.ends, strict=True):
            yield Token(start, end, text[start:end])


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


#: The tokens' offsets kept between reading the seeds and locating their rows, at most this many
#: in all (16 MB); a seed past them is tokenized again when its rows are located.
_KEEP_TOKENS = 2_000_000


@dataclass
class Seed:
    """A seed text, its numeric tokens and the spans that cover them.

    A quote is found from an index of the seed's words (built once, when first needed) through its
    rarest word, so finding it costs the quote's length times that word's occurrences, not the
    seed's length; only a quote with no word starting inside it is searched for in the whole text
    (once per distinct quote).
    """

    path: str
    text: str
    tokens: SeedTokens
    occurrences: dict[str, Sequence[int]] = field(default_factory=dict)
    covered_by: dict[int, tuple[str, int]] = field(default_factory=dict)
    _words: _WordIndex | None = None
    _word_ends: _WordIndex | None = None
    _by_text: dict[str, list[int]] | None = None
    _blocks: array[int] | None = None
    _loose: str | None = None
    #: A seed this short is scanned for each distinct quote: as quick as its index, and bounded.
    scan_chars: int = 1 << 16
    #: How many quotes with no rare number are scanned for before the seed's words are indexed.
    scans_before_index: int = 16
    #: The stretches that bidi controls affect (see :func:`bidi_runs`).
    bidi: list[_Bidi] = field(default_factory=list)
    #: The comparisons left for locating quotes, shared by the package's seeds.
    budget: Budget = field(default_factory=Budget)

    @property
    def starts(self) -> Sequence[int]:
        """The start offsets of the tokens, in order."""
        return self.tokens.starts

    def words(self) -> _WordIndex:
        """The index of the seed's words by their starts (see :func:`_word_anchors`)."""
        if self._words is None:
            self._words = _WordIndex(self.text)
        return self._words

    def word_ends(self) -> _WordIndex:
        """The index of the seed's words by their ends, built only for a quote whose other words
        are all common."""
        if self._word_ends is None:
            self._word_ends = _WordIndex(self.text, at_end=True)
        return self._word_ends

    def loose_text(self) -> str:
        """The text with spaces, quotation marks and dashes normalised (``_LOOSE``), made when first
        asked for: the same length, so an offset in it is the same offset in the text."""
        if self._loose is None:
            self._loose = self.text.translate(_LOOSE) if _LOOSENED.search(self.text) else self.text
        return self._loose

    def by_text(self) -> dict[str, list[int]]:
        """The start offsets of the seed's numeric tokens, by text."""
        if self._by_text is None:
            self._by_text = {}
            for token in self.tokens:
                self._by_text.setdefault(token.text, []).append(token.start)
        return self._by_text

    def candidates(self, quote: str) -> Iterator[int] | None:
        """Offsets where ``quote`` may start (all of them, in order), or None if it has no anchor
        or is to be scanned for: the seed is short (no longer than ``scan_chars``), or the words
        have not been indexed yet and fewer than ``scans_before_index`` quotes have been scanned
        for (so each seed costs at most that many scans, then one index)."""
        if len(self.text) <= self.scan_chars:
            return None
        anchor = _anchor(quote)
        best: tuple[int, int, Iterable[int]] | None = None
        if anchor is not None:
            tokens_at = self.by_text().get(anchor[1], [])
            best = (len(tokens_at), anchor[0], tokens_at)
        if best is None or best[0] > _FEW:
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
        for anchor in _word_anchors(quote):
            if anchor.at_end and best is not None and best[0] <= _FEW:
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
                found = array("q", _each_occurrence(self.text, quote))
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


def _first_loose_match(seed: Seed, quote: str) -> int:
    """Where ``quote`` first occurs in the seed once spaces, quotation marks and dashes are
    normalised (-1 if nowhere), found through the seed's word index like :meth:`Seed.positions`
    (the normalised characters are never word characters, so the words are the same), or else
    in the seed's normalised text (made once per seed; each character is normalised to one)."""
    loose = quote.translate(_LOOSE)
    candidates = seed.candidates(quote)
    if candidates is None:
        seed.budget.scan(seed.text)
        return seed.loose_text().find(loose)
    for at in candidates:
        if seed.text[at : at + len(quote)].translate(_LOOSE) == loose:
            return at
    return -1


def _not_in_seed(quote: str, path: str) -> str:
    return f"{show(quote)} is not in {path}"


def _normalised_message(seed: Seed, quote: str, at: int, offset: int) -> str:
    want, have = seed.text[at + offset], quote[offset]
    return (
        f"{show(quote)} matches {seed.path} line {seed.line_of(at)} only if characters are "
        f"normalised: at character {offset + 1} the seed has {char_name(want)} where the "
        f"quote has {char_name(have)}; copy the quote from the seed"
    )


def _with_marks(text: str, at: int) -> str:
    """The character of ``text`` at ``at`` and the combining marks after it, named."""
    end = at + 1
    while end < len(text) and unicodedata.combining(text[end]):
        end += 1
    return " + ".join(char_name(c) for c in text[at:end])


def _normalisation_message(seed: Seed, quote: str, variant: str, form: str) -> str:
    at = next(i for i, (a, b) in enumerate(zip(quote, variant, strict=False)) if a != b)
    where = seed.line_of(seed.positions(variant)[0])
    other = "NFD" if form == "NFC" else "NFC"
    return (
        f"{show(quote)} is in {seed.path} line {where} only in Unicode normalisation form {form}, "
        f"where the quote is not: at character {at + 1} the quote has {_with_marks(quote, at)} "
        f"where the seed has {_with_marks(variant, at)} (composed and decomposed forms of the same "
        f"text, which look identical; the quote is in {other} or mixed); copy the quote from the seed"
    )


def _explain_missing_quote(seed: Seed, quote: str) -> tuple[Code, str | Callable[[], str]]:
    at = _first_loose_match(seed, quote)
    if at == -1:
        for form in ("NFC", "NFD"):
            variant = unicodedata.normalize(form, quote)
            if variant != quote and seed.positions(variant):
                return "quote-normalisation", partial(_normalisation_message, seed, quote, variant, form)
        return "quote-not-found", partial(_not_in_seed, quote, seed.path)
    for offset, (want, have) in enumerate(zip(seed.text[at : at + len(quote)], quote, strict=True)):
        if want != have:
            code: Code = "quote-whitespace" if want.isspace() and have.isspace() else "quote-characters"
            return code, partial(_normalised_message, seed, quote, at, offset)
    return "quote-not-found", partial(_not_in_seed, quote, seed.path)  # pragma: no cover


class _Listed(NamedTuple):
    """A seed named by a row of sources.csv, at a safe path and within the per-seed limit."""

    source_id: str
    seed_file: str
    sha256: str | None
    line: int
    size: int


def _listed_seeds(package_dir: Path, sources: TypedTable, report: Report) -> list[_Listed]:
    """The seeds sources.csv names at safe paths, each within ``seed_bytes`` (from its size)."""
    listed: list[_Listed] = []
    columns = sources.columns
    folder = package_dir / "seeds"
    plain_files = (
        {f"seeds/{e.name}" for e in os.scandir(folder) if e.is_file(follow_symlinks=False)}
        if folder.is_dir() and not folder.is_symlink()
        else set()
    )
    for row, (source_id, seed_file, sha256) in enumerate(
        zip(columns["source_id"], columns["seed_file"], columns["sha256"], strict=True)
    ):
        line = sources.lines[row]
        if source_id is None or seed_file is None:
            continue
        problem = None if seed_file in plain_files else path_problem(package_dir, seed_file)
        if problem:
            report.add(sources.path, line, "seed_file", *problem)
            continue
        size = (package_dir / seed_file).lstat().st_size  # its path has no link (checked above)
        if size > limits.active().seed_bytes:
            report.add(
                seed_file, None, None, "file-too-large", f"the limit is {limits.active().seed_bytes:,} bytes"
            )
            continue
        listed.append(_Listed(source_id, seed_file, sha256, line, size))
    return listed


class _Tokenized(NamedTuple):
    """A seed as its first reading left it: the bytes' sha256, to know its second reading is the
    same file, and its tokens' offsets (None if past ``_KEEP_TOKENS``: found again then)."""

    listed: _Listed
    sha256: str
    starts: array[int] | None
    ends: array[int] | None


def _load_seeds(package_dir: Path, sources: TypedTable, report: Report) -> dict[str, _Tokenized]:
    """Read, check and tokenize every listed seed, one at a time and keeping none of their texts,
    unless together they are over ``seeds_bytes`` (then none is read, and quotes and coverage are
    not checked) or ``seeds_tokens`` (then none is kept)."""
    listed = _listed_seeds(package_dir, sources, report)
    total, limit = sum(seed.size for seed in listed), limits.active().seeds_bytes
    if total > limit:
        report.add(
            sources.path,
            None,
            "seed_file",
            "seeds-too-large",
            f"the seeds add up to {total:,} bytes; the limit for all seeds together is {limit:,} "
            "bytes, so no seed was read (quotes and coverage are not checked)",
        )
        return {}
    seeds: dict[str, _Tokenized] = {}
    tokens_left = limits.active().seeds_tokens
    kept = 0
    for seed in listed:
        try:
            loaded = _read_seed(package_dir, seed, sources.path, report, tokens_left)
        except TooManyTokens:
            _report_too_many_tokens(sources.path, seed.seed_file, report)
            return {}
        if loaded is not None:
            count = len(loaded.starts or ())
            tokens_left -= count
            kept += count
            seeds[seed.source_id] = (
                loaded if kept <= _KEEP_TOKENS else loaded._replace(starts=None, ends=None)
            )
    return seeds


def _report_too_many_tokens(sources_path: str, seed_file: str, report: Report) -> None:
    limit = limits.active().seeds_tokens
    report.add(
        sources_path,
        None,
        "seed_file",
        "too-many-tokens",
        f"the seeds have more than {limit:,} numeric tokens together (the limit seeds_tokens), "
        f"reached at {show(seed_file)}; no quote or coverage of any seed is checked",
    )


def _read_seed(
    package_dir: Path, listed: _Listed, sources_path: str, report: Report, tokens_left: int
) -> _Tokenized | None:
    """One seed's sha256 and tokens' offsets (not its text): opened without following links,
    checked against its sha256, decoded and tokenized (None if it cannot be used);
    ``TooManyTokens`` if it has more than ``tokens_left``, what the seeds read before it leave of
    ``seeds_tokens`` (and fewer than ``seed_tokens``)."""
    seed_file = listed.seed_file
    raw = read_reported(package_dir, seed_file, limits.active().seed_bytes, report)
    if raw is None:
        return None
    actual = hashlib.sha256(raw).hexdigest()
    if listed.sha256 is not None and actual != listed.sha256:
        report.add(
            sources_path,
            listed.line,
            "sha256",
            "seed-checksum",
            f"{seed_file} has sha256 {actual}, not {listed.sha256}; seeds must not be edited",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        report.add(seed_file, raw.count(b"\n", 0, error.start) + 1, None, "encoding", "the seed is not UTF-8")
        return None
    del raw  # one copy of the text at a time
    limit = limits.active().seed_tokens
    try:
        spans = numeric_spans(text, min(limit, tokens_left))
    except TooManyTokens:
        if tokens_left < limit:
            raise
        report.add(
            seed_file,
            None,
            None,
            "too-many-tokens",
            f"the seed has more than {limit:,} numeric tokens, the limit for one seed; "
            "its quotes and coverage are not checked",
        )
        return None
    tokens = SeedTokens(text, spans)
    del spans
    _check_hidden_in_numbers(Seed(seed_file, text, tokens), report)
    return _Tokenized(listed, actual, tokens.starts, tokens.ends)


def _reread_seed(
    package_dir: Path, first: _Tokenized, sources_path: str, report: Report, budget: Budget
) -> Seed | None:
    """The seed of ``first`` read again to locate its rows: the same bytes as its first reading (the
    package changed while it was validated if not: a problem, and None)."""
    seed_file = first.listed.seed_file
    raw = read_package_file(package_dir, seed_file, limits.active().seed_bytes)
    if not isinstance(raw, bytes) or hashlib.sha256(raw).hexdigest() != first.sha256:
        report.add(
            sources_path,
            first.listed.line,
            "sha256",
            "seed-checksum",
            f"{seed_file} changed while the package was validated; validate it again",
        )
        return None
    text = raw.decode("utf-8")
    del raw
    if first.starts is None or first.ends is None:
        tokens = SeedTokens(text, numeric_spans(text))
    else:
        tokens = SeedTokens.of(text, first.starts, first.ends)
    return Seed(seed_file, text, tokens, bidi=bidi_runs(text), budget=budget)


def _check_hidden_in_numbers(seed: Seed, report: Report) -> None:
    """Report each invisible or format character (:func:`is_invisible`: a zero-width space, word
    joiner, soft hyphen...) inside or beside a number's digits: "1\u200b000" displays as 1000 but
    is the tokens 1 and 000, which rows for 1 and 000 would cover. The seed's distinct characters
    are looked up once; the text is searched only if one of them is invisible."""
    text = seed.text
    hidden = "" if text.isascii() else "".join(sorted(c for c in set(text) if is_invisible(c)))
    if not hidden:
        return
    for match in _hidden_pattern(hidden).finditer(text):
        line = seed.line_of(match.start())
        report.add(seed.path, line, None, "hidden-in-number", partial(_hidden_message, seed, *match.span()))


@lru_cache(maxsize=256)
def _hidden_pattern(hidden: str) -> re.Pattern[str]:
    """A run of the characters ``hidden`` after a digit or before one (each character of a text
    is tried once: no repetition around the digits)."""
    run = "[" + re.escape(hidden) + "]+"
    return re.compile(rf"\d{run}\d?|{run}\d")


def _hidden_message(seed: Seed, start: int, end: int) -> str:
    text = seed.text
    before = max(0, start - 20, text.rfind("\n", max(0, start - 20), start) + 1)
    after = text.find("\n", end, end + 20)
    written = text[before : end + 20 if after == -1 else after]
    names = ", ".join(char_name(c) for c in sorted(set(text[start:end])) if is_invisible(c))
    shown = "".join(c for c in written if not is_invisible(c))
    return (
        f"{show(written)} holds {names} beside a number's digits: it displays as {show(shown)}, but "
        'the number is not read as it displays ("1\\u200b000" is read as 1 and 000, which rows '
        "for the pieces would cover); the article's text must hold no invisible character in or "
        "beside a number: remove it from the seed and update the seed's sha256 in sources.csv"
    )


#: Bidi controls: embeddings and overrides (closed by U+202C), isolates (closed by U+2069), which
#: reorder what follows them up to the end of the paragraph, and marks, which move the neutral
#: characters next to them.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\n]")
_CLOSES = {"\u202c": "\u202a\u202b\u202d\u202e", "\u2069": "\u2066\u2067\u2068"}
_MARKS = "\u200e\u200f\u061c"


class _Bidi(NamedTuple):
    """A stretch of a seed that a bidi control may display in another order, and that control."""

    start: int
    end: int
    control: int


def _open_runs(text: str) -> Iterator[_Bidi]:
    """Each stretch from a bidi control to the character that ends its effect (its closing
    control or the end of the paragraph); a mark covers itself only. One pass over the text."""
    opened: list[int] = []
    for match in _BIDI.finditer(text):
        at, char = match.start(), match.group()
        if char in _MARKS:
            yield _Bidi(at, at + 1, at)
        elif char in _CLOSES:
            if opened and text[opened[-1]] in _CLOSES[char]:
                yield _Bidi(opened[-1], at + 1, opened.pop())
        elif char == "\n":
            while opened:
                yield _Bidi(opened[-1], at, opened.pop())
        else:
            opened.append(at)
    while opened:
        yield _Bidi(opened[-1], len(text), opened.pop())


def bidi_runs(text: str) -> list[_Bidi]:
    """The stretches of ``text`` that bidi controls affect, merged, in order (none if it has none)."""
    merged: list[_Bidi] = []
    for run in sorted(_open_runs(text)) if _BIDI_ANY.search(text) else ():
        if merged and run.start <= merged[-1].end:
            last = merged[-1]
            merged[-1] = _Bidi(last.start, max(last.end, run.end), last.control)
        else:
            merged.append(run)
    return merged


_BIDI_ANY = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def _check_bidi(
    seed: Seed, start: int, end: int, table: TypedTable, row: int, name: str, report: Report
) -> bool:
    """Report the row if a bidi control affects how its words at ``start:end`` of the seed are
    displayed; whether one does."""
    runs = seed.bidi
    index = bisect_right(runs, (end - 1, len(seed.text), len(seed.text))) - 1
    if index < 0 or runs[index].end <= start:
        return False
    control = runs[index].control
    report.add(
        table.path,
        table.lines[row],
        name,
        "bidi-control",
        partial(_bidi_message, seed, start, end, control, name),
    )
    return True


def _bidi_message(seed: Seed, start: int, end: int, control: int, name: str) -> str:
    shown = show(seed.text[max(0, min(control, start) - 10) : end + 10])
    return (
        f"{name} is displayed under {char_name(seed.text[control])} (at {seed.path} line "
        f"{seed.line_of(control)}: {shown}), which can make its digits display in another order "
        "(U+202E shows 0001 as 1000); the article's text must hold no bidi controls: remove it "
        "from the seed and update the seed's sha256 in sources.csv"
    )


def _check_unlisted_seeds(package_dir: Path, sources: TypedTable, report: Report) -> None:
    folder = package_dir / "seeds"
    if not folder.is_dir() or folder.is_symlink():
        return
    listed = set(sources.columns["seed_file"])
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        relative = f"seeds/{entry.name}"
        if entry.is_symlink():
            report.add(relative, None, None, "symlink", "files under seeds/ must not be links")
        elif relative not in listed:
            report.add(relative, None, None, "unlisted-file", "no row of sources.csv names this seed")


def _cuts(seed: Seed, start: int, end: int, token: Token) -> str:
    return f"{show(seed.text[start:end])} cuts {show(token.text)} in two"


def _covered_twice(seed: Seed, token: Token, report: Report) -> str:
    path, other = seed.covered_by[token.start]
    name = report.row_name(path, other)
    row = f"{name.label} ({path} line {other})" if name else f"{path} line {other}"
    return (
        f"{show(token.text)} at {seed.path} line {seed.line_of(token.start)} is already covered by {row}: "
        "each number is covered by one row; remove this row, or cover another number with it"
    )


def _claim_span(
    seed: Seed,
    start: int,
    end: int,
    owner: tuple[str, int],
    table: TypedTable,
    line: int,
    name: str,
    report: Report,
) -> None:
    starts, ends = seed.tokens.starts, seed.tokens.ends
    first = bisect_left(starts, start)
    index, claimed = first, 0
    while index < len(starts) and starts[index] < end:
        token = seed.tokens[index]
        if token.end > end:
            report.add(table.path, line, name, "token-split", partial(_cuts, seed, start, end, token))
        elif token.start in seed.covered_by:
            message = partial(_covered_twice, seed, token, report)
            report.add(table.path, line, name, "token-covered-twice", message)
        else:
            seed.covered_by[token.start] = owner
        claimed += 1
        index += 1
    if first > 0 and ends[first - 1] > start:
        token = seed.tokens[first - 1]
        report.add(table.path, line, name, "token-split", partial(_cuts, seed, start, end, token))
    elif claimed == 0:
        report.add(
            table.path, line, name, "no-numeric-token", f"{show(seed.text[start:end])} contains no number"
        )


def _claims_one_token_cleanly(seed: Seed, start: int, end: int) -> int | None:
    """The index of the one uncovered token exactly inside [start, end), if that is all there is
    (read from the offset arrays: no ``Token`` is made)."""
    starts, ends = seed.tokens.starts, seed.tokens.ends
    first, count = bisect_left(starts, start), len(starts)
    if first == count or (first and ends[first - 1] > start):
        return None
    if ends[first] > end or (first + 1 < count and starts[first + 1] < end):
        return None
    return None if starts[first] in seed.covered_by else first


def _locating_fields(span_field: str) -> tuple[str, ...]:
    """The cells that locate a row in its seed: its source, quote, occurrence and value_text (or
    an exclusion's text)."""
    return ("source_id", "quote", "occurrence", span_field)


@dataclass
class Located:
    """Where each located row's value_text (or text) is in its seed: row index -> (source_id,
    start, end), per table; and the text of each seed a located row points at, by source_id (the
    others are not kept for the layers after provenance)."""

    texts: dict[str, str] = field(default_factory=dict)
    spans: dict[str, dict[int, tuple[str, int, int]]] = field(default_factory=dict)


def _over_budget() -> str:
    limit = limits.active().quote_comparisons
    return (
        f"not located: finding the package's quotes in their seeds took more than {limit:,} "
        "comparisons (the limit quote_comparisons), which quotes made of words that recur very often "
        "in long seeds cause; quote a shorter, more distinctive stretch of the article"
    )


def _rows_by_source(table: TypedTable, span_field: str, seeds: Iterable[str]) -> dict[str, list[int]]:
    """The rows of ``table`` whose cells that locate them were read, by their source (one of
    ``seeds``), in file order."""
    known, bad_rows = set(seeds), unreadable_rows(table, _locating_fields(span_field))
    rows: dict[str, list[int]] = {}
    for row, source_id in enumerate(table.columns["source_id"]):
        if source_id in known and row not in bad_rows:
            rows.setdefault(source_id, []).append(row)
    return rows


def _locate_rows(
    table: TypedTable,
    span_field: str,
    source_id: str,
    rows: Sequence[int],
    seed: Seed,
    report: Report,
    spans: dict[int, tuple[str, int, int]],
) -> bool:
    """Locate each of ``rows`` (rows of ``source_id``, whose seed is ``seed``) by its quote and
    span (kept in ``spans``); whether every one was located. A row is located whenever the cells
    that locate it were read, whatever its other cells (a drafted row still covers its number, and
    its words are still checked)."""
    path, lines, columns = table.path, table.lines, table.columns
    quotes, occurrences, span_texts = columns["quote"], columns["occurrence"], columns[span_field]
    is_figure = span_field == "value_text"
    all_located = True
    for row in rows:
        quote, occurrence, span_text, line = quotes[row], occurrences[row], span_texts[row], lines[row]
        try:
            positions = seed.positions(quote)
            if not positions:
                report.add(path, line, "quote", *_explain_missing_quote(seed, quote))
        except OverBudget:
            report.add(path, line, "quote", "too-many-comparisons", _over_budget)
            positions = array("q")
        if not positions:
            all_located = False
            continue
        if not 1 <= occurrence <= len(positions):  # below 1 if the schema's minimum was dropped
            report.add(
                path,
                line,
                "occurrence",
                "occurrence-out-of-range",
                f"the quote occurs {len(positions)} time(s) in {seed.path}, "
                f"so occurrence {occurrence} does not exist (occurrences count from 1)",
            )
            all_located = False
            continue
        offset = quote.find(span_text)
        if offset == -1:
            report.add(path, line, span_field, "not-in-quote", f"{show(span_text)} is not inside the quote")
            all_located = False
            continue
        start = positions[occurrence - 1] + offset
        end = start + len(span_text)
        has_bidi = bool(seed.bidi) and _check_bidi(seed, start, end, table, row, span_field, report)
        if is_figure and not has_bidi:
            _check_value_text(Row(table, row, unreadable_fields(table, row)), span_text, report)
        spans[row] = (source_id, start, end)
        clean = _claims_one_token_cleanly(seed, start, end)
        if clean is not None:
            seed.covered_by[seed.tokens.starts[clean]] = (path, line)
        else:
            _claim_span(seed, start, end, (path, line), table, line, span_field, report)
    return all_located


class ValueText(NamedTuple):
    """What a value_text rule sees besides its row: the figure's value_text and how it reads (or,
    if it cannot be read, why not: a message, or a function that builds it when it is listed). A
    named tuple: one is made for every figure, and a tuple is the quickest to make."""

    text: str
    parsed: ParsedNumber | None = None
    error: str | Callable[[], str] = ""


@lru_cache(maxsize=65_536)
def _parse_phrase(text: str) -> tuple[ParsedNumber | None, str]:
    """How ``text`` reads as a number phrase, or (None, why not), without the hint at the fix."""
    try:
        return _parse(text), ""
    except NumberPhraseError as error:
        return None, str(error)


def _read_value_text(text: str) -> ValueText:
    limit = limits.active().value_text_chars
    if len(text) > limit:
        return ValueText(
            text,
            error=f"value_text {show(text)} has {len(text):,} characters, over the limit of {limit:,} "
            "for a number phrase: write only the number as the quote writes it",
        )
    parsed, error = _parse_phrase(text)
    if parsed is None:
        return ValueText(text, error=partial(explained, text, error))
    return ValueText(text, parsed)


#: The rules a located figure's value_text is held to, in the order they report.
VALUE_TEXT_RULES: RuleSet[ValueText] = RuleSet("figures")


def _check_value_text(row: Row, text: str, report: Report) -> None:
    """value_text must parse, give the row's numbers and fit its unit and qualifier (each rule
    only if the cells it reads were read)."""
    for finding in VALUE_TEXT_RULES.findings(row, _read_value_text(text)):
        add_finding(report, row, finding)


@VALUE_TEXT_RULES.rule("value-text-unparseable")
def value_text_unparseable(row: Row, value_text: ValueText) -> Iterator[Finding]:
    """value_text is a number phrase, written as the article writes it: the number, with its £,
    scale, per cent or "+", and nothing else.

    Bad: "131 suspects" (the words after the number copied too). Good: "131".
    Good: "80,000", "£1.2 million", "700 per cent", "550,000 – 850,000", "twenty-five", "14+".
    """
    if value_text.parsed is None:
        yield Finding("value-text-unparseable", "value_text", value_text.error)


#: The number columns a value_text is held to, in the order of ``ParsedNumber.exact``.
_NUMBER_COLUMNS = ("value", "value_low", "value_high")
_Decimals = tuple[Decimal | None, Decimal | None, Decimal | None]


def _recorded(row: Row) -> _Decimals:
    """The row's value, value_low and value_high exactly as its cells write them (from a cell's
    text if the table kept it, else from the float's shortest decimal form)."""
    numbers: list[Decimal | None] = []
    for name in _NUMBER_COLUMNS:
        number, texts = row[name], row.table.texts.get(name)
        if number is None:
            numbers.append(None)
        else:
            numbers.append(Decimal(texts[row.index]) if texts is not None else Decimal(repr(number)))
    return numbers[0], numbers[1], numbers[2]


def _stated(parsed: ParsedNumber) -> _Decimals:
    """The numbers the phrase states, exactly (from its floats only if it was built without them)."""
    if parsed.exact != (None, None, None):
        return parsed.exact
    value, low, high = (
        None if n is None else Decimal(repr(n)) for n in (parsed.value, parsed.low, parsed.high)
    )
    return value, low, high


def _values_match(stated: _Decimals, recorded: _Decimals) -> bool:
    """Whether the phrase gives the row's numbers, exactly (decimal arithmetic, no tolerance: "2
    billion" is 2000000000 and not 2000000001). value_text gives the size, the sign of value the
    direction: "fell by 10 to 20 per cent" is -20 to -10. (A negative level is caught by the
    plausibility bounds, once.) A fraction in words states its value rounded to four decimal
    places ("two-thirds" is 0.6667), which the row records as that."""
    value, low, high = recorded
    if value is not None:
        value = abs(value)
    if low is not None and high is not None and low <= 0 and high <= 0:
        low, high = -high, -low
    return stated == (value, low, high)


@VALUE_TEXT_RULES.rule("value-mismatch")
def value_mismatch(row: Row, value_text: ValueText) -> Iterator[Finding]:
    """value_text reads as the row's value (or value_low and value_high), exactly; the sign of
    value gives the direction ("fell by 10 per cent" is -10).

    Bad: value_text "6" for value 6000 (cut at the thousands comma). Good: "6,000".
    Bad: value_text "2.5 million" for value 250000. Good: value 2500000.
    Bad: value_text "£2 billion" for value 2000000001. Good: value 2000000000.
    """
    parsed = value_text.parsed
    if parsed is None:
        return
    stated, recorded = _stated(parsed), _recorded(row)
    if not _values_match(stated, recorded):
        yield Finding(
            "value-mismatch", "value", partial(_mismatch_message, value_text.text, stated, recorded)
        )


def _mismatch_message(text: str, stated: _Decimals, recorded: _Decimals) -> str:
    written = plain.amount(*recorded)
    value, low, high = stated
    if low is not None and high is not None:
        low_text, high_text = plain.number(low), plain.number(high)
        return (
            f"value_text {show(text)} is a range from {low_text} to {high_text}, but the row has {written}: "
            f"leave value empty and set value_low {low_text} and value_high {high_text}"
        )
    number = "empty" if value is None else plain.number(value)
    return (
        f"value_text {show(text)} is the number {number}, but the row has {written}: set value {number} "
        "(negative for a fall) and leave value_low and value_high empty, or correct value_text"
    )


#: Units whose value_text is a phrase around the number.
_PHRASES = {
    "one_in": "'one in N' (value N)",
    "times": "'N times' (value N)",
    "fraction": "as a fraction, 'two-thirds' (value 0.6667)",
}


def _unit_fits(parsed: ParsedNumber, unit: str) -> bool:
    """Whether no check of :func:`value_text_unit` fires: the common case, tested first and cheaply."""
    return (
        parsed.percent == (unit == "percent")
        and not (parsed.ratio or parsed.multiple or parsed.fraction)
        and unit not in _PHRASES
        and (parsed.currency == "£") == (unit == "GBP")
    )


@VALUE_TEXT_RULES.rule("value-text-unit")
def value_text_unit(row: Row, value_text: ValueText) -> Iterator[Finding]:
    """A value_text written as a percentage has unit percent; one written in pounds, unit GBP;
    "one in N", unit one_in; "N times", unit times (and only such value_texts have these units).

    Bad: value_text "£9,064" with unit people. Good: unit GBP.
    Bad: value_text "33 percent" with unit children. Good: unit percent.
    Bad: value_text "one in five" with unit children. Good: unit one_in, value 5.
    """
    parsed, unit = value_text.parsed, row["unit"]
    if parsed is None or unit is None or _unit_fits(parsed, unit):
        return
    text = show(value_text.text)
    if parsed.percent != (unit == "percent"):
        if parsed.percent:
            message = f"value_text {text} is written as a percentage, but unit is {unit}: use unit percent"
        else:
            message = (
                f"value_text {text} is not written as a percentage, but unit is percent: write the "
                "per cent sign or words as the quote does, or use the unit the words count"
            )
        yield Finding("value-text-unit", "unit", message)
    elif parsed.ratio and unit != "one_in":
        yield Finding(
            "value-text-unit",
            "unit",
            f"value_text {text} is a ratio 'one in N', but unit is {unit}: use unit one_in",
        )
    elif parsed.multiple and unit != "times":
        yield Finding(
            "value-text-unit",
            "unit",
            f"value_text {text} is a multiple 'N times', but unit is {unit}: use unit times",
        )
    elif parsed.fraction and unit != "fraction":
        yield Finding(
            "value-text-unit",
            "unit",
            f"value_text {text} is a fraction, but unit is {unit}: use unit fraction",
        )
    elif unit in _PHRASES and not (parsed.ratio or parsed.multiple or parsed.fraction):
        yield Finding(
            "value-text-unit",
            "unit",
            f"unit is {unit}, so write value_text {_PHRASES[unit]}, as the article does",
        )
    elif (parsed.currency == "£") != (unit == "GBP"):
        if parsed.currency:
            message = f"value_text {text} is written in pounds, but unit is {unit}: use unit GBP"
        else:
            message = (
                f"value_text {text} has no £ sign, but unit is GBP: write the £ as the quote does, "
                "or use the unit the words count"
            )
        yield Finding("value-text-unit", "unit", message)


@VALUE_TEXT_RULES.rule("value-text-qualifier")
def value_text_qualifier(row: Row, value_text: ValueText) -> Iterator[Finding]:
    """A value_text that is a range has qualifier range (and only such a one); "N+" means at_least.

    Bad: value_text "200 to 300" with qualifier around. Good: qualifier range.
    Bad: value_text "14+" with qualifier exact. Good: qualifier at_least.
    """
    parsed, qualifier = value_text.parsed, row["qualifier"]
    if parsed is None or (
        not parsed.open_ended and (qualifier is None or parsed.is_range == (qualifier == "range"))
    ):
        return
    text = show(value_text.text)
    if qualifier is not None and parsed.is_range != (qualifier == "range"):
        if parsed.is_range:
            message = (
                f"value_text {text} is a range, but qualifier is {qualifier}: use qualifier range, "
                "with value_low and value_high"
            )
        else:
            message = (
                f"value_text {text} is one number, not a range, but qualifier is range: use the "
                "qualifier the words give it (exact if none), with value"
            )
        yield Finding("value-text-qualifier", "qualifier", message)
    elif parsed.open_ended and qualifier != "at_least":
        yield Finding(
            "value-text-qualifier",
            "qualifier",
            f"value_text {text} ends in '+', which means at least: use qualifier at_least, not {qualifier}",
        )


_SPAN_FIELDS = (("figures", "value_text"), ("exclusions", "text"))
#: Where the rows located in one seed are: table -> row index -> (source_id, start, end).
SeedSpans = dict[str, dict[int, tuple[str, int, int]]]
#: Given each seed in turn once its rows are located: its source_id, its text and its rows' spans.
EachSeed = Callable[[str, str, SeedSpans], None]


def check_provenance(
    package_dir: Path, tables: dict[str, TypedTable], report: Report, each_seed: EachSeed | None = None
) -> Located:
    """Check seeds, quotes, value_text and that every numeric token is covered exactly once, seed
    by seed; return where each located row is, for the layers that read the words around it.

    With ``each_seed``, each seed a located row points at is given to it (after its rows are
    located and its coverage checked, before the next seed is read) and its text is not kept in
    the result: a later layer that reads the words seed by seed through it keeps peak memory at
    the largest seed."""
    located = Located()
    sources = tables.get("sources")
    if sources is None:
        return located
    seeds = _load_seeds(package_dir, sources, report)
    _check_unlisted_seeds(package_dir, sources, report)
    present = [(name, tables[name], field) for name, field in _SPAN_FIELDS if name in tables]
    rows = {name: _rows_by_source(table, field, seeds) for name, table, field in present}
    spans: dict[str, dict[int, tuple[str, int, int]]] = {name: {} for name, _, _ in present}
    judged = _coverage_judged(seeds, tables)
    budget = Budget()  # one for all the package's seeds
    for source_id, first in seeds.items():
        seed = _reread_seed(package_dir, first, sources.path, report, budget)
        if seed is None:
            continue
        all_located, found = True, SeedSpans((name, {}) for name, _, _ in present)
        for name, table, span_field in present:
            mine = rows[name].get(source_id, ())
            all_located &= _locate_rows(table, span_field, source_id, mine, seed, report, found[name])
            spans[name].update(found[name])
        if judged is not None and all_located and source_id not in judged:
            _report_uncovered(seed, report)
        if any(found.values()):  # only a seed a located row points at is kept, or given
            if each_seed is None:
                located.texts[source_id] = seed.text
            else:
                each_seed(source_id, seed.text, found)
        del seed  # before the next seed is read
    located.spans = {name: dict(sorted(found.items())) for name, found in spans.items()}
    return located


def _coverage_judged(seeds: dict[str, _Tokenized], tables: dict[str, TypedTable]) -> set[str] | None:
    """None if coverage cannot be judged for any seed (a table of rows is missing, or lost a row, or
    a row whose cells that locate it were not read names no seed read: it may have been meant to
    cover any seed's tokens); else the sources whose coverage is not judged, as they have such a
    row (a seed is also not judged if one of its rows was not located)."""
    figures, exclusions = tables.get("figures"), tables.get("exclusions")
    if figures is None or exclusions is None or figures.dropped or exclusions.dropped:
        return None
    unchecked = {
        table.columns["source_id"][row]
        for table, span_field in ((figures, "value_text"), (exclusions, "text"))
        for row in unreadable_rows(table, _locating_fields(span_field))
    }
    return None if unchecked - set(seeds) else unchecked


def _uncovered(seed: Seed, token: Token) -> str:
    context = seed.text[max(0, token.start - 30) : token.end + 30]
    return (
        f"{show(token.text)} (in {show(context)}) is covered by no figure or exclusion: add one "
        "('ukcsa-data scan' drafts it)"
    )


def _report_uncovered(seed: Seed, report: Report) -> None:
    """Report each token of ``seed`` that no row covers: one by one while they are listed, then the
    rest counted at once (from the covered tokens after that point, not token by token)."""
    starts, covered = seed.starts, seed.covered_by
    for index, start in enumerate(starts):
        if start in covered:
            continue
        if report.counted(seed.path, "token-uncovered") >= report.limit_per_code:
            rest = len(starts) - index - sum(1 for at in covered if at > start)
            report.add_unlisted(seed.path, "token-uncovered", rest)
            return
        line = seed.line_of(start)
        report.add(seed.path, line, None, "token-uncovered", partial(_uncovered, seed, seed.tokens[index]))
