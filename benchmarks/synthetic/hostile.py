"""Hostile packages (issue 11), each built from a copy of a generated one: the shapes that
``benchmarks/adversarial.py`` measures and the tests validate at a small size.

Each shape is one function that turns a copy of the synthetic package of ``rows`` figures into a
hostile one: a 50 MB single-line CSV, an 8 MB quoted cell, 100k long ``notes``, a sparse 1.5 GiB
CSV, quotes at the end of a 1 MB article, exclusions that cannot be anchored, 99k uncovered
numbers, maximal ``value_text`` cells, huge enums, a resource listed 10,000 times, large seeds,
each kind of hostile schema pattern, bidi and invisible characters, and the plain package as the
baseline (:data:`SHAPES`; :func:`build_shape` writes one).
"""

from __future__ import annotations

import csv
import hashlib
import json
import random
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from synthetic.files import COLUMNS, read_table, write_descriptor, write_table
from synthetic.package import generate, generator_digest
from synthetic.vocabulary import FILLER

MIB = 1024 * 1024
csv.field_size_limit(2**31 - 1)


@dataclass(frozen=True)
class Sizes:
    """The sizes of the shapes that are not counted in rows (scaled down for the fast test)."""

    line_bytes: int = 50_000_000  # (a) the one data line
    cell_bytes: int = 8_000_000  # (b) the one quoted cell
    notes_chars: int = 9_000  # (c) per row
    notes_file_bytes: int = 60 * MIB  # (c2) figures.csv just under the 64 MiB limit
    sparse_bytes: int = 1536 * MIB  # (d)
    article_bytes: int = 1_000_000  # (e)
    uncovered_tokens: int = 99_000  # (g) under the 100,000 tokens of one seed
    enum_values: int = 1_000  # (i) the limit of one enum
    schema_bytes: int = 1_000_000  # (i) each schema just under its 1 MiB limit
    listed: int = 10_000  # (j)
    seeds: int = 100  # (k)
    seed_bytes: int = 1_500_000  # (k)
    max_rows: int = 250_000  # (o) at most the default row limit, less the other tables' rows
    seed_tokens: int = 99_999  # (q) per seed, under the 100,000 of one seed
    many_seeds: int = 1_000  # (q) at most this many articles of seed_tokens


SMALL = Sizes(
    line_bytes=1_200_000,
    cell_bytes=1_100_000,
    notes_chars=9_000,
    notes_file_bytes=2 * MIB,
    sparse_bytes=80 * MIB,
    article_bytes=100_000,
    uncovered_tokens=5_000,
    enum_values=100,
    schema_bytes=100_000,
    listed=100,
    seeds=3,
    seed_bytes=100_000,
    max_rows=20_000,
    seed_tokens=2_000,
    many_seeds=5,
)


# Reading and writing a package's files


def header_line(name: str) -> str:
    """The header line of ``dataset/NAME.csv``."""
    return ",".join(COLUMNS[name]) + "\n"


def descriptor(pkg: Path) -> dict[str, Any]:
    """``datapackage.json`` as data."""
    data: dict[str, Any] = json.loads((pkg / "datapackage.json").read_text(encoding="utf-8"))
    return data


def rehash(pkg: Path) -> None:
    """Bring every resource's ``hash`` and ``bytes`` up to date after the CSV files changed."""
    write_descriptor(pkg, descriptor(pkg))


def set_seeds(pkg: Path, texts: dict[str, str]) -> None:
    """Replace the seed of each source id in ``texts`` and record its new sha256 in sources.csv."""
    sources = read_table(pkg, "sources")
    for row in sources:
        if row["source_id"] in texts:
            raw = texts[row["source_id"]].encode("utf-8")
            (pkg / row["seed_file"]).write_bytes(raw)
            row["sha256"] = hashlib.sha256(raw).hexdigest()
    write_table(pkg, "sources", sources)


def prose(size: int, seed: int = 1) -> str:
    """About ``size`` characters of number-free lines (the generator's filler sentences)."""
    rng = random.Random(seed)
    lines, total = [], 0
    while total < size:
        lines.append(rng.choice(FILLER) + "\n")
        total += len(lines[-1])
    return "".join(lines)


# The shapes: each turns a copy of the synthetic package of ``rows`` figures into a hostile one

Build = Callable[[Path, int, Sizes], None]


def single_line_csv(pkg: Path, rows: int, sizes: Sizes) -> None:
    """(a) figures.csv is one line of ``line_bytes``: its header and rows joined by commas."""
    text = (pkg / "dataset" / "figures.csv").read_text(encoding="utf-8").replace("\n", ",")
    line = (text * (sizes.line_bytes // len(text) + 1))[: sizes.line_bytes]
    (pkg / "dataset" / "figures.csv").write_text(line + "\n", encoding="utf-8")
    rehash(pkg)


def single_data_line(pkg: Path, rows: int, sizes: Sizes) -> None:
    """(a2) figures.csv: its header and one data line of ``line_bytes`` (rows joined by commas)."""
    text = (pkg / "dataset" / "figures.csv").read_text(encoding="utf-8").split("\n", 1)[1]
    text = text.replace("\n", ",")
    line = (text * (sizes.line_bytes // len(text) + 1))[: sizes.line_bytes]
    (pkg / "dataset" / "figures.csv").write_text(header_line("figures") + line + "\n", encoding="utf-8")
    rehash(pkg)


def many_cells_line(pkg: Path, rows: int, sizes: Sizes) -> None:
    """(a3) figures.csv: one line of ``line_bytes`` holding nothing but short distinct cells."""
    cells, total, number = [], 0, 0
    while total < sizes.line_bytes:
        cells.append(str(number))
        total += len(cells[-1]) + 1
        number += 1
    (pkg / "dataset" / "figures.csv").write_text(",".join(cells) + "\n", encoding="utf-8")
    rehash(pkg)


def quoted_cell(pkg: Path, rows: int, sizes: Sizes) -> None:
    """(b) One figure whose ``notes`` is a quoted cell of ``cell_bytes`` (with doubled quotes)."""
    figures = read_table(pkg, "figures")
    piece = 'a "quoted" word, and more words; '
    figures[0]["notes"] = (piece * (sizes.cell_bytes // len(piece) + 1))[: sizes.cell_bytes]
    write_table(pkg, "figures", figures)
    rehash(pkg)


def quoted_cell_lines(pkg: Path, rows: int, sizes: Sizes) -> None:
    """(b2) As (b), but the cell has a line break every 80 characters (many physical lines)."""
    figures = read_table(pkg, "figures")
    piece = 'a "quoted" word, and more words; ' * 2 + "lines\n"
    figures[0]["notes"] = (piece * (sizes.cell_bytes // len(piece) + 1))[: sizes.cell_bytes]
    write_table(pkg, "figures", figures)
    rehash(pkg)


def _notes_of(pkg: Path, length: int, tail: str = "") -> None:
    figures = read_table(pkg, "figures")
    text = prose(length + 100, seed=3).replace("\n", " ")[: length - len(tail)] + tail
    for row in figures:
        row["notes"] = text
    write_table(pkg, "figures", figures)
    rehash(pkg)


def long_notes(pkg: Path, rows: int, sizes: Sizes) -> None:
    """(c) Every figure has a ``notes`` of ``notes_chars`` (900 MB at 100k: over the file limit)."""
    _notes_of(pkg, sizes.notes_chars)


def notes_at_limit(pkg: Path, rows: int, sizes: Sizes) -> None:
    """(c2) Every figure's ``notes`` as long as fits figures.csv into ``notes_file_bytes``."""
    size = (pkg / "dataset" / "figures.csv").stat().st_size
    _notes_of(pkg, max(1, (sizes.notes_file_bytes - size) // max(rows, 1) - 3))


def notes_at_limit_astral(pkg: Path, rows: int, sizes: Sizes) -> None:
    """(c3) As (c2), each note ending in an emoji (4 bytes a character once decoded)."""
    size = (pkg / "dataset" / "figures.csv").stat().st_size
    _notes_of(pkg, max(2, (sizes.notes_file_bytes - size) // max(rows, 1) - 6), tail=" \U0001f642")


def sparse_csv(pkg: Path, rows: int, sizes: Sizes) -> None:
    """(d) figures.csv extended (sparsely: no disk used) to ``sparse_bytes``."""
    rehash(pkg)
    with (pkg / "dataset" / "figures.csv").open("r+b") as handle:
        handle.truncate(sizes.sparse_bytes)
    rehash(pkg)


def _one_article(pkg: Path, rows: int, seed_text: str, row: dict[str, str], quote: str) -> str:
    """Keep one source, give it ``seed_text`` and make ``rows`` copies of ``row`` quoting ``quote``."""
    sources = read_table(pkg, "sources")
    source = sources[0]
    for other in sources[1:]:
        (pkg / other["seed_file"]).unlink()
    write_table(pkg, "sources", [source])
    set_seeds(pkg, {source["source_id"]: seed_text})
    base = {**row, "source_id": source["source_id"], "quote": quote, "occurrence": "1"}
    write_table(pkg, "figures", ({**base, "figure_id": f"fig-{i:07d}"} for i in range(1, rows + 1)))
    write_table(pkg, "relations", [])
    return source["source_id"]


def _plain_figure(pkg: Path) -> dict[str, str]:
    """A figure with a single value whose ``value_text`` is in its quote."""
    for row in read_table(pkg, "figures"):
        if row["value"] and not row["value_low"] and row["value_text"] in row["quote"]:
            return row
    raise AssertionError("no plain figure in the package")


def quotes_at_end(pkg: Path, rows: int, sizes: Sizes) -> None:
    """(e) One article of ``article_bytes``; every figure quotes its last sentence."""
    row = _plain_figure(pkg)
    _one_article(pkg, rows, prose(sizes.article_bytes) + row["quote"] + "\n", row, row["quote"])
    write_table(pkg, "exclusions", [])
    rehash(pkg)


def common_word_quotes(pkg: Path, rows: int, sizes: Sizes) -> None:
    """(p) One article repeating "alpha beta 7 gamma." (1 MB, 50,000 tokens "7"); each figure
    quotes a different stretch of it (start and length vary), so every word of every quote recurs
    50,000 times and each of the 384 distinct quotes matches at thousands of places."""
    row = _plain_figure(pkg)
    words = ["alpha", "beta", "7", "gamma."]
    text = " ".join(words * 50_000) + "\n"
    pairs = [(phase, length) for length in range(4, 100) for phase in range(4)]
    source = _one_article(pkg, rows, text, row, "")
    figures = [
        {**row, "source_id": source, "figure_id": f"fig-{i:07d}", "occurrence": "1", "value_text": "7"}
        | {"value": "7", "value_low": "", "value_high": "", "qualifier": "exact"}
        | {"quote": " ".join((words * 26)[phase : phase + length])}
        for i, (phase, length) in enumerate(pairs[i % len(pairs)] for i in range(rows))
    ]
    write_table(pkg, "figures", figures)
    write_table(pkg, "exclusions", [])
    rehash(pkg)


def unanchored_exclusions(pkg: Path, rows: int, sizes: Sizes) -> None:
    """(f) ``rows`` more exclusions whose quote is nowhere in their article."""
    exclusions = read_table(pkg, "exclusions")
    source = exclusions[0]["source_id"]
    extra = (
        {"source_id": source, "text": "12345", "quote": f"Nowhere {i} said 12345.", "occurrence": "1"}
        | {"reason": "not_a_quantity"}
        for i in range(rows)
    )
    write_table(pkg, "exclusions", [*exclusions, *extra])
    rehash(pkg)


def uncovered_tokens(pkg: Path, rows: int, sizes: Sizes) -> None:
    """(g) The first article gains ``uncovered_tokens`` numbers that no row covers."""
    source = read_table(pkg, "sources")[0]
    text = (pkg / source["seed_file"]).read_text(encoding="utf-8")
    numbers = [str(1000 + i) for i in range(sizes.uncovered_tokens)]
    block = "".join(f"Counts {' and '.join(numbers[i : i + 10])}.\n" for i in range(0, len(numbers), 10))
    set_seeds(pkg, {source["source_id"]: text + block})
    rehash(pkg)


NASTY_VALUE_TEXTS = (  # 100 characters: the schema's maxLength for value_text
    ("1," * 50)[:99],
    ("and a half " * 10)[:100].strip(),
    ("one hundred and " * 7)[:100].strip(),
    ("£" + "9" * 99),
    ("between 1 and " * 8)[:100].strip(),
)


def nasty_value_text(pkg: Path, rows: int, sizes: Sizes) -> None:
    """(h) Every ``value_text`` is as long as the schema allows (100), in the parser's worst shapes,
    and is its whole quote; each article gains a line of each, so the quotes are found and parsed."""
    block = "".join(f"{text}\n" for text in NASTY_VALUE_TEXTS)
    sources = read_table(pkg, "sources")
    set_seeds(
        pkg, {s["source_id"]: (pkg / s["seed_file"]).read_text(encoding="utf-8") + block for s in sources}
    )
    figures = read_table(pkg, "figures")
    for index, row in enumerate(figures):
        text = NASTY_VALUE_TEXTS[index % len(NASTY_VALUE_TEXTS)]
        row.update(value_text=text, quote=text, occurrence="1")
    write_table(pkg, "figures", figures)
    rehash(pkg)


def huge_enums(pkg: Path, rows: int, sizes: Sizes) -> None:
    """(i) Every string field of every schema gets the same enum of ``enum_values`` long values,
    each schema just under ``schema_bytes``; no cell is in it."""
    for path in sorted((pkg / "schemas").glob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        strings = [f for f in schema["fields"] if f["type"] == "string"]
        room = (sizes.schema_bytes - len(path.read_bytes())) // max(len(strings), 1) // sizes.enum_values
        values = [f"{i:05d}" + "x" * max(room - 10, 1) for i in range(sizes.enum_values)]
        for field in strings:
            field.setdefault("constraints", {})["enum"] = values
        path.write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")


def resource_listed(pkg: Path, rows: int, sizes: Sizes) -> None:
    """(j) The figures resource listed ``listed`` more times (minimal entries)."""
    data = descriptor(pkg)
    entry = {"name": "figures", "path": "dataset/figures.csv", "schema": "schemas/figures.schema.json"}
    data["resources"] += [entry] * sizes.listed
    # Compact and without hash or bytes on the copies: 10,000 entries in under 1 MiB.
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
    (pkg / "datapackage.json").write_text(text, encoding="utf-8")


def large_seeds(pkg: Path, rows: int, sizes: Sizes) -> None:
    """(k) The first ``seeds`` articles padded with number-free prose to ``seed_bytes`` each."""
    _pad_seeds(pkg, sizes.seeds, sizes.seed_bytes)


def _seeds_that_fit(pkg: Path, sizes: Sizes) -> int:
    """How many articles padded to ``seed_bytes`` keep all seeds within 95% of ``seeds_bytes``."""
    from ukcsa_data.core.limits import DEFAULTS

    total = sum(path.stat().st_size for path in (pkg / "seeds").iterdir())
    return max(1, int(DEFAULTS.seeds_bytes * 0.95 - total) // sizes.seed_bytes)


def large_seeds_at_limit(pkg: Path, rows: int, sizes: Sizes) -> None:
    """(k2) As (k), with as many padded articles as fit the seeds' total limit."""
    _pad_seeds(pkg, _seeds_that_fit(pkg, sizes), sizes.seed_bytes)


def large_seeds_astral(pkg: Path, rows: int, sizes: Sizes) -> None:
    """(k3) As (k2), each article also holding one emoji, so Python keeps its text at 4 bytes a
    character."""
    tail = "Thanks for reading \U0001f642\n"
    _pad_seeds(pkg, _seeds_that_fit(pkg, sizes), sizes.seed_bytes, tail=tail)


def _pad_seeds(pkg: Path, seeds: int, seed_bytes: int, tail: str = "") -> None:
    texts = {}
    for row in read_table(pkg, "sources")[:seeds]:
        text = (pkg / row["seed_file"]).read_text(encoding="utf-8")
        texts[row["source_id"]] = text + prose(seed_bytes - len(text.encode("utf-8")) - len(tail) - 3) + tail
    set_seeds(pkg, texts)
    rehash(pkg)


HOSTILE_PATTERNS = {
    "overlap": (r"(?:a|aa)*b", "a" * 40 + "!"),
    "adjacent": (r"a*a*a*a*a*a*b", "a" * 40 + "!"),
    "nested": (r"(?:(?:a{1,10}){1,10}){1,10}b", "a" * 40 + "!"),
    "anychar": (r"(?:.|\s)*b", "x" + " " * 40 + "!"),
}


def _pattern_shape(kind: str) -> Build:
    pattern, cell = HOSTILE_PATTERNS[kind]

    def build(pkg: Path, rows: int, sizes: Sizes) -> None:
        path = pkg / "schemas" / "figures.schema.json"
        schema = json.loads(path.read_text(encoding="utf-8"))
        notes = next(f for f in schema["fields"] if f["name"] == "notes")
        notes.setdefault("constraints", {})["pattern"] = pattern
        path.write_text(json.dumps(schema, indent=2), encoding="utf-8")
        figures = read_table(pkg, "figures")
        for row in figures:
            row["notes"] = cell
        write_table(pkg, "figures", figures)
        rehash(pkg)

    build.__doc__ = f"(l) notes must match {pattern!r}; every note is {cell[:6]!r}... ({len(cell)} chars)"
    return build


BIDI = "\u202e\u2066\u2069\u200b\u2060\u00ad\u061c\u180e\u202c"


def bidi_cells(pkg: Path, rows: int, sizes: Sizes) -> None:
    """(m) Every figure's ``notes`` and ``measure`` carry bidi controls and invisible characters."""
    figures = read_table(pkg, "figures")
    for row in figures:
        row["notes"] = f"note {BIDI} 0001"
        row["measure"] = row["measure"] + "\u202e" + "\u2060"
    write_table(pkg, "figures", figures)
    rehash(pkg)


def max_rows(pkg: Path, rows: int, sizes: Sizes) -> None:
    """(o) figures.csv: rows of one-character cells, as many as the row limit (all tables
    together) leaves, at most ``max_rows``."""
    from ukcsa_data.core.limits import DEFAULTS

    others = sum(
        path.read_bytes().count(b"\n") - 1
        for path in (pkg / "dataset").glob("*.csv")
        if path.name != "figures.csv"
    )
    row = ",".join(["a"] * len(COLUMNS["figures"])) + "\n"
    count = min(sizes.max_rows, DEFAULTS.rows - others)
    (pkg / "dataset" / "figures.csv").write_text(header_line("figures") + row * count, encoding="utf-8")
    rehash(pkg)


def many_seeds(pkg: Path, rows: int, sizes: Sizes) -> None:
    """(q) As many more articles as keep all seeds within 95% of the seeds' total limit, each of
    ``seed_tokens`` one-digit numbers (2 bytes a token: about 300 articles, 30 million tokens), that
    no row covers; at most ``many_seeds`` articles."""
    from ukcsa_data.core.limits import DEFAULTS

    line = " ".join("123456789") + "\n"
    text = line * (sizes.seed_tokens // 9) + " ".join("7" * (sizes.seed_tokens % 9)) + "\n"
    raw = text.encode("utf-8")
    total = sum(path.stat().st_size for path in (pkg / "seeds").iterdir())
    count = min(sizes.many_seeds, max(1, int(DEFAULTS.seeds_bytes * 0.95 - total) // len(raw)))
    sources = read_table(pkg, "sources")
    digest = hashlib.sha256(raw).hexdigest()
    for number in range(count):
        name = f"seeds/9{number:05d}_numbers.txt"
        (pkg / name).write_bytes(raw)
        sources.append({**sources[0], "source_id": f"numbers-{number}", "seed_file": name, "sha256": digest})
    write_table(pkg, "sources", sources)
    rehash(pkg)


def many_problems(pkg: Path, rows: int, sizes: Sizes) -> None:
    """(r) Every figure with four errors of meaning: its value one more than its value_text says,
    its period reversed, its qualifier and its geography changed (so it also fails the checks that
    follow from these: over four problems a figure)."""
    figures = read_table(pkg, "figures")
    for row in figures:
        if row["value"]:
            value = float(row["value"])
            row["value"] = str(int(value) + 1) if value.is_integer() else row["value"] + "1"
        row["period_start"], row["period_end"] = "2020-12-31", "2020-01-01"
        row["qualifier"] = "almost" if row["qualifier"] != "almost" else "exact"
        row["geography"] = "Wales" if row["geography"] != "Wales" else "Scotland"
    write_table(pkg, "figures", figures)
    rehash(pkg)


def baseline(pkg: Path, rows: int, sizes: Sizes) -> None:
    """(n) The plain synthetic package (valid)."""


SHAPES: dict[str, Build] = {
    "a-single-line": single_line_csv,
    "a2-single-data-line": single_data_line,
    "a3-many-cells-line": many_cells_line,
    "b-quoted-cell": quoted_cell,
    "b2-quoted-cell-lines": quoted_cell_lines,
    "c-long-notes": long_notes,
    "c2-notes-at-limit": notes_at_limit,
    "c3-notes-at-limit-astral": notes_at_limit_astral,
    "d-sparse-csv": sparse_csv,
    "e-quotes-at-end": quotes_at_end,
    "f-unanchored-exclusions": unanchored_exclusions,
    "g-uncovered-tokens": uncovered_tokens,
    "h-nasty-value-text": nasty_value_text,
    "i-huge-enums": huge_enums,
    "j-resource-listed": resource_listed,
    "k-large-seeds": large_seeds,
    "k2-large-seeds-at-limit": large_seeds_at_limit,
    "k3-large-seeds-astral": large_seeds_astral,
    **{f"l-pattern-{kind}": _pattern_shape(kind) for kind in HOSTILE_PATTERNS},
    "m-bidi": bidi_cells,
    "n-baseline": baseline,
    "o-max-rows": max_rows,
    "p-common-word-quotes": common_word_quotes,
    "q-many-seeds": many_seeds,
    "r-many-problems": many_problems,
}


def base_package(rows: int, results: Path) -> Path:
    """The synthetic package of ``rows`` figures, generated once under ``results``."""
    base = results / f"base-{rows}"
    stamp = base / ".generator"
    digest = generator_digest()
    if not (stamp.is_file() and stamp.read_text(encoding="utf-8") == digest):
        generate(rows, base, force=True)
        stamp.write_text(digest, encoding="utf-8")
    return base


def build_shape(name: str, rows: int, results: Path, sizes: Sizes = Sizes()) -> Path:
    """Write shape ``name`` at ``rows`` figures to ``results/NAME`` and return its folder."""
    base = base_package(rows, results)
    out = results / name
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(base, out, ignore=shutil.ignore_patterns(".generator"))
    SHAPES[name](out, rows, sizes)
    return out
