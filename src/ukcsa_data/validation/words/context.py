"""What a word rule sees of a row: the article's text, where the row's number is, and its reading."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache, cached_property
from typing import Any

from ukcsa_data.reading import Reading, Stated, named, read_mention
from ukcsa_data.reading.text import Span, spaced
from ukcsa_data.validation.problems import show


@cache
def areas_in(text: str) -> frozenset[str]:
    """Every area an article names, once per article of a run (however the rows of many articles
    interleave); :func:`ukcsa_data.validation.words.check_words` clears the cache when done."""
    return frozenset(str(area.value) for area in named(text, Span(0, len(text))))


@dataclass(frozen=True)
class Mention:
    """A located row: the seed text, the span of its value_text (or exclusion text) and its
    source's publication date (``None``: unknown or not reliable to the month)."""

    text: str
    start: int
    end: int
    published: date | None = None

    @cached_property
    def reading(self) -> Reading:
        return read_mention(self.text, self.start, self.end, published=self.published)

    @cached_property
    def sentence_areas(self) -> set[str]:
        return {str(area.value) for area in named(self.text, self.reading.sentence)}

    @property
    def article_areas(self) -> frozenset[str]:
        return areas_in(self.text)

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
