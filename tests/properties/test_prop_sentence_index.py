"""[words] The sentence found by a text's index of sentence ends is the sentence the search near
the number finds, for any text and any span in it (the index only makes the reading faster)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ukcsa_data.reading import text as reading_text

pytestmark = pytest.mark.words

#: Sentence ends, the closing marks that may follow them, white space, and letters: long runs of
#: closing marks (past the 64-character margin) and texts longer than the window are drawn too.
_PIECES = st.sampled_from(
    [".", "!", "?", '"', "'", "\u2019", "\u201d", ")", "]", "\n", " ", "\t", "word", "x" * 200, ")" * 70]
)


@given(st.lists(_PIECES, min_size=1, max_size=80), st.data())
def test_the_index_finds_the_sentence_the_search_finds(pieces: list[str], data: st.DataObject) -> None:
    """For every text and every span ``start:end`` of it, ``sentence_around`` by the text's index
    equals ``sentence_around`` by searching the window around the span."""
    text = "".join(pieces)
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start, min(len(text), start + 12)))
    assert reading_text._indexed_sentence(text, start, end) == reading_text._searched_sentence(
        text, start, end
    )


def test_a_long_text_is_searched_not_indexed() -> None:
    """A text longer than ``INDEXED_CHARS`` gets no index (its figures are read by the search)."""
    reading_text._sentence_ends.cache_clear()
    text = "A sentence. " * (reading_text.INDEXED_CHARS // 12 + 1)
    assert reading_text.sentence_around(text, 13, 14) == (11, 23)
    assert reading_text._sentence_ends.cache_info().currsize == 0
