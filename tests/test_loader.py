"""The loader: typed DataFrames from the Table Schemas, without importing pandera or frictionless."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from pandas.api import types

import ukcsa_data
from ukcsa_data import load, load_all
from ukcsa_data.core.package_files import RESOURCE_NAMES
from ukcsa_data.core.package_version import package_version


def test_version_is_the_data_package_version(package_dir: Path) -> None:
    """datapackage.json's version, with +unreleased while CHANGELOG.md lists unreleased changes."""
    descriptor = json.loads((package_dir / "datapackage.json").read_text(encoding="utf-8"))
    assert ukcsa_data.__version__.split("+")[0] == descriptor["version"]
    assert ukcsa_data.__version__ == package_version(package_dir)


def test_figures_dtypes_follow_the_schema(package_dir: Path) -> None:
    figures = load("figures", package_dir)
    assert len(figures) == 41
    for column in ("value", "value_low", "value_high"):
        assert figures[column].dtype == "float64"
    assert str(figures["occurrence"].dtype) == "Int64"
    for column in ("period_start", "period_end"):
        assert types.is_datetime64_dtype(figures[column])
    assert isinstance(figures["unit"].dtype, pd.CategoricalDtype)
    units = load("units", package_dir)["unit"].tolist()  # a foreign key: the code list's codes
    assert list(figures["unit"].cat.categories) == units
    areas = load("areas", package_dir)["area"].tolist()
    assert list(figures["geography"].cat.categories) == areas
    assert {"UK", "England"} <= set(areas)
    assert isinstance(figures["quote"].dtype, pd.StringDtype)
    assert figures["per"].isna().sum() > 0


def test_sources_dates_are_datetimes(package_dir: Path) -> None:
    sources = load("sources", package_dir)
    assert types.is_datetime64_dtype(sources["published_date"])
    assert sources.set_index("source_id").loc["deeside-2020", "published_date"] == pd.Timestamp("2020-04-03")


def test_text_is_not_mangled(package_dir: Path) -> None:
    figures = load("figures", package_dir)
    assert figures["quote"].str.contains("\u00a0").sum() >= 3
    assert "550,000 – 850,000" in set(figures["value_text"])


def test_load_all_returns_every_table(package_dir: Path) -> None:
    tables = load_all(package_dir)
    assert list(tables) == list(RESOURCE_NAMES)
    counts = {name: len(table) for name, table in tables.items()}
    assert counts == {
        **{name: _csv_rows(package_dir, name) for name in ("areas", "units", "bounds")},
        "sources": 4,
        "figures": 41,
        "exclusions": 17,
        "relations": 1,
        "waivers": 3,
        "retired": 0,
        "series": 3,
    }


def _csv_rows(package_dir: Path, name: str) -> int:
    with (package_dir / "dataset" / f"{name}.csv").open(encoding="utf-8", newline="") as file:
        return len(list(csv.DictReader(file)))


def test_code_lists_and_bounds_load_typed(package_dir: Path) -> None:
    """The new tables load: areas and units with their enum columns as categories, the bounds
    with numbers as floats, their unit and geography as categories of the code lists."""
    areas = load("areas", package_dir).set_index("area")
    assert areas.loc["England", "gss_code"] == "E92000001"
    assert areas.loc["England", "parent"] == "England and Wales"
    assert pd.isna(areas.loc["UK", "parent"])
    assert isinstance(areas["type"].dtype, pd.CategoricalDtype)
    units = load("units", package_dir).set_index("unit")
    assert units.loc["one_in", "kind"] == "ratio"
    assert units.loc["times", "kind"] == "multiple"
    bounds = load("bounds", package_dir)
    assert bounds["maximum"].dtype == "float64"
    assert list(bounds["unit"].cat.categories) == list(units.index)
    assert bounds["geography"].isna().any()  # the any-geography rows


def test_unknown_table_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown table 'figure'"):
        load("figure")


def test_import_and_load_do_not_import_validation_libraries() -> None:
    code = (
        "import sys, ukcsa_data; ukcsa_data.load('figures'); ukcsa_data.load_all();"
        "print(sorted(m for m in ('pandera', 'frictionless') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_load_then_write_reproduces_every_csv_byte_for_byte(package_dir: Path) -> None:
    from ukcsa_data.core.writer import table_to_csv

    for name in RESOURCE_NAMES:
        original = (package_dir / "dataset" / f"{name}.csv").read_bytes()
        assert table_to_csv(load(name, package_dir), name, package_dir) == original, name


def test_numbers_are_written_canonically() -> None:
    from ukcsa_data.core.writer import format_number

    assert [format_number(x) for x in (80000.0, 19.4, -3.0, 0.1, 1e16, 1.5e-7)] == [
        "80000",
        "19.4",
        "-3",
        "0.1",
        "10000000000000000",
        "0.00000015",
    ]
    with pytest.raises(ValueError, match="cannot be written"):
        format_number(float("nan"))


def test_a_damaged_table_is_a_clear_error_not_a_pandas_traceback(package_copy: Path) -> None:
    path = package_copy / "dataset" / "figures.csv"
    path.write_bytes(path.read_bytes().replace(b",131,131,", b",131,lots,"))
    with pytest.raises(ValueError, match=r"table 'figures', column 'value' is not valid number data"):
        load("figures", package_copy)
