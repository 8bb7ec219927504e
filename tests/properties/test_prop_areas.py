"""[words] Areas and count nouns read from generated sentences of several clauses: for every
number, the geography read is the area its own clause names or unknown (or, where its clause
names none, the one area the whole sentence names), never another area; and the unit read from
the noun after the number (after up to four modifiers of the closed list) is the noun's unit or
unknown, never another unit, and unknown where any other word stands between."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ukcsa_data.reading import read_mention
from ukcsa_data.reading.units import MODIFIERS
from ukcsa_data.reading.vocabulary import bundled_vocabulary

pytestmark = pytest.mark.words

VOCABULARY = bundled_vocabulary()
_SMALL = {"and", "of", "the", "upon", "on", "in", "&"}


def _as_name(phrase: str) -> str:
    """A lowercase phrase of the code list written as a name ("yorkshire and the humber" ->
    "Yorkshire and the Humber", "u.k." -> "U.K.")."""
    if phrase in ("uk", "u.k.", "psni"):
        return phrase.upper()
    return " ".join(
        w if w in _SMALL else "-".join(p[:1].upper() + p[1:] for p in w.split("-")) for w in phrase.split()
    )


#: Phrases naming places (not forces), written as names, with the areas they can mean.
PLACES = sorted(
    (_as_name(p), areas)
    for p, areas in VOCABULARY.area_phrases.items()
    # "U.K." is left out: its full stop before a space ends a sentence for the sentence splitter.
    if p not in VOCABULARY.force_phrases and not p.startswith(("across ", "the ")) and p != "u.k."
)
#: Phrases naming a police force, with its area.
FORCES = sorted(
    (_as_name(p), areas) for p, areas in VOCABULARY.area_phrases.items() if p in VOCABULARY.force_phrases
)
#: Count nouns (plural, as written after a number) and their unit.
NOUNS = sorted(
    (noun, unit)
    for noun, unit in VOCABULARY.noun_units.items()
    if VOCABULARY.unit_kinds[unit] == "count" and noun.endswith("s") and " " not in noun
)
#: Words after a number whose first word is a modifier: the unit read must not be the modifier's.
MODIFIED = [
    ("child abuse images", "images"),
    ("child sex offenders", "offenders"),
    ("people-trafficking cases", "cases"),
    ("people smugglers", None),
    ("children's homes", None),
    ("victims' families", None),
]
#: Words that end a noun phrase: no noun is read across them.
BREAKS = ["of the", "were", ",", "in", "against", "protection"]


@dataclass(frozen=True)
class Clause:
    """A clause holding one number: its words, the number's offset in them, the areas the clause
    attaches to the number (None: it names none), and the unit of the noun after the number."""

    words: str
    at: int
    number: str
    areas: frozenset[str] | None
    unit: str | None
    names: frozenset[str]


@st.composite
def noun_phrases(draw: st.DrawFn) -> tuple[str, str | None]:
    """Words after a number: up to four modifiers of the closed list, maybe a word that is not one,
    then a noun; the unit is the noun's, or None where a word that is not a modifier stands between."""
    noun, unit = draw(st.sampled_from(NOUNS + MODIFIED))
    words = draw(st.lists(st.sampled_from(MODIFIERS), max_size=4))
    if draw(st.booleans()):
        words.insert(draw(st.integers(0, len(words))), draw(st.sampled_from(BREAKS)))
        unit = None
    return " ".join([*words, noun]).replace(" ,", ","), unit


@st.composite
def clauses(draw: st.DrawFn, number: str) -> Clause:
    noun, unit = draw(noun_phrases())
    form = draw(st.integers(0, 6))
    place, areas = draw(st.sampled_from(PLACES))
    force, force_areas = draw(st.sampled_from(FORCES))
    if form == 0:
        words, attached, names = f"police in {place} recorded {number} {noun}", areas, areas
    elif form == 1:
        words, attached, names = f"{number} {noun} were recorded in {place}", areas, areas
    elif form == 2:
        words, attached, names = f"{force} recorded {number} {noun}", force_areas, force_areas
    elif form == 3:
        words, attached, names = f"{force} said {number} {noun} were recorded", None, force_areas
    elif form == 4:
        other, other_areas = draw(st.sampled_from(PLACES))
        words = f"police in {place} and {other} recorded {number} {noun}"
        attached, names = areas if areas == other_areas else frozenset(), areas | other_areas
    elif form == 5:
        words, attached, names = f"in {place}, {number} {noun} were recorded", areas, areas
    else:
        words, attached, names = f"{number} {noun} were recorded", None, frozenset()
    return Clause(words, words.index(number), number, attached, unit, names)


JOINERS = [" and ", ", and ", "; ", ", while ", ", but "]


@st.composite
def sentences(draw: st.DrawFn) -> tuple[str, list[tuple[int, Clause]]]:
    count = draw(st.integers(1, 3))
    numbers = draw(st.lists(st.integers(3, 999), min_size=count, max_size=count, unique=True))
    parts: list[tuple[int, Clause]] = []
    text = ""
    for index, value in enumerate(numbers):
        clause = draw(clauses(f"{value * 7:,}"))
        if index:
            text += draw(st.sampled_from(JOINERS))
        parts.append((len(text), clause))
        text += clause.words
    text = text[0].upper() + text[1:] + "."
    return text, parts


@given(sentences())
def test_area_and_unit_read_right_or_unknown(generated: tuple[str, list[tuple[int, Clause]]]) -> None:
    text, parts = generated
    named = [clause.names for _, clause in parts if clause.names]
    only = set().union(*named) if named else set()
    for offset, clause in parts:
        start = offset + clause.at
        end = start + len(clause.number)
        assert text[start:end] == clause.number
        reading = read_mention(text, start, end)
        area = reading.geography.value
        if clause.areas is not None:
            assert area is None or area in clause.areas, (text, clause.number, area)
        else:
            assert area is None or (len(only) == 1 and area in only), (text, clause.number, area)
        noun = reading.unit_noun.value
        assert noun is None or noun == clause.unit, (text, clause.number, noun)


def test_the_generated_phrases_are_read_as_names() -> None:
    """Each phrase the property writes is matched as the area it names (so the property tests
    readings, not misses)."""
    for phrase, areas in PLACES + FORCES:
        text = f"It happened in {phrase}, said officers."
        found = [m for m in VOCABULARY.area_matcher.finditer(text) if re.search(r"\w", m.group())]
        assert any(VOCABULARY.areas_named(m.group()) == areas for m in found), phrase
