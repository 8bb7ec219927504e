"""The kinds of figure sentence, as drafts (:class:`~synthetic.lines.Draft`): each function
draws what its sentence says, and :func:`~synthetic.lines.figure_line` writes them all.

Values are drawn inside the bounds of ``dataset/bounds.csv`` (people at most 5 million, rates
well under the population, percent levels at most 100, whole counts, ages at most 18...).
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable

from synthetic.lines import NO_PERIOD, Context, Draft, Line, figure_line, figure_row, subject
from synthetic.numbers import ValueText, canon, count_text, nice_int, spoken, tenths_text
from synthetic.vocabulary import (
    COUNT_UNITS,
    DURATION_SENTENCES,
    GBP_THINGS,
    GEOGRAPHIES,
    PERCENT_CHANGE_THINGS,
    PERCENT_LEVEL_THINGS,
    PERS,
    POPULATION_UNITS,
)


def _rate_of_people(rng: random.Random) -> ValueText:
    """A rate of people: a count up to 3,000, now and then an average with a decimal."""
    value = count_text(rng, 1, 3_000, scale=False, spelled=True, plus=True, ranged=False)
    if rng.random() < 0.15 and value.qualifier is None:  # rates may be averages
        tenths = rng.randint(11, 999)
        if tenths % 10:
            value = ValueText(tenths_text(tenths), value=tenths_text(tenths))
    return value


def population(rng: random.Random) -> Draft:
    """People, children, suspects or offenders: a total (bounded by the population) or a rate."""
    unit = rng.choice(tuple(POPULATION_UNITS))
    noun, predicates, measure = POPULATION_UNITS[unit]
    predicate = rng.choice(predicates)
    geo_text, geography = rng.choice(GEOGRAPHIES)
    per_text, per = rng.choice(PERS) if rng.random() < 0.3 else ("", "")
    if per:
        value = _rate_of_people(rng)
    else:
        value = count_text(rng, 1, 5_000_000, scale=True, spelled=True, plus=True, ranged=True)
    tail = f" {noun}{geo_text} {predicate}{per_text}"
    return Draft(
        value,
        unit,
        measure.format(p=predicate) + geo_text,
        tail=tail,
        per=per,
        geography=geography,
        nbsp=True,
    )


def count(rng: random.Random) -> Draft:
    """Arrests, raids, offences, cases...: a count, or a rate ("an average of 2.5 arrests a day")."""
    unit = rng.choice(tuple(COUNT_UNITS))
    noun, predicates, measure = COUNT_UNITS[unit]
    predicate = rng.choice(predicates)
    per_text, per = rng.choice(PERS) if unit != "clicks" and rng.random() < 0.3 else ("", "")
    if per and rng.random() < 0.3:
        text = tenths_text(rng.randint(11, 9_999))
        value = ValueText(text, value=text)
    else:
        value = count_text(rng, 1, 2_000_000, scale=False, spelled=True, plus=True, ranged=not per)
    tail = f" {noun} {predicate}{per_text}"
    average = bool(per) and "." in value.text
    return Draft(value, unit, measure.format(p=predicate), tail=tail, per=per, average=average)


def _percent_text(rng: random.Random, number: str) -> str:
    return rng.choice((f"{number} per cent", f"{number} per cent", f"{number}%", f"{number} percent"))


def _percent_range(rng: random.Random, a: int, b: int, forms: tuple[str, ...]) -> ValueText:
    """A range of percentages in one of ``forms`` ("between {a} and {b} per cent")."""
    text = rng.choice(forms).format(a=a, b=b)
    return ValueText(text, low=str(a), high=str(b), qualifier="range")


def _percentage(rng: random.Random, most: int) -> ValueText:
    """Up to ``most`` tenths of a per cent, a round number seven times in ten."""
    tenths = rng.randint(1, most) if rng.random() < 0.3 else rng.randint(1, most // 10) * 10
    number = tenths_text(tenths)
    return ValueText(_percent_text(rng, number), value=number)


def percent_level(rng: random.Random) -> Draft:
    """A share: "42 per cent of victims knew their abuser"."""
    thing, measure = rng.choice(PERCENT_LEVEL_THINGS)
    style = rng.random()
    if style < 0.1:
        a = rng.randint(1, 60)
        b = rng.randint(a + 1, min(100, a + 30))
        value = _percent_range(rng, a, b, ("between {a} and {b} per cent", "{a}-{b}%", "{a} to {b} per cent"))
    elif style < 0.2:
        n = rng.randint(1, 99)
        value = ValueText(f"{spoken(n, rng)} per cent", value=str(n))
    else:
        value = _percentage(rng, 1000)
    return Draft(value, "percent", measure, tail=" " + thing)


def percent_change(rng: random.Random) -> Draft:
    """A rise: "reports to the helpline rose by 19.4 per cent"."""
    thing, measure = rng.choice(PERCENT_CHANGE_THINGS)
    if rng.random() < 0.1:
        a = rng.randint(1, 200)
        b = a + rng.randint(1, 100)
        value = _percent_range(rng, a, b, ("between {a} and {b} per cent", "{a} to {b} per cent"))
    else:
        value = _percentage(rng, 9_000)
    return Draft(value, "percent", measure, lead=f"{thing} rose by {{q}}", measure_type="change")


def _pounds(rng: random.Random) -> ValueText:
    """An amount of money: "£1.5 million", "£2m", "£2.5bn", "£40k" or "£9,064"."""
    style = rng.random()
    if style < 0.25:
        tenths = rng.randint(10, 999)
        text = tenths_text(tenths)
        suffix = rng.choice((" million", "m"))
        return ValueText(f"\u00a3{text}{suffix}", value=str(tenths * 100_000))
    if style < 0.3:
        tenths = rng.randint(10, 50)
        return ValueText(f"\u00a3{tenths_text(tenths)}bn", value=str(tenths * 100_000_000))
    if style < 0.35:
        n = rng.randint(10, 900)
        return ValueText(f"\u00a3{n}k", value=str(n * 1000))
    n = nice_int(rng, 1_000, 50_000_000)
    return ValueText(f"\u00a3{n:,}", value=str(n))


def money(rng: random.Random) -> Draft:
    """Funding: "the government will invest £2m a year in support for victims"."""
    thing, measure = rng.choice(GBP_THINGS)
    value = _pounds(rng)
    per_text, per = (" a year", "year") if rng.random() < 0.2 else ("", "")
    lead = "the government will invest {q}"
    return Draft(value, "GBP", measure, lead=lead, tail=f"{per_text} {thing}", per=per, kind="context")


def duration(rng: random.Random) -> Draft:
    """A time or an age: "investigations now take 14 months on average" (no reference period)."""
    unit = rng.choice(tuple(DURATION_SENTENCES))
    template, measure, low, high = DURATION_SENTENCES[unit]
    n = rng.randint(low, high)
    value = ValueText(spoken(n, rng) if rng.random() < 0.3 and n < 1000 else f"{n:,}", value=str(n))
    before, _, after = template.partition("{v}")
    return Draft(value, unit, measure, lead=before + "{q}", tail=after, kind="context", dated=False)


#: The kinds of figure sentence and how often each is drawn.
FIGURE_DRAFTS: tuple[tuple[Callable[[random.Random], Draft], float], ...] = (
    (population, 0.35),
    (count, 0.25),
    (percent_level, 0.12),
    (percent_change, 0.1),
    (money, 0.08),
    (duration, 0.1),
)
_KINDS = tuple(kind for kind, _ in FIGURE_DRAFTS)
_WEIGHTS = tuple(weight for _, weight in FIGURE_DRAFTS)


def figure_sentence(ctx: Context) -> Line:
    """One figure sentence whose spans the validator will find where they are meant to be."""
    for _ in range(50):
        kind = ctx.rng.choices(_KINDS, _WEIGHTS)[0]
        sentence = figure_line(ctx, kind(ctx.rng))
        if sentence.consistent():
            return sentence
    raise RuntimeError("could not draw a consistent figure sentence")


def _stated_change(rng: random.Random) -> tuple[int, int, str, str] | None:
    """Counts ``a`` and ``b`` and a stated rise that fits them (qualifier, number), or None."""
    from ukcsa_data.validation.l6_consistency.consistency import stated_result_fits

    a = nice_int(rng, 1_000, 200_000)
    b = round(a * (1 + rng.uniform(0.05, 0.9)))
    computed = (b - a) / a * 100
    if rng.random() < 0.5:
        qualifier, value = "exact", round(computed, 1)
    else:
        qualifier, value = "almost", float(math.ceil(computed))
    if not stated_result_fits(computed, value, None, None, qualifier) or value <= 0:
        return None
    return a, b, qualifier, canon(value)


#: What the relation sentence measures.
RELATION_MEASURE = "cases passed from the agency to police forces"


def _count(n: int, which: str) -> Draft:
    return Draft(ValueText(f"{n:,}", value=str(n)), "cases", f"{RELATION_MEASURE} {which}")


def _change(number: str) -> Draft:
    value = ValueText(f"{number} per cent", value=number)
    return Draft(value, "percent", f"increase in {RELATION_MEASURE}", measure_type="change")


def _relation_line(ctx: Context, a: int, b: int, qualifier: str, number: str) -> Line:
    """The relation sentence: "... rose from A to B, an increase of [almost] C per cent"."""
    sentence = Line()
    attributed = subject(ctx, sentence)
    almost = "" if qualifier == "exact" else "almost "
    parts = (
        ("cases passed to police forces rose from ", _count(a, "(earlier year)"), "exact"),
        (" to ", _count(b, "(later year)"), "exact"),
        (f", an increase of {almost}", _change(number), qualifier),
    )
    for before, draft, stated in parts:
        sentence.add(before)
        row = figure_row(draft, stated, NO_PERIOD, attributed, ctx.statistic_id())
        sentence.figure(draft.value.text, row)
    sentence.add(".")
    return sentence


def relation_sentence(ctx: Context) -> Line:
    """Three figures and a percent change that fits: "rose from A to B, an increase of C per cent"."""
    for _ in range(100):
        change = _stated_change(ctx.rng)
        if change is None:
            continue
        sentence = _relation_line(ctx, *change)
        if sentence.consistent():
            return sentence
    raise RuntimeError("could not draw a relation")
