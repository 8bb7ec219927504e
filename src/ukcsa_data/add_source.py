"""``ukcsa-data add-source``: append an article's row to dataset/sources.csv, then rehash.

The seed must already be saved under the package's ``seeds/``; it is read, never written. The
row is checked against schemas/sources.schema.json (required, pattern, enum, lengths, unique) as
the validator checks it, and written in the package dialect (quotes only where needed, LF).
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ukcsa_data.core import limits
from ukcsa_data.core.cell_values import CellError, parse_date
from ukcsa_data.core.contract import EARLIEST_PUBLICATION
from ukcsa_data.core.csv_dialect import csv_text
from ukcsa_data.core.escaping import CONTROL_CHARACTERS
from ukcsa_data.core.package_edits import PackageError, read_package_text
from ukcsa_data.core.problems import Report, show
from ukcsa_data.core.safe_paths import path_problem
from ukcsa_data.core.safe_write import append_file, truncate_file
from ukcsa_data.core.strict_json import StrictJSONError, loads_strict
from ukcsa_data.core.table_schema import TableSchema, parse_table_schema
from ukcsa_data.rehash import Update, rehash
from ukcsa_data.validation.l1_descriptor.resources import ResourcePlan
from ukcsa_data.validation.l2_bytes.csv_reader import read_table
from ukcsa_data.validation.l2_bytes.raw_table import RawTable
from ukcsa_data.validation.l3_types.field_types import type_table
from ukcsa_data.validation.l7_spreadsheet.spreadsheet import formula_problem

SOURCES_CSV = "dataset/sources.csv"
SOURCES_SCHEMA = "schemas/sources.schema.json"


@dataclass(frozen=True)
class NewSource:
    """What a contributor states about an article; empty strings for what is not known."""

    seed_file: str
    publisher: str
    title: str
    published_date: str
    date_basis: str
    url: str = ""
    source_id: str = ""
    author: str = ""
    notes: str = ""


@dataclass(frozen=True)
class Added:
    """The row appended (its line number and CSV text) and what rehash changed."""

    line: int
    csv_line: str
    updates: list[Update]


def default_source_id(publisher: str, published: date) -> str:
    """A lowercase slug of the publisher and the year: "sheffield-telegraph-2018"."""
    plain = unicodedata.normalize("NFKD", publisher).encode("ascii", "ignore").decode("ascii").lower()
    slug = "-".join(re.findall(r"[a-z0-9]+", plain))[:58].strip("-")
    if not slug:
        raise PackageError(f"cannot make a source_id from publisher {show(publisher)}; give --source-id")
    return f"{slug}-{published.year}"


def _sources_schema(root: Path) -> TableSchema:
    problem = path_problem(root, SOURCES_SCHEMA)
    if problem:
        raise PackageError(problem[1])
    try:
        return parse_table_schema(loads_strict((root / SOURCES_SCHEMA).read_text(encoding="utf-8")))
    except (StrictJSONError, UnicodeDecodeError, KeyError, TypeError) as error:
        raise PackageError(f"{SOURCES_SCHEMA} cannot be read ({error}); run 'ukcsa-data validate'") from None


def _seed(root: Path, seed: Path) -> tuple[str, str]:
    """The seed's path inside the package (``seeds/<name>``) and its sha256; it must be there already."""
    if not seed.is_file():
        raise PackageError(f"{seed} is not a file")
    seeds = root / "seeds"
    if not seeds.is_dir() or os.path.realpath(seed.parent) != os.path.realpath(seeds):
        raise PackageError(
            f"{seed} is not in {seeds}{os.sep}; save the article text there first "
            "(add-source does not copy or change seed files)"
        )
    relative = f"seeds/{seed.name}"
    raw, _ = read_package_text(root, relative, limits.active().seed_bytes)
    return relative, hashlib.sha256(raw).hexdigest()


def _published(text: str) -> date:
    try:
        published = parse_date(text)
    except CellError as error:
        raise PackageError(f"--date {show(text)}: {error}") from None
    if not EARLIEST_PUBLICATION <= published <= date.today():
        raise PackageError(f"--date {text} is not between {EARLIEST_PUBLICATION} and today")
    return published


def _cells(new: NewSource, schema: TableSchema, root: Path) -> dict[str, str]:
    """The new row's cells by field name, before the checks against the table."""
    published = _published(new.published_date)
    allowed = schema.field("date_basis").enum or []
    if new.date_basis not in allowed:
        raise PackageError(
            f"--date-basis {show(new.date_basis)} is not one of {', '.join(allowed)} ({SOURCES_SCHEMA})"
        )
    if new.date_basis == "inferred" and not new.notes.strip():
        raise PackageError("--date-basis inferred needs --notes saying how the date was inferred")
    seed_file, sha256 = _seed(root, Path(new.seed_file))
    cells = {
        "source_id": new.source_id or default_source_id(new.publisher, published),
        "publisher": new.publisher,
        "title": new.title,
        "url": new.url,
        "published_date": new.published_date,
        "date_basis": new.date_basis,
        "seed_file": seed_file,
        "sha256": sha256,
        "author": new.author,
        "notes": new.notes,
    }
    cells = {name: cell.strip() for name, cell in cells.items()}
    for name, cell in cells.items():
        if CONTROL_CHARACTERS.search(cell):
            raise PackageError(f"{name}: {show(cell)} contains a control character or line break")
        why = formula_problem(cell)
        if why:
            raise PackageError(f"{name}: {why}")
    return cells


def _existing(root: Path, schema: TableSchema) -> RawTable:
    report = Report(str(root))
    table = read_table(root, ResourcePlan("sources", SOURCES_CSV, schema, None, None), report)
    errors = [p for p in report.problems if p.severity == "error" and p.code != "no-rows"]
    if table is None or errors:
        where = f" (line {errors[0].line}: {errors[0].code}: {errors[0].message})" if errors else ""
        raise PackageError(
            f"{SOURCES_CSV} cannot be appended to as it stands{where}; run 'ukcsa-data validate'"
        )
    return table


def _refuse_duplicates(cells: dict[str, str], table: RawTable) -> None:
    columns = dict(zip(table.header, table.columns, strict=True))
    for name, hint in (
        ("source_id", "choose another with --source-id"),
        ("seed_file", "each seed is listed once"),
        ("sha256", f"{cells['seed_file']} has the same bytes; each article is listed once"),
    ):
        if cells[name] in columns[name]:
            row = columns[name].index(cells[name])
            where = f"{SOURCES_CSV} line {table.lines[row]}"
            if name != "source_id":
                where += f", source_id {show(columns['source_id'][row])}"
            raise PackageError(f"{name} {show(cells[name])} is already listed ({where}); {hint}")


def _checked_row(cells: dict[str, str], table: RawTable, schema: TableSchema) -> tuple[list[str], int]:
    """The row in the table's column order and its line, once the schema's checks pass."""
    _refuse_duplicates(cells, table)
    row = [cells.get(name, "") for name in table.header]
    line = (table.lines[-1] if table.lines else 1) + 1  # rows are one line each (layer 2 passed)
    report = Report("")
    candidate = RawTable(
        table.name, table.path, table.header, [*table.rows, row], [*table.lines, line], "", 0
    )
    type_table(candidate, schema.fields, schema.missing_values, report)
    for problem in report.problems:
        if problem.line == line:
            raise PackageError(f"{problem.field}: {problem.message} ({problem.code}, {SOURCES_SCHEMA})")
    return row, line


def add_source(package_dir: str | Path, new: NewSource) -> Added:
    """Append ``new`` to dataset/sources.csv and rehash datapackage.json; nothing is written on error."""
    root = Path(package_dir)
    rehash(root, write=False)  # the descriptor and every resource can be rehashed afterwards
    schema = _sources_schema(root)
    cells = _cells(new, schema, root)
    table = _existing(root, schema)
    row, line = _checked_row(cells, table, schema)
    text = csv_text([row])
    size = append_file(root, SOURCES_CSV, text.encode("utf-8"))
    try:
        updates = rehash(root)
    except BaseException:
        truncate_file(root, SOURCES_CSV, size)
        raise
    return Added(line, text.rstrip("\n"), updates)
