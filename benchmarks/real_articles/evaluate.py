"""Evaluate the reading, the word checks and ``scan`` on real articles (issue 15, part 5).

The article texts are third-party and never committed: they are read from ``--texts`` (one
``<article_id>.txt`` per article), and checked against the SHA-256 that each answer key records.
The answer keys (``key/<article_id>.json``, facts only: offsets, values, fields) say, for every
numeric token of an article, whether it is a figure (and each field) or an exclusion (and why).

Three measurements, each per article and in total:

1. **scan**: the kind (figure or exclusion) ``scan`` drafts for each numeric token, against the
   key, and per field, for the tokens both call a figure, whether the draft agrees, leaves the
   field empty (the words are silent) or states something else (wrong);
2. **the correct contribution**: the key's rows added to the package validate with no error
   (warnings are listed);
3. **planted mistakes**: one field of one row changed so that it contradicts the words (only
   fields the key marks as stated by the words, plus value and exclusion-reason mistakes); a
   mistake is caught when validation reports an error on that row's line.

Run from a checkout, with the project importable (``PYTHONPATH=src`` or an install)::

    python benchmarks/real_articles/evaluate.py --texts /path/to/texts [--keys DIR] [--markdown]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import re
import shutil
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO / "src"))

from ukcsa_data.add_source import NewSource, add_source  # noqa: E402
from ukcsa_data.core.contract import CONTRACT  # noqa: E402
from ukcsa_data.core.writer import format_number  # noqa: E402
from ukcsa_data.rehash import rehash  # noqa: E402
from ukcsa_data.scan import draft_rows  # noqa: E402
from ukcsa_data.text.tokens import numeric_tokens  # noqa: E402
from ukcsa_data.validation.l5_provenance.quote_index import find_all  # noqa: E402
from ukcsa_data.validation.runner import validate_package  # noqa: E402

#: The fields scan drafts from the words, compared with the key.
DRAFTED_FIELDS = (
    "value",
    "value_low",
    "value_high",
    "qualifier",
    "unit",
    "per",
    "measure_type",
    "geography",
    "period_start",
    "period_end",
)
PACKAGE_PARTS = ("datapackage.json", "schemas", "dataset", "seeds")


class KeyError_(Exception):
    """An answer key that does not fit its text."""


@dataclass
class Article:
    """One article: its text, its metadata and the rows of its key (cells by column name)."""

    article_id: str
    meta: dict[str, Any]
    text: str
    figures: list[dict[str, Any]]
    exclusions: list[dict[str, Any]]
    seed_file: str = ""
    source_id: str = ""


def _load(keys: Path, texts: Path) -> list[Article]:
    articles = []
    for path in sorted(keys.glob("*.json")):
        key = json.loads(path.read_text(encoding="utf-8"))
        meta = key["article"]
        data = (texts / f"{meta['article_id']}.txt").read_bytes()
        if hashlib.sha256(data).hexdigest() != meta["sha256"]:
            raise KeyError_(f"{path.name}: the text's sha256 differs from the key's")
        articles.append(
            Article(meta["article_id"], meta, data.decode("utf-8"), key["figures"], key["exclusions"])
        )
    return articles


def _spans(article: Article) -> dict[tuple[int, int], tuple[str, dict[str, Any]]]:
    spans: dict[tuple[int, int], tuple[str, dict[str, Any]]] = {}
    for row in article.figures:
        spans[(row["value_start"], row["value_end"])] = ("figure", row)
    for row in article.exclusions:
        spans[(row["text_start"], row["text_end"])] = ("exclusion", row)
    return spans


def key_kinds(article: Article) -> dict[int, str]:
    """Token start -> the kind the key gives it ("figure" or "exclusion"); every token must be
    covered by exactly one row."""
    rows = [("figure", r["value_start"], r["value_end"]) for r in article.figures]
    rows += [("exclusion", r["text_start"], r["text_end"]) for r in article.exclusions]
    kinds = {}
    for token in numeric_tokens(article.text):
        covering = [kind for kind, a, b in rows if a <= token.start < b]
        if len(covering) != 1:
            where = f"{article.article_id}: token {token.text!r} at {token.start}"
            raise KeyError_(f"{where} is covered {len(covering)} times, not once")
        kinds[token.start] = covering[0]
    return kinds


# --- building packages -------------------------------------------------------------------------


def _copy_package(target: Path) -> None:
    target.mkdir(parents=True)
    for part in PACKAGE_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        else:
            shutil.copy2(source, target / part)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return format_number(float(value))
    return str(value)


def _quote(article: Article, row: dict[str, Any], start_key: str, end_key: str) -> tuple[str, int, str]:
    text = article.text
    quote = text[row["quote_start"] : row["quote_end"]]
    written = text[row[start_key] : row[end_key]]
    if quote.find(written) != row[start_key] - row["quote_start"]:
        where = f"{article.article_id}: {written!r} at {row[start_key]}"
        raise KeyError_(f"{where} is not the first occurrence in its quote")
    occurrence = find_all(text, quote).index(row["quote_start"]) + 1
    return quote, occurrence, written


def figure_cells(article: Article, row: dict[str, Any], figure_id: str) -> dict[str, str]:
    quote, occurrence, written = _quote(article, row, "value_start", "value_end")
    cells = {name: _cell(row.get(name)) for name in CONTRACT["figures"]}
    cells.update(
        figure_id=figure_id,
        source_id=article.source_id,
        quote=quote,
        occurrence=str(occurrence),
        value_text=written,
    )
    return cells


def exclusion_cells(article: Article, row: dict[str, Any]) -> dict[str, str]:
    quote, occurrence, written = _quote(article, row, "text_start", "text_end")
    return {
        "source_id": article.source_id,
        "text": written,
        "quote": quote,
        "occurrence": str(occurrence),
        "reason": row["reason"],
    }


def _csv_line(cells: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    return buffer.getvalue()


def _append(path: Path, table: str, rows: list[dict[str, str]]) -> dict[int, dict[str, str]]:
    """Append ``rows`` to the CSV; return the line each record starts on -> row."""
    line = path.read_bytes().count(b"\n") + 1
    placed, written = {}, []
    for row in rows:
        record = _csv_line([row.get(column, "") for column in CONTRACT[table]])
        placed[line] = row
        written.append(record)
        line += record.count("\n")
    with path.open("a", encoding="utf-8", newline="") as handle:
        handle.write("".join(written))
    return placed


def _next_figure_number(root: Path) -> int:
    with (root / "dataset" / "figures.csv").open(encoding="utf-8", newline="") as handle:
        numbers = [int(r["figure_id"][4:]) for r in csv.DictReader(handle)]
    return max(numbers, default=0) + 1


def build_base(root: Path, articles: list[Article]) -> None:
    """The repository's package with every article added as a source (no figure rows yet)."""
    _copy_package(root)
    for number, article in enumerate(articles, start=900):
        seed = f"seeds/{number}_{article.article_id}.txt"
        (root / seed).write_text(article.text, encoding="utf-8", newline="")
        meta = article.meta
        added = add_source(
            root,
            NewSource(
                seed_file=str(root / seed),
                publisher=meta["publisher"],
                title=meta["title"],
                published_date=meta["published_date"],
                date_basis=meta["date_basis"],
                url=meta.get("url") or "",
                source_id=f"eval-{article.article_id}"[:64].rstrip("-"),
                notes="An article of the real-article evaluation (not shipped).",
            ),
        )
        article.seed_file = seed
        article.source_id = next(csv.reader([added.csv_line]))[0]


@dataclass
class Placed:
    """Where each key row landed: (table, line) -> (article, key row)."""

    rows: dict[tuple[str, int], tuple[Article, dict[str, Any], dict[str, str]]] = field(default_factory=dict)


def add_key_rows(root: Path, articles: list[Article]) -> Placed:
    placed = Placed()
    number = _next_figure_number(root)
    figure_rows, exclusion_rows, owners = [], [], []
    for article in articles:
        for row in article.figures:
            figure_rows.append(figure_cells(article, row, f"fig-{number:04d}"))
            owners.append(("figures", article, row))
            number += 1
    for article in articles:
        for row in article.exclusions:
            exclusion_rows.append(exclusion_cells(article, row))
            owners.append(("exclusions", article, row))
    lines = list(_append(root / "dataset" / "figures.csv", "figures", figure_rows).items())
    lines += list(_append(root / "dataset" / "exclusions.csv", "exclusions", exclusion_rows).items())
    for (line, cells), (table, article, row) in zip(lines, owners, strict=True):
        placed.rows[(table, line)] = (article, row, cells)
    rehash(root)
    return placed


# --- 1. scan -----------------------------------------------------------------------------------

Spans = dict[tuple[int, int], tuple[str, dict[str, Any]]]


@dataclass
class ScanScore:
    """Tokens, how many scan drafted as the right kind, and per (field, verdict) counts."""

    tokens: int = 0
    right_kind: int = 0
    fields: Counter[tuple[str, str]] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)

    def add(self, other: ScanScore) -> None:
        self.tokens += other.tokens
        self.right_kind += other.right_kind
        self.fields.update(other.fields)
        self.misses += other.misses

    def verdicts(self) -> Counter[str]:
        counted: Counter[str] = Counter()
        for (_, verdict), count in self.fields.items():
            counted[verdict] += count
        return counted


def _at(text: str, row: dict[str, str], written: str) -> int:
    return find_all(text, row["quote"])[int(row["occurrence"]) - 1] + row["quote"].find(row[written])


def _draft_spans(article: Article, drafts: Any) -> Spans:
    spans: Spans = {}
    for cells in drafts.figures:
        row = dict(zip(CONTRACT["figures"], cells, strict=True))
        at = _at(article.text, row, "value_text")
        spans[(at, at + len(row["value_text"]))] = ("figure", row)
    for cells in drafts.exclusions:
        row = dict(zip(CONTRACT["exclusions"], cells, strict=True))
        at = _at(article.text, row, "text")
        spans[(at, at + len(row["text"]))] = ("exclusion", row)
    return spans


def _covering(spans: Spans, start: int) -> tuple[str, dict[str, Any], tuple[int, int]] | None:
    return next(
        ((kind, row, span) for span, (kind, row) in spans.items() if span[0] <= start < span[1]), None
    )


def _same(field_name: str, drafted: str, expected: Any) -> bool:
    if field_name.startswith("value") and drafted and expected is not None:
        return abs(float(drafted) - float(expected)) < 1e-9 * max(1.0, abs(float(expected)))
    return drafted == _cell(expected)


def _verdict(field_name: str, drafted: str, expected: Any) -> str:
    if _same(field_name, drafted, expected):
        return "agree"
    return "empty" if not drafted else "wrong"


def score_scan(root: Path, article: Article) -> ScanScore:
    """Draft the article's rows with scan and compare them with its key."""
    score = ScanScore()
    _, drafts = draft_rows(root, root / article.seed_file)
    drafted, key = _draft_spans(article, drafts), _spans(article)
    for token in numeric_tokens(article.text):
        score.tokens += 1
        expected, found = _covering(key, token.start), _covering(drafted, token.start)
        assert expected is not None  # key_kinds checked every token
        got = found[0] if found else "none"
        where = f"{article.article_id}@{token.start} {token.text!r}"
        if got != expected[0]:
            score.misses.append(f"{where}: key {expected[0]}, scan {got}")
            continue
        score.right_kind += 1
        if found is None or got != "figure" or found[2] != expected[2] or token.start != expected[2][0]:
            continue
        for name in DRAFTED_FIELDS:
            value = found[1].get(name, "")
            verdict = _verdict(name, value, expected[1].get(name))
            score.fields[(name, verdict)] += 1
            if verdict == "wrong":
                score.misses.append(f"{where} {name}: key {_cell(expected[1].get(name))!r}, scan {value!r}")
    return score


# --- 2. the correct contribution ---------------------------------------------------------------


def row_problems(report: Any, placed: Placed) -> tuple[dict[str, Counter[str]], list[Any]]:
    """Per article, problems by severity on its rows; and the errors on no evaluated row."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    elsewhere = []
    for problem in report.problems:
        owner = placed.rows.get((Path(problem.path).stem, problem.line or 0))
        if owner is not None:
            counts[owner[0].article_id][problem.severity] += 1
        elif problem.severity == "error":
            elsewhere.append(problem)
    return counts, elsewhere


# --- 3. planted mistakes -----------------------------------------------------------------------

OTHER_QUALIFIER = {
    "exact": "at_least",
    "at_least": "exact",
    "more_than": "exact",
    "up_to": "exact",
    "under": "exact",
    "around": "exact",
    "almost": "exact",
}
OTHER_PER = {"": "month", "day": "year", "week": "month", "month": "year", "year": "month"}
OTHER_REASON = {"date": "name", "period": "name", "name": "date", "boilerplate": "date"}


@dataclass(frozen=True)
class Mistake:
    """One planted mistake: which row, which field, the wrong cell values."""

    table: str
    line: int
    field: str
    changes: dict[str, str]
    move_to_exclusions: str | None = None  # a figure recorded as an exclusion with this reason


def _shift_year(value: str) -> str:
    day = date.fromisoformat(value)
    return str(day.replace(year=day.year - 1))


def _figure_mistakes(stated: set[str], cells: dict[str, str]) -> Iterator[tuple[str, dict[str, str]]]:
    """(field, wrong cells) for each mistake a figure row can carry that its words contradict."""
    if "qualifier" in stated and cells["qualifier"] in OTHER_QUALIFIER:
        yield "qualifier", {"qualifier": OTHER_QUALIFIER[cells["qualifier"]]}
    if "unit" in stated:
        yield "unit", {"unit": "cases" if cells["unit"] != "cases" else "offences"}
    if "per" in stated:
        yield "per", {"per": OTHER_PER[cells["per"]]}
    if "measure_type" in stated:
        yield "measure_type", {"measure_type": "level" if cells["measure_type"] == "change" else "change"}
    if "geography" in stated and cells["geography"]:
        other = "England and Wales" if cells["geography"] != "England and Wales" else "Scotland"
        yield "geography", {"geography": other}
    if "period_start" in stated and cells["period_start"] and cells["period_end"]:
        start, end = _shift_year(cells["period_start"]), _shift_year(cells["period_end"])
        yield "period", {"period_start": start, "period_end": end}
    if cells["measure_type"] == "change" and cells["value"] not in ("", "0"):
        yield "sign", {"value": format_number(-float(cells["value"]))}
    if cells["value"] and cells["value"] != "0":
        yield "value", {"value": format_number(float(cells["value"]) * 10)}


def plant(placed: Placed) -> Iterator[Mistake]:
    """Every planted mistake for the evaluated rows, in file order."""
    for (table, line), (_, row, cells) in sorted(placed.rows.items()):
        if table == "exclusions":
            if row["reason"] in OTHER_REASON:
                yield Mistake(table, line, "reason", {"reason": OTHER_REASON[row["reason"]]})
            continue
        for name, changes in _figure_mistakes(set(row.get("stated", ())), cells):
            yield Mistake(table, line, name, changes)
        if cells["unit"] == "age_years":
            yield Mistake(table, line, "age as period", {}, move_to_exclusions="period")


def _rewrite(path: Path, line: int, edit: Callable[[list[str]], list[str] | None]) -> None:
    """Rewrite the record starting on ``line`` with ``edit`` (None removes it); the other records
    keep their bytes."""
    raw = path.read_text(encoding="utf-8")
    records = re.findall(r"[^\n]*\n|[^\n]+$", raw)
    out, at, index = [], 1, 0
    while index < len(records):
        record = records[index]
        while record.count('"') % 2 and index + 1 < len(records):  # a line break inside quotes
            index += 1
            record += records[index]
        lines = record.count("\n") or 1
        if at == line:
            cells = edit(next(csv.reader(io.StringIO(record, newline=""))))
            record = "" if cells is None else _csv_line(cells)
        out.append(record)
        at += lines
        index += 1
    path.write_text("".join(out), encoding="utf-8", newline="")


def _apply(work: Path, mistake: Mistake, placed: Placed) -> tuple[str, int]:
    """Write ``mistake`` into the package at ``work``; the table and line of the wrong row."""
    columns = list(CONTRACT[mistake.table])
    if mistake.move_to_exclusions:
        cells = placed.rows[(mistake.table, mistake.line)][2]
        _rewrite(work / "dataset" / "figures.csv", mistake.line, lambda _: None)
        moved = {
            "source_id": cells["source_id"],
            "text": cells["value_text"],
            "quote": cells["quote"],
            "occurrence": cells["occurrence"],
            "reason": mistake.move_to_exclusions,
        }
        return "exclusions", next(iter(_append(work / "dataset" / "exclusions.csv", "exclusions", [moved])))

    def edit(cells: list[str]) -> list[str]:
        for name, value in mistake.changes.items():
            cells[columns.index(name)] = value
        return cells

    _rewrite(work / "dataset" / f"{mistake.table}.csv", mistake.line, edit)
    return mistake.table, mistake.line


def caught(base: Path, work: Path, mistake: Mistake, placed: Placed) -> bool:
    """Apply ``mistake`` to a copy of ``base``: whether an error is reported on its row."""
    if work.exists():
        shutil.rmtree(work)
    shutil.copytree(base, work)
    table, line = _apply(work, mistake, placed)
    rehash(work)
    return any(Path(p.path).stem == table and p.line == line for p in validate_package(work).errors)


# --- the run -----------------------------------------------------------------------------------


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "n/a"


def report_scan(base: Path, articles: list[Article], verbose: bool) -> None:
    print("## scan: kind per numeric token, and fields of the figures both call a figure\n")
    print("| article | publisher kind | tokens | right kind | accuracy | fields agree | empty | wrong |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    total = ScanScore()
    for article in articles:
        score = score_scan(base, article)
        total.add(score)
        v = score.verdicts()
        accuracy = _percent(score.right_kind, score.tokens)
        print(
            f"| {article.article_id} | {article.meta.get('publisher_kind', '')} | {score.tokens} | "
            f"{score.right_kind} | {accuracy} | {v['agree']} | {v['empty']} | {v['wrong']} |"
        )
    v = total.verdicts()
    accuracy = _percent(total.right_kind, total.tokens)
    print(
        f"| **all** | | {total.tokens} | {total.right_kind} | **{accuracy}** | "
        f"{v['agree']} | {v['empty']} | {v['wrong']} |\n"
    )
    print("| field | agree | empty | wrong |\n|---|---:|---:|---:|")
    for name in DRAFTED_FIELDS:
        agree, empty, wrong = (total.fields[(name, verdict)] for verdict in ("agree", "empty", "wrong"))
        print(f"| {name} | {agree} | {empty} | {wrong} |")
    if verbose:
        print("\nscan misses:\n" + "\n".join(f"- {m}" for m in total.misses))


def report_contribution(contributed: Path, articles: list[Article], placed: Placed) -> bool:
    report = validate_package(contributed)
    counts, elsewhere = row_problems(report, placed)
    print("\n## the correct contribution\n")
    print("| article | figures | exclusions | errors | warnings |\n|---|---:|---:|---:|---:|")
    for article in articles:
        found = counts[article.article_id]
        print(
            f"| {article.article_id} | {len(article.figures)} | {len(article.exclusions)} | "
            f"{found['error']} | {found['warning']} |"
        )
    print(f"\nerrors: {len(report.errors)} ({len(elsewhere)} not on an evaluated row)")
    print(f"warnings: {len(report.warnings)}")
    for p in report.sorted_problems():
        print(f"- {p.severity}: {Path(p.path).name}:{p.line}: {p.field}: {p.code}: {p.message}")
    return report.valid


def report_mistakes(contributed: Path, work: Path, placed: Placed) -> None:
    print("\n## planted mistakes\n")
    by_field: dict[str, Counter[bool]] = defaultdict(Counter)
    by_article: dict[str, Counter[bool]] = defaultdict(Counter)
    missed = []
    for mistake in plant(placed):
        hit = caught(contributed, work, mistake, placed)
        article, _, cells = placed.rows[(mistake.table, mistake.line)]
        by_field[mistake.field][hit] += 1
        by_article[article.article_id][hit] += 1
        if not hit:
            key = cells.get("figure_id") or f"{cells['source_id']}/{cells['text']}"
            missed.append(
                f"{article.article_id} {key} {mistake.field}: {mistake.changes or mistake.move_to_exclusions}"
            )
    for title, counted in (("field", by_field), ("article", by_article)):
        print(f"\n| {title} | planted | caught |\n|---|---:|---:|")
        for name, count in sorted(counted.items()):
            print(f"| {name} | {count[True] + count[False]} | {count[True]} |")
    for label, fields in (
        ("all", by_field),
        ("without value mistakes (the words only)", {k: c for k, c in by_field.items() if k != "value"}),
    ):
        planted = sum(c[True] + c[False] for c in fields.values())
        hits = sum(c[True] for c in fields.values())
        print(f"\ncaught, {label}: {hits} of {planted} ({_percent(hits, planted)})")
    print("\nmissed:\n" + "\n".join(f"- {m}" for m in missed))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--texts", type=Path, required=True, help="folder of <article_id>.txt")
    parser.add_argument("--keys", type=Path, default=HERE / "key", help="folder of <article_id>.json")
    parser.add_argument("--only", nargs="*", default=None, help="article ids to evaluate")
    parser.add_argument("--no-mistakes", action="store_true", help="skip the planted mistakes")
    parser.add_argument("--verbose", action="store_true", help="list every scan miss")
    args = parser.parse_args(argv)
    articles = [a for a in _load(args.keys, args.texts) if not args.only or a.article_id in args.only]
    for article in articles:
        key_kinds(article)
    with tempfile.TemporaryDirectory() as tmp:
        base, contributed = Path(tmp) / "base", Path(tmp) / "contributed"
        build_base(base, articles)
        report_scan(base, articles, args.verbose)
        shutil.copytree(base, contributed)
        placed = add_key_rows(contributed, articles)
        valid = report_contribution(contributed, articles, placed)
        if args.no_mistakes:
            return 0 if valid else 1
        if not valid:
            print("\n(planted mistakes not measured: the correct contribution has errors)")
            return 1
        report_mistakes(contributed, Path(tmp) / "work", placed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
