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
    reading_text._sentence_ends.clear()
    text = "A sentence. " * (reading_text.INDEXED_CHARS // 12 + 1)
    assert reading_text.sentence_around(text, 13, 14) == (11, 23)
    assert len(reading_text._sentence_ends) == 0


def test_the_kept_indexes_stay_within_their_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    """Indexes are kept while they hold at most ``ENDS_KEPT`` sentence ends (the least recently read
    dropped first), and the one just built is always kept; a kept one is not built again."""
    monkeypatch.setattr(reading_text, "ENDS_KEPT", 5)
    kept = reading_text._KeptIndexes()
    first, second, third = "One. Two. Three.", "Four. Five.", "Six. Seven. Eight. Nine. Ten. Eleven."
    assert kept(first) is kept(first) and len(kept) == 1  # two ends ("Three." ends the text)
    kept(second)  # one more end: both kept
    assert len(kept) == 2 and kept._ends == 3
    kept(first)  # read again: now the most recent
    kept(third)  # five ends: the two others are dropped, the newest kept
    assert len(kept) == 1 and kept._ends == 5
    assert kept(third).ends[-1] == third.index(" Eleven")


def test_the_kept_indexes_let_go_of_long_texts(monkeypatch: pytest.MonkeyPatch) -> None:
    """An index keeps its text alive, so the kept texts hold at most ``CHARS_KEPT`` characters in
    all (the least recently read dropped first); the one just built is always kept."""
    monkeypatch.setattr(reading_text, "CHARS_KEPT", 30)
    kept = reading_text._KeptIndexes()
    first, second, third = "One. Two.", "Three. Four.", "Five. Six. Seven. Eight. Nine. Ten."
    kept(first)
    kept(second)  # 9 + 12 characters: both kept
    assert len(kept) == 2 and kept._chars == len(first) + len(second)
    kept(third)  # 35 characters alone: the two others are dropped, the newest kept
    assert len(kept) == 1 and kept._chars == len(third)
    assert kept(third).ends[-1] == third.index(" Ten")
