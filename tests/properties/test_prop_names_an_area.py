"""[words] A reading says the sentence names an area exactly where a search of the sentence for its
first area mention finds one (the reading keeps what its own search of the areas found)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ukcsa_data.reading import read_mention
from ukcsa_data.reading.geography import mentions

pytestmark = pytest.mark.words

#: Area names as the press writes them, in names and lists, words like them that are not areas,
#: and a number for the figure.
_PIECES = st.sampled_from(
    [
        "Merseyside", "merseyside", "Greater Manchester Police", "the North West", "across the UK",
        "West Midlands", "England and Wales", "Wales", "Kent", "worldwide", "Kent Road", "University of Kent",
        "from Cheshire", "arrested by Thames Valley Police", "and", ", ", " ", ". ", "police recorded",
        "in", "the", "UK", "uk", "Northern", "Ireland", "cases", "500",
    ]
)  # fmt: skip


@given(st.lists(_PIECES, min_size=1, max_size=25), st.data())
def test_names_an_area_is_the_first_mention_search(pieces: list[str], data: st.DataObject) -> None:
    """For every text and every number in it, ``Reading.names_an_area`` equals whether
    ``mentions`` finds any area in the reading's sentence (searching for the first one only)."""
    text = " ".join([*pieces, "500"])
    start = data.draw(st.sampled_from([i for i in range(len(text)) if text.startswith("500", i)]))
    reading = read_mention(text, start, start + 3)
    assert reading.names_an_area == bool(mentions(text, reading.sentence, limit=1))
