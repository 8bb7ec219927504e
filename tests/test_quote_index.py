"""Quotes are found through each seed's token index; that must equal a plain scan of the text."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from ukcsa_data.text.tokens import numeric_spans
from ukcsa_data.validation.l5_provenance.seed import LOOSE, Seed, first_loose_match
from ukcsa_data.validation.l5_provenance.seed_tokens import SeedTokens

_PIECES = st.sampled_from(
    [
        *"0123456789,.-– \u00a0\u2009\u202f\u200b\u00bd\u216b\n'",
        "000",
        "one",
        "a single",
        "single",
        "ten",
        "often",
        "people",
        "£",
        "per cent",
        "x",
    ]
)


def _scan(text: str, quote: str) -> list[int]:
    found, at = [], text.find(quote)
    while at != -1:
        found.append(at)
        at = text.find(quote, at + 1)
    return found


def _seed(text: str) -> Seed:
    """A seed that finds quotes through its index, however short (a short seed is scanned)."""
    tokens = SeedTokens(text, numeric_spans(text))
    return Seed("seeds/x.txt", text, tokens, scan_chars=0, scans_before_index=0)


@given(st.lists(_PIECES, min_size=1, max_size=60).map("".join), st.data())
@example("at 12,345 people and 345.5 people", None)
@example("a single one, a single", None)
@example("at 80\u00a0000 people, 1\u2009000\u2009000 and 2\u00bd 000 people", None)
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
        assert list(seed.positions(quote)) == _scan(text, quote), quote


_LOOSE_PIECES = st.sampled_from(
    [*"07 \u00a0\u202f\t\n'\u2018\u2019\"\u201c\u201d-\u2013\u2014", "one", "often", "people", "peoples", "x"]
)


@given(st.lists(_LOOSE_PIECES, min_size=1, max_size=40).map("".join), st.data())
@example("one \u2018often\u2019 people", None)
def test_loose_match_through_the_index_equals_a_loose_scan(text: str, data: st.DataObject | None) -> None:
    """Property: where a quote first matches once spaces, quotation marks and dashes are
    normalised is the same through the seed's word index as by normalising the whole text."""
    seed = _seed(text)
    loose_text = text.translate(LOOSE)
    if data is None:
        quotes = [text[i:j] for i in range(len(text)) for j in range(i + 1, len(text) + 1)]
    else:
        start = data.draw(st.integers(0, len(text) - 1))
        end = data.draw(st.integers(start + 1, len(text)))
        quote = data.draw(st.lists(_LOOSE_PIECES, max_size=3).map("".join))
        quotes = [text[start:end], quote, text[start:end] + quote]
    for quote in quotes:
        assert first_loose_match(seed, quote) == loose_text.find(quote.translate(LOOSE)), quote


def _spent(text: str, quotes: list[str]) -> int:
    """The comparisons a seed of ``text`` with the default settings spends locating ``quotes``."""
    seed = Seed("seeds/x.txt", text, SeedTokens(text, numeric_spans(text)))
    left = seed.budget.left
    for quote in quotes:
        assert list(seed.positions(quote)) == _scan(text, quote), quote
    return left - seed.budget.left


def test_a_quote_with_a_rare_number_costs_the_same_in_a_short_seed_of_any_length() -> None:
    """A short seed (scanned whole before issue 20) finds a quote through its number's tokens, so
    the comparisons per quote do not grow with the seed's length: a valid package of a million
    figures needs no ``quote_comparisons`` raised."""
    costs = []
    for sentences in (50, 500):
        text = " ".join(f"In week {n} there were {50_000 + n} cases." for n in range(sentences))
        quotes = [f"there were {50_000 + n} cases" for n in range(sentences)]
        costs.append(_spent(text, quotes) / sentences)
    assert len(text) < Seed.scan_chars  # both seeds are short ones
    assert costs == [1.0, 1.0]


def test_a_loose_match_is_found_where_a_space_of_the_quote_groups_a_number_in_the_seed() -> None:
    """A quote typed with a plain space where the seed groups a number with a no-break space
    ("832 000" against one token "832\\u00a0000") matches loosely, in a short seed and through the
    index of a long one: the number of the quote is not the seed's token, so it is no anchor."""
    text = "They found 832\u00a0000 files. " + "Other words here. " * 5_000
    quote = "found 832 000 files"
    for seed in (Seed("seeds/x.txt", text, SeedTokens(text, numeric_spans(text))), _seed(text)):
        assert first_loose_match(seed, quote) == text.index("found")
        assert list(seed.positions(quote)) == []


def test_scans_that_find_a_quote_thousands_of_times_count_towards_indexing_the_seed() -> None:
    """A scan of a long seed costs one search per occurrence it finds: quotes of common words
    that recur tens of thousands of times use up the scans a seed has before its words are
    indexed after a few quotes (not 256), and are still found at every place."""
    text = "alpha beta 7 gamma. " * 60_000
    seed = Seed("seeds/x.txt", text, SeedTokens(text, numeric_spans(text)))
    assert len(text) > seed.scan_chars
    quotes = [text[start : start + 25] for start in range(6)]
    for quote in quotes[:5]:
        assert list(seed.positions(quote)) == _scan(text, quote)
    assert seed.scans_before_index <= 0  # the next quote goes through the index
    assert list(seed.positions(quotes[5])) == _scan(text, quotes[5])
