"""The package as plain Python values, shared by every export format."""

from __future__ import annotations

import datetime
import math
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ukcsa_data.core.package_files import DESCRIPTOR, RESOURCE_NAMES, bundled_package_dir, read_json
from ukcsa_data.core.package_version import package_version
from ukcsa_data.core.safe_write import copy_in
from ukcsa_data.core.table_schema import Field, TableSchema, load_table_schema, resource_descriptor

#: A cell: text, an integer, a number, a date, or None for a missing value.
Cell = str | int | float | datetime.date | None

#: The SQLite export's view of the figures with their articles, and the article columns it shows
#: first (Datasette's metadata describes the same view).
VIEW = "figures_with_sources"
VIEW_SOURCE_COLUMNS = ("publisher", "title", "published_date", "url")


class ExportError(Exception):
    """An export that cannot be written; the message says why, in one line."""


@dataclass(frozen=True)
class ExportTable:
    """One resource: its name, description, Table Schema and rows (cells in schema order)."""

    name: str
    description: str
    schema: TableSchema
    rows: list[tuple[Cell, ...]]


@dataclass(frozen=True)
class Package:
    """The package's descriptor facts and its tables, in loading order (referenced tables first)."""

    name: str
    title: str
    description: str
    version: str
    homepage: str
    tables: list[ExportTable]
    #: The data's licence as datapackage.json's first ``licenses`` entry states it: its name
    #: ("CC-BY-4.0") and address ("" where the descriptor gives none).
    license_name: str = ""
    license_url: str = ""


def _cell(value: Any, field: Field) -> Cell:
    """A loaded value as a plain Python value of the field's type (None when missing)."""
    if _is_missing(value):
        return None
    if field.type == "date":
        return datetime.date(value.year, value.month, value.day)
    if field.type == "integer":
        return int(value)
    if field.type == "number":
        return float(value)
    return str(value)


def _is_missing(value: Any) -> bool:
    import pandas as pd

    return bool(pd.isna(value))  # a scalar: pd.NA, NaN or NaT


def _table(name: str, root: Path, frame: Any) -> ExportTable:
    schema = load_table_schema(name, root)
    columns = [[_cell(value, field) for value in frame[field.name].tolist()] for field in schema.fields]
    rows = list(zip(*columns, strict=True)) if columns else []
    description = str(resource_descriptor(name, root).get("description", ""))
    return ExportTable(name=name, description=description, schema=schema, rows=rows)


def read_package(package_dir: str | Path | None = None) -> Package:
    """Load every table through :func:`ukcsa_data.load_all` and keep the descriptor's facts."""
    from ukcsa_data.loader import load_all

    root = Path(package_dir) if package_dir is not None else bundled_package_dir()
    if not (root / DESCRIPTOR).is_file():
        raise ExportError(f"no {DESCRIPTOR} in {root}")
    descriptor = read_json(root, DESCRIPTOR)
    frames = load_all(root)
    licenses = descriptor.get("licenses")
    first = licenses[0] if isinstance(licenses, list) and licenses and isinstance(licenses[0], dict) else {}
    return Package(
        name=str(descriptor.get("name", "ukcsa-data")),
        title=str(descriptor.get("title", "")),
        description=str(descriptor.get("description", "")),
        version=package_version(root),
        homepage=str(descriptor.get("homepage", "")),
        tables=[_table(name, root, frames[name]) for name in RESOURCE_NAMES],
        license_name=str(first.get("name", "")),
        license_url=str(first.get("path", "")),
    )


def stored(cell: Cell) -> str | int | float | None:
    """A cell as the JSON and SQLite exports store it: a date as YYYY-MM-DD, a number only if it is
    finite (else :class:`ExportError`), anything else as it is."""
    if isinstance(cell, datetime.date):
        return iso_date(cell)
    if isinstance(cell, float):
        return finite(cell)
    return cell


def iso_date(value: datetime.date) -> str:
    """YYYY-MM-DD, with a four-digit year for any year from 1 to 9999."""
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


def finite(value: float) -> float:
    if not math.isfinite(value):
        raise ExportError(f"cannot export the number {value!r}")
    return value


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """Yield a temporary file (in a private folder) and copy it onto ``path`` only if the block
    succeeds: never through a link or onto a FIFO at ``path`` (``safe_write``)."""
    with tempfile.TemporaryDirectory(prefix="ukcsa-export-") as folder:
        temporary = Path(folder) / path.name
        yield temporary
        copy_in(path.parent, path.name, temporary)
