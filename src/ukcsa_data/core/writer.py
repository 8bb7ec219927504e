"""Write a table back to CSV in the package's dialect, so that load() then write is byte-exact.

Dialect: UTF-8, comma, LF line endings, quotes only where needed (``""`` inside), empty cell for a
missing value, numbers in canonical form (``80000``, ``19.4``), dates as YYYY-MM-DD.
"""

from __future__ import annotations

import math
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd

from ukcsa_data.core.csv_dialect import csv_text
from ukcsa_data.core.package_files import bundled_package_dir
from ukcsa_data.core.table_schema import load_table_schema


def format_number(value: float) -> str:
    """The canonical text of a number: no exponent, no trailing zeros, no ``.0``."""
    if not math.isfinite(value):
        raise ValueError(f"{value!r} cannot be written to the package")
    if float(value).is_integer():
        return str(int(value))
    text = format(Decimal(repr(float(value))), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _cell(value: Any, field_type: str) -> str:
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return ""
    if field_type == "date":
        return f"{pd.Timestamp(value):%Y-%m-%d}"
    if field_type == "number":
        return format_number(float(value))
    if field_type == "integer":
        return str(int(value))
    return str(value)


def table_to_csv(frame: pd.DataFrame, name: str, package_dir: str | Path | None = None) -> bytes:
    """Return the CSV bytes of table ``name`` for ``frame`` (as returned by ``load(name)``)."""
    root = Path(package_dir) if package_dir is not None else bundled_package_dir()
    schema = load_table_schema(name, root)
    columns = [(frame[field.name].tolist(), field.type) for field in schema.fields]
    rows = ([_cell(values[row], field_type) for values, field_type in columns] for row in range(len(frame)))
    return csv_text([schema.field_names, *rows]).encode("utf-8")
