"""The SQLite export: one table per resource with the Table Schemas' types and keys, a view
``figures_with_sources``, and a Datasette ``metadata.json`` next to the database."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

from ukcsa_data.core.contract import KEYS
from ukcsa_data.exports.datasette import datasette_metadata
from ukcsa_data.exports.tables import (
    VIEW,
    VIEW_SOURCE_COLUMNS,
    ExportTable,
    Package,
    replacing,
    stored,
)

SQL_TYPES = {"integer": "INTEGER", "number": "REAL", "date": "TEXT"}  # any other type: TEXT


def database_name(version: str) -> str:
    """The database's file name without ``.sqlite`` in ``export --format all``, which is its name
    in Datasette: ``ukcsa-data-`` and the version with each character other than a letter, digit
    or ``-`` written ``-`` (``ukcsa-data-2-0-0``, ``ukcsa-data-2-0-0-unreleased``), so that its
    address has no ``~2E`` (Datasette tilde-encodes a dot)."""
    return "ukcsa-data-" + re.sub(r"[^0-9A-Za-z-]", "-", version)


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _names(columns: tuple[str, ...]) -> str:
    return ", ".join(quoted(column) for column in columns)


def create_table_sql(table: ExportTable) -> str:
    """CREATE TABLE with typed columns, NOT NULL for required fields, and the contract's keys."""
    lines = [
        f"{quoted(field.name)} {SQL_TYPES.get(field.type, 'TEXT')}{' NOT NULL' if field.required else ''}"
        for field in table.schema.fields
    ]
    keys = KEYS.get(table.name)
    if keys is not None:
        lines.append(f"PRIMARY KEY ({_names(keys.primary)})")
        for foreign in sorted(keys.foreign):
            # A row of the same table (an area's parent) may come after the row: checked at commit.
            deferred = " DEFERRABLE INITIALLY DEFERRED" if foreign.resource == table.name else ""
            lines.append(
                f"FOREIGN KEY ({_names(foreign.fields)}) "
                f"REFERENCES {quoted(foreign.resource)} ({_names(foreign.reference)}){deferred}"
            )
    body = ",\n  ".join(lines)
    return f"CREATE TABLE {quoted(table.name)} (\n  {body}\n)"


def _shown(field_name: str, field_type: str) -> str:
    """The view's expression for a figures column: a ``number`` that is whole is shown as an
    INTEGER (80000, not 80000.0), any other value as stored."""
    column = f"f.{quoted(field_name)}"
    if field_type != "number":
        return column
    whole = f"{column} = CAST({column} AS INTEGER) AND abs({column}) < 9.0e15"
    return f"CASE WHEN {whole} THEN CAST({column} AS INTEGER) ELSE {column} END AS {quoted(field_name)}"


def create_view_sql(package: Package) -> str:
    """One row per figure, its article's publisher, title, publication date and address first,
    then the figure's columns; whole numbers shown as integers (the tables keep REAL)."""
    figures = next(table for table in package.tables if table.name == "figures")
    columns = [f"s.{quoted(name)}" for name in VIEW_SOURCE_COLUMNS]
    columns += [_shown(field.name, field.type) for field in figures.schema.fields]
    return (
        f"CREATE VIEW {quoted(VIEW)} AS SELECT {', '.join(columns)} "
        'FROM "figures" AS f LEFT JOIN "sources" AS s ON s."source_id" = f."source_id" '
        'ORDER BY f."rowid"'
    )


def _fill(connection: sqlite3.Connection, package: Package) -> None:
    connection.execute("PRAGMA foreign_keys = ON")
    for table in package.tables:
        connection.execute(create_table_sql(table))
        marks = ", ".join("?" for _ in table.schema.fields)
        connection.executemany(
            f"INSERT INTO {quoted(table.name)} VALUES ({marks})",
            [tuple(stored(cell) for cell in row) for row in table.rows],
        )
    connection.execute(create_view_sql(package))
    connection.commit()


def write_sqlite(package: Package, out: Path) -> list[Path]:
    """Write the database to ``out`` and Datasette's ``metadata.json`` beside it."""
    with replacing(out) as temporary:
        connection = sqlite3.connect(temporary)
        try:
            _fill(connection, package)
        finally:
            connection.close()
    metadata = out.parent / "metadata.json"
    with replacing(metadata) as temporary:
        text = json.dumps(datasette_metadata(package, out.stem), ensure_ascii=False, indent=2)
        temporary.write_text(text + "\n", encoding="utf-8")
    return [out, metadata]
