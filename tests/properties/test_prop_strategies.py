"""The strategies themselves: filler words hold no number, identifiers follow the schema patterns,
and a property that throws its examples away is caught."""

from __future__ import annotations

import re

import pytest
from cells import accepted_text, accepted_texts, free_text, indices, pattern_values
from example_counts import runs_its_examples, thorough_at_most
from hypothesis import HealthCheck, assume, find, given, settings
from hypothesis import strategies as st
from package_model import SCHEMAS
from sentence_parts import EXCLUSION_SENTENCES, FILLERS, LEADS, PER_WORDS, QUALIFIER_WORDS, TAILS, UNIT_NOUNS

from ukcsa_data.text.tokens import numeric_tokens
from ukcsa_data.validation.l7_spreadsheet.missing_text import READ_AS_MISSING

pytestmark = pytest.mark.schema


def test_filler_words_hold_no_numeric_token() -> None:
    """Sentences are built around one number from these words; none may add a numeric token."""
    words = [*LEADS, *FILLERS, *TAILS, *UNIT_NOUNS.values()]
    words += [w for ws in (*QUALIFIER_WORDS.values(), *PER_WORDS.values()) for w in ws]
    words += [part for before, _, after in EXCLUSION_SENTENCES.values() for part in (before, after)]
    for text in words:
        assert numeric_tokens(text) == [], text
        assert numeric_tokens(f"x {text} x") == [], text


PATTERNED = [
    (resource, field["name"])
    for resource, schema in SCHEMAS.items()
    for field in schema["fields"]
    if "pattern" in field.get("constraints", {})
    and field.get("type", "string") == "string"
    and field["name"] != "url"
]


@pytest.mark.parametrize(("resource", "name"), PATTERNED)
@runs_its_examples()
@settings(max_examples=20)
@given(data=st.data())
def test_identifiers_match_the_schema_pattern(resource: str, name: str, data: st.DataObject) -> None:
    """Identifiers are drawn for the pattern the schema gives (ASCII only: no non-ASCII digit)."""
    field = next(f for f in SCHEMAS[resource]["fields"] if f["name"] == name)
    value = data.draw(pattern_values(resource, name))
    assert re.fullmatch(field["constraints"]["pattern"], value)
    assert value.isascii()


def test_a_property_that_rejects_its_examples_is_caught() -> None:
    """``runs_its_examples`` fails a property whose strategy throws most examples away, even
    though hypothesis itself would report it as passing."""

    calls: list[int] = []

    @runs_its_examples()
    @settings(max_examples=20, database=None, suppress_health_check=list(HealthCheck))
    @given(st.integers(0, 10**6))
    def rejects_most(n: int) -> None:
        calls.append(n)
        assume(len(calls) <= 3)  # like pandera's strategy() filtering on a custom check

    @runs_its_examples()
    @settings(max_examples=20, database=None)
    @given(st.integers(0, 1000))
    def runs_all(n: int) -> None:
        assert n >= 0

    runs_all()
    with pytest.raises(AssertionError, match="ran only"):
        rejects_most()


def test_an_empty_range_of_indices_is_refused_with_the_reason() -> None:
    """``indices`` gives every index from ``first``, and refuses an empty range when it is built
    (a header-only table has no row 1), not when hypothesis draws from it."""
    assert find(indices([7, 8], first=1), lambda _: True) == 1
    for items, first in (([], 0), (["header"], 1)):
        with pytest.raises(ValueError, match="guard the draw"):
            indices(items, first)


def test_the_accepted_text_follows_the_rules() -> None:
    """Every word a reader takes for missing, a formula start and an invisible character (a
    Hangul filler, a zero-width space) are refused; plain words are accepted."""
    for text in (*READ_AS_MISSING, "=1", "-x", "@a", "\u115fword", "a\u200bb", "\ufeffx"):
        assert not accepted_text(text), text
    for text in ("word", "Nan Shepherd", "x NA", "é"):
        assert accepted_text(text), text


@given(st.data())
def test_generated_text_is_accepted_by_the_rules(data: st.DataObject) -> None:
    """Property: the text cells of generated packages and the words drawn for one-rule breaks
    pass the rules they do not test (one alphabet, derived from the rules)."""
    cell = data.draw(free_text("figures", "notes", max_size=40))
    assert cell is None or accepted_text(cell), cell
    word = data.draw(accepted_texts("NAnaulo/# ", min_size=1, max_size=5))
    assert accepted_text(word) and word == word.strip(), word


def test_thorough_at_most_never_raises_the_count() -> None:
    """A cap lowers the thorough profile's count only; the ci profile's 25 stay 25."""
    active = settings().max_examples
    assert thorough_at_most(10**6).max_examples == active
    assert thorough_at_most(3).max_examples == min(3, active)
