"""``load(name, backend="polars")``: the same tables as the pandas load, with polars types."""

from __future__ import annotations

import datetime
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from ukcsa_data import load
from ukcsa_data.core.package_files import RESOURCE_NAMES
from ukcsa_data.core.table_schema import Field, load_table_schema

pl = pytest.importorskip("polars", reason="polars is not installed (pip install 'ukcsa-data[polars]')")


def _codes(name: str, field: str, package_dir: Path) -> list[str] | None:
    """The codes of a code list a field refers to (figures.unit: the units), or None."""
    schema = load_table_schema(name, package_dir)
    for fk in schema.foreign_keys:
        target = fk["reference"]["resource"]
        if fk["fields"] == [field] and target in ("areas", "units"):
            return list(load(target, package_dir)[fk["reference"]["fields"][0]])
    return None


def _expected_dtype(field: Field, codes: list[str] | None = None) -> Any:
    if codes is not None:
        return pl.Enum(codes)
    if field.enum is not None:
        return pl.Enum(list(field.enum))
    return {"date": pl.Date, "number": pl.Float64, "integer": pl.Int64}.get(field.type, pl.String)


def _plain(value: Any) -> Any:
    """A pandas value as the Python value polars should hold (None when missing)."""
    if value is None or value is pd.NA or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value


@pytest.mark.parametrize("name", RESOURCE_NAMES)
def test_polars_types_follow_the_table_schema(name: str, package_dir: Path) -> None:
    frame = load(name, backend="polars")
    assert isinstance(frame, pl.DataFrame)
    schema = load_table_schema(name, package_dir)
    assert frame.columns == schema.field_names
    for field in schema.fields:
        expected = _expected_dtype(field, _codes(name, field.name, package_dir))
        assert frame.schema[field.name] == expected, (name, field.name)


@pytest.mark.parametrize("name", RESOURCE_NAMES)
def test_polars_values_equal_the_pandas_load(name: str) -> None:
    frame = load(name, backend="polars")
    pandas_frame = load(name)
    assert frame.height == len(pandas_frame)
    for column in pandas_frame.columns:
        want = [_plain(value) for value in pandas_frame[column].tolist()]
        got = frame[column].to_list()
        assert got == want, (name, column)
        assert [type(value) for value in got] == [type(value) for value in want], (name, column)


def test_polars_keeps_dates_missing_values_and_written_figures() -> None:
    figures = load("figures", backend="polars")
    assert figures["period_start"].null_count() > 0 and figures["per"].null_count() > 0
    assert isinstance(figures["period_start"].drop_nulls()[0], datetime.date)
    assert {"80,000", "14+", "8-10", "550,000 – 850,000", "£600,000"} <= set(figures["value_text"])
    assert figures.filter(pl.col("value_text") == "80,000")["value"].to_list()[0] == 80000.0
    at_least = figures.filter(pl.col("qualifier") == "at_least")
    assert at_least.height > 0


def test_polars_reads_a_package_dir(package_copy: Path) -> None:
    path = package_copy / "dataset" / "sources.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Sheffield Telegraph", "Sheffield Star"), "utf-8"
    )
    assert load("sources", package_copy, backend="polars")["publisher"][0] == "Sheffield Star"


def test_unknown_backend_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown backend 'arrow'; choose one of pandas, polars"):
        load("figures", backend="arrow")  # type: ignore[call-overload]


def test_missing_polars_gives_a_clear_import_error() -> None:
    code = (
        "import sys; sys.modules['polars'] = None\n"
        "import ukcsa_data\n"
        "try:\n"
        "    ukcsa_data.load('figures', backend='polars')\n"
        "except ImportError as error:\n"
        "    print(error)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "pip install 'ukcsa-data[polars]'" in result.stdout, result.stdout + result.stderr


def test_pandas_load_does_not_import_polars() -> None:
    code = "import sys, ukcsa_data; ukcsa_data.load('figures'); print('polars' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
