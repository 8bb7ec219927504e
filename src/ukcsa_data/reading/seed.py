"""The readings of many figures of one article at once: :func:`read_seed` gives each span the
:class:`~ukcsa_data.reading.Reading` that :func:`~ukcsa_data.reading.read_mention` gives it (which
stays the reading of one figure, as ``scan`` uses it), with what the spans share found once.

Once per article: the text folded to lower case (:func:`~ukcsa_data.reading.text.fold`), and where
the stretches of it that hold the figures' sentences (:func:`stretches`) hold the *trigger* words
of three tests (a word of time for the rate; a year, "last", "past" or "year to" for the period; a
word of a segment break), found by ``str.find`` and kept as sorted positions. Once per sentence:
its area mentions and its segment breaks (several figures of one sentence share them). Per figure,
a reader whose trigger words do not start in the part of the text its first test reads returns what
it returns when that test fails ("no rate" for a sentence with no word of time, an unknown period,
no break), without running: every match of that test holds one of its trigger words (in any case;
the fold keeps offsets).

Searches of the whole text were tried for the area names and the words of change too, and
dropped: on the benchmark's figures (one a sentence, a third of each article's text) they cost
more than the per-sentence searches they spared.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from ukcsa_data.reading import Reading, written_qualifier
from ukcsa_data.reading.change import read_change
from ukcsa_data.reading.geography import MOST_AREAS, AreaMention, areas_of, mentions, one_area
from ukcsa_data.reading.markers import read_markers
from ukcsa_data.reading.period import read_period
from ukcsa_data.reading.qualifier import read_qualifier
from ukcsa_data.reading.rate import NO_RATE, read_rate
from ukcsa_data.reading.stated import Stated
from ukcsa_data.reading.text import (
    SEGMENT_BREAK,
    Span,
    between_breaks,
    fold,
    may_break,
    sentence_around,
)
from ukcsa_data.reading.units import noun_after
from ukcsa_data.reading.vocabulary import Vocabulary, bundled_vocabulary

#: Each gated reader's trigger words: any match of the test the reader starts with holds one of
#: them (in any case), so where none starts in the part of the text the test reads, it fails.
#: The rate: a word of time (``rate._TIME_WORD``: "weekly" holds "week", "annually" "annual").
_RATE_WORDS = (
    "day",
    "daily",
    "week",
    "month",
    "year",
    "hour",
    "fortnight",
    "quarter",
    "annum",
    "annual",
    "nightly",
)
#: The period (``period._CUE``): "last", "past", "year" before white space and "to" or "end"
#: (:data:`_YEAR_TO`; "the year to March", "the year ending"), or a year (:data:`_YEAR`).
_PERIOD_WORDS = ("last", "past")
_YEAR_TO = re.compile(r"[\s\u00a0\u202f]+(?:to|end)")
#: Where ``period._CUE`` finds a year, it starts a match of this (which does not look past the
#: year's four digits, so it is found in the whole text too). Written to start with its first
#: digit (``(?<![0-9])(?:19|20)[0-9]{2}``, the same matches), so the engine skips to a "1" or "2"
#: at C speed: four times faster on an article's text.
_YEAR = re.compile(r"(?:1(?=9)|2(?=0))(?<![0-9].)[0-9]{3}")
#: A segment break (``text.SEGMENT_BREAK``): every match holds one of these in the sentence
#: searched, so where none is, there is no break (whatever ``text.may_break`` says).
_BREAK_WORDS = (";", "-", "\u2013", "\u2014", "from", "compared", "than", "against")


#: Figures' sentences less than this many characters apart are searched for trigger words as one
#: stretch of the text: an article whose figures are spread through it is searched whole, once,
#: and a long stretch with no figure (an article padded with prose) is not searched at all.
STRETCH_GAP = 4096


def stretches(sentences: Iterable[Span]) -> list[Span]:
    """The parts of the text that hold ``sentences``: the sentences, in order, with those less
    than ``STRETCH_GAP`` characters apart joined (with what lies between them)."""
    joined: list[Span] = []
    for start, end in sorted(sentences):
        if joined and start - joined[-1].end < STRETCH_GAP:
            joined[-1] = Span(joined[-1].start, max(end, joined[-1].end))
        else:
            joined.append(Span(start, end))
    return joined


def _starts(folded: str, words: Iterable[str], parts: Sequence[Span]) -> list[int]:
    """Where each of ``words`` starts in ``folded`` within ``parts`` (overlapping ones too)."""
    found: list[int] = []
    for start, end in parts:
        for word in words:
            stop = min(len(folded), end + len(word))  # a word that starts in the part, whole
            at = folded.find(word, start, stop)
            while at != -1:
                found.append(at)
                at = folded.find(word, at + 1, stop)
    return found


class _Triggers:
    """Where each gated reader's trigger words start in the ``parts`` of an article, in order
    (:meth:`any_in` answers for spans inside them)."""

    def __init__(self, text: str, parts: Sequence[Span]) -> None:
        folded = fold(text)
        period = _starts(folded, _PERIOD_WORDS, parts)
        period += (m.start() for start, end in parts for m in _YEAR.finditer(text, start, end + 4))
        period += (at for at in _starts(folded, ("year",), parts) if _YEAR_TO.match(folded, at + 4))
        self.positions: dict[str, array[int]] = {
            "rate": array("i", sorted(_starts(folded, _RATE_WORDS, parts))),
            "period": array("i", sorted(period)),
            "break": array("i", sorted(_starts(folded, _BREAK_WORDS, parts))),
        }

    def any_in(self, reader: str, start: int, end: int) -> bool:
        """Whether a trigger word of ``reader`` starts in ``start:end``."""
        positions = self.positions[reader]
        at = bisect_left(positions, start)
        return at < len(positions) and positions[at] < end


def read_seed(
    text: str,
    spans: Sequence[tuple[int, int]],
    vocabulary: Vocabulary | None = None,
    published: date | None = None,
) -> list[Reading]:
    """The reading of each figure written at ``text[start:end]`` for ``(start, end)`` in
    ``spans``: ``[read_mention(text, start, end, vocabulary=vocabulary, published=published) for
    start, end in spans]``, read once per article where the figures share the work."""
    vocabulary = vocabulary or bundled_vocabulary()
    if not spans:
        return []
    sentences = [sentence_around(text, start, end) for start, end in spans]
    article = _Article(text, _Triggers(text, stretches(sentences)), vocabulary, published)
    readings: list[Reading] = []
    for sentence, (start, end) in zip(sentences, spans, strict=True):
        shared = article.sentences.get(sentence)
        if shared is None:
            shared = article.sentences[sentence] = _sentence_shares(article, sentence)
        readings.append(_read_one(article, sentence, shared, start, end))
    return readings


#: What the figures of one sentence share: its area mentions, and its segment breaks (None: none).
_Shared = tuple[list[AreaMention], list[re.Match[str]] | None]


@dataclass
class _Article:
    """One article's text and what its figures' readings share."""

    text: str
    triggers: _Triggers
    vocabulary: Vocabulary
    published: date | None
    sentences: dict[Span, _Shared] = field(default_factory=dict)


def _sentence_shares(article: _Article, sentence: Span) -> _Shared:
    text = article.text
    breaks = (
        list(SEGMENT_BREAK.finditer(text, sentence.start, sentence.end))
        if article.triggers.any_in("break", *sentence) and may_break(text, *sentence)
        else None
    )
    return mentions(text, sentence, article.vocabulary, limit=MOST_AREAS + 1), breaks


def _read_one(article: _Article, sentence: Span, shared: _Shared, start: int, end: int) -> Reading:
    """:func:`~ukcsa_data.reading.read_mention` of ``start:end``, with its sentence's ``shared``
    work, and the rate and period read only where their trigger words are."""
    text, triggers = article.text, article.triggers
    found, breaks = shared
    segment = sentence if breaks is None else between_breaks(breaks, sentence, start, end)
    area_stated = areas_of(text, sentence, found, start, end)
    markers = read_markers(text, start, end)
    change, direction = read_change(text, markers.start, markers.end, sentence.start, markers.percent)
    if triggers.any_in("rate", sentence.start, sentence.end):
        rate = read_rate(text, start, end, sentence, segment)
    else:
        rate = Stated(NO_RATE, sentence.start, sentence.end)
    if triggers.any_in("period", segment.start, segment.end):
        period = read_period(text, segment, start, end=end, published=article.published)
    else:
        period = Stated(None)
    return Reading(
        sentence=sentence,
        segment=segment,
        qualifier=written_qualifier(text[start:end]) or read_qualifier(text, start, end, *sentence),
        rate=rate,
        markers=markers,
        change=change,
        period=period,
        geography=one_area(area_stated),
        areas=area_stated,
        unit_noun=noun_after(text, end, article.vocabulary),
        direction=direction,
        names_an_area=bool(found),
    )
