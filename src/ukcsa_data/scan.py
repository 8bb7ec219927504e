"""Draft rows for the numbers of a seed that no row covers yet (``ukcsa-data scan``).

Each uncovered number becomes a draft figure row, its fields filled from the same reading of the
words that the validator's word checks use (:mod:`ukcsa_data.reading`), and left empty where the
words are silent or ambiguous; a date, a period, a clock time ("10:30am": ``time``), a telephone
number, reference or address ("0800 1111", "call 999": ``contact``), a name ("Covid 19") or
boilerplate (a labelled link to another story) becomes a draft exclusion. A range is one row
("20 to 30", "between 5 and 10"; "from 14,260 to 17,022" is two levels), an age a figure in years
("a four-year-old"), and a number written twice in a sentence gets a quote in which it is the
first occurrence. The contributor then fills ``measure``, ``kind`` and ``statistic_id`` and checks
every field.

Where the words do not settle whether a number is a figure or an exclusion ("999 calls", "on 101
occasions", "One officer"), it is drafted as a figure: a wrong figure is seen and reviewed, where
a wrong exclusion would hide a number the article reports.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from ukcsa_data.core import limits
from ukcsa_data.core.contract import CONTRACT
from ukcsa_data.core.csv_dialect import csv_text
from ukcsa_data.core.package_edits import PackageError
from ukcsa_data.core.safe_paths import read_package_file
from ukcsa_data.core.safe_write import append_file
from ukcsa_data.core.writer import format_number
from ukcsa_data.reading import read_mention
from ukcsa_data.reading.ages import age_unit
from ukcsa_data.reading.contacts import clock_time, contact
from ukcsa_data.reading.exclusions import (
    is_boilerplate,
    is_count_after_place,
    is_date,
    is_name,
    is_period,
    name_start,
)
from ukcsa_data.reading.period import reliable_publication
from ukcsa_data.reading.units import unit_after
from ukcsa_data.rehash import rehash
from ukcsa_data.text import plain
from ukcsa_data.text.number_phrases import NumberPhraseError, ParsedNumber, parse_value_text
from ukcsa_data.text.tokens import Token, numerals_in, numeric_tokens
from ukcsa_data.validation.l5_provenance.quote_index import find_all

MAX_QUOTE = 300
_NUMERIC_DATE = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?![0-9])|[0-9]{1,2}/[0-9]{1,2}/(?:[0-9]{4}|[0-9]{2})(?![0-9])"
)
_FINANCIAL_YEAR = re.compile(r"(?:19|20)[0-9]{2}[/\-\u2013](?:(?:19|20)[0-9]{2}|[0-9]{2})(?![0-9])")
#: Words that make a year part of a period: "since 2002", "between 2016 and 2018", "From 2015 onwards".
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_YEAR_PERIOD_BEFORE = re.compile(
    rf"(?:\b(?:since|between|from|until|till)|\bbetween[\s\u00a0]+(?:{_MONTH}[\s\u00a0]+)?(?:19|20)[0-9]{{2}}"
    rf"[\s\u00a0]+and)[\s\u00a0]+(?:{_MONTH}[\s\u00a0]+)?$",
    re.IGNORECASE,
)
_ONWARDS = re.compile(r"[\s\u00a0]+onwards?\b", re.IGNORECASE)
#: "for 18 months", "jailed for 31 years": a duration that is the figure, not a reference period.
_FOR = re.compile(r"\bfor[\s\u00a0]+$", re.IGNORECASE)
_A_YEAR = re.compile(r"(?:19|20)[0-9]{2}")
#: Words that lead into a period ("in the last five years", "a single month", "the 12 months to
#: March"); a count of hours or years without them is a duration the article reports ("spent 150
#: hours", "two weeks and 30 days"), drafted as a figure.
_PERIOD_LEAD = re.compile(
    r"\b(?:in|over|during|within|across|throughout|since|past|last|previous|recent|next|first|single|just"
    r"|each|every|per|the|a)[\s\u00a0]+(?:[A-Za-z]+[\s\u00a0]+){0,2}$",
    re.IGNORECASE,
)
#: Plural number words that state an amount only vaguely: drafted as a figure without a value.
_VAGUE = re.compile(
    r"(?:tens|hundreds|thousands|millions|billions|dozens)(?:[\s\u00a0]+of[\s\u00a0]+(?:thousands|millions))?\b",
    re.IGNORECASE,
)
_JOINER = re.compile(r"[\s\u00a0\u202f]*(?:[-\u2013\u2014,]|to|and)?[\s\u00a0\u202f]*", re.IGNORECASE)
#: "between" right before the first number of a range ("between 5 and 10").
_BETWEEN = re.compile(r"\bbetween[\s\u00a0\u202f]+$", re.IGNORECASE)
#: "from" right before a number: "from 14,260 to 17,022" states two levels, not a range.
_FROM = re.compile(r"\bfrom[\s\u00a0\u202f]+$", re.IGNORECASE)
_TO = re.compile(r"[\s\u00a0\u202f]to[\s\u00a0\u202f]", re.IGNORECASE)
#: What may follow the first number of a ratio or a multiple ("one in five", "1 in every 35", "three
#: times", "one every seven minutes"): tried whole, and kept where the number phrase parser reads it.
_RATIO = re.compile(
    r"[\s\u00a0]+(?:in[\s\u00a0]+(?:every[\s\u00a0]+)?[0-9A-Za-z,]+|times\b"
    r"|every[\s\u00a0]+[0-9A-Za-z,]+[\s\u00a0]+(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?)\b)",
    re.IGNORECASE,
)
_SUFFIX = re.compile(r"[\s\u00a0\u202f]*(?:per[\s\u00a0\u202f]*cent|percent|%)|\+|(?:m|bn|k)\b")
NOTE = "Drafted by ukcsa-data scan: fill measure, kind and statistic_id, and check every field."


class ScanError(PackageError):
    """The seed or package cannot be scanned (exit code 2)."""


@dataclass
class Drafts:
    """Draft rows, as lists of cells in the contract's column order."""

    figures: list[list[str]] = field(default_factory=list)
    exclusions: list[list[str]] = field(default_factory=list)


def _read(root: Path, relative: str, limit: int) -> bytes | None:
    """A package file's bytes, opened without following links (None if it does not exist)."""
    read = read_package_file(root, relative, limit)
    if isinstance(read, bytes):
        return read
    if read[0] == "missing-file":
        return None
    raise ScanError(f"cannot read {relative}: {read[1]}")


def _read_rows(root: Path, relative: str) -> list[dict[str, str]]:
    data = _read(root, relative, limits.active().csv_bytes)
    if data is None:
        return []
    return list(csv.DictReader(io.StringIO(data.decode("utf-8", errors="replace"), newline="")))


def _covered(text: str, rows: list[dict[str, str]], span_field: str) -> list[tuple[int, int]]:
    """The spans of ``text`` that the rows' value_text (or text) cover, where they can be located."""
    spans = []
    for row in rows:
        positions = find_all(text, row.get("quote", ""))
        try:
            at = positions[int(row.get("occurrence", "")) - 1]
        except (ValueError, IndexError):
            continue
        offset = row["quote"].find(row.get(span_field, ""))
        if offset != -1 and row.get(span_field):
            spans.append((at + offset, at + offset + len(row[span_field])))
    return spans


def _parsed(text: str, start: int, stop: int) -> ParsedNumber | None:
    """``text[start:stop]`` read as one figure, or None: a range only if its bounds rise ("10 to
    5" and "one to one" are not ranges) and it is not "from X to Y" (two levels)."""
    try:
        parsed = parse_value_text(text[start:stop])
    except NumberPhraseError:
        return None
    if parsed.is_range and (
        parsed.low is None
        or parsed.high is None
        or parsed.low >= parsed.high
        or (_TO.search(text, start, stop) and _FROM.search(text, max(0, start - 8), start))
    ):
        return None
    return parsed


def _phrase(text: str, tokens: list[Token], index: int) -> tuple[int, int, ParsedNumber | None]:
    """The longest number phrase starting at token ``index``: a range ("550,000 – 850,000", "5 to
    10", "between 5 and 10", written with its "between"), "£600,000", "700 per cent"."""
    token = tokens[index]
    start = token.start - 1 if token.start and text[token.start - 1] == "£" else token.start
    between = _BETWEEN.search(text, max(0, start - 16), start)
    best: tuple[int, int, ParsedNumber | None] = (token.start, token.end, None)
    for last in range(index, min(index + 4, len(tokens))):
        if last > index:
            joiner = _JOINER.fullmatch(text, tokens[last - 1].end, tokens[last].start)
            if joiner is None:
                break
        end = tokens[last].end
        suffix = _SUFFIX.match(text, end)
        begins = (between.start(), start) if between and last > index else (start,)
        for stop in (suffix.end(), end) if suffix else (end,):
            found = next(((b, p) for b in begins if (p := _parsed(text, b, stop)) is not None), None)
            if found is None:
                continue
            begin, parsed = found
            if stop - begin > best[1] - best[0] or best[2] is None:
                best = (begin, stop, parsed)
            break
    ratio = _RATIO.match(text, token.end)
    whole = _parsed(text, start, ratio.end()) if ratio is not None else None
    if ratio is not None and whole is not None:
        best = (start, ratio.end(), whole)
    return best


def _quote(text: str, start: int, end: int) -> tuple[str, int]:
    """A quote for the figure at ``start:end``: its sentence, cut to a window if long, and the
    occurrence of that quote meant."""
    sentence = read_mention(text, start, end).sentence
    begin, stop = sentence.start, sentence.end
    if stop - begin > MAX_QUOTE:
        begin = max(begin, text.rfind(" ", begin, max(begin, start - MAX_QUOTE // 2)) + 1)
        found = text.find(" ", min(end + MAX_QUOTE // 2, stop), stop)
        stop = found if found != -1 else stop
    begin = _past_earlier(text, begin, start, end)
    while begin < start and text[begin].isspace():
        begin += 1
    while stop > end and text[stop - 1].isspace():
        stop -= 1
    quote = text[begin:stop]
    occurrence = find_all(text, quote).index(begin) + 1
    return quote, occurrence


def _past_earlier(text: str, begin: int, start: int, end: int) -> int:
    """A start for a quote of the number at ``start:end`` no earlier than ``begin`` from which that
    number is the first occurrence of its words ("150 arrests and 50 charges": a quote for the second
    "50" starts after "150"), since a row's value_text means its first occurrence in the quote."""
    earlier = text.rfind(text[start:end], begin, start + (end - start) - 1)
    if earlier == -1:
        return begin
    space = next((i for i in range(earlier + 1, start) if text[i].isspace()), start)
    return min(space + 1, start)


def _number(value: float | None, exact: Decimal | None) -> str:
    """A drafted number as its cell writes it: exactly, from the phrase's decimal when it has one."""
    if exact is not None:
        return plain.number(exact)
    return "" if value is None else format_number(value)


def _unit_enum(root: Path) -> frozenset[str]:
    """The units of the package (its units table, dataset/units.csv)."""
    return frozenset(row["unit"] for row in _read_rows(root, "dataset/units.csv") if row.get("unit"))


def _unit(text: str, span: tuple[int, int], marked: str | None, units: frozenset[str]) -> str:
    """The unit a marker states, an age in years ("a four-year-old", "aged 12"), or the unit noun
    written right after the number ("200 raids")."""
    if marked:
        return marked
    age = age_unit(text, *span)
    unit = ("age_years" if age == "years" else None) if age else unit_after(text, span[1])
    return unit if unit in units else ""


def _published(source: dict[str, str]) -> date | None:
    """The source row's publication date to read relative periods by ("last year"), or None."""
    try:
        published = date.fromisoformat(source.get("published_date") or "")
    except ValueError:
        return None
    return reliable_publication(published, source.get("date_basis") == "inferred")


def _figure(
    text: str,
    span: tuple[int, int],
    parsed: ParsedNumber,
    source_id: str,
    number: int,
    units: frozenset[str],
    published: date | None = None,
) -> list[str]:
    start, end = span
    reading = read_mention(text, start, end, published=published)
    quote, occurrence = _quote(text, start, end)
    markers = reading.markers
    unit = "percent" if markers.percent else markers.currency if markers.currency in units else None
    unit = (
        "one_in" if parsed.ratio else "times" if parsed.multiple else "fraction" if parsed.fraction else unit
    )
    drafted_unit = _unit(text, span, unit, units)
    age = drafted_unit == "age_years"  # an age ("aged 18 to 74") has no period or area of its own
    period = reading.period.value if not age else None
    row = {
        "figure_id": f"fig-{number:04d}",
        "source_id": source_id,
        "quote": quote,
        "occurrence": str(occurrence),
        "value_text": text[start:end],
        "value": _number(parsed.value, parsed.exact[0]),
        "value_low": _number(parsed.low, parsed.exact[1]),
        "value_high": _number(parsed.high, parsed.exact[2]),
        "qualifier": reading.qualifier.value or "",
        "unit": drafted_unit,
        "per": reading.rate.value or "",
        "measure_type": reading.change.value or "",
        "geography": (reading.geography.value or "") if not age else "",
        "period_start": str(period[0]) if period else "",
        "period_end": str(period[1]) if period else "",
        "notes": NOTE,
    }
    return [row.get(column, "") for column in CONTRACT["figures"]]


def _reason(text: str, start: int, end: int) -> str | None:
    """``date`` or ``period`` for the number at ``start:end``, or None if it is neither. A year is a
    period where it belongs to a period expression in a segment that holds another number, whose
    period it states ("In a single month in 2021, there were over 400,000"); a date otherwise
    ("In 2020 the NCA warned of a spike"), unless "since", "between", "from", "until" or "onwards"
    makes it a bound of a period ("since 2002"). A count of years, months or days right after "for"
    is a duration the article reports ("jailed for 31 years", "for 18 months"), and so is one
    without words that lead into a period ("spent 150 hours"): a figure."""
    if not is_date(text, start, end):
        if not is_period(text, start, end):
            return None
        duration = not _A_YEAR.fullmatch(text[start:end]) and not _FINANCIAL_YEAR.match(text, start)
        if duration and (
            _FOR.search(text, max(0, start - 8), start)
            or not _PERIOD_LEAD.search(text, max(0, start - 40), start)
        ):
            return None
        return "period"
    if is_period(text, start, end) and (
        _YEAR_PERIOD_BEFORE.search(text, max(0, start - 40), start) or _ONWARDS.match(text, end)
    ):
        return "period"
    reading = read_mention(text, start, end)
    period, segment = reading.period, reading.segment
    others = [
        t
        for t in numeric_tokens(text[segment.start : segment.end])
        if t.start + segment.start != start
        and not _not_a_figure(text, t.start + segment.start, t.end + segment.start)
    ]
    stated = period.value is not None and period.start <= start < period.end
    return "period" if stated and others else "date"


def _not_a_figure(text: str, start: int, end: int) -> bool:
    """Whether the token at ``start:end`` is a date, a clock time or a contact, whatever else the
    sentence says (so a dateline's numbers do not make its year a period)."""
    return (
        clock_time(text, start) is not None or contact(text, start) is not None or is_date(text, start, end)
    )


def _exclusion(text: str, token: Token, source_id: str) -> tuple[int, list[str]] | None:
    """A draft exclusion starting at ``token`` (a date, a clock time, a telephone number or other
    contact, a period, a name, boilerplate), and where it ends."""
    start, end = token.start, token.end
    match = _NUMERIC_DATE.match(text, start) or _FINANCIAL_YEAR.match(text, start)
    name = name_start(text, start, end)
    if match is not None:
        end, reason = match.end(), "date" if match.re is _NUMERIC_DATE else "period"
    elif (clock := clock_time(text, start)) is not None:
        end, reason = clock, "time"
    elif (reached := contact(text, start)) is not None:
        (start, end), reason = reached, "contact"
    elif (found := _reason(text, start, end)) is not None:
        reason = found
    elif is_boilerplate(text, start, end):
        reason = "boilerplate"
    elif name is not None and is_name(text, name, end) and not is_count_after_place(text, name, end):
        start, reason = name, "name"
    else:
        return None
    quote, occurrence = _quote(text, start, end)
    return end, [source_id, text[start:end], quote, str(occurrence), reason]


def _next_number(rows: list[dict[str, str]]) -> int:
    numbers = [int(r["figure_id"][4:]) for r in rows if re.fullmatch(r"fig-[0-9]+", r.get("figure_id", ""))]
    return max(numbers, default=0) + 1


def _seed_source(package_dir: Path, seed_file: Path) -> tuple[str, dict[str, str]]:
    """The path of ``seed_file`` in the package and its row of dataset/sources.csv."""
    root = package_dir.resolve()
    try:
        relative = seed_file.resolve().relative_to(root).as_posix()
    except ValueError:
        raise ScanError(f"{seed_file} is not inside the package {package_dir}") from None
    sources = [r for r in _read_rows(root, "dataset/sources.csv") if r.get("seed_file") == relative]
    if not sources:
        raise ScanError(f"no row of dataset/sources.csv names {relative}: run 'ukcsa-data add-source' first")
    return relative, sources[0]


def _seed_text(root: Path, relative: str) -> str:
    try:
        return (_read(root, relative, limits.active().seed_bytes) or b"").decode("utf-8")
    except UnicodeDecodeError as error:
        raise ScanError(f"cannot read {relative} as UTF-8 text: {error}") from None


def draft_rows(package_dir: Path, seed_file: Path) -> tuple[str, Drafts]:
    """The source_id of ``seed_file`` and draft rows for its uncovered numbers."""
    root = package_dir.resolve()
    relative, source = _seed_source(package_dir, seed_file)
    source_id, text = source["source_id"], _seed_text(root, relative)
    figures = _read_rows(root, "dataset/figures.csv")
    exclusions = _read_rows(root, "dataset/exclusions.csv")
    own = [r for r in figures if r.get("source_id") == source_id]
    covered = _covered(text, own, "value_text") + _covered(
        text, [r for r in exclusions if r.get("source_id") == source_id], "text"
    )
    tokens = [t for t in numeric_tokens(text) if not any(a <= t.start < b for a, b in covered)]
    number, units, published = _next_number(figures), _unit_enum(root), _published(source)
    return source_id, _drafts(
        text,
        tokens,
        lambda span, parsed, n: _figure(text, span, parsed, source_id, n, units, published),
        number,
        source_id,
    )


def _drafts(
    text: str,
    tokens: list[Token],
    figure: Callable[[tuple[int, int], ParsedNumber, int], list[str]],
    number: int,
    source_id: str,
) -> Drafts:
    """A draft row for each of ``tokens`` (those no row covers), in order: an exclusion where
    :func:`_exclusion` finds one, else a figure (``figure``, numbered from ``number``) where the
    words read as a number phrase; a token inside the phrase of the one before is skipped."""
    drafts = Drafts()
    index = 0
    while index < len(tokens):
        token = tokens[index]
        excluded = _exclusion(text, token, source_id)
        if excluded is not None:
            end, row = excluded
            drafts.exclusions.append(row)
        else:
            start, end, parsed = _phrase(text, tokens, index)
            vague = _VAGUE.match(text, token.start) if parsed is None else None
            if vague is not None:  # "hundreds of": a figure the contributor reads a value into
                start, end, parsed = token.start, vague.end(), ParsedNumber(None)
            elif parsed is None and numerals_in(token.text):  # "2½", "Ⅻ": the contributor decides
                start, end, parsed = token.start, token.end, ParsedNumber(None)
            if parsed is not None:
                drafts.figures.append(figure((start, end), parsed, number))
                number += 1
        index += 1
        while index < len(tokens) and tokens[index].start < end:
            index += 1
    return drafts


def _append(root: Path, relative: str, rows: list[list[str]]) -> None:
    """Append ``rows`` to the package's CSV ``relative`` in the package dialect (its last line ends
    in LF). The file is checked and opened without following links: nothing outside is written."""
    data = _read(root, relative, limits.active().csv_bytes)
    if data is None:
        raise ScanError(f"{relative} does not exist")
    if data and not data.endswith(b"\n"):
        raise ScanError(f"{relative} does not end with a line break; fix it before appending")
    append_file(root, relative, csv_text(rows).encode("utf-8"))


def scan(package_dir: Path, seed_file: Path, *, write: bool = False) -> list[str]:
    """The lines ``ukcsa-data scan`` prints: the drafts as CSV (none for a covered seed), or, with
    ``write``, what was appended to the package."""
    _, drafts = draft_rows(package_dir, seed_file)
    tables = [
        (name, rows)
        for name, rows in (("figures", drafts.figures), ("exclusions", drafts.exclusions))
        if rows
    ]
    if not write:
        return [f"# dataset/{name}.csv\n{csv_text([list(CONTRACT[name]), *rows])}" for name, rows in tables]
    lines = []
    for name, rows in tables:
        _append(package_dir, f"dataset/{name}.csv", rows)
        lines.append(f"appended {len(rows)} draft row(s) to dataset/{name}.csv")
    if tables:
        changed = rehash(package_dir)
        lines += [f"{u.resource}: {u.field} {u.old} -> {u.new}" for u in changed]
        lines.append("next: fill measure, kind and statistic_id, check every drafted field, then validate")
    return lines
