"""``ukcsa-data export``: every export read back and compared with ``load()`` cell by cell."""

from __future__ import annotations

import datetime
import json
import sqlite3
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import ukcsa_data
from ukcsa_data.cli import main
from ukcsa_data.core.contract import KEYS
from ukcsa_data.core.package_files import RESOURCE_NAMES
from ukcsa_data.exports import export, polars_installed

openpyxl = pytest.importorskip("openpyxl")

#: Text the exports must keep exactly as written (a spreadsheet would turn some into numbers or dates).
TRICKY_TEXT = ("14+", "8-10", "550,000 – 850,000", "80,000")
TRICKY_CHARACTERS = ("\u00a0", "\u2019")  # a no-break space, a curly quote


def _plain(value: Any) -> Any:
    """A loaded value as the plain value every export should hold: None, date, int, float or str."""
    if value is None or value is pd.NA or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, float):
        return value
    if isinstance(value, int):
        return value
    assert isinstance(value, str), (type(value), value)
    return value


def _expected_rows(name: str) -> list[dict[str, Any]]:
    frame = ukcsa_data.load(name)
    columns = {column: [_plain(value) for value in frame[column].tolist()] for column in frame.columns}
    return [dict(zip(columns, values, strict=True)) for values in zip(*columns.values(), strict=True)]


@pytest.fixture(scope="module")
def expected() -> dict[str, list[dict[str, Any]]]:
    return {name: _expected_rows(name) for name in RESOURCE_NAMES}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("exports") / "all"
    written = export("all", folder)
    by_suffix = {path.name if path.name == "metadata.json" else path.suffix: path for path in written}
    parquet = {".parquet"} if polars_installed() else set()
    assert set(by_suffix) == {".json", ".sqlite", ".xlsx", "metadata.json", *parquet}
    return by_suffix


def _assert_same(got: Any, want: Any, where: str, dates_as_text: bool) -> None:
    if want is None:
        assert got is None, where
    elif isinstance(want, datetime.date):
        if dates_as_text:
            assert got == want.strftime("%Y-%m-%d"), where
        else:
            assert isinstance(got, datetime.datetime) and got.date() == want, where
    elif isinstance(want, str):
        assert isinstance(got, str) and got == want, where
    else:
        assert isinstance(got, int | float) and not isinstance(got, bool) and got == want, where
        assert isinstance(want, float) or isinstance(got, int), where


def test_the_data_holds_the_tricky_text(expected: dict[str, list[dict[str, Any]]]) -> None:
    cells = [cell for rows in expected.values() for row in rows for cell in row.values()]
    texts = [cell for cell in cells if isinstance(cell, str)]
    for text in TRICKY_TEXT:
        assert text in texts, text
    for character in TRICKY_CHARACTERS:
        assert any(character in text for text in texts), repr(character)
    assert None in cells and any(isinstance(cell, datetime.date) for cell in cells)


def test_json_matches_load(exported: dict[str, Path], expected: dict[str, list[dict[str, Any]]]) -> None:
    document = json.loads(exported[".json"].read_text(encoding="utf-8"))
    assert document["name"] == "ukcsa-data"
    assert document["version"] == ukcsa_data.__version__
    assert list(document["resources"]) == list(RESOURCE_NAMES)
    for name, rows in expected.items():
        got = document["resources"][name]
        assert len(got) == len(rows), name
        for number, (got_row, want_row) in enumerate(zip(got, rows, strict=True)):
            assert list(got_row) == list(want_row), name
            for column, want in want_row.items():
                _assert_same(got_row[column], want, f"{name} row {number} {column}", dates_as_text=True)


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def test_sqlite_matches_load(exported: dict[str, Path], expected: dict[str, list[dict[str, Any]]]) -> None:
    with _connect(exported[".sqlite"]) as connection:
        for name, rows in expected.items():
            cursor = connection.execute(f'SELECT * FROM "{name}" ORDER BY rowid')
            assert [column[0] for column in cursor.description] == list(ukcsa_data.load(name).columns)
            got = cursor.fetchall()
            assert len(got) == len(rows), name
            for number, (got_row, want_row) in enumerate(zip(got, rows, strict=True)):
                for got_cell, (column, want) in zip(got_row, want_row.items(), strict=True):
                    _assert_same(got_cell, want, f"{name} row {number} {column}", dates_as_text=True)


def test_sqlite_column_types_and_keys(exported: dict[str, Path]) -> None:
    with _connect(exported[".sqlite"]) as connection:
        columns = {row[1]: row for row in connection.execute('PRAGMA table_info("figures")')}
        assert columns["occurrence"][2] == "INTEGER"
        assert columns["value"][2] == "REAL"
        assert columns["period_start"][2] == "TEXT"
        assert columns["quote"][2] == "TEXT" and columns["quote"][3] == 1  # NOT NULL
        for name, keys in KEYS.items():
            info = connection.execute(f'PRAGMA table_info("{name}")').fetchall()
            primary = tuple(row[1] for row in sorted(info, key=lambda row: row[5]) if row[5] > 0)
            assert primary == keys.primary, name
            declared = {
                (row[2], (row[3],), (row[4],))
                for row in connection.execute(f'PRAGMA foreign_key_list("{name}")')
            }
            assert declared == {(key.resource, key.fields, key.reference) for key in keys.foreign}, name
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []


def test_sqlite_view_has_one_row_per_figure(exported: dict[str, Path]) -> None:
    with _connect(exported[".sqlite"]) as connection:
        rows = connection.execute(
            "SELECT figure_id, publisher, title, published_date, url FROM figures_with_sources"
        ).fetchall()
        figures = connection.execute("SELECT figure_id FROM figures ORDER BY rowid").fetchall()
        sources = {row[0]: row[1:] for row in connection.execute("SELECT * FROM sources")}
    assert [row[0] for row in rows] == [row[0] for row in figures]
    assert all(row[1] and row[2] and row[3] for row in rows)
    figures_frame = ukcsa_data.load("figures")
    publishers = {source_id: values[0] for source_id, values in sources.items()}
    assert [row[1] for row in rows] == [publishers[s] for s in figures_frame["source_id"]]


def test_datasette_metadata_names_every_table_and_column(exported: dict[str, Path]) -> None:
    metadata = json.loads(exported["metadata.json"].read_text(encoding="utf-8"))
    assert metadata["license"] == "CC-BY-4.0"
    assert metadata["license_url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert metadata["title"] and metadata["source"]
    tables = metadata["databases"][exported[".sqlite"].stem]["tables"]
    with _connect(exported[".sqlite"]) as connection:
        names = [
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")
        ]
        assert set(names) == set(tables) == {*RESOURCE_NAMES, "figures_with_sources"}
        for name in names:
            columns = [row[1] for row in connection.execute(f'PRAGMA table_info("{name}")')]
            assert list(tables[name]["columns"]) == columns, name
            assert all(tables[name]["columns"].values()), name
    assert not any("units" in table for table in tables.values())


def test_xlsx_matches_load(exported: dict[str, Path], expected: dict[str, list[dict[str, Any]]]) -> None:
    workbook = openpyxl.load_workbook(exported[".xlsx"])
    assert workbook.sheetnames == ["README", "codebook", *RESOURCE_NAMES]
    for name, rows in expected.items():
        sheet = workbook[name]
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref is not None and sheet.auto_filter.ref.startswith("A1:")
        header, *body = list(sheet.iter_rows())
        assert [cell.value for cell in header] == list(ukcsa_data.load(name).columns)
        assert len(body) == len(rows), name
        for number, (got_row, want_row) in enumerate(zip(body, rows, strict=True)):
            for cell, (column, want) in zip(got_row, want_row.items(), strict=True):
                where = f"{name} row {number} {column}"
                _assert_same(cell.value, want, where, dates_as_text=False)
                if isinstance(want, str):
                    assert cell.data_type == "s" and cell.number_format == "@", where


def test_xlsx_text_columns_are_text_even_when_empty(exported: dict[str, Path]) -> None:
    sheet = openpyxl.load_workbook(exported[".xlsx"])["figures"]
    header = [cell.value for cell in sheet[1]]
    per = header.index("per") + 1
    assert {sheet.cell(row=row, column=per).number_format for row in range(2, sheet.max_row + 1)} == {"@"}
    widths = [sheet.column_dimensions[cell.column_letter].width for cell in sheet[1]]
    assert all(8 <= width <= 60 for width in widths)


def test_xlsx_readme_and_codebook(exported: dict[str, Path]) -> None:
    workbook = openpyxl.load_workbook(exported[".xlsx"])
    readme = {row[0]: row[1] for row in workbook["README"].iter_rows(min_row=2, values_only=True)}
    assert ukcsa_data.__version__ == readme["version"]
    assert "CC-BY-4.0" in readme["licence"] and "creativecommons.org" in readme["licence"]
    assert "child sexual abuse" in readme["content note"]
    assert readme["how to cite"] and readme["title"]
    codebook = list(workbook["codebook"].iter_rows(values_only=True))
    assert codebook[0] == ("resource", "column", "type", "required", "enum values", "description")
    listed = [(row[0], row[1]) for row in codebook[1:]]
    assert listed == [(name, column) for name in RESOURCE_NAMES for column in ukcsa_data.load(name).columns]
    qualifier = next(row for row in codebook if row[:2] == ("figures", "qualifier"))
    assert qualifier[2:4] == ("string", "yes") and "at_least" in qualifier[4] and qualifier[5]


def test_single_formats_and_cli_prints_the_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--format", "json", str(tmp_path / "data.json")]) == 0
    assert capsys.readouterr().out.split() == [str(tmp_path / "data.json")]
    assert main(["export", "--format", "sqlite", str(tmp_path / "db" / "data.sqlite")]) == 0
    assert capsys.readouterr().out.split() == [
        str(tmp_path / "db" / "data.sqlite"),
        str(tmp_path / "db" / "metadata.json"),
    ]
    assert main(["export", "--format", "xlsx", str(tmp_path / "data.xlsx")]) == 0
    assert capsys.readouterr().out.split() == [str(tmp_path / "data.xlsx")]


def _fails(argv: list[str], capsys: pytest.CaptureFixture[str], message: str) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ukcsa-data export: ") and message in lines[0], lines
    assert "Traceback" not in captured.err


def test_cli_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "data.json"
    out.write_text("keep me", encoding="utf-8")
    _fails(["export", "--format", "json", str(out)], capsys, "--force")
    assert out.read_text(encoding="utf-8") == "keep me"
    _fails(["export", "--format", "csv", str(tmp_path / "x.csv")], capsys, "unknown format 'csv'")
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "other.txt").write_text("x", encoding="utf-8")
    _fails(["export", "--format", "all", str(folder)], capsys, "not empty")
    assert sorted(path.name for path in folder.iterdir()) == ["other.txt"]
    _fails(["export", "--format", "json", str(folder)], capsys, "is a folder")
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "metadata.json").write_text("{}", encoding="utf-8")
    _fails(["export", "--format", "sqlite", str(tmp_path / "db" / "x.sqlite")], capsys, "metadata.json")
    assert not (tmp_path / "db" / "x.sqlite").exists()
    _fails(
        ["export", "--format", "json", str(tmp_path / "y.json"), "--package-dir", str(tmp_path)], capsys, ""
    )


def test_force_overwrites(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "data.json"
    out.write_text("old", encoding="utf-8")
    assert main(["export", "--format", "json", str(out), "--force"]) == 0
    assert capsys.readouterr().out.split() == [str(out)]
    assert json.loads(out.read_text(encoding="utf-8"))["version"] == ukcsa_data.__version__
    assert main(["export", "--format", "all", str(tmp_path), "--force"]) == 0
    parquet_files = len(RESOURCE_NAMES) if polars_installed() else 0
    assert len(capsys.readouterr().out.split()) == 4 + parquet_files
    assert not any(path.name.endswith(".partial") for path in tmp_path.rglob("*"))


def test_export_uses_the_package_dir(package_copy: Path, tmp_path: Path) -> None:
    path = package_copy / "dataset" / "sources.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Sheffield Telegraph", "Sheffield Star"), "utf-8"
    )
    (written,) = export("json", tmp_path / "copy.json", package_copy)
    document = json.loads(written.read_text(encoding="utf-8"))
    assert document["resources"]["sources"][0]["publisher"] == "Sheffield Star"


def test_parquet_round_trips_with_the_loaders_types(tmp_path: Path) -> None:
    """Each table's Parquet file reads back equal to ``load(name, backend="polars")``, schema
    included (dates as Date, enums as Enum, integers and floats as such); DuckDB reads the dates as
    DATE and value_text as text."""
    pl = pytest.importorskip(
        "polars", reason="the parquet export needs polars (pip install 'ukcsa-data[polars]')"
    )
    from ukcsa_data import load
    from ukcsa_data.core.package_files import RESOURCE_NAMES
    from ukcsa_data.exports import export

    written = export("parquet", tmp_path / "parquet")
    assert [p.name for p in written] == [f"{name}.parquet" for name in RESOURCE_NAMES]
    for name in RESOURCE_NAMES:
        back = pl.read_parquet(tmp_path / "parquet" / f"{name}.parquet")
        expected = load(name, backend="polars")
        assert back.schema == expected.schema, name
        assert back.equals(expected), name
    duckdb = pytest.importorskip("duckdb", reason="DuckDB is not installed")
    figures = duckdb.sql(f"select * from read_parquet('{tmp_path / 'parquet' / 'figures.parquet'}')")
    types = dict(zip(figures.columns, map(str, figures.types), strict=True))
    assert (types["period_start"], types["value_text"]) == ("DATE", "VARCHAR")


def test_parquet_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    pytest.importorskip("polars", reason="the parquet export needs polars")
    from ukcsa_data.exports import ExportError, export

    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ExportError, match="not empty"):
        export("parquet", tmp_path / "out")
    assert (tmp_path / "out" / "keep.txt").read_text(encoding="utf-8") == "mine"
