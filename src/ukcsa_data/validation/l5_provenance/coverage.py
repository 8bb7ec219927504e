"""Coverage: each numeric token of a seed is covered by exactly one row (a figure's value_text or an
exclusion's text), never cut in two, and none is left uncovered."""

from __future__ import annotations

from bisect import bisect_left
from functools import partial

from ukcsa_data.core.problems import Report, show
from ukcsa_data.text.tokens import Token
from ukcsa_data.validation.l3_types.field_types import TypedTable
from ukcsa_data.validation.l5_provenance.seed import Seed


def _cuts(seed: Seed, start: int, end: int, token: Token) -> str:
    return f"{show(seed.text[start:end])} cuts {show(token.text)} in two"


def _covered_twice(seed: Seed, token: Token, report: Report) -> str:
    path, other = seed.covered_by[token.start]
    name = report.row_name(path, other)
    row = f"{name.label} ({path} line {other})" if name else f"{path} line {other}"
    return (
        f"{show(token.text)} at {seed.path} line {seed.line_of(token.start)} is already covered by {row}: "
        "each number is covered by one row; remove this row, or cover another number with it"
    )


def claim_span(
    seed: Seed, start: int, end: int, table: TypedTable, line: int, name: str, report: Report
) -> None:
    """Cover each token of ``seed`` in ``start:end`` by the row of ``table`` at ``line`` (its field
    ``name``), reporting a token it cuts in two or one already covered, or none there."""
    clean = _claims_one_token_cleanly(seed, start, end)
    if clean is not None:
        seed.covered_by[seed.tokens.starts[clean]] = (table.path, line)
    else:
        _claim_span(seed, start, end, (table.path, line), table, line, name, report)


def _claim_span(
    seed: Seed,
    start: int,
    end: int,
    owner: tuple[str, int],
    table: TypedTable,
    line: int,
    name: str,
    report: Report,
) -> None:
    starts, ends = seed.tokens.starts, seed.tokens.ends
    first = bisect_left(starts, start)
    index, claimed = first, 0
    while index < len(starts) and starts[index] < end:
        token = seed.tokens[index]
        if token.end > end:
            report.add(table.path, line, name, "token-split", partial(_cuts, seed, start, end, token))
        elif token.start in seed.covered_by:
            message = partial(_covered_twice, seed, token, report)
            report.add(table.path, line, name, "token-covered-twice", message)
        else:
            seed.covered_by[token.start] = owner
        claimed += 1
        index += 1
    if first > 0 and ends[first - 1] > start:
        token = seed.tokens[first - 1]
        report.add(table.path, line, name, "token-split", partial(_cuts, seed, start, end, token))
    elif claimed == 0:
        report.add(
            table.path, line, name, "no-numeric-token", f"{show(seed.text[start:end])} contains no number"
        )


def _claims_one_token_cleanly(seed: Seed, start: int, end: int) -> int | None:
    """The index of the one uncovered token exactly inside [start, end), if that is all there is
    (read from the offset arrays: no ``Token`` is made)."""
    starts, ends = seed.tokens.starts, seed.tokens.ends
    first, count = bisect_left(starts, start), len(starts)
    if first == count or (first and ends[first - 1] > start):
        return None
    if ends[first] > end or (first + 1 < count and starts[first + 1] < end):
        return None
    return None if starts[first] in seed.covered_by else first


def _uncovered(seed: Seed, token: Token) -> str:
    context = seed.text[max(0, token.start - 30) : token.end + 30]
    return (
        f"{show(token.text)} (in {show(context)}) is covered by no figure or exclusion: add one "
        "('ukcsa-data scan' drafts it)"
    )


def report_uncovered(seed: Seed, report: Report) -> None:
    """Report each token of ``seed`` that no row covers: one by one while they are listed, then the
    rest counted at once (from the covered tokens after that point, not token by token)."""
    starts, covered = seed.starts, seed.covered_by
    for index, start in enumerate(starts):
        if start in covered:
            continue
        if report.counted(seed.path, "token-uncovered") >= report.limit_per_code:
            rest = len(starts) - index - sum(1 for at in covered if at > start)
            report.add_unlisted(seed.path, "token-uncovered", rest)
            return
        line = seed.line_of(start)
        report.add(seed.path, line, None, "token-uncovered", partial(_uncovered, seed, seed.tokens[index]))
