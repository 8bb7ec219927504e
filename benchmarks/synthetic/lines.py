"""A line of a generated article (:class:`Line`: its text and the spans, figures and exclusions,
it holds), and the one skeleton that writes every figure sentence from a :class:`Draft`.

The skeleton: who says it (and maybe where the quote starts), the qualifier's words, the figure,
what it counts, maybe a reference period (with its exclusion), a full stop. What differs between
kinds of figure (a count, a percentage, money...) is data: the draft's lead, tail and row cells
(:mod:`synthetic.drafts`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from synthetic.numbers import ValueText
from synthetic.vocabulary import (
    MONTHS,
    NBSP,
    QUALIFIER_WORDS,
    SINGLE_QUALIFIERS,
    SUBJECTS,
    VAGUE_PERIODS,
    WEEKDAYS,
)


@dataclass
class Span:
    """A figure or exclusion inside a sentence: where it starts and its row (without location)."""

    start: int
    text: str
    row: dict[str, str]
    is_figure: bool


@dataclass
class Line:
    """A line of a seed, built part by part; the row's quote is ``text[quote_from:]``."""

    parts: list[str] = field(default_factory=list)
    length: int = 0
    spans: list[Span] = field(default_factory=list)
    quote_from: int = 0

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
    """An article being written: its random generator, source id, date and statistic counter."""

    rng: random.Random
    source_id: str
    published: date
    statistic_counter: int = 0

    def statistic_id(self) -> str:
        self.statistic_counter += 1
        return f"{self.source_id}-stat-{self.statistic_counter}"


@dataclass
class Draft:
    """What one figure sentence says, drawn before it is written.

    ``lead`` is the text before the figure, with ``{q}`` where the qualifier's words go; ``tail``
    the text after it (before any period and the full stop)."""

    value: ValueText
    unit: str
    measure: str
    lead: str = "{q}"
    tail: str = ""
    per: str = ""
    geography: str = ""
    measure_type: str = "level"
    kind: str = "statistic"
    dated: bool = True  # a reference period may follow the tail
    nbsp: bool = False  # the space that starts the tail is a no-break space one time in ten
    average: bool = False  # "an average of" before a figure without qualifier words


#: A figure without a reference period: (period_start, period_end, notes).
NO_PERIOD = ("", "", "")


def reference_period(ctx: Context, sentence: Line) -> tuple[str, str, str]:
    """Maybe append a reference period (with its exclusion); return period_start, period_end, notes."""
    rng = ctx.rng
    last = ctx.published.year - 1
    choice = rng.random()
    if choice < 0.62:
        return NO_PERIOD
    y = rng.randint(last - 6, last - 1)
    if choice < 0.72:
        text = f"{y}{rng.choice('/-')}{(y + 1) % 100:02d}"
        _period_span(sentence, " in ", text)
        return f"{y}-04-01", f"{y + 1}-03-31", f"'{text}' read as a financial year (April to March)."
    if choice < 0.8:
        _period_span(sentence, " in ", str(y))
        return f"{y}-01-01", f"{y}-12-31", ""
    if choice < 0.87:
        y2 = rng.randint(y + 1, last)
        _period_span(sentence, " between ", f"{y} and {y2}")
        return f"{y}-01-01", f"{y2}-12-31", ""
    if choice < 0.93:
        month = rng.randint(1, 12)
        _period_span(sentence, " in ", f"{MONTHS[month - 1]} {y}")
        end = (date(y + (month == 12), month % 12 + 1, 1) - timedelta(days=1)).isoformat()
        return f"{y}-{month:02d}-01", end, ""
    phrase = rng.choice(VAGUE_PERIODS)
    word = phrase.split()[-2]
    before, _, after = phrase.partition(word)
    _period_span(sentence, before, word, after)
    return "", "", f"A vague period ('{phrase.strip()}') before publication; left empty."


def _period_span(sentence: Line, before: str, text: str, after: str = "") -> None:
    sentence.add(before)
    sentence.exclusion(text, "period")
    sentence.add(after)


def subject(ctx: Context, sentence: Line) -> str:
    """Start the sentence with who says it; return the row's attributed_to."""
    said, attributed = ctx.rng.choice(SUBJECTS)
    sentence.add(said + " ")
    if ctx.rng.random() < 0.3:
        sentence.mark_quote_start()  # quote a fragment: it may recur, giving occurrence > 1
    return attributed


def qualifier_of(rng: random.Random, value: ValueText) -> tuple[str, str]:
    """The figure's qualifier and the words that say it ("at_least", "at least ")."""
    if value.qualifier is not None:
        return value.qualifier, ""
    qualifier = rng.choice(SINGLE_QUALIFIERS)
    return qualifier, rng.choice(QUALIFIER_WORDS[qualifier])


def figure_row(
    draft: Draft, qualifier: str, period: tuple[str, str, str], attributed: str, statistic_id: str
) -> dict[str, str]:
    """The figures row of ``draft`` (without its id, source and location)."""
    return {
        "value_text": draft.value.text,
        "value": draft.value.value,
        "value_low": draft.value.low,
        "value_high": draft.value.high,
        "qualifier": qualifier,
        "unit": draft.unit,
        "per": draft.per,
        "measure": draft.measure,
        "measure_type": draft.measure_type,
        "geography": draft.geography,
        "period_start": period[0],
        "period_end": period[1],
        "attributed_to": attributed,
        "kind": draft.kind,
        "statistic_id": statistic_id,
        "notes": period[2],
    }


def figure_line(ctx: Context, draft: Draft) -> Line:
    """The sentence of one figure: the skeleton every kind of figure sentence is written by."""
    sentence = Line()
    attributed = subject(ctx, sentence)
    qualifier, words = qualifier_of(ctx.rng, draft.value)
    if draft.average and not words:
        sentence.add("an average of ")  # rates may be averages: "an average of 2.5 arrests a day"
    sentence.add(draft.lead.replace("{q}", words))
    sentence.figure(draft.value.text, {})
    tail = draft.tail
    if draft.nbsp and ctx.rng.random() < 0.1:
        tail = NBSP + tail[1:]
    sentence.add(tail)
    period = reference_period(ctx, sentence) if draft.dated else NO_PERIOD
    sentence.add(".")
    sentence.spans[0].row = figure_row(draft, qualifier, period, attributed, ctx.statistic_id())
    return sentence


def plain_line(text: str, excluded: tuple[tuple[str, str], ...] = ()) -> Line:
    """A line with no figure; ``excluded`` lists (text, reason) spans, in order of appearance."""
    sentence = Line()
    at = 0
    for span_text, reason in excluded:
        start = text.index(span_text, at)
        sentence.add(text[at:start])
        sentence.exclusion(span_text, reason)
        at = start + len(span_text)
    sentence.add(text[at:])
    assert sentence.consistent(), text
    return sentence


def dateline(ctx: Context) -> Line:
    """The article's date line, its date excluded ("Published 2019-05-02", "Thursday 2 May 2019")."""
    d = ctx.published
    style = ctx.rng.randrange(3)
    if style == 0:
        return plain_line(f"Published {d.isoformat()}", ((d.isoformat(), "date"),))
    if style == 1:
        shown = f"{d.day} {MONTHS[d.month - 1]} {d.year}"
        return plain_line(f"{WEEKDAYS[d.weekday()]} {shown}", ((shown, "date"),))
    shown = f"{d.day:02d}/{d.month:02d}/{d.year}"
    return plain_line(f"Updated {shown}", ((shown, "date"),))
