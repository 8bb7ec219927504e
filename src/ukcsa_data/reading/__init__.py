"""One reading of the words around a number in an article, used by the validator's word checks
and by the commands that draft rows (``ukcsa-data scan``).

Given a seed text and the span of a figure's value_text in it, :func:`read_mention` reads the
sentence holding it (not only the row's quote, which a contributor can shorten) and returns what
the words state about each field, or unknown (``Stated.value is None``) where they are silent or
ambiguous. It never guesses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ukcsa_data.reading.change import read_change
from ukcsa_data.reading.geography import MOST_AREAS, areas_of, mentions, named, one_area
from ukcsa_data.reading.markers import Markers, read_markers
from ukcsa_data.reading.period import Period, read_period
from ukcsa_data.reading.qualifier import read_qualifier
from ukcsa_data.reading.rate import NO_RATE, read_rate
from ukcsa_data.reading.stated import Stated
from ukcsa_data.reading.text import Span, segment_around, sentence_around
from ukcsa_data.reading.units import noun_after
from ukcsa_data.reading.vocabulary import Vocabulary, bundled_vocabulary
from ukcsa_data.text.number_phrases import PLAIN_NUMBER, NumberPhraseError, parse_value_text

__all__ = [
    "NO_RATE",
    "Markers",
    "Period",
    "Reading",
    "Span",
    "Stated",
    "Vocabulary",
    "named",
    "read_mention",
]


@dataclass(frozen=True)
class Reading:
    """What the words around one figure state."""

    sentence: Span
    segment: Span
    qualifier: Stated[str]
    rate: Stated[str]
    markers: Markers
    change: Stated[str]
    period: Stated[Period]
    geography: Stated[str]
    #: The areas the words attach to the number: one (then also ``geography``), or the areas one
    #: phrase can mean ("West Midlands": the region and the police force area).
    areas: Stated[frozenset[str]]
    #: The unit the count noun right after the number names ("5,000 images").
    unit_noun: Stated[str]
    #: For a change, ``rise`` or ``fall`` as the words state it ("a drop of"), else unknown.
    direction: Stated[str]
    #: Whether the sentence names any area (whatever the words attach to the number).
    names_an_area: bool = False


def written_qualifier(value_text: str) -> Stated[str] | None:
    """The qualifier value_text itself writes: a range, or "N+" (checked by the provenance layer)."""
    if PLAIN_NUMBER.fullmatch(value_text):
        return None  # the common case, "80,000": one number, not open-ended
    try:
        parsed = parse_value_text(value_text)
    except NumberPhraseError:
        return Stated(None)
    if parsed.is_range:
        return Stated("range")
    return Stated("at_least") if parsed.open_ended else None


def read_mention(
    text: str,
    start: int,
    end: int,
    *,
    vocabulary: Vocabulary | None = None,
    published: date | None = None,
) -> Reading:
    """Read the words around the figure written at ``text[start:end]``, knowing the areas and
    units of ``vocabulary`` (None: the bundled package's). ``published`` is the article's date of
    publication, if known: relative periods ("last year") are read by it (``None``: they are
    unknown)."""
    vocabulary = vocabulary or bundled_vocabulary()
    sentence = sentence_around(text, start, end)
    found = mentions(text, sentence, vocabulary, limit=MOST_AREAS + 1)
    areas = areas_of(text, sentence, found, start, end)
    segment = segment_around(text, sentence, start, end)
    markers = read_markers(text, start, end)
    change, direction = read_change(text, markers.start, markers.end, sentence.start, markers.percent)
    return Reading(
        sentence=sentence,
        segment=segment,
        qualifier=written_qualifier(text[start:end]) or read_qualifier(text, start, end, *sentence),
        rate=read_rate(text, start, end, sentence, segment),
        markers=markers,
        change=change,
        period=read_period(text, segment, start, end=end, published=published),
        geography=one_area(areas),
        areas=areas,
        unit_noun=noun_after(text, end, vocabulary),
        direction=direction,
        names_an_area=bool(found),
    )
