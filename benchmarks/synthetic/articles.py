"""An article: its seed text (a headline, a dateline, figure sentences and lines between them) and
its rows (a source, figures, exclusions, a relation), each quote located as the validator will."""

from __future__ import annotations

import hashlib
import random
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date, timedelta

from synthetic.drafts import figure_sentence, relation_sentence
from synthetic.files import positions
from synthetic.lines import Context, Line, dateline, plain_line
from synthetic.vocabulary import (
    AUTHORS,
    BOILERPLATE,
    FILLER,
    HEADLINE_A,
    HEADLINE_B,
    NAME_LINES,
    NOT_QUANTITY_LINES,
    PUBLISHERS,
    SINGLE_LINES,
)
from ukcsa_data.text.tokens import Token, numeric_tokens


@dataclass
class Article:
    source_row: dict[str, str]
    seed_name: str
    seed_bytes: bytes
    figures: list[dict[str, str]]
    exclusions: list[dict[str, str]]
    relations: list[dict[str, str]]


def _figure_count(sentence: Line) -> int:
    return sum(s.is_figure for s in sentence.spans)


def _next_sentence(ctx: Context, figure_lines: list[Line], relation_at: int, figures_left: int) -> Line:
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


def _filler_line(rng: random.Random) -> Line | None:
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


def _body_lines(ctx: Context, n_figures: int) -> list[Line]:
    """The article's body: sentences with exactly ``n_figures`` figures, and lines between them."""
    rng = ctx.rng
    relation_at = rng.randrange(n_figures // 2) if n_figures >= 10 else -1
    figures_left = n_figures
    figure_lines: list[Line] = []
    lines: list[Line] = []
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


def _span_rows(
    sentence: Line, source_id: str, quote: str, occurrence: int, first_figure: int
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
    lines: list[Line], seed_text: str, source_id: str, first_figure: int, first_relation: int
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
            occurrences[quote] = positions(seed_text, quote)
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
    """Re-read the seed with the project's tokenizer and parser, as the validator will: every
    numeric token is covered by exactly one row, and every value_text parses to its value cells."""
    text = article.seed_bytes.decode("utf-8")
    tokens = numeric_tokens(text)
    covered: dict[int, str] = {}
    occurrences: dict[str, list[int]] = {}
    for rows, span_field in ((article.figures, "value_text"), (article.exclusions, "text")):
        for row in rows:
            quote = row["quote"]
            if quote not in occurrences:
                occurrences[quote] = positions(text, quote)
            begin = occurrences[quote][int(row["occurrence"]) - 1] + quote.index(row[span_field])
            _claim(tokens, begin, begin + len(row[span_field]), covered, row)
            if span_field == "value_text":
                _check_parse(row)
    uncovered = [t for t in tokens if t.start not in covered]
    assert not uncovered, (article.seed_name, uncovered[:5])


def _claim(tokens: list[Token], begin: int, end: int, covered: dict[int, str], row: dict[str, str]) -> None:
    """Mark the tokens in [begin, end) as covered by ``row``; fail on none, or on one covered twice."""
    i = bisect_left(tokens, begin, key=lambda t: t.start)
    claimed = 0
    while i < len(tokens) and tokens[i].start < end:
        assert tokens[i].end <= end, (row, tokens[i])
        assert tokens[i].start not in covered, ("covered twice", row, tokens[i])
        covered[tokens[i].start] = row["quote"]
        claimed += 1
        i += 1
    assert claimed, ("no token", row)


def _check_parse(row: dict[str, str]) -> None:
    """The project's parser reads the row's value_text as its value, value_low and value_high."""
    from ukcsa_data.text.number_phrases import parse_value_text

    parsed = parse_value_text(row["value_text"])
    for got, want in (
        (parsed.value, row["value"]),
        (parsed.low, row["value_low"]),
        (parsed.high, row["value_high"]),
    ):
        assert (got is None) == (want == ""), (row, parsed)
        assert got is None or abs(got - float(want)) <= 1e-9 * max(1, got), (row, parsed)
