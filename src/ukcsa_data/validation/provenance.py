"""Layer 5, provenance and coverage: every figure is where it says, and every number is accounted for.

For each seed the numeric tokens are found once; each figure or exclusion row is located by its
quote and occurrence (occurrences of a quote are found once per distinct quote), and the span of
its value_text (or text) is matched to tokens by bisection. No row scans more than its own seed.

A located figure's value_text is then held to its row by the rules of :data:`VALUE_TEXT_RULES`.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from ukcsa_data.number_phrases import NumberPhraseError, ParsedNumber, parse_value_text
from ukcsa_data.tokens import DIGITS, Token, numeric_tokens
from ukcsa_data.validation import limits
from ukcsa_data.validation.codes import Code
from ukcsa_data.validation.field_types import TypedTable
from ukcsa_data.validation.problems import Report, show
from ukcsa_data.validation.rules import Finding, Row, RuleSet, add_finding, unreadable_rows
from ukcsa_data.validation.safe_paths import path_problem

_LOOSE = str.maketrans(
    {
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u2007": " ",
        "\t": " ",
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
    }
)


def _anchor(quote: str) -> tuple[int, str] | None:
    """A digit token of ``quote`` whose boundaries lie inside the quote, as (offset, text).

    With white space before it and a character after it that cannot extend a number, the token
    has the same boundaries wherever the quote occurs in a seed, so the quote's occurrences are
    found from the seed's token index instead of by scanning the text.
    """
    for match in DIGITS.finditer(quote):
        start, end = match.span()
        if start and end < len(quote) and quote[start - 1].isspace():
            after = quote[end]
            if not (after.isalnum() or after in ",._"):
                return start, match.group()
    return None


def find_all(text: str, quote: str) -> list[int]:
    """Start offsets of every occurrence of ``quote`` in ``text``, overlapping ones included (none
    for an empty quote)."""
    found, at = [], text.find(quote) if quote else -1
    while at != -1:
        found.append(at)
        at = text.find(quote, at + 1)
    return found


@dataclass
class Seed:
    """A seed text, its numeric tokens (indexed by text) and the spans that cover them."""

    path: str
    text: str
    tokens: list[Token]
    starts: list[int]
    by_text: dict[str, list[int]] = field(default_factory=dict)
    occurrences: dict[str, list[int]] = field(default_factory=dict)
    covered_by: dict[int, tuple[str, int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for token in self.tokens:
            self.by_text.setdefault(token.text, []).append(token.start)

    def positions(self, quote: str) -> list[int]:
        """Start offsets of every occurrence of ``quote`` (overlapping ones included)."""
        found = self.occurrences.get(quote)
        if found is not None:
            return found
        anchor = _anchor(quote)
        if anchor is not None:
            offset, token_text = anchor
            candidates = (start - offset for start in self.by_text.get(token_text, ()))
            found = [at for at in candidates if at >= 0 and self.text.startswith(quote, at)]
        else:
            found = find_all(self.text, quote)
        self.occurrences[quote] = found
        return found

    def line_of(self, offset: int) -> int:
        return self.text.count("\n", 0, offset) + 1


def _char_name(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, 'UNKNOWN')}"


def _explain_missing_quote(seed: Seed, quote: str) -> tuple[Code, str]:
    loose_text, loose_quote = seed.text.translate(_LOOSE), quote.translate(_LOOSE)
    at = loose_text.find(loose_quote)
    if at == -1:
        return "quote-not-found", f"{show(quote)} is not in {seed.path}"
    for offset, (want, have) in enumerate(zip(seed.text[at : at + len(quote)], quote, strict=True)):
        if want != have:
            code: Code = "quote-whitespace" if want.isspace() and have.isspace() else "quote-characters"
            return code, (
                f"{show(quote)} matches {seed.path} line {seed.line_of(at)} only if characters are "
                f"normalised: at character {offset + 1} the seed has {_char_name(want)} where the "
                f"quote has {_char_name(have)}; copy the quote from the seed"
            )
    return "quote-not-found", f"{show(quote)} is not in {seed.path}"  # pragma: no cover


def _load_seeds(package_dir: Path, sources: TypedTable, report: Report) -> dict[str, Seed]:
    seeds: dict[str, Seed] = {}
    columns = sources.columns
    folder = package_dir / "seeds"
    plain_files = (
        {f"seeds/{e.name}" for e in os.scandir(folder) if e.is_file(follow_symlinks=False)}
        if folder.is_dir() and not folder.is_symlink()
        else set()
    )
    for row, (source_id, seed_file, sha256) in enumerate(
        zip(columns["source_id"], columns["seed_file"], columns["sha256"], strict=True)
    ):
        line = sources.lines[row]
        if source_id is None or seed_file is None:
            continue
        problem = None if seed_file in plain_files else path_problem(package_dir, seed_file)
        if problem:
            report.add(sources.path, line, "seed_file", *problem)
            continue
        full = package_dir / seed_file
        if full.stat().st_size > limits.active().seed_bytes:
            report.add(
                seed_file, None, None, "file-too-large", f"the limit is {limits.active().seed_bytes:,} bytes"
            )
            continue
        raw = full.read_bytes()
        actual = hashlib.sha256(raw).hexdigest()
        if sha256 is not None and actual != sha256:
            report.add(
                sources.path,
                line,
                "sha256",
                "seed-checksum",
                f"{seed_file} has sha256 {actual}, not {sha256}; seeds must not be edited",
            )
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            report.add(
                seed_file, raw.count(b"\n", 0, error.start) + 1, None, "encoding", "the seed is not UTF-8"
            )
            continue
        tokens = numeric_tokens(text)
        seeds[source_id] = Seed(seed_file, text, tokens, [t.start for t in tokens])
    return seeds


def _check_unlisted_seeds(package_dir: Path, sources: TypedTable, report: Report) -> None:
    folder = package_dir / "seeds"
    if not folder.is_dir() or folder.is_symlink():
        return
    listed = set(sources.columns["seed_file"])
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        relative = f"seeds/{entry.name}"
        if entry.is_symlink():
            report.add(relative, None, None, "symlink", "files under seeds/ must not be links")
        elif relative not in listed:
            report.add(relative, None, None, "unlisted-file", "no row of sources.csv names this seed")


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
    first = bisect_left(seed.starts, start)
    index, claimed = first, 0
    while index < len(seed.tokens) and seed.tokens[index].start < end:
        token = seed.tokens[index]
        if token.end > end:
            report.add(
                table.path,
                line,
                name,
                "token-split",
                f"{show(seed.text[start:end])} cuts {show(token.text)} in two",
            )
        elif token.start in seed.covered_by:
            path, other = seed.covered_by[token.start]
            report.add(
                table.path,
                line,
                name,
                "token-covered-twice",
                f"{show(token.text)} at {seed.path} line {seed.line_of(token.start)} "
                f"is already covered by {path} line {other}",
            )
        else:
            seed.covered_by[token.start] = owner
        claimed += 1
        index += 1
    if first > 0 and seed.tokens[first - 1].end > start:
        token = seed.tokens[first - 1]
        report.add(
            table.path,
            line,
            name,
            "token-split",
            f"{show(seed.text[start:end])} cuts {show(token.text)} in two",
        )
    elif claimed == 0:
        report.add(
            table.path, line, name, "no-numeric-token", f"{show(seed.text[start:end])} contains no number"
        )


def _claims_one_token_cleanly(seed: Seed, start: int, end: int) -> int | None:
    """The index of the one uncovered token exactly inside [start, end), if that is all there is."""
    tokens, first = seed.tokens, bisect_left(seed.starts, start)
    if first == len(tokens) or (first and tokens[first - 1].end > start):
        return None
    token = tokens[first]
    if token.end > end or (first + 1 < len(tokens) and tokens[first + 1].start < end):
        return None
    return None if token.start in seed.covered_by else first


@dataclass
class Located:
    """Where each located row's value_text (or text) is in its seed: row index -> (source_id,
    start, end), per table; and each readable seed's text by source_id."""

    texts: dict[str, str] = field(default_factory=dict)
    spans: dict[str, dict[int, tuple[str, int, int]]] = field(default_factory=dict)


def _locate_rows(
    table: TypedTable,
    span_field: str,
    seeds: dict[str, Seed],
    unlocated: set[str],
    report: Report,
    spans: dict[int, tuple[str, int, int]],
) -> None:
    """Locate each row's quote and span (kept in ``spans``); note sources with a row that could not
    be located."""
    columns, path, lines = table.columns, table.path, table.lines
    is_figure = span_field == "value_text"
    bad_rows = unreadable_rows(table)
    for row, (source_id, quote, occurrence, span_text) in enumerate(
        zip(columns["source_id"], columns["quote"], columns["occurrence"], columns[span_field], strict=True)
    ):
        if row in bad_rows or source_id not in seeds:
            continue
        seed, line = seeds[source_id], lines[row]
        positions = seed.positions(quote)
        if not positions:
            report.add(path, line, "quote", *_explain_missing_quote(seed, quote))
            unlocated.add(source_id)
            continue
        if not 1 <= occurrence <= len(positions):  # below 1 if the schema's minimum was dropped
            report.add(
                path,
                line,
                "occurrence",
                "occurrence-out-of-range",
                f"the quote occurs {len(positions)} time(s) in {seed.path}, "
                f"so occurrence {occurrence} does not exist (occurrences count from 1)",
            )
            unlocated.add(source_id)
            continue
        offset = quote.find(span_text)
        if offset == -1:
            report.add(path, line, span_field, "not-in-quote", f"{show(span_text)} is not inside the quote")
            unlocated.add(source_id)
            continue
        if is_figure:
            _check_value_text(Row(table, row), span_text, report)
        start = positions[occurrence - 1] + offset
        end = start + len(span_text)
        spans[row] = (source_id, start, end)
        clean = _claims_one_token_cleanly(seed, start, end)
        if clean is not None:
            seed.covered_by[seed.tokens[clean].start] = (path, line)
        else:
            _claim_span(seed, start, end, (path, line), table, line, span_field, report)


class ValueText(NamedTuple):
    """What a value_text rule sees besides its row: the figure's value_text and how it reads (or,
    if it cannot be read, why not). A named tuple: one is made for every figure, and a tuple is
    the quickest to make."""

    text: str
    parsed: ParsedNumber | None = None
    error: str = ""


def _read_value_text(text: str) -> ValueText:
    try:
        return ValueText(text, parse_value_text(text))
    except NumberPhraseError as error:
        return ValueText(text, error=str(error))


#: The rules a located figure's value_text is held to, in the order they report.
VALUE_TEXT_RULES: RuleSet[ValueText] = RuleSet("figures")


def _check_value_text(row: Row, text: str, report: Report) -> None:
    """value_text must parse, give the row's numbers and fit its unit and qualifier."""
    for finding in VALUE_TEXT_RULES.findings(row, _read_value_text(text)):
        add_finding(report, row, finding)


@VALUE_TEXT_RULES.rule("value-text-unparseable")
def value_text_unparseable(row: Row, value_text: ValueText) -> Iterator[Finding]:
    """value_text is a number phrase, written as the article writes it: the number, with its £,
    scale, per cent or "+", and nothing else.

    Bad: "131 suspects" (the words after the number copied too). Good: "131".
    Good: "80,000", "£1.2 million", "700 per cent", "550,000 – 850,000", "twenty-five", "14+".
    """
    if value_text.parsed is None:
        yield Finding("value-text-unparseable", "value_text", value_text.error)


def _values_match(parsed: ParsedNumber, value: Any, low: Any, high: Any) -> bool:
    """Whether the phrase gives the row's numbers. value_text gives the size, the sign of value
    the direction: "fell by 10 to 20 per cent" is -20 to -10. (A negative level is caught by the
    plausibility bounds, once.)"""
    if value is not None:
        value = abs(value)
    if low is not None and high is not None and low <= 0 and high <= 0:
        low, high = -high, -low
    if (parsed.value, parsed.low, parsed.high) == (value, low, high):
        return True
    for a, b in ((parsed.value, value), (parsed.low, low), (parsed.high, high)):
        if a is None or b is None:
            if a is not b:
                return False
        elif abs(a - b) > 1e-9 * max(1.0, abs(a)):
            return False
    return True


@VALUE_TEXT_RULES.rule("value-mismatch")
def value_mismatch(row: Row, value_text: ValueText) -> Iterator[Finding]:
    """value_text reads as the row's value (or value_low and value_high); the sign of value gives
    the direction ("fell by 10 per cent" is -10).

    Bad: value_text "6" for value 6000 (cut at the thousands comma). Good: "6,000".
    Bad: value_text "2.5 million" for value 250000. Good: value 2500000.
    """
    parsed = value_text.parsed
    if parsed is None:
        return
    numbers = (row["value"], row["value_low"], row["value_high"])
    if (parsed.value, parsed.low, parsed.high) != numbers and not _values_match(parsed, *numbers):
        stated = parsed.value if parsed.low is None else f"{parsed.low} to {parsed.high}"
        yield Finding(
            "value-mismatch",
            "value",
            f"{show(value_text.text)} reads as {stated}, which value/value_low/value_high do not give",
        )


@VALUE_TEXT_RULES.rule("value-text-unit")
def value_text_unit(row: Row, value_text: ValueText) -> Iterator[Finding]:
    """A value_text written as a percentage has unit percent; one written in pounds, unit GBP.

    Bad: value_text "£9,064" with unit people. Good: unit GBP.
    Bad: value_text "33 percent" with unit children. Good: unit percent.
    """
    parsed, unit = value_text.parsed, row["unit"]
    if parsed is None or unit is None:
        return
    if parsed.percent != (unit == "percent"):
        written = "is written as a percentage" if parsed.percent else "is not written as a percentage"
        yield Finding("value-text-unit", "unit", f"value_text {written} but unit is {unit}")
    elif (parsed.currency == "£") != (unit == "GBP"):
        written = "is written in pounds" if parsed.currency else "has no £ sign"
        yield Finding("value-text-unit", "unit", f"value_text {written} but unit is {unit}")


@VALUE_TEXT_RULES.rule("value-text-qualifier")
def value_text_qualifier(row: Row, value_text: ValueText) -> Iterator[Finding]:
    """A value_text that is a range has qualifier range (and only such a one); "N+" means at_least.

    Bad: value_text "200 to 300" with qualifier around. Good: qualifier range.
    Bad: value_text "14+" with qualifier exact. Good: qualifier at_least.
    """
    parsed, qualifier = value_text.parsed, row["qualifier"]
    if parsed is None:
        return
    if qualifier is not None and parsed.is_range != (qualifier == "range"):
        written = "is a range" if parsed.is_range else "is not a range"
        yield Finding(
            "value-text-qualifier", "qualifier", f"value_text {written} but qualifier is {qualifier}"
        )
    elif parsed.open_ended and qualifier != "at_least":
        yield Finding("value-text-qualifier", "qualifier", f"'N+' means at_least, not {qualifier}")


def check_provenance(package_dir: Path, tables: dict[str, TypedTable], report: Report) -> Located:
    """Check seeds, quotes, value_text and that every numeric token is covered exactly once;
    return where each located row is, for the layers that read the words around it."""
    located = Located()
    sources = tables.get("sources")
    if sources is None:
        return located
    seeds = _load_seeds(package_dir, sources, report)
    located.texts = {source_id: seed.text for source_id, seed in seeds.items()}
    _check_unlisted_seeds(package_dir, sources, report)
    figures, exclusions = tables.get("figures"), tables.get("exclusions")
    unlocated: set[str] = set()
    for name, table, span_field in (("figures", figures, "value_text"), ("exclusions", exclusions, "text")):
        if table is not None:
            _locate_rows(table, span_field, seeds, unlocated, report, located.spans.setdefault(name, {}))
    if figures is not None and exclusions is not None:
        _check_coverage(seeds, figures, exclusions, unlocated, report)
    return located


def _check_coverage(
    seeds: dict[str, Seed], figures: TypedTable, exclusions: TypedTable, unlocated: set[str], report: Report
) -> None:
    """Every numeric token of every seed is covered, where coverage can be judged."""
    if figures.dropped or exclusions.dropped:
        return  # a row could not be read, and it may have covered any seed's tokens
    unchecked = unlocated | {
        table.columns["source_id"][row] for table in (figures, exclusions) for row in unreadable_rows(table)
    }
    if unchecked - set(seeds):
        return  # a row names no known source, so it may have been meant to cover any seed
    for source_id, seed in seeds.items():
        if source_id in unchecked:
            continue  # a row of this source could not be located, so coverage would mislead
        for token in seed.tokens:
            if token.start not in seed.covered_by:
                context = seed.text[max(0, token.start - 30) : token.end + 30]
                report.add(
                    seed.path,
                    seed.line_of(token.start),
                    None,
                    "token-uncovered",
                    f"{show(token.text)} (in {show(context)}) is covered by no figure or exclusion",
                )
