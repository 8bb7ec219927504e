"""What a word rule sees of a row: the article's text, where the row's number is, its reading, and
the package's vocabulary of areas and units (:func:`vocabulary_of`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from ukcsa_data.core.problems import show
from ukcsa_data.reading import Reading, Stated, named, read_mention
from ukcsa_data.reading.text import Span, spaced
from ukcsa_data.reading.vocabulary import Vocabulary, vocabulary_from_rows
from ukcsa_data.validation.l3_types.field_types import TypedTable
from ukcsa_data.validation.rules import unreadable_rows


@cache
def areas_in(text: str, vocabulary: Vocabulary | None = None) -> frozenset[str]:
    """Every area an article names, once per article of a run (however the rows of many articles
    interleave); :class:`ukcsa_data.validation.l8_words.WordChecks` clears the cache after each seed."""
    return frozenset(str(area.value) for area in named(text, Span(0, len(text)), vocabulary))


def _rows(table: TypedTable) -> list[dict[str, str | None]]:
    """The rows of ``table`` that layer 3 read whole, as text cells."""
    rejected = unreadable_rows(table)
    names = list(table.columns)
    return [
        {name: None if table.columns[name][row] is None else str(table.columns[name][row]) for name in names}
        for row in range(len(table.lines))
        if row not in rejected
    ]


def vocabulary_of(tables: Mapping[str, TypedTable]) -> Vocabulary | None:
    """The vocabulary of the package validated: its own ``areas`` and ``units`` tables where it has
    both (built once per run), else None (the bundled package's)."""
    areas, units = tables.get("areas"), tables.get("units")
    if areas is None or units is None:
        return None
    return vocabulary_from_rows(_rows(areas), _rows(units))


@dataclass(eq=False)
class Mention:
    """A located row: the seed text, the span of its value_text (or exclusion text) and its
    source's publication date (``None``: unknown or not reliable to the month). Only ``read`` is
    set after it is made (not frozen also because one is made per row, and a frozen dataclass is
    four times slower to make)."""

    text: str
    start: int
    end: int
    #: The areas and units of the package validated (None: the bundled package's).
    vocabulary: Vocabulary | None = None
    #: The article's publication date, by which relative periods are read (None: unknown).
    published: date | None = None
    #: The reading, once read (here when first asked for, or given with the seed's others).
    read: Reading | None = None

    @property
    def reading(self) -> Reading:
        if self.read is None:
            self.read = read_mention(
                self.text, self.start, self.end, vocabulary=self.vocabulary, published=self.published
            )
        return self.read

    @property
    def sentence_names_an_area(self) -> bool:
        """Whether the sentence names any area (read with the reading's areas)."""
        return self.reading.names_an_area

    @property
    def article_areas(self) -> frozenset[str]:
        return areas_in(self.text, self.vocabulary)

    def words(self, start: int, end: int) -> str:
        """The article's words at ``start:end``, quoted for a message (plain spaces)."""
        return show(spaced(self.text[start:end]).strip(), limit=100)

    def said(self, stated: Stated[Any]) -> str:
        """The words that state ``stated``, with the figure, quoted for a message."""
        return self.words(min(stated.start, self.start), max(stated.end, self.end))

    def around(self, before: int = 2, after: int = 1) -> str:
        """Up to ``before`` words before the number and ``after`` words after it, quoted."""
        sentence = self.reading.sentence
        begin = self.start
        for _ in range(before):
            begin = max(sentence.start, self.text.rfind(" ", sentence.start, max(sentence.start, begin - 1)))
        stop = self.end
        for _ in range(after):
            found = self.text.find(" ", min(stop + 1, sentence.end), sentence.end)
            stop = found if found != -1 else sentence.end
        return self.words(begin, stop)

    def sentence(self) -> str:
        return self.words(*self.reading.sentence)
