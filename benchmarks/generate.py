"""Generate a valid synthetic ukcsa-data package of N figures, with its own seed texts.

    python benchmarks/generate.py N OUTDIR [--seed S] [--check] [--force]

OUTDIR gets a complete package: ``datapackage.json`` (sha256 ``hash`` and ``bytes`` for every
resource), copies of the repository's ``schemas/`` and ``dataset/{areas,units,bounds}.csv``,
generated ``dataset/{sources,figures,exclusions,relations}.csv`` and ``seeds/*.txt``.
``ukcsa-data validate OUTDIR`` should report it VALID with 0 errors and 0 warnings, so that
every layer (provenance and coverage included) runs for real.

What is generated:

* one source (article) per 100-200 figures; each article is a seed text of a few tens of KB;
* every figure has its own sentence in its seed, containing its ``value_text`` in one of several
  styles: digits with thousands commas, decimals, "per cent" / "percent" / "%", "£" with or without
  a scale ("£1.5 million", "£2m"), "1.5 million", number words ("twenty-five", "a hundred and
  fifty", "a dozen"), open-ended "14+", and ranges written "X – Y", "X-Y", "X to Y" and
  "between X and Y"; qualifiers, units, rates, geographies and reference periods are drawn so
  that every semantic rule (the bounds of ``dataset/bounds.csv``) passes;
* about a third of the figure sentences carry a reference period ("in 2019/20", "between 2017
  and 2019", "over the last five years"), recorded as a ``period`` exclusion; each seed also has a
  dateline (``date``), page furniture ("READ MORE: Three ..."; ``boilerplate``), names ("Covid
  19"), "One officer ..." (``not_a_quantity``) and "In a single week" lines, so that every numeric
  token of every seed is covered exactly once;
* some quotes are the whole sentence, others a fragment that recurs in the seed (so
  ``occurrence`` > 1 is exercised), and some lines are repeated verbatim;
* every article with at least ten figures states one percent change ("rose from 14,260 to
  17,022, an increase of 19.4 per cent"), recorded in ``relations.csv``.

The output is deterministic for a given N and --seed: each article is drawn from its own random
generator, so the package of 1,000 figures is a prefix of the package of 10,000. ``--check``
re-reads every seed with the project's own tokenizer and number parser and fails loudly if a
numeric token is uncovered or covered twice, or a value_text does not parse to its value.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import random
import shutil
import sys
import time
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "src"))

from ukcsa_data.core.contract import CONTRACT  # noqa: E402
from ukcsa_data.core.package_files import RESOURCE_NAMES  # noqa: E402
from ukcsa_data.text.tokens import numeric_tokens  # noqa: E402  (light: no pandas)

RESOURCES = RESOURCE_NAMES  # waivers: header only, the generated words need none
# The column contract, from the library itself (one definition of the columns).
FIGURE_COLUMNS = tuple(CONTRACT["figures"])
SOURCE_COLUMNS = tuple(CONTRACT["sources"])
EXCLUSION_COLUMNS = tuple(CONTRACT["exclusions"])
RELATION_COLUMNS = tuple(CONTRACT["relations"])

NBSP = "\u00a0"

# --------------------------------------------------------------------------------------------
# Vocabulary. None of these strings may contain a numeric token (checked at start-up).
# --------------------------------------------------------------------------------------------

SUBJECTS = (
    ("The National Crime Agency said", "National Crime Agency"),
    ("Police said", "police forces"),
    ("The Home Office said", "Home Office"),
    ("A report by the charity found that", "the charity (report)"),
    ("Officials estimate that", ""),
    ("Figures published this week show that", ""),
    ("The agency warned that", "National Crime Agency"),
    ("According to the inspectorate,", "the inspectorate"),
    ("The minister told MPs that", "the minister"),
    ("Campaigners say", "campaigners"),
)
GEOGRAPHIES = (
    (" in the UK", "UK"),
    (" in Britain", "Great Britain"),
    (" in Great Britain", "Great Britain"),
    (" in England and Wales", "England and Wales"),
    ("", ""),
    ("", ""),
)
# unit -> (noun, predicates, measure template)
POPULATION_UNITS = {
    "people": (
        "people",
        ("pose a sexual threat to children", "viewed abuse material online", "were referred to the helpline"),
        "people who {p}",
    ),
    "children": (
        "children",
        ("were safeguarded", "were identified as victims", "were referred for support"),
        "children who {p}",
    ),
    "suspects": ("suspects", ("were arrested", "were interviewed under caution"), "suspects who {p}"),
    "offenders": ("offenders", ("were convicted", "were managed by police"), "offenders who {p}"),
}
COUNT_UNITS = {
    "arrests": ("arrests", ("were made", "followed the operation"), "arrests that {p}"),
    "raids": ("raids", ("were carried out", "took place"), "raids that {p}"),
    "offences": ("offences", ("were recorded by police", "involved the internet"), "offences that {p}"),
    "cases": ("cases", ("were passed to local forces", "were closed without charge"), "cases that {p}"),
    "organisations": (
        "organisations",
        ("signed up to the scheme", "shared data with police"),
        "organisations that {p}",
    ),
    "clicks": ("clicks", ("were made on warning pages",), "clicks that {p}"),
}
PERS = (
    (" a day", "day"),
    (" every day", "day"),
    (" a week", "week"),
    (" each week", "week"),
    (" a month", "month"),
    (" every month", "month"),
    (" a year", "year"),
    (" each year", "year"),
)
QUALIFIER_WORDS = {
    "exact": ("",),
    "at_least": ("at least ",),
    "more_than": ("more than ", "over "),
    "up_to": ("up to ",),
    "under": ("under ", "fewer than "),
    "around": ("around ", "about ", "roughly "),
    "almost": ("almost ", "nearly "),
}
SINGLE_QUALIFIERS = ("exact",) * 6 + ("at_least", "more_than", "up_to", "under", "around", "almost")
PERCENT_LEVEL_THINGS = (
    ("of the cases involved images shared online", "share of cases that involved images shared online"),
    ("of victims knew their abuser", "share of victims who knew their abuser"),
    ("of reports came from the public", "share of reports that came from the public"),
    ("of offenders were known to police", "share of offenders known to police"),
)
PERCENT_CHANGE_THINGS = (
    ("referrals of abuse images", "increase in referrals of abuse images"),
    ("reports to the helpline", "increase in reports to the helpline"),
    ("recorded online offences", "increase in recorded online offences"),
    ("requests for support", "increase in requests for support"),
)
GBP_THINGS = (
    ("in a new online investigation unit", "government investment in a new online investigation unit"),
    ("in software that finds abuse images", "investment in software that finds abuse images"),
    ("in support for victims", "funding for support for victims"),
)
DURATION_SENTENCES = {
    "minutes": (
        "it takes {v} minutes to find abuse material on open websites",
        "minutes it takes to find abuse material on open websites",
        1,
        1440,
    ),
    "months": (
        "investigations now take {v} months on average",
        "average length of an investigation in months",
        1,
        240,
    ),
    "years": (
        "the officer had worked in child protection for {v} years",
        "years an officer had worked in child protection",
        1,
        60,
    ),
    "age_years": ("children aged {v} were the most at risk", "age of the children most at risk", 1, 18),
}
FILLER = (
    "The agency said it was working with partners across the country to protect children.",
    "Officers stressed that the threat was growing and changing.",
    "A spokesperson said the findings were deeply worrying.",
    "The government said tackling the threat was a priority.",
    "Charities welcomed the announcement but called for more funding.",
    "The report also looked at how offenders use encrypted apps.",
    "The Home Secretary described the problem as \u2018a national emergency\u2019.",
    "\u201cWe will not rest until every child is safe,\u201d the director said.",
    "Technology companies were urged to do more to remove abuse material.",
    "Parents were advised to talk to their children about staying safe online.",
    f"The figures were published on Monday{NBSP}morning.",
    "Critics said the response had been too slow.",
)
HEADLINE_A = ("Agency warns of", "Police report", "New figures reveal", "Minister highlights", "Report shows")
HEADLINE_B = (
    "growing online threat to children",
    "record levels of abuse referrals",
    "rise in arrests of online offenders",
    "scale of child abuse online",
    "pressure on child protection teams",
)
PUBLISHERS = (
    "The Daily Synthetic",
    "Synthetic Gazette",
    "The Example Herald",
    "Placeholder News",
    "The Test Chronicle",
    "Sample Evening Post",
)
AUTHORS = ("", "", "Alex Example", "Sam Placeholder", "Jo Synthetic")
BOILERPLATE = (
    ("READ MORE: Three people hurt in crash on the M1", ("Three", "M1")),
    ("READ MORE: Two men arrested after burglary in Barnsley", ("Two",)),
    ("READ MORE: Police appeal after A61 closed for hours", ("A61",)),
    ("POLICE: Seven officers praised for bravery", ("Seven",)),
)
NAME_LINES = (
    ("Officers said the Covid 19 pandemic had changed how offenders operate.", "Covid 19"),
    ("The unit was set up in the wake of Covid-19 restrictions.", "Covid-19"),
    ("Detectives from Operation Ninety Nine were involved.", "Ninety Nine"),
)
NOT_QUANTITY_LINES = (
    ("One officer said the work was the hardest of his career.", "One"),
    ("\u201cOne of the worst cases I have seen,\u201d a detective said.", "One"),
)
SINGLE_LINES = (("In a single week, officers visited homes across the region.", "a single"),)
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

ONES = (
    "",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)
TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
VAGUE_PERIODS = (" over the last five years", " in the past three years", " over the previous two years")


def _check_vocabulary() -> None:
    texts: list[str] = [s for s, _ in SUBJECTS] + [g for g, _ in GEOGRAPHIES] + [p for p, _ in PERS]
    for table in (POPULATION_UNITS, COUNT_UNITS):
        for noun, predicates, measure in table.values():
            texts += [noun, *predicates, measure]
    for words in QUALIFIER_WORDS.values():
        texts += list(words)
    for group in (PERCENT_LEVEL_THINGS, PERCENT_CHANGE_THINGS, GBP_THINGS):
        for a, b in group:
            texts += [a, b]
    for template, measure, _, _ in DURATION_SENTENCES.values():
        texts += [template.replace("{v}", ""), measure]
    texts += list(FILLER) + list(HEADLINE_A) + list(HEADLINE_B) + list(MONTHS) + list(WEEKDAYS)
    bad = [t for t in texts if numeric_tokens(t)]
    if bad:
        raise SystemExit(f"generator vocabulary contains numeric tokens: {bad}")


# --------------------------------------------------------------------------------------------
# Numbers and how they are written
# --------------------------------------------------------------------------------------------


def words(n: int, rng: random.Random) -> str:
    """1..999 in words, as the parser reads them ("twenty-five", "a hundred and fifty")."""
    if n < 20:
        return ONES[n]
    if n < 100:
        return TENS[n // 10] + (f"-{ONES[n % 10]}" if n % 10 else "")
    hundreds, rest = divmod(n, 100)
    head = "a hundred" if hundreds == 1 and rng.random() < 0.5 else f"{ONES[hundreds]} hundred"
    return head + (f" and {words(rest, rng)}" if rest else "")


def canon(value: int | float) -> str:
    """Canonical number text, as the package requires ("80000", "19.4")."""
    if isinstance(value, int):
        return str(value)
    if float(value).is_integer():
        return str(int(value))
    text = repr(float(value))
    if "e" in text or "E" in text:
        raise ValueError(f"cannot write {value!r} without an exponent")
    return text


def nice_int(rng: random.Random, low: int, high: int) -> int:
    """A log-uniform integer in [low, high], often rounded to two or three significant figures."""
    x = int(math.exp(rng.uniform(math.log(low), math.log(high + 1))))
    x = max(low, min(high, x))
    if x >= 100 and rng.random() < 0.6:
        digits = len(str(x)) - rng.choice((2, 3))
        x = max(low, round(x, -digits))
    return x


def tenths_text(tenths: int) -> str:
    whole, frac = divmod(tenths, 10)
    return f"{whole}.{frac}" if frac else str(whole)


@dataclass
class Written:
    """How a figure is written: value_text, value cells and the qualifier it forces."""

    text: str
    value: str = ""
    low: str = ""
    high: str = ""
    qualifier: str | None = None  # forced qualifier ("range", "at_least") or None


def write_count(
    rng: random.Random,
    low: int,
    high: int,
    *,
    allow_scale: bool,
    allow_words: bool,
    allow_plus: bool,
    allow_range: bool,
) -> Written:
    """An integer count in [low, high] written in one of the supported styles."""
    style = rng.random()
    if allow_range and style < 0.08:
        a = nice_int(rng, max(low, 1), max(low, high // 2))
        b = min(high, a + nice_int(rng, 1, max(1, a)))
        if b > a:
            sa, sb = f"{a:,}", f"{b:,}"
            text = rng.choice((f"{sa} \u2013 {sb}", f"{sa}-{sb}", f"{sa} to {sb}", f"between {sa} and {sb}"))
            return Written(text, low=str(a), high=str(b), qualifier="range")
    if allow_plus and style < 0.12:
        n = nice_int(rng, max(low, 1), min(high, 999))
        return Written(f"{n}+", value=str(n), qualifier="at_least")
    if allow_words and style < 0.25:
        n = rng.choice((rng.randint(max(low, 1), min(high, 99)), rng.randint(max(low, 1), min(high, 999))))
        if n == 12 and rng.random() < 0.5:
            return Written("a dozen", value="12")
        return Written(words(n, rng), value=str(n))
    if allow_scale and high >= 2_000_000 and style < 0.32:
        tenths = rng.randint(10, min(high // 100_000, 990))
        return Written(f"{tenths_text(tenths)} million", value=str(tenths * 100_000))
    n = nice_int(rng, low, high)
    return Written(f"{n:,}", value=str(n))


# --------------------------------------------------------------------------------------------
# Sentences
# --------------------------------------------------------------------------------------------


@dataclass
class Span:
    """A figure or exclusion inside a sentence: where it starts and its row (without location)."""

    start: int
    text: str
    row: dict[str, str]
    is_figure: bool


@dataclass
class Sentence:
    parts: list[str] = field(default_factory=list)
    length: int = 0
    spans: list[Span] = field(default_factory=list)
    quote_from: int = 0  # the quote is text[quote_from:]

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def figure(self, text: str, row: dict[str, str]) -> None:
        self.spans.append(Span(self.length, text, row, True))
        self.add(text)

    def exclusion(self, text: str, reason: str) -> None:
        self.spans.append(Span(self.length, text, {"reason": reason}, False))
        self.add(text)

    def mark_quote_start(self) -> None:
        self.quote_from = self.length

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def consistent(self) -> bool:
        """Each span is the first occurrence of its text in the quote, as the validator reads it."""
        quote = self.text[self.quote_from :]
        return all(quote.find(s.text) == s.start - self.quote_from for s in self.spans)


@dataclass
class Context:
    rng: random.Random
    source_id: str
    published: date
    statistic_counter: int = 0

    def statistic_id(self) -> str:
        self.statistic_counter += 1
        return f"{self.source_id}-stat-{self.statistic_counter}"


def _period(ctx: Context, sentence: Sentence) -> tuple[str, str, str]:
    """Maybe append a reference period (with its exclusion); return period_start, period_end, notes."""
    rng = ctx.rng
    last = ctx.published.year - 1
    choice = rng.random()
    if choice < 0.62:
        return "", "", ""
    y = rng.randint(last - 6, last - 1)
    if choice < 0.72:
        sep = rng.choice("/-")
        text = f"{y}{sep}{(y + 1) % 100:02d}"
        sentence.add(" in ")
        sentence.exclusion(text, "period")
        return f"{y}-04-01", f"{y + 1}-03-31", f"'{text}' read as a financial year (April to March)."
    if choice < 0.8:
        sentence.add(" in ")
        sentence.exclusion(str(y), "period")
        return f"{y}-01-01", f"{y}-12-31", ""
    if choice < 0.87:
        y2 = rng.randint(y + 1, last)
        sentence.add(" between ")
        sentence.exclusion(f"{y} and {y2}", "period")
        return f"{y}-01-01", f"{y2}-12-31", ""
    if choice < 0.93:
        month = rng.randint(1, 12)
        sentence.add(" in ")
        sentence.exclusion(f"{MONTHS[month - 1]} {y}", "period")
        end = (date(y + (month == 12), month % 12 + 1, 1) - timedelta(days=1)).isoformat()
        return f"{y}-{month:02d}-01", end, ""
    phrase = rng.choice(VAGUE_PERIODS)
    word = phrase.split()[-2]
    before, _, after = phrase.partition(word)
    sentence.add(before)
    sentence.exclusion(word, "period")
    sentence.add(after)
    return "", "", f"A vague period ('{phrase.strip()}') before publication; left empty."


def _subject(ctx: Context, sentence: Sentence) -> str:
    subject, attributed = ctx.rng.choice(SUBJECTS)
    sentence.add(subject + " ")
    if ctx.rng.random() < 0.3:
        sentence.mark_quote_start()  # quote a fragment: it may recur, giving occurrence > 1
    return attributed


def _qualifier(rng: random.Random, written: Written) -> tuple[str, str]:
    if written.qualifier is not None:
        return written.qualifier, ""
    qualifier = rng.choice(SINGLE_QUALIFIERS)
    return qualifier, rng.choice(QUALIFIER_WORDS[qualifier])


def _row(
    written: Written,
    qualifier: str,
    unit: str,
    per: str,
    measure: str,
    measure_type: str,
    geography: str,
    period: tuple[str, str, str],
    attributed: str,
    kind: str,
    statistic_id: str,
) -> dict[str, str]:
    return {
        "value_text": written.text,
        "value": written.value,
        "value_low": written.low,
        "value_high": written.high,
        "qualifier": qualifier,
        "unit": unit,
        "per": per,
        "measure": measure,
        "measure_type": measure_type,
        "geography": geography,
        "period_start": period[0],
        "period_end": period[1],
        "attributed_to": attributed,
        "kind": kind,
        "statistic_id": statistic_id,
        "notes": period[2],
    }


def population_sentence(ctx: Context) -> Sentence:
    """People, children, suspects or offenders: a total (bounded by the population) or a rate."""
    rng = ctx.rng
    unit = rng.choice(tuple(POPULATION_UNITS))
    noun, predicates, measure = POPULATION_UNITS[unit]
    predicate = rng.choice(predicates)
    geo_text, geography = rng.choice(GEOGRAPHIES)
    per_text, per = rng.choice(PERS) if rng.random() < 0.3 else ("", "")
    if per:
        written = write_count(
            rng, 1, 3_000, allow_scale=False, allow_words=True, allow_plus=True, allow_range=False
        )
        if rng.random() < 0.15 and written.qualifier is None:  # rates may be averages
            tenths = rng.randint(11, 999)
            if tenths % 10:
                written = Written(tenths_text(tenths), value=tenths_text(tenths))
    else:
        written = write_count(
            rng, 1, 5_000_000, allow_scale=True, allow_words=True, allow_plus=True, allow_range=True
        )
    sentence = Sentence()
    attributed = _subject(ctx, sentence)
    qualifier, qualifier_words = _qualifier(rng, written)
    sentence.add(qualifier_words)
    row_args = (unit, per, measure.format(p=predicate) + geo_text, "level", geography)
    sentence.figure(written.text, {})
    sentence.add((NBSP if rng.random() < 0.1 else " ") + noun + geo_text + " " + predicate + per_text)
    period = _period(ctx, sentence)
    sentence.add(".")
    sentence.spans[0].row = _row(
        written, qualifier, *row_args, period, attributed, "statistic", ctx.statistic_id()
    )
    return sentence


def count_sentence(ctx: Context) -> Sentence:
    rng = ctx.rng
    unit = rng.choice(tuple(COUNT_UNITS))
    noun, predicates, measure = COUNT_UNITS[unit]
    predicate = rng.choice(predicates)
    per_text, per = rng.choice(PERS) if unit != "clicks" and rng.random() < 0.3 else ("", "")
    if per and rng.random() < 0.3:
        tenths = rng.randint(11, 9_999)
        text = tenths_text(tenths)
        written = Written(text, value=text)
    else:
        written = write_count(
            rng, 1, 2_000_000, allow_scale=False, allow_words=True, allow_plus=True, allow_range=not per
        )
    sentence = Sentence()
    attributed = _subject(ctx, sentence)
    qualifier, qualifier_words = _qualifier(rng, written)
    if per and "." in written.text and not qualifier_words:
        sentence.add("an average of ")  # rates may be averages: "an average of 2.5 arrests a day"
    sentence.add(qualifier_words)
    sentence.figure(written.text, {})
    sentence.add(f" {noun} {predicate}{per_text}")
    period = _period(ctx, sentence)
    sentence.add(".")
    sentence.spans[0].row = _row(
        written,
        qualifier,
        unit,
        per,
        measure.format(p=predicate),
        "level",
        "",
        period,
        attributed,
        "statistic",
        ctx.statistic_id(),
    )
    return sentence


def _percent_text(rng: random.Random, number: str) -> str:
    return rng.choice((f"{number} per cent", f"{number} per cent", f"{number}%", f"{number} percent"))


def percent_level_sentence(ctx: Context) -> Sentence:
    rng = ctx.rng
    thing, measure = rng.choice(PERCENT_LEVEL_THINGS)
    style = rng.random()
    if style < 0.1:
        a = rng.randint(1, 60)
        b = rng.randint(a + 1, min(100, a + 30))
        written = Written(
            rng.choice((f"between {a} and {b} per cent", f"{a}-{b}%", f"{a} to {b} per cent")),
            low=str(a),
            high=str(b),
            qualifier="range",
        )
    elif style < 0.2:
        n = rng.randint(1, 99)
        written = Written(f"{words(n, rng)} per cent", value=str(n))
    else:
        tenths = rng.randint(1, 1000) if rng.random() < 0.3 else rng.randint(1, 100) * 10
        number = tenths_text(tenths)
        written = Written(_percent_text(rng, number), value=number)
    sentence = Sentence()
    attributed = _subject(ctx, sentence)
    qualifier, qualifier_words = _qualifier(rng, written)
    sentence.add(qualifier_words)
    sentence.figure(written.text, {})
    sentence.add(" " + thing)
    period = _period(ctx, sentence)
    sentence.add(".")
    sentence.spans[0].row = _row(
        written,
        qualifier,
        "percent",
        "",
        measure,
        "level",
        "",
        period,
        attributed,
        "statistic",
        ctx.statistic_id(),
    )
    return sentence


def percent_change_sentence(ctx: Context) -> Sentence:
    rng = ctx.rng
    thing, measure = rng.choice(PERCENT_CHANGE_THINGS)
    if rng.random() < 0.1:
        a = rng.randint(1, 200)
        b = a + rng.randint(1, 100)
        written = Written(
            rng.choice((f"between {a} and {b} per cent", f"{a} to {b} per cent")),
            low=str(a),
            high=str(b),
            qualifier="range",
        )
    else:
        tenths = rng.randint(1, 9_000) if rng.random() < 0.3 else rng.randint(1, 900) * 10
        number = tenths_text(tenths)
        written = Written(_percent_text(rng, number), value=number)
    sentence = Sentence()
    attributed = _subject(ctx, sentence)
    qualifier, qualifier_words = _qualifier(rng, written)
    sentence.add(f"{thing} rose by {qualifier_words}")
    sentence.figure(written.text, {})
    period = _period(ctx, sentence)
    sentence.add(".")
    sentence.spans[0].row = _row(
        written,
        qualifier,
        "percent",
        "",
        measure,
        "change",
        "",
        period,
        attributed,
        "statistic",
        ctx.statistic_id(),
    )
    return sentence


def gbp_sentence(ctx: Context) -> Sentence:
    rng = ctx.rng
    thing, measure = rng.choice(GBP_THINGS)
    style = rng.random()
    if style < 0.25:
        tenths = rng.randint(10, 999)
        text = tenths_text(tenths)
        suffix = rng.choice((" million", "m"))
        written = Written(f"\u00a3{text}{suffix}", value=str(tenths * 100_000))
    elif style < 0.3:
        tenths = rng.randint(10, 50)
        written = Written(f"\u00a3{tenths_text(tenths)}bn", value=str(tenths * 100_000_000))
    elif style < 0.35:
        n = rng.randint(10, 900)
        written = Written(f"\u00a3{n}k", value=str(n * 1000))
    else:
        n = nice_int(rng, 1_000, 50_000_000)
        written = Written(f"\u00a3{n:,}", value=str(n))
    per_text, per = (" a year", "year") if rng.random() < 0.2 else ("", "")
    sentence = Sentence()
    attributed = _subject(ctx, sentence)
    qualifier, qualifier_words = _qualifier(rng, written)
    sentence.add(f"the government will invest {qualifier_words}")
    sentence.figure(written.text, {})
    sentence.add(f"{per_text} {thing}")
    period = _period(ctx, sentence)
    sentence.add(".")
    sentence.spans[0].row = _row(
        written,
        qualifier,
        "GBP",
        per,
        measure,
        "level",
        "",
        period,
        attributed,
        "context",
        ctx.statistic_id(),
    )
    return sentence


def duration_sentence(ctx: Context) -> Sentence:
    rng = ctx.rng
    unit = rng.choice(tuple(DURATION_SENTENCES))
    template, measure, low, high = DURATION_SENTENCES[unit]
    n = rng.randint(low, high)
    written = Written(words(n, rng) if rng.random() < 0.3 and n < 1000 else f"{n:,}", value=str(n))
    sentence = Sentence()
    attributed = _subject(ctx, sentence)
    qualifier, qualifier_words = _qualifier(rng, written)
    before, _, after = template.partition("{v}")
    sentence.add(before + qualifier_words)
    sentence.figure(written.text, {})
    sentence.add(after + ".")
    sentence.spans[0].row = _row(
        written,
        qualifier,
        unit,
        "",
        measure,
        "level",
        "",
        ("", "", ""),
        attributed,
        "context",
        ctx.statistic_id(),
    )
    return sentence


FIGURE_SENTENCES = (
    (population_sentence, 0.35),
    (count_sentence, 0.25),
    (percent_level_sentence, 0.12),
    (percent_change_sentence, 0.1),
    (gbp_sentence, 0.08),
    (duration_sentence, 0.1),
)
_KINDS = tuple(f for f, _ in FIGURE_SENTENCES)
_WEIGHTS = tuple(w for _, w in FIGURE_SENTENCES)


def figure_sentence(ctx: Context) -> Sentence:
    """One figure sentence whose spans the validator will find where they are meant to be."""
    for _ in range(50):
        kind = ctx.rng.choices(_KINDS, _WEIGHTS)[0]
        sentence = kind(ctx)
        if sentence.consistent():
            return sentence
    raise RuntimeError("could not draw a consistent figure sentence")


def relation_sentence(ctx: Context) -> Sentence:
    """Three figures and a percent change that fits: "rose from A to B, an increase of C per cent"."""
    rng = ctx.rng
    from ukcsa_data.validation.l6_consistency.consistency import stated_result_fits

    for _ in range(100):
        a = nice_int(rng, 1_000, 200_000)
        b = round(a * (1 + rng.uniform(0.05, 0.9)))
        computed = (b - a) / a * 100
        if rng.random() < 0.5:
            qualifier, value = "exact", round(computed, 1)
        else:
            qualifier, value = "almost", float(math.ceil(computed))
        if not stated_result_fits(computed, value, None, None, qualifier) or value <= 0:
            continue
        number = canon(value)
        sentence = Sentence()
        attributed = _subject(ctx, sentence)
        sentence.add("cases passed to police forces rose from ")
        period = ("", "", "")
        base = Written(f"{a:,}", value=str(a))
        new = Written(f"{b:,}", value=str(b))
        result = Written(f"{number} per cent", value=number)
        measure = "cases passed from the agency to police forces"
        sentence.figure(
            base.text,
            _row(
                base,
                "exact",
                "cases",
                "",
                measure + " (earlier year)",
                "level",
                "",
                period,
                attributed,
                "statistic",
                ctx.statistic_id(),
            ),
        )
        sentence.add(" to ")
        sentence.figure(
            new.text,
            _row(
                new,
                "exact",
                "cases",
                "",
                measure + " (later year)",
                "level",
                "",
                period,
                attributed,
                "statistic",
                ctx.statistic_id(),
            ),
        )
        words_ = "" if qualifier == "exact" else "almost "
        sentence.add(f", an increase of {words_}")
        sentence.figure(
            result.text,
            _row(
                result,
                qualifier,
                "percent",
                "",
                "increase in " + measure,
                "change",
                "",
                period,
                attributed,
                "statistic",
                ctx.statistic_id(),
            ),
        )
        sentence.add(".")
        if sentence.consistent():
            return sentence
    raise RuntimeError("could not draw a relation")


def plain_line(text: str, excluded: tuple[tuple[str, str], ...] = ()) -> Sentence:
    """A line with no figure; ``excluded`` lists (text, reason) spans, in order of appearance."""
    sentence = Sentence()
    at = 0
    for span_text, reason in excluded:
        start = text.index(span_text, at)
        sentence.add(text[at:start])
        sentence.exclusion(span_text, reason)
        at = start + len(span_text)
    sentence.add(text[at:])
    assert sentence.consistent(), text
    return sentence


def dateline(ctx: Context) -> Sentence:
    d = ctx.published
    style = ctx.rng.randrange(3)
    if style == 0:
        return plain_line(f"Published {d.isoformat()}", ((d.isoformat(), "date"),))
    if style == 1:
        shown = f"{d.day} {MONTHS[d.month - 1]} {d.year}"
        return plain_line(f"{WEEKDAYS[d.weekday()]} {shown}", ((shown, "date"),))
    shown = f"{d.day:02d}/{d.month:02d}/{d.year}"
    return plain_line(f"Updated {shown}", ((shown, "date"),))


# --------------------------------------------------------------------------------------------
# Articles and the package
# --------------------------------------------------------------------------------------------


@dataclass
class Article:
    source_row: dict[str, str]
    seed_name: str
    seed_bytes: bytes
    figures: list[dict[str, str]]
    exclusions: list[dict[str, str]]
    relations: list[dict[str, str]]


def _figure_count(sentence: Sentence) -> int:
    return sum(s.is_figure for s in sentence.spans)


def _next_sentence(
    ctx: Context, figure_lines: list[Sentence], relation_at: int, figures_left: int
) -> Sentence:
    """The next figure sentence: the relation at its place, now and then a repeated line, else a new one."""
    rng = ctx.rng
    if len(figure_lines) == relation_at and figures_left >= 3:
        return relation_sentence(ctx)
    if figure_lines and figures_left >= 1 and rng.random() < 0.02:
        sentence = rng.choice(figure_lines)  # the article repeats a line word for word
        if len(sentence.spans) > 1 and _figure_count(sentence) > figures_left:
            sentence = figure_sentence(ctx)
        return sentence
    return figure_sentence(ctx)


def _filler_line(rng: random.Random) -> Sentence | None:
    """Now and then a line with no figure after a figure line: filler, furniture, a name..."""
    roll = rng.random()
    if roll < 0.06:
        return plain_line(rng.choice(FILLER))
    if roll < 0.075:
        text, spans = rng.choice(BOILERPLATE)
        return plain_line(text, tuple((s, "boilerplate") for s in spans))
    if roll < 0.085:
        text, span = rng.choice(NAME_LINES)
        return plain_line(text, ((span, "name"),))
    if roll < 0.095:
        text, span = rng.choice(NOT_QUANTITY_LINES)
        return plain_line(text, ((span, "not_a_quantity"),))
    if roll < 0.1:
        text, span = rng.choice(SINGLE_LINES)
        return plain_line(text, ((span, "period"),))
    return None


def _body_lines(ctx: Context, n_figures: int) -> list[Sentence]:
    """The article's body: sentences with exactly ``n_figures`` figures, and lines between them."""
    rng = ctx.rng
    relation_at = rng.randrange(n_figures // 2) if n_figures >= 10 else -1
    figures_left = n_figures
    figure_lines: list[Sentence] = []
    lines: list[Sentence] = []
    while figures_left > 0:
        sentence = _next_sentence(ctx, figure_lines, relation_at, figures_left)
        if _figure_count(sentence) > figures_left:
            continue
        figures_left -= _figure_count(sentence)
        figure_lines.append(sentence)
        lines.append(sentence)
        filler = _filler_line(rng)
        if filler is not None:
            lines.append(filler)
    return lines


def _positions(text: str, quote: str) -> list[int]:
    """Every start of ``quote`` in ``text``, overlapping ones included."""
    found, at = [], text.find(quote)
    while at != -1:
        found.append(at)
        at = text.find(quote, at + 1)
    return found


def _span_rows(
    sentence: Sentence, source_id: str, quote: str, occurrence: int, first_figure: int
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """The figure rows (numbered from ``first_figure``) and exclusion rows of one sentence."""
    figures: list[dict[str, str]] = []
    exclusions: list[dict[str, str]] = []
    for span in sentence.spans:
        if span.is_figure:
            figures.append(
                {
                    "figure_id": f"fig-{first_figure + len(figures):07d}",
                    "source_id": source_id,
                    "quote": quote,
                    "occurrence": str(occurrence),
                    **span.row,
                }
            )
        else:
            exclusions.append(
                {
                    "source_id": source_id,
                    "text": span.text,
                    "quote": quote,
                    "occurrence": str(occurrence),
                    "reason": span.row["reason"],
                }
            )
    return figures, exclusions


def _relation_row(figure_ids: list[str], source_id: str, relation: int) -> dict[str, str]:
    """The relation row of a relation sentence's three figures (base, new, result)."""
    base, new, result = figure_ids
    return {
        "relation_id": f"rel-{relation:04d}",
        "source_id": source_id,
        "operation": "percent_change",
        "result_figure_id": result,
        "from_figure_id": base,
        "to_figure_id": new,
        "notes": "The article says cases rose, and by how much.",
    }


def _article_rows(
    lines: list[Sentence], seed_text: str, source_id: str, first_figure: int, first_relation: int
) -> tuple[list[dict[str, str]], list[dict[str, str]], list[dict[str, str]]]:
    """The figure, exclusion and relation rows of an article, each quote located as the validator will."""
    occurrences: dict[str, list[int]] = {}
    figures: list[dict[str, str]] = []
    exclusions: list[dict[str, str]] = []
    relations: list[dict[str, str]] = []
    offset = 0
    for sentence in lines:
        text = sentence.text
        quote = text[sentence.quote_from :]
        start = offset + sentence.quote_from
        offset += len(text) + 2
        if not sentence.spans:
            continue
        if quote not in occurrences:
            occurrences[quote] = _positions(seed_text, quote)
        found = occurrences[quote]
        occurrence = bisect_left(found, start) + 1
        assert found[occurrence - 1] == start
        new_figures, new_exclusions = _span_rows(
            sentence, source_id, quote, occurrence, first_figure + len(figures)
        )
        figures += new_figures
        exclusions += new_exclusions
        if len(new_figures) == 3 and not relations:
            relations.append(
                _relation_row([row["figure_id"] for row in new_figures], source_id, first_relation)
            )
    return figures, exclusions, relations


def _source_row(
    rng: random.Random,
    index: int,
    source_id: str,
    published: date,
    title: str,
    seed_name: str,
    seed_bytes: bytes,
) -> dict[str, str]:
    """The sources row of an article."""
    return {
        "source_id": source_id,
        "publisher": rng.choice(PUBLISHERS),
        "title": title,
        "url": f"https://example.org/synthetic/{source_id}" if rng.random() < 0.9 else "",
        "published_date": published.isoformat(),
        "date_basis": rng.choice(("stated", "url", "external", "inferred")),
        "seed_file": seed_name,
        "sha256": hashlib.sha256(seed_bytes).hexdigest(),
        "author": rng.choice(AUTHORS),
        "notes": 'Synthetic article, generated for benchmarking; "not" a real report.'
        if index % 7 == 0
        else "",
    }


def build_article(seed: int, index: int, n_figures: int, first_figure: int, first_relation: int) -> Article:
    """Article ``index``: its seed text and rows, drawn from its own random generator."""
    rng = random.Random(f"ukcsa-bench-{seed}-{index}")
    source_id = f"synth-{index:06d}"
    published = date(2012, 1, 1) + timedelta(days=rng.randrange(365 * 12))
    ctx = Context(rng, source_id, published)
    lines = [plain_line(f"{rng.choice(HEADLINE_A)} {rng.choice(HEADLINE_B)}"), dateline(ctx)]
    lines += _body_lines(ctx, n_figures)
    seed_text = "\n\n".join(s.text for s in lines) + "\n"
    figures, exclusions, relations = _article_rows(lines, seed_text, source_id, first_figure, first_relation)
    seed_bytes = seed_text.encode("utf-8")
    seed_name = f"seeds/{index:06d}_synthetic.txt"
    source_row = _source_row(rng, index, source_id, published, lines[0].text, seed_name, seed_bytes)
    return Article(source_row, seed_name, seed_bytes, figures, exclusions, relations)


def check_article(article: Article) -> None:
    """Re-read the seed with the project's tokenizer and parser, as the validator will."""
    from ukcsa_data.text.number_phrases import parse_value_text

    text = article.seed_bytes.decode("utf-8")
    tokens = numeric_tokens(text)
    starts = [t.start for t in tokens]
    covered: dict[int, str] = {}
    occurrences: dict[str, list[int]] = {}
    for rows, span_field in ((article.figures, "value_text"), (article.exclusions, "text")):
        for row in rows:
            quote = row["quote"]
            if quote not in occurrences:
                found, at = [], text.find(quote)
                while at != -1:
                    found.append(at)
                    at = text.find(quote, at + 1)
                occurrences[quote] = found
            begin = occurrences[quote][int(row["occurrence"]) - 1] + quote.index(row[span_field])
            end = begin + len(row[span_field])
            i = bisect_left(starts, begin)
            claimed = 0
            while i < len(tokens) and tokens[i].start < end:
                assert tokens[i].end <= end, (row, tokens[i])
                assert tokens[i].start not in covered, ("covered twice", row, tokens[i])
                covered[tokens[i].start] = row[span_field]
                claimed += 1
                i += 1
            assert claimed, ("no token", row)
            if span_field == "value_text":
                parsed = parse_value_text(row["value_text"])
                for got, want in (
                    (parsed.value, row["value"]),
                    (parsed.low, row["value_low"]),
                    (parsed.high, row["value_high"]),
                ):
                    assert (got is None) == (want == ""), (row, parsed)
                    assert got is None or abs(got - float(want)) <= 1e-9 * max(1, got), (row, parsed)
    uncovered = [t for t in tokens if t.start not in covered]
    assert not uncovered, (article.seed_name, uncovered[:5])


def _prepare_outdir(outdir: Path, force: bool) -> None:
    """Create ``outdir`` with dataset/, seeds/ and a copy of schemas/; replace a package only if forced."""
    if outdir.exists() and any(outdir.iterdir()):
        if not force:
            raise SystemExit(f"{outdir} exists and is not empty; use --force to replace it")
        if not (outdir / "datapackage.json").is_file():
            raise SystemExit(f"refusing to delete {outdir}: it does not look like a package")
        shutil.rmtree(outdir)
    (outdir / "dataset").mkdir(parents=True)
    (outdir / "seeds").mkdir()
    shutil.copytree(REPO_ROOT / "schemas", outdir / "schemas")


def _article_size(seed: int, index: int, left: int) -> int:
    """How many of the ``left`` figures article ``index`` gets (the last one enough for a relation)."""
    rng = random.Random(f"ukcsa-bench-size-{seed}-{index}")
    size = min(rng.randint(100, 200), left)
    if 0 < left - size < 10:  # keep the last article big enough for a relation
        size = left
    return size


def _article_tables(article: Article) -> dict[str, list[dict[str, str]]]:
    """An article's rows, by resource."""
    return {
        "sources": [article.source_row],
        "figures": article.figures,
        "exclusions": article.exclusions,
        "relations": article.relations,
    }


def _write_articles(
    n: int, outdir: Path, seed: int, check: bool, writers: dict[str, csv.DictWriter[str]]
) -> tuple[dict[str, int], int]:
    """Write articles' seeds and rows until there are ``n`` figures; the rows per resource and seed bytes."""
    counts = dict.fromkeys(RESOURCES, 0)
    seed_bytes = 0
    done, index, relation = 0, 0, 1
    while done < n:
        article = build_article(seed, index, _article_size(seed, index, n - done), done + 1, relation)
        if check:
            check_article(article)
        (outdir / article.seed_name).write_bytes(article.seed_bytes)
        seed_bytes += len(article.seed_bytes)
        for name, rows in _article_tables(article).items():
            writers[name].writerows(rows)
            counts[name] += len(rows)
        relation += len(article.relations)
        done += len(article.figures)
        index += 1
    return counts, seed_bytes


_COLUMNS = {
    "sources": SOURCE_COLUMNS,
    "figures": FIGURE_COLUMNS,
    "exclusions": EXCLUSION_COLUMNS,
    "relations": RELATION_COLUMNS,
    "waivers": tuple(CONTRACT["waivers"]),
    "retired": tuple(CONTRACT["retired"]),
    "series": tuple(CONTRACT["series"]),
}


#: The code lists and the bounds: copied from the repository's package, as the schemas are.
COPIED = ("areas", "units", "bounds")


def _copy_code_tables(outdir: Path) -> dict[str, int]:
    """Copy the repository's areas, units and bounds; their row counts."""
    counts = {}
    for name in COPIED:
        target = outdir / "dataset" / f"{name}.csv"
        shutil.copyfile(REPO_ROOT / "dataset" / f"{name}.csv", target)
        with target.open(encoding="utf-8", newline="") as handle:
            counts[name] = sum(1 for _ in csv.DictReader(handle))
    return counts


def _write_tables(n: int, outdir: Path, seed: int, check: bool) -> tuple[dict[str, int], int]:
    """Write the seeds and the CSV files; the rows per resource and the seeds' bytes."""
    copied = _copy_code_tables(outdir)
    handles = {
        name: (outdir / "dataset" / f"{name}.csv").open("w", encoding="utf-8", newline="")
        for name in RESOURCES
        if name not in COPIED
    }
    writers = {}
    for name, handle in handles.items():
        writer = csv.DictWriter(
            handle, fieldnames=_COLUMNS[name], lineterminator="\n", quoting=csv.QUOTE_MINIMAL
        )
        writer.writeheader()
        writers[name] = writer
    counts, seed_bytes = _write_articles(n, outdir, seed, check, writers)
    for handle in handles.values():
        handle.close()
    return {**counts, **copied}, seed_bytes


def _write_descriptor(n: int, outdir: Path, counts: dict[str, int]) -> None:
    """Write datapackage.json: the repository's, renamed, with each resource's hash and bytes
    (also added to ``counts``)."""
    descriptor = json.loads((REPO_ROOT / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["name"] = f"ukcsa-data-synthetic-{n}"
    descriptor["title"] = f"Synthetic ukcsa-data package of {n:,} figures (benchmark)"
    descriptor["description"] = (
        "Synthetic articles and figures generated by benchmarks/generate.py for benchmarking the "
        "validator. Not real data."
    )
    descriptor["sources"] = [{"title": "benchmarks/generate.py (synthetic)"}]
    for resource in descriptor["resources"]:
        raw = (outdir / resource["path"]).read_bytes()
        resource["hash"] = f"sha256:{hashlib.sha256(raw).hexdigest()}"
        resource["bytes"] = len(raw)
        counts[f"{resource['name']}_bytes"] = len(raw)
    (outdir / "datapackage.json").write_text(
        json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def generate(n: int, outdir: Path, seed: int = 1, check: bool = False, force: bool = False) -> dict[str, int]:
    """Write a valid synthetic package of ``n`` figures to ``outdir``; return its rows and bytes."""
    if n < 10:
        raise SystemExit("N must be at least 10 (the package needs a relation)")
    _check_vocabulary()
    _prepare_outdir(outdir, force)
    counts, seed_bytes = _write_tables(n, outdir, seed, check)
    assert counts["figures"] == n, counts
    _write_descriptor(n, outdir, counts)
    counts["seed_bytes"] = seed_bytes
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of figures (at least 10)")
    parser.add_argument("outdir", type=Path, help="folder to write the package to")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--check", action="store_true", help="verify coverage and parsing while generating")
    parser.add_argument("--force", action="store_true", help="replace an existing package in OUTDIR")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    counts = generate(args.n, args.outdir, args.seed, args.check, args.force)
    elapsed = time.perf_counter() - started
    print(json.dumps({"n": args.n, "outdir": str(args.outdir), "seconds": round(elapsed, 2), **counts}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
