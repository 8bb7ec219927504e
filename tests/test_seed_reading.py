"""The readings of an article read once (``read_seed``) are the per-figure readings
(``read_mention``): ``read_seed(text, spans, published=date) == [read_mention(text, start, end,
published=date) for start, end in spans]`` for every numeric token of the shipped seeds, of
generated benchmark articles, of sentences that need each trigger word of a gated reader, of area
names at a sentence's edges, and (under hypothesis) of articles made of the property tests'
sentences with hostile pieces between and inside them. And the checks that spare a reader's
search where it cannot match never spare a match (each against the search itself)."""

from __future__ import annotations

import csv
import re
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ukcsa_data.reading import change, qualifier, read_mention
from ukcsa_data.reading.change_words import FALL_NOUNS, FALL_VERBS, RISE_NOUNS, RISE_VERBS
from ukcsa_data.reading.qualifier import BEFORE
from ukcsa_data.reading.seed import STRETCH_GAP, read_seed, stretches
from ukcsa_data.reading.stated import Stated
from ukcsa_data.reading.text import QUOTE_MARKS, WINDOW, fold, last_word, sentence_around, words_end
from ukcsa_data.text.tokens import numeric_tokens

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "properties"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from example_counts import runs_its_examples  # noqa: E402
from synthetic.articles import build_article  # noqa: E402
from test_prop_areas import sentences as area_sentences  # noqa: E402
from test_prop_words import sentences as word_sentences  # noqa: E402
from test_prop_words_periods import from_to_sentences, relative_sentences  # noqa: E402

pytestmark = pytest.mark.words

#: The search that ``last_word`` replaces in the qualifier's reading.
_LAST_WORD = re.compile(r"(?<![a-z])([a-z]+)$", re.IGNORECASE)


def _agree(text: str, spans: list[tuple[int, int]], published: date | None) -> None:
    """``read_seed`` gives each span the reading ``read_mention`` gives it."""
    seeded = read_seed(text, spans, published=published)
    assert len(seeded) == len(spans)
    for (start, end), reading in zip(spans, seeded, strict=True):
        assert reading == read_mention(text, start, end, published=published), (start, text[start:end])


def _tokens(text: str) -> list[tuple[int, int]]:
    return [(token.start, token.end) for token in numeric_tokens(text)]


def test_fold_keeps_offsets_and_every_letter_a_pattern_reads_as_ascii() -> None:
    """``fold`` keeps the length of any text, and writes every character that a case-insensitive
    pattern matches to an ASCII letter (or that ``str.lower`` makes one) as that lowercase letter."""
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    assert re.findall(r"\s", every) == [char for char in every if char.isspace()]  # what rstrip() strips
    folded = fold(every)
    assert len(folded) == len(every)
    letters = re.compile("[a-z]", re.IGNORECASE)
    for char, written in zip(every, folded, strict=True):
        lower = char.lower()
        if letters.fullmatch(char) or (len(lower) == 1 and lower.isascii() and lower.isalpha()):
            assert re.fullmatch(written, char, re.IGNORECASE), (char, written)
            assert written.isascii() and written.islower(), (char, written)


def _published() -> dict[str, date]:
    """Each shipped seed file's publication date (sources.csv)."""
    with (ROOT / "dataset" / "sources.csv").open(encoding="utf-8") as handle:
        return {
            row["seed_file"]: date.fromisoformat(row["published_date"])
            for row in csv.DictReader(handle)
            if row.get("seed_file") and row.get("published_date")
        }


@pytest.mark.parametrize("seed", sorted((ROOT / "seeds").glob("*.txt")), ids=lambda path: path.name)
def test_shipped_seeds_every_numeric_token(seed: Path) -> None:
    """Every numeric token of every shipped seed, read without a publication date and with its
    source's, is read alike both ways."""
    text = seed.read_text(encoding="utf-8")
    published = _published().get(f"seeds/{seed.name}")
    for date_read in {None, published, date(2020, 5, 17)}:
        _agree(text, _tokens(text), date_read)


@pytest.mark.parametrize("index", range(6))
def test_generated_benchmark_articles(index: int) -> None:
    """Every numeric token of generated benchmark articles (benchmarks/synthetic/, as generate.py
    writes them), read with the article's publication date, is read alike both ways."""
    article = build_article(1, index, 150, 0, 0)
    text = article.seed_bytes.decode("utf-8")
    _agree(text, _tokens(text), date.fromisoformat(article.source_row["published_date"]))


#: Words that break a sentence into segments, as written (a dotless i, a long s or a dotted
#: capital I among them too).
_BREAKS = [
    *("; ", " - ", " \u2013 ", " \u2014 ", ", up from", " DOWN FROM", " compared with", " Compared To"),
    *(
        ", higher than in 2017 and",
        " against",
        " agaInst",
        " aga\u0131nst",
        " aga\u0130nst",
        ", \u017fo up from",
    ),
]


def _triggered() -> list[str]:
    """Sentences that each hold one trigger word of a gated reader (a word of time, a period, a
    verb or noun of change, the last word of a qualifier phrase), in capitals or with a letter
    that a case-insensitive pattern reads as an ASCII one, which the reader reads."""
    rates = ["day", "daily", "week", "weekly", "month", "year", "hour", "fortnight", "quarter"]
    rates += ["annum", "annual", "annually", "nightly", "weekend"]
    periods = ["last year", "in the past year", "in the year to March", "in the year\u00a0ending June"]
    periods += ["in 2019", "in 2019/20", "LAST MONTH", "in the year from March 2020 to February"]
    changes = [f"{verb} by" for verb in (*RISE_VERBS, *FALL_VERBS)] + ["were up from", "is down by"]
    changes += [f"{verb} to" for verb in (*RISE_VERBS, *FALL_VERBS)] + ["were up from the", "went down to"]
    changes += [f"{verb} \u2018" for verb in (*RISE_VERBS, *FALL_VERBS)] + [", up", ", down", "- up"]
    changes += [f"a {noun} of" for noun in (*RISE_NOUNS, *FALL_NOUNS)]
    qualifiers = [phrase for phrases in BEFORE.values() for phrase in phrases]
    return [
        *(f"Police made 500 arrests {word}." for word in rates),
        *(f"Police made 500 arrests per {word.upper()}." for word in rates),
        *(f"Police recorded 500 offences {words}." for words in periods),
        *(f"Offences {words} 500." for words in changes),
        *(f"Offences {words.upper()} 500." for words in changes),
        *(f"Offences {words} 50 per cent." for words in changes),
        *(f"There were {words} 500 cases." for words in qualifiers),
        *(f"There were \u2018{words.upper()}\u2019 500 cases." for words in qualifiers),
        *(f"Police recorded 500 offences in 2019{words} 300 in 2018." for words in _BREAKS),
        "Police recorded 500 offences la\u017ft year.",
        "Offences \u0130NCREASED by 40.",
        "There were in exce\u017f\u017f of 200 cases.",
    ]


@pytest.mark.parametrize("text", _triggered())
def test_each_trigger_word(text: str) -> None:
    """Where a reader's trigger word is what lets it read the figure, with and without a
    publication date, each number is read as on its own."""
    for published in (None, date(2020, 5, 17)):
        _agree(text, _tokens(text), published)


def _pad(length: int) -> str:
    """Words with no full stop and no area, ``length`` characters, ending in a space."""
    return "a " * (length // 2) + " " * (length % 2)


#: Texts where one search of the whole text for area names finds other names than a search of a
#: number's sentence: a name across a line break that ends the sentence, and names across the
#: ends of the window a reading keeps around a number in a sentence with no full stop.
_AREA_EDGES = {
    "a name across a line break": "Police recorded 500 cases in England and\nWales recorded 300.",
    "a name across the window's start": _pad(20) + "England and Wales" + _pad(WINDOW - 37) + "500 cases",
    "a name cut at the window's end": "500 " + _pad(WINDOW - 5) + "Kentish and Kent were named.",
    "a name ending at the window's end": "500 " + _pad(WINDOW - 5) + "Kent. And more.",
}


@pytest.mark.parametrize("text", _AREA_EDGES.values(), ids=list(_AREA_EDGES))
def test_area_names_at_a_sentence_edge(text: str) -> None:
    """Where an area name of the whole text crosses a sentence's start or end, or a sentence is
    cut inside a word at the reading's window, each number is read as on its own."""
    _agree(text, _tokens(text), None)


#: Pieces put between sentences: letters a case-insensitive pattern reads as ASCII ones, words
#: that start a reading (of change, rate, period, area, qualifier), breaks, quotation marks.
_PIECES = [
    "\u0130", "\u0131", "\u017f", "\u212a", "UP ", "up", "Rose by ", "a fall of ", "fell to ", "at least ",
    "over ", "ABOUT ", "Last year ", "the past year", "year to March 2021", "2019/20", "in 2018 ", "1999",
    "each week ", "a day", "DAILY", "annually", "during the week ", " - ", " \u2013 ", "; ", "\n", ". ",
    "! ", "\u2019", "\u201c", "\u201d", "'", "(", ")", ",", " ", " ", "worldwide ", "Kent", "Kent.",
    "England and\nWales", "England and Wales ", "the North West", "Thames Valley Police recorded ",
    "U.K.", "uk", "compared with ", "up from ", "than ", "against 400", "per cent", "%", "\u00a3",
    "million ", "500", "1,250", "twenty", "aged 12", "under-16s", "images", "offences", "\u00a0",
]  # fmt: skip


def _sentence() -> st.SearchStrategy[str]:
    return st.one_of(
        word_sentences().map(lambda drawn: drawn[0]),
        area_sentences().map(lambda drawn: drawn[0]),
        relative_sentences().map(lambda drawn: drawn[0]),
        from_to_sentences().map(lambda drawn: drawn[0]),
    )


@st.composite
def articles(draw: st.DrawFn) -> tuple[str, date | None]:
    """An article: sentences of the reading's property tests with pieces between and inside them,
    sometimes a run of words with no full stop longer than a reading's window, and a publication
    date or none."""
    parts: list[str] = []
    for _ in range(draw(st.integers(1, 6))):
        sentence = draw(_sentence())
        if draw(st.booleans()):
            cut = draw(st.integers(0, len(sentence)))
            sentence = sentence[:cut] + draw(st.sampled_from(_PIECES)) + sentence[cut:]
        parts.append(sentence)
        parts.append("".join(draw(st.lists(st.sampled_from(_PIECES), max_size=4))) or " ")
    if draw(st.integers(0, 4)) == 0:
        at = draw(st.integers(0, len(parts)))
        parts.insert(at, " the figures rose" * draw(st.integers(WINDOW // 17, WINDOW // 8)))
    if draw(st.integers(0, 4)) == 0:  # figures further apart than one stretch searched for triggers
        at = draw(st.integers(0, len(parts)))
        parts.insert(at, ". Each year - last year -" * (STRETCH_GAP // 25 + 1))
    published = draw(st.none() | st.dates(date(1990, 1, 1), date(2030, 12, 31)))
    return "".join(parts), published


@runs_its_examples()
@given(articles())
def test_seed_reading_is_the_reading_of_each_figure(article: tuple[str, date | None]) -> None:
    """For any article made of the property tests' sentences (with hostile pieces between and
    inside them, and sentences longer than a reading's window) and any publication date or none,
    ``read_seed(text, spans, published=date)`` equals ``[read_mention(text, start, end,
    published=date) for start, end in spans]`` for the spans of every numeric token."""
    text, published = article
    _agree(text, _tokens(text), published)


@runs_its_examples()
@given(articles(), st.data())
def test_seed_reading_of_some_figures_is_the_reading_of_each(
    article: tuple[str, date | None], data: st.DataObject
) -> None:
    """For any article and any of its numeric tokens (so that the stretches of text searched for
    trigger words, around the figures read, leave out parts of it), ``read_seed`` gives each the
    reading ``read_mention`` gives it."""
    text, published = article
    tokens = _tokens(text)
    chosen = data.draw(st.sets(st.sampled_from(tokens), max_size=4)) if tokens else set()
    _agree(text, sorted(chosen), published)


def test_figures_far_apart_are_read_in_their_own_stretches() -> None:
    """Two figures with more than ``STRETCH_GAP`` characters of words between them are read in
    two stretches of the text, each with its period and rate words, as on their own."""
    gap = "Officials met each year - and talked. " * (STRETCH_GAP // 38 + 1)
    text = f"Police made 500 arrests in 2019. {gap}Last year 40 children a week were referred."
    spans = [token for token in _tokens(text) if text[token[0] : token[1]] in ("500", "40")]
    sentences = [sentence_around(text, start, end) for start, end in spans]
    assert len(stretches(sentences)) == 2
    _agree(text, spans, date(2021, 3, 1))
    first, second = read_seed(text, spans, published=date(2021, 3, 1))
    assert first.period.value is not None and second.period.value is not None
    assert second.rate.value == "week"


#: Words and characters that the qualifier's searches of the words before a number turn on.
_BEFORE_WORDS = st.lists(
    st.sampled_from(
        [
            *("over the age of", "AGE OF", "of", "OF", "rose to", "Rose To", "to", "\n", " ", "\t", "\u0130"),
            *("\u0131", "\u017f", "\u212a", "a", "Z", "1", ".", ",", "\u2019", "the", "were", "by"),
            *("at lea\u017ft", "AT LEAST", "in exce\u017f\u017f of", "up to", "some", "\u2018about\u2019"),
            *("fell", "fell by", "a rise of", "up from the", "were UP", "- down", "surged"),
            *("\u0130ncrea\u017fed to", "\u00a0", "\u2018"),
        ]
    ),
    max_size=12,
).map("".join)  # fmt: skip


@given(_BEFORE_WORDS)
def test_the_qualifiers_last_word_is_its_search(words: str) -> None:
    """For any words, ``last_word`` gives the letters ``_LAST_WORD`` finds at their end (None where
    it finds none), and ``_exact_after`` what its three searches give without the checks of the
    words' ending that spare them."""
    found = _LAST_WORD.search(words)
    assert last_word(words) == (found[1] if found else None)
    stripped = words.rstrip(f" \t\n{QUOTE_MARKS}")
    last = _LAST_WORD.search(stripped)
    if qualifier._AGE_BOUND.search(stripped):
        expected = qualifier.UNKNOWN
    elif last is not None and (last[1].lower() in qualifier.NEUTRAL or qualifier._TO_RE.search(stripped)):
        expected = Stated("exact", 10, 12)
    else:
        expected = qualifier.UNKNOWN
    assert qualifier._exact_after(stripped, 10, 12) == expected


@given(_BEFORE_WORDS)
def test_the_checks_that_spare_a_search_never_spare_a_match(words: str) -> None:
    """For any words, where the qualifier's search for a phrase before a number matches, the
    check of their last word that spares it says a phrase may end them; and where a pattern of
    change or level matches before a number, the words end with a word that pattern ends with."""
    if qualifier._BEFORE_RE.search(words):
        assert qualifier._phrase_may_end(words)
    for pattern, last in change._LAST_WORDS.items():
        if pattern.search(words):
            assert words_end(words, 0, len(words)) in last
