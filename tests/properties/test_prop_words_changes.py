"""[words] The reading of changes and of qualifiers beyond the first grammar, on generated sentences:
the direction of a change ("rose by", "a drop of", "a 20 per cent increase"), a level ("fell to"),
and qualifiers such as "N or younger", "under-16s", "more than a N per cent increase", "as many as"
and "safeguarding around N". Each generated wording states one reading; the reading of the words
is that one or unknown, never another (and for the plain forms, exactly that one)."""

from __future__ import annotations

import pytest
from example_counts import runs_its_examples
from hypothesis import given
from hypothesis import strategies as st

from ukcsa_data.reading import read_mention
from ukcsa_data.validation.l8_words import FIGURE_RULES
from ukcsa_data.validation.l8_words.context import Mention

pytestmark = pytest.mark.words

NBSP = "\u00a0"
SUBJECTS = ["Referrals", "Reports to the charity", "Recorded offences", "Arrests", "The number of cases"]
TAILS = ["", " last year", " in 2021", " on the year before", " across the country"]
NUMBERS = st.one_of(st.integers(1, 99).map(str), st.sampled_from(["2.5", "12.5", "three", "twenty"]))
PERCENT = [" per cent", "%", " percent", f"{NBSP}per cent"]
QUALIFIERS = {"": "exact", "almost ": "almost", "more than ": "more_than", "around ": "around"}

#: Change wordings: (words before the number, words after its percent marker) -> direction.
RISES_BEFORE = [
    "rose by",
    "increased by",
    "grew by",
    "has risen by",
    "went up by",
    "were up by",
    "surged",
    "jumped",
]
FALLS_BEFORE = [
    "fell by",
    "dropped by",
    "decreased by",
    "were down by",
    "was cut by",
    "slumped",
    "have fallen by",
]
RISE_NOUNS = ["a rise of", "an increase of", "a sharp rise of", "a jump of"]
FALL_NOUNS = ["a fall of", "a drop of", "a decrease of", "a reduction of", "a steep decline of"]
NOUN_AFTER = {"rise": ["increase", "rise", "year-on-year rise"], "fall": ["fall", "drop", "decrease", "cut"]}
#: Words before a change that deny it: the direction is then unknown.
NEGATIONS = ["have not", "did not see", "never"]


def _percent(draw: st.DrawFn) -> str:
    return draw(st.sampled_from(PERCENT))


@st.composite
def changes(draw: st.DrawFn) -> tuple[str, int, int, str, str | None, bool]:
    """A sentence stating a change of a percentage, its number's span, the change (``change`` or
    ``level``), the direction it states and whether the wording is one of the plain forms."""
    subject, tail = draw(st.sampled_from(SUBJECTS)), draw(st.sampled_from(TAILS))
    number, percent = draw(NUMBERS), _percent(draw)
    form = draw(st.sampled_from(["verb", "noun", "noun after", "level", "negated", "dash"]))
    direction = draw(st.sampled_from(["rise", "fall"]))
    qualifier = draw(st.sampled_from(list(QUALIFIERS)))
    after = ""
    if form == "verb":
        before = f"{subject} {draw(st.sampled_from(RISES_BEFORE if direction == 'rise' else FALLS_BEFORE))} "
    elif form == "noun":
        nouns = RISE_NOUNS if direction == "rise" else FALL_NOUNS
        before = f"There was {draw(st.sampled_from(nouns))} "
    elif form == "noun after":
        before = "There was a " if qualifier == "" else f"There was {qualifier}a "
        qualifier = ""
        after = " " + draw(st.sampled_from(NOUN_AFTER[direction]))
    elif form == "dash":  # "Arrests totalled 900 - up 30 per cent"
        dash = draw(st.sampled_from(["-", "\u2013", "\u2014"]))
        by = draw(st.sampled_from(["", " by"]))
        before = f"{subject} totalled 900 {dash} {'up' if direction == 'rise' else 'down'}{by} "
    elif form == "level":
        verb = draw(st.sampled_from(["rose to", "fell to", "was up from", "was down from", "dropped to"]))
        before = f"{subject} {verb} "
    else:
        negation = draw(st.sampled_from(NEGATIONS))
        before = f"{subject} {negation} {'risen' if direction == 'rise' else 'fallen'} by "
    before += qualifier
    sentence = f"{before}{number}{percent}{after}{tail}."
    if form == "level":
        expected: tuple[str, str | None] = ("level", None)
    elif form == "negated":
        expected = ("change", None)
    else:
        expected = ("change", direction)
    return sentence, len(before), len(before) + len(number), *expected, form != "negated"


@runs_its_examples()
@given(changes(), st.sampled_from(["", "An earlier sentence. ", "Earlier text.\n"]))
def test_a_change_reads_as_generated_or_unknown(
    generated: tuple[str, int, int, str, str | None, bool], prefix: str
) -> None:
    """For a sentence stating a rise or a fall of a percentage (a verb with "by" or before the
    percentage, "up" or "down" after a dash, a noun of change with "of" or after the percentage), the
    reading states a change
    with that direction; for "rose to", "up from" a level and no direction; and where a negation
    comes before the change, no direction. Never the other direction."""
    sentence, start, end, change, direction, plain = generated
    text = prefix + sentence
    reading = read_mention(text, start + len(prefix), end + len(prefix))
    assert reading.change.value in (change, None), sentence
    assert reading.direction.value in (direction, None), sentence
    if plain:
        assert (reading.change.value, reading.direction.value) == (change, direction), sentence


#: Qualifier wordings: (before, after) around the number -> the qualifier they state.
AGE_BOUNDS = {
    "or younger": "up_to",
    "or under": "up_to",
    "and under": "up_to",
    "or over": "at_least",
    "or older": "at_least",
    "and over": "at_least",
}
AGE_LEADS = ["Children aged", "The charity supports young people aged", "Victims aged"]
COUNT_VERBS = ["safeguarding", "safeguarded", "arrested", "identified", "recording", "seized", "involving"]
PREPOSITIONS = {"around": "around", "about": "around", "some": "around", "over": "more_than"}
NOUNS = ["concerns", "questions", "fears", "worries", "a report"]


@st.composite
def qualified(draw: st.DrawFn) -> tuple[str, int, int, str | None]:
    """A sentence with one of the newer qualifier wordings around a number, its span and the
    qualifier it states (None: the words are a preposition, or a comparison)."""
    number = draw(st.one_of(st.integers(2, 17).map(str), st.sampled_from(["twelve", "sixteen"])))
    form = draw(
        st.sampled_from(
            ["age bound", "under-", "age of", "percent increase", "as many as", "verb", "noun", "compared"]
        )
    )
    after, tail = "", draw(st.sampled_from([".", " were seen.", ", police said."]))
    if form == "age bound":
        words = draw(st.sampled_from(list(AGE_BOUNDS)))
        before, after, expected = f"{draw(st.sampled_from(AGE_LEADS))} ", f" {words}", AGE_BOUNDS[words]
    elif form == "under-":
        before, after, expected = "The scheme is aimed at under-", "s", "under"
    elif form == "age of":
        before, expected = "Girls under the age of ", "under"
    elif form == "percent increase":
        phrase = draw(st.sampled_from(["more than", "almost", "nearly", "over"]))
        expected = {"more than": "more_than", "over": "more_than"}.get(phrase, "almost")
        before = f"There was {phrase} a "
        after = _percent(draw) + " " + draw(st.sampled_from(["increase", "rise", "fall", "drop"]))
    elif form == "as many as":
        quote = draw(st.sampled_from(["", "\u2018", "\u201c", "'"]))
        close = {"\u2018": "\u2019", "\u201c": "\u201d"}.get(quote, quote)
        if draw(st.booleans()):
            before, after = f"Police think {quote}as many as{close} ", ""
        else:
            before, after = f"Police think as many as {quote}", close
        expected = "up_to"
    elif form == "verb":
        word = draw(st.sampled_from(list(PREPOSITIONS)))
        # ("arrested over N" may mean "in connection with": see the qualifier's reading.)
        verbs = [v for v in COUNT_VERBS if not (word == "over" and v == "arrested")]
        before, expected = f"Officers were {draw(st.sampled_from(verbs))} {word} ", PREPOSITIONS[word]
        after = " children"
    elif form == "noun":
        word = draw(st.sampled_from(["about", "over", "around"]))
        before, expected, after = (
            f"The watchdog raised {draw(st.sampled_from(NOUNS))} {word} ",
            None,
            " cases",
        )
    else:
        comparison = draw(st.sampled_from(["twice as many as", "300 more than", "half as many as"]))
        before, expected, after = f"There are {comparison} ", None, " cases"
    sentence = before + number + after + tail
    return sentence, len(before), len(before) + len(number), expected


@runs_its_examples()
@given(qualified(), st.sampled_from(["", "An earlier sentence. "]))
def test_a_newer_qualifier_reads_as_generated_or_unknown(
    generated: tuple[str, int, int, str | None], prefix: str
) -> None:
    """For "aged N or younger" (up_to), "N or over" (at_least), "under-Ns" and "under the age of N"
    (under), "more than a N per cent increase" (more_than), "as many as N" with quotation marks
    anywhere (up_to) and a preposition-like word after a verb of a count ("safeguarding around N"),
    the reading is that qualifier; after a noun ("concerns about N") or in a comparison ("twice as
    many as N") it is unknown, never a qualifier."""
    sentence, start, end, expected = generated
    reading = read_mention(prefix + sentence, start + len(prefix), end + len(prefix))
    assert reading.qualifier.value == expected, sentence


#: Openings that state no qualifier: some read the number as exact, some leave it unknown.
PLAIN_LEADS = [
    "Police recorded ",
    "In ",
    "The helpline took ",
    "Figures show the force dealt with ",
    "Last year the charity counted ",
    "The team logged ",
    "Reports rose to ",
    "Staff answered ",
    "Inspectors noted ",
    "The force listed ",
]
PLAIN_NOUNS = [" cases", " offences", " referrals", " calls", " children", ""]
PLAIN_TAILS = [".", " last year.", " in 2021, the report said.", " across the region, officers said."]
QUALIFIER_CODES = ("qualifier-words", "qualifier-unstated")
BOUNDING = ["at_least", "more_than", "up_to", "under", "around", "almost"]


class _Row(dict[str, object]):
    """A figure row as the word rules read it."""

    invalid: frozenset[str | None] = frozenset()
    key = "fig-9999"


@runs_its_examples()
@given(
    st.sampled_from(PLAIN_LEADS),
    st.one_of(st.integers(2, 99_999).map(lambda n: f"{n:,}"), st.sampled_from(["three", "twenty"])),
    st.sampled_from(PLAIN_NOUNS),
    st.sampled_from(PLAIN_TAILS),
    st.sampled_from(BOUNDING),
    st.sampled_from(["", "An earlier sentence. "]),
)
def test_a_bound_no_words_give_fails_on_that_row(
    lead: str, number: str, noun: str, tail: str, qualifier: str, prefix: str
) -> None:
    """For a generated sentence with no qualifier phrase near its number, a row recording a
    bounding qualifier (at_least, more_than, up_to, under, around, almost) gets an error on its
    qualifier: qualifier-words where the words read as exact, qualifier-unstated where the reading
    right next to the number is unknown; the message quotes the number."""
    text = f"{prefix}{lead}{number}{noun}{tail}"
    start = len(prefix) + len(lead)
    mention = Mention(text, start, start + len(number))
    row = _Row(qualifier=qualifier)
    rules = [rule for rule in FIGURE_RULES.rules if set(rule.codes) & set(QUALIFIER_CODES)]
    found = [finding for rule in rules for finding in rule.check(row, mention)]  # type: ignore[arg-type]
    assert [f.code for f in found] in ([code] for code in QUALIFIER_CODES), text
    assert found[0].field == "qualifier"
    assert found[0].severity == "error" and number in found[0].text, (text, found[0].text)
