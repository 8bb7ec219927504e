"""Quotes are found through each seed's token index; that must equal a plain scan of the text."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from ukcsa_data.tokens import numeric_tokens
from ukcsa_data.validation.provenance import Seed

_PIECES = st.sampled_from(
    [*"0123456789,.-– \u00a0\n'", "one", "a single", "single", "ten", "often", "people", "£", "per cent", "x"]
)


def _scan(text: str, quote: str) -> list[int]:
    found, at = [], text.find(quote)
    while at != -1:
        found.append(at)
        at = text.find(quote, at + 1)
    return found


def _seed(text: str) -> Seed:
    tokens = numeric_tokens(text)
    return Seed("seeds/x.txt", text, tokens, [t.start for t in tokens])


@given(st.lists(_PIECES, min_size=1, max_size=60).map("".join), st.data())
@example("at 12,345 people and 345.5 people", None)
@example("a single one, a single", None)
def test_indexed_positions_equal_a_scan(text: str, data: st.DataObject | None) -> None:
    """Property: for any quote cut from any text, Seed.positions gives every occurrence a scan gives."""
    seed = _seed(text)
    if data is None:
        quotes = [text[i:j] for i in range(len(text)) for j in range(i + 1, len(text) + 1)]
    else:
        start = data.draw(st.integers(0, len(text) - 1))
        end = data.draw(st.integers(start + 1, len(text)))
        quotes = [text[start:end], text[start:end] + "7", " " + text[start:end]]
    for quote in quotes:
        assert seed.positions(quote) == _scan(text, quote), quote
