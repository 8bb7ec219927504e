"""Locating rows in their seed: each figure or exclusion by its quote, occurrence and value_text (or
text); the span it names claims its tokens, and a figure's value_text is held to its row."""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import partial

from ukcsa_data.core import limits
from ukcsa_data.core.problems import Report, show
from ukcsa_data.validation.l3_types.field_types import TypedTable
from ukcsa_data.validation.l5_provenance.coverage import claim_span
from ukcsa_data.validation.l5_provenance.hidden_characters import check_bidi
from ukcsa_data.validation.l5_provenance.missing_quote import explain_missing_quote
from ukcsa_data.validation.l5_provenance.seed import OverBudget, Seed
from ukcsa_data.validation.l5_provenance.value_text import check_value_text
from ukcsa_data.validation.rules import Row, readable_rows, unreadable_fields


def locating_fields(span_field: str) -> tuple[str, ...]:
    """The cells that locate a row in its seed: its source, quote, occurrence and value_text (or
    an exclusion's text)."""
    return ("source_id", "quote", "occurrence", span_field)


def _over_budget() -> str:
    limit = limits.active().quote_comparisons
    return (
        f"not located: finding the package's quotes in their seeds took more than {limit:,} "
        "comparisons (the limit quote_comparisons), which quotes made of words that recur very often "
        "in long seeds cause; quote a shorter, more distinctive stretch of the article"
    )


def rows_by_source(table: TypedTable, span_field: str, seeds: Iterable[str]) -> dict[str, array[int]]:
    """The rows of ``table`` whose cells that locate them were read, by their source (one of
    ``seeds``), in file order (as arrays: held through the whole layer, a million rows' numbers
    as Python integers were 40 MB)."""
    known, source_ids = set(seeds), table.columns["source_id"]
    rows: defaultdict[str, array[int]] = defaultdict(partial(array, "q"))
    for row in readable_rows(table, locating_fields(span_field)):
        if source_ids[row] in known:
            rows[source_ids[row]].append(row)
    return dict(rows)


def locate_rows(
    table: TypedTable,
    span_field: str,
    source_id: str,
    rows: Sequence[int],
    seed: Seed,
    report: Report,
    spans: dict[int, tuple[str, int, int]],
) -> bool:
    """Locate each of ``rows`` (rows of ``source_id``, whose seed is ``seed``) by its quote and
    span (kept in ``spans``); whether every one was located. A row is located whenever the cells
    that locate it were read, whatever its other cells (a drafted row still covers its number, and
    its words are still checked)."""
    path, lines, columns = table.path, table.lines, table.columns
    quotes, occurrences, span_texts = columns["quote"], columns["occurrence"], columns[span_field]
    is_figure = span_field == "value_text"
    all_located = True
    for row in rows:
        span_text, line = span_texts[row], lines[row]
        span = _span_in_seed(seed, quotes[row], occurrences[row], span_text, (path, line, span_field), report)
        if span is None:
            all_located = False
            continue
        start, end = span
        has_bidi = bool(seed.bidi) and check_bidi(seed, start, end, table, row, span_field, report)
        if is_figure and not has_bidi:
            check_value_text(Row(table, row, unreadable_fields(table, row)), span_text, report)
        spans[row] = (source_id, start, end)
        claim_span(seed, start, end, table, line, span_field, report)
    return all_located


def _span_in_seed(
    seed: Seed, quote: str, occurrence: int, span_text: str, where: tuple[str, int, str], report: Report
) -> tuple[int, int] | None:
    """Where ``span_text`` is in ``seed``, inside occurrence ``occurrence`` of ``quote``; None after
    reporting why not (at ``where``: the row's path, line and span field)."""
    path, line, span_field = where
    positions = _positions(seed, quote, path, line, report)
    if not positions:
        return None
    if not 1 <= occurrence <= len(positions):  # below 1 if the schema's minimum was dropped
        report.add(
            path,
            line,
            "occurrence",
            "occurrence-out-of-range",
            f"the quote occurs {len(positions)} time(s) in {seed.path}, "
            f"so occurrence {occurrence} does not exist (occurrences count from 1)",
        )
        return None
    offset = quote.find(span_text)
    if offset == -1:
        report.add(path, line, span_field, "not-in-quote", f"{show(span_text)} is not inside the quote")
        return None
    start = positions[occurrence - 1] + offset
    return start, start + len(span_text)


def _positions(seed: Seed, quote: str, path: str, line: int, report: Report) -> Sequence[int]:
    """Where ``quote`` occurs in ``seed`` (none after reporting why, or that finding it went over
    the budget of comparisons)."""
    try:
        positions = seed.positions(quote)
        if not positions:
            report.add(path, line, "quote", *explain_missing_quote(seed, quote))
    except OverBudget:
        report.add(path, line, "quote", "too-many-comparisons", _over_budget)
        return ()
    return positions
