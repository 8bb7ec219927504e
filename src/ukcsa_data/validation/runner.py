"""Run every layer on a package directory and collect one report."""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from pathlib import Path

from ukcsa_data.core.package_files import RESOURCE_NAMES
from ukcsa_data.core.problems import Report
from ukcsa_data.core.processes import default_processes
from ukcsa_data.core.table_schema import TableSchema
from ukcsa_data.validation.l1_descriptor.descriptor import check_descriptor
from ukcsa_data.validation.l1_descriptor.resources import ResourcePlan
from ukcsa_data.validation.l1_descriptor.urls import check_url_columns
from ukcsa_data.validation.l2_bytes.csv_reader import read_table
from ukcsa_data.validation.l2_bytes.package_size import within_package_limit
from ukcsa_data.validation.l2_bytes.raw_table import RawTable
from ukcsa_data.validation.l3_types.field_types import (
    TypedTable,
    check_foreign_keys,
    check_primary_key,
    type_table,
)
from ukcsa_data.validation.l5_provenance.provenance import Located, SeedSpans, check_provenance
from ukcsa_data.validation.l6_consistency.consistency import check_consistency
from ukcsa_data.validation.l7_spreadsheet.missing_text import check_read_as_missing
from ukcsa_data.validation.l7_spreadsheet.spreadsheet import check_spreadsheet_safety
from ukcsa_data.validation.l8_words import WordChecks
from ukcsa_data.validation.rules import row_names


class CannotRun(Exception):
    """The validator could not run at all (exit code 2): no such directory, for example."""


_FIX = "run 'ukcsa-data rehash' to update datapackage.json"


def _check_resource_checksums(plan: ResourcePlan, table: RawTable, report: Report) -> None:
    where = f"{plan.name}.hash"
    if plan.hash is not None and plan.hash != f"sha256:{table.sha256}":
        report.add(
            "datapackage.json",
            None,
            where,
            "resource-hash",
            f"{table.path} has sha256:{table.sha256}, not {plan.hash}; {_FIX}",
        )
    if plan.bytes is not None and plan.bytes != table.size:
        report.add(
            "datapackage.json",
            None,
            f"{plan.name}.bytes",
            "resource-bytes",
            f"{table.path} has {table.size} bytes, not {plan.bytes}; {_FIX}",
        )


@dataclass
class Checked:
    """What validating a package found: its report, its typed tables and where each located row
    of figures and exclusions is in its seed (what the site marks in each article)."""

    report: Report
    tables: dict[str, TypedTable] = field(default_factory=dict)
    located: Located = field(default_factory=Located)


def validate_package(package_dir: str | Path, *, processes: int | None = None) -> Report:
    """Validate the data package in ``package_dir``; never writes to it or reads outside it.
    ``processes``: how many processes read the articles' words (None: two for a large package
    where two processors are usable, see :func:`~ukcsa_data.core.processes.default_processes`);
    the report is the same whatever the number."""
    return check_package(package_dir, keep_texts=False, processes=processes).report


def check_package(
    package_dir: str | Path, *, keep_texts: bool = True, processes: int | None = None
) -> Checked:
    """Validate the data package in ``package_dir`` and keep its tables (and, with ``keep_texts``,
    where each located row is and the text of each seed a located row points at; without, only
    the texts of the seeds whose word checks are waiting are held, and ``located`` is empty).
    ``processes`` as for :func:`validate_package`."""
    root = Path(package_dir)
    if not root.is_dir():
        raise CannotRun(f"{package_dir} is not a directory")
    # Millions of cells are held as small objects; the cyclic garbage collector would walk them
    # again and again (making cost grow faster than the package). Nothing here forms cycles, so
    # reference counting frees everything; the collector is restored afterwards.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _validate(root, keep_texts, processes)
    finally:
        if collecting:
            gc.enable()


def _validate(root: Path, keep_texts: bool, processes: int | None) -> Checked:
    report = Report(str(root))
    plans = check_descriptor(root, report)
    checked = Checked(report)
    if not within_package_limit(root, (plan.path for plan in plans.values()), report):
        report.close()
        return checked
    tables = checked.tables = _read_tables(root, plans, report)
    for name, table in tables.items():
        _check_table(table, plans[name].schema, tables, report)
    if tables:
        from ukcsa_data.validation.l4_semantics.semantics import check_semantics  # imports pandas

        check_semantics(tables, report)
        # Consistency reads no result of provenance; it runs first so that the word rules, run
        # on each seed as provenance locates its rows, see every earlier layer's errors.
        check_consistency(tables, report, root)
        checked.located = _check_seeds(root, tables, report, keep_texts, processes)
    report.close()
    return checked


def _read_tables(root: Path, plans: dict[str, ResourcePlan], report: Report) -> dict[str, TypedTable]:
    """Layers 2 and 3: each planned table read strictly, its hash and bytes checked, then typed."""
    tables: dict[str, TypedTable] = {}
    for name in RESOURCE_NAMES:
        plan = plans.get(name)
        if plan is None:
            continue
        raw = read_table(root, plan, report, sum(report.tables.values()))
        if raw is None:
            continue
        _check_resource_checksums(plan, raw, report)
        tables[name] = type_table(raw, plan.schema.fields, plan.schema.missing_values, report)
        report.name_rows(tables[name].path, row_names(tables[name]))
        report.tables[name] = len(raw.rows)
    return tables


def _check_table(
    table: TypedTable, schema: TableSchema, tables: dict[str, TypedTable], report: Report
) -> None:
    """Layer 3's keys, then layer 1's URL columns and layer 7, on one typed table."""
    check_primary_key(table, schema.primary_key, report)
    check_foreign_keys(table, schema.references, tables, report)
    check_spreadsheet_safety(table, schema.fields, report)
    check_url_columns(table, schema.fields, report)
    check_read_as_missing(table, schema.fields, report)


def _check_seeds(
    root: Path, tables: dict[str, TypedTable], report: Report, keep_texts: bool, processes: int | None
) -> Located:
    """Layer 5, with layer 8 run on each seed as its rows are located (its text and its rows'
    spans kept only with ``keep_texts``), its figures read in ``processes`` processes."""
    figures = tables.get("figures")
    chosen = default_processes(len(figures.lines) if figures else 0) if processes is None else processes
    texts: dict[str, str] = {}
    # Starting the workers is the last thing making it does, and never raises once one has
    # started (reading/workers.py): from here the block below stops them.
    words = WordChecks(tables, report, chosen)
    try:

        def each_seed(source_id: str, text: str, spans: SeedSpans) -> None:
            words.seed(source_id, text, spans)
            if keep_texts:
                texts[source_id] = text

        located = check_provenance(root, tables, report, each_seed=each_seed, keep_spans=keep_texts)
        located.texts = texts
        words.finish()
    finally:
        words.close()
    return located
