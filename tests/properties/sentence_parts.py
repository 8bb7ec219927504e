"""The parts of a generated figure's or exclusion's sentence: the words before and after the
number, and where its quote is cut. None holds a numeric token (checked by
``test_filler_words_hold_no_numeric_token``), so that every token of every seed is covered by
exactly one row.

The qualifier and rate words and the filler lines are the synthetic-package builder's
(``benchmarks/synthetic/vocabulary.py``), with a few more that only the properties draw.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from hypothesis import strategies as st
from package_model import Sentence
from synthetic import vocabulary

LEADS = (
    "The agency said ",
    "Police recorded ",
    "Officials estimated that there were ",
    "According to the report, ",
    "Campaigners warned of ",
    "The charity’s figures show ",
    "Ministers said that ",
    "The National Crime Agency believes ",
    "Data from the NSPCC showed ",
    "It is thought that ",
    "Last year\u00a0officers found ",
)
#: Qualifier words only the properties draw, besides the builder's.
MORE_QUALIFIER_WORDS: dict[str, tuple[str, ...]] = {
    "at_least": ("a minimum of ",),
    "around": ("an estimated ",),
    "range": ("", "between what officers called "),
}
#: The words before a figure that say its qualifier (the first of each is the plainest).
QUALIFIER_WORDS: dict[str, tuple[str, ...]] = {
    qualifier: (*vocabulary.QUALIFIER_WORDS.get(qualifier, ()), *MORE_QUALIFIER_WORDS.get(qualifier, ()))
    for qualifier in {**vocabulary.QUALIFIER_WORDS, **MORE_QUALIFIER_WORDS}
}
UNIT_NOUNS: dict[str, str] = {
    "percent": " of referrals",
    "GBP": " in funding",
    "age_years": " years old",
    "USD": " in funding",
    "EUR": " in funding",
    "percentage_points": " points",
    "one_in": " as a ratio",
}
#: How a sentence names a geography ("in the UK").
AREA_WORDS = {"UK": "the UK"}


def in_area(geography: str | None) -> str:
    """The words naming ``geography`` in a sentence (" in the UK"), or none."""
    return f" in {AREA_WORDS.get(geography, geography)}" if geography else ""


#: The words after a figure that say its rate (" a day"): the builder's, and " per year".
PER_WORDS: dict[str, tuple[str, ...]] = {
    per: (*(text for text, of in vocabulary.PERS if of == per), *((" per year",) if per == "year" else ()))
    for per in dict.fromkeys(of for _, of in vocabulary.PERS)
}
TAILS = (
    ".",
    ", the report said.",
    " in the latest figures.",
    " — a record.",
    ", according to “official” data.",
    ', officers said: "a shocking scale".',
    ", the\u00a0agency said.",
)
#: Lines with no number between the figures' sentences: the builder's and a few more.
FILLERS = (
    *vocabulary.FILLER,
    "The report was published by the Home Office.",
    "Officers said the work would continue.",
    "“We are determined to protect children,” a spokesperson said.",
    "The agency’s director called it a priority.",
    "Read more: online safety — what parents should know.",
    "Campaigners welcomed the announcement.",
    'The figures were described as "shocking".',
)
#: Sentences for exclusions, by reason: (text before, a strategy for the excluded text, text after).
EXCLUSION_SENTENCES: dict[str, tuple[str, Callable[[date], st.SearchStrategy[str]], str]] = {
    "date": (
        "The report was published on ",
        lambda published: st.dates(date(1990, 1, 1), published).map(lambda d: f"{d.day} {d:%B %Y}"),
        ".",
    ),
    "period": (
        "The data cover ",
        lambda published: st.one_of(
            st.integers(1990, published.year).map(lambda y: f"{y}/{(y + 1) % 100:02d}"),
            st.sampled_from(["the last five years", "the past twelve months", "the previous 12 months"]),
        ),
        ".",
    ),
    "name": ("Officers cited the ", lambda published: st.sampled_from(["Covid 19", "Covid-19"]), " rules."),
    "boilerplate": (
        "Read more: ",
        lambda published: st.integers(2, 99).map(str),
        " tips for staying safe online",
    ),
    "not_a_quantity": ("“", lambda published: st.just("One"), " officer I met said so.”"),
}


def exclusion_parts(reason: str) -> tuple[str, Callable[[date], st.SearchStrategy[str]], str]:
    """The sentence for an exclusion; a reason added to the schema gets a generic one."""
    return EXCLUSION_SENTENCES.get(
        reason, ("Reference ", lambda published: st.integers(1, 999).map(str), " applies here.")
    )


def unit_noun(unit: str) -> str:
    return UNIT_NOUNS.get(unit, " " + unit.replace("_", " "))


@st.composite
def sentences(
    draw: st.DrawFn,
    span: str,
    qualifier: str,
    unit: str,
    per: str | None,
    plus: bool = False,
    geography: str | None = None,
) -> Sentence:
    """A sentence around ``span``, and a quote cut from it at word boundaries. The sentence names
    the figure's area, as the article must (layer 8 reads it)."""
    words = QUALIFIER_WORDS.get(qualifier, ("",))
    before = draw(st.sampled_from(LEADS)) + ("" if plus else draw(st.sampled_from(words)))
    per_text = draw(st.sampled_from(PER_WORDS.get(per, (f" per {per}",)))) if per else ""
    place = in_area(geography)
    after = unit_noun(unit) + place + per_text + draw(st.sampled_from(TAILS))
    return cut(draw, Sentence(before, span, after))


def cut(draw: st.DrawFn, sentence: Sentence) -> Sentence:
    """Cut the quote at word boundaries around the span (or take the whole sentence)."""
    before, after = sentence.before, sentence.after
    starts = {0, len(before)} | {i + 1 for i, ch in enumerate(before) if ch == " "}
    ends = {0, len(after)} | {
        i for i, ch in enumerate(after) if ch == " " and (i == 0 or after[i - 1] != " ")
    }
    start = draw(st.sampled_from(tuple(sorted(starts))))
    end = draw(st.sampled_from(tuple(sorted(ends))))
    return replace(sentence, cut_start=start, cut_end=len(after) - end)
