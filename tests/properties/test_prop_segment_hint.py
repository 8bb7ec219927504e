"""[words] The segment found with the cheap hint search first is the segment the full search of
segment breaks finds, for any sentence and any span in it (the hint only makes the reading faster)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ukcsa_data.reading import text as reading_text

pytestmark = pytest.mark.words

#: Every piece a segment break is made of, and pieces like them that are not breaks ("more than",
#: "group from", a dash between numbers), in both cases, with white space and numbers between.
_PIECES = st.sampled_from(
    [
        ";", " - ", " \u2013 ", "\u2014", "-", " ", "\n", "\u00a0", "up from", "Down  from", "upfrom",
        "compared with", "COMPARED to", "compared", "than", "more than", "Than in", "rather than",
        "than last", "against", "against 400", "against about £5", "500", "12", "£", "group", "x",
        "again\u017ft 9", ".", "in 2019", "Up", "wITH",
    ]
)  # fmt: skip


@given(st.lists(_PIECES, min_size=1, max_size=40), st.data())
def test_the_hint_finds_the_segment_the_full_search_finds(pieces: list[str], data: st.DataObject) -> None:
    """For every text, sentence span and figure span in it, ``segment_around`` (hint first) equals
    the segment between the breaks the full ``SEGMENT_BREAK`` search finds."""
    text = "".join(pieces)
    begin = data.draw(st.integers(0, len(text) - 1))
    stop = data.draw(st.integers(begin + 1, len(text)))
    start = data.draw(st.integers(begin, stop - 1))
    end = data.draw(st.integers(start + 1, stop))
    sentence = reading_text.Span(begin, stop)
    full = reading_text.between_breaks(
        reading_text.SEGMENT_BREAK.finditer(text, begin, stop), sentence, start, end
    )
    assert reading_text.segment_around(text, sentence, start, end) == full


@pytest.mark.parametrize(
    "sentence",
    [
        "Arrests rose to 500; offences fell",
        "Arrests rose to 500 - a record",
        "There were 500 arrests \u2013 a record",
        "There were 23 a day, up from 15 a day",
        "There were 500 arrests compared with 400",
        "There were 500 arrests, higher than in 2019",
        "There were 500 arrests this year against 400",
        "There were 500 arrests this year AGAIN\u017fT 400",  # the long s: an "s" to the search
    ],
)
def test_each_kind_of_break_is_found_past_the_hint(sentence: str) -> None:
    """Each kind of segment break, written in a sentence, ends the segment of the number before it
    (so the hint lets every kind through to the full search)."""
    start = sentence.index("500") if "500" in sentence else sentence.index("23")
    end = start + (3 if "500" in sentence else 2)
    segment = reading_text.segment_around(sentence, reading_text.Span(0, len(sentence)), start, end)
    assert segment.end < len(sentence)
