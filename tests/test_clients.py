"""The CSV files as real client programs read them (issue 10): DuckDB's default ``read_csv``."""

from __future__ import annotations

from pathlib import Path

import pytest

duckdb = pytest.importorskip("duckdb", reason="DuckDB is not installed (pip install duckdb)")


def test_duckdb_reads_dates_as_dates_numbers_as_numbers_and_figures_as_written(package_dir: Path) -> None:
    """With no options, DuckDB infers period and publication dates as DATE, values as numbers, and
    keeps value_text ("80,000", "14+", "8-10") as text."""
    figures = duckdb.sql(f"select * from read_csv('{package_dir / 'dataset' / 'figures.csv'}')")
    types = dict(zip(figures.columns, map(str, figures.types), strict=True))
    assert types["period_start"] == types["period_end"] == "DATE"
    assert types["value"] in ("BIGINT", "DOUBLE") and types["occurrence"] in ("BIGINT", "INTEGER")
    assert types["value_text"] == "VARCHAR"
    written = {row[0] for row in duckdb.sql("select value_text from figures").fetchall()}
    assert {"80,000", "14+", "8-10", "550,000 – 850,000", "£600,000"} <= written
    sources = duckdb.sql(f"select * from read_csv('{package_dir / 'dataset' / 'sources.csv'}')")
    assert dict(zip(sources.columns, map(str, sources.types), strict=True))["published_date"] == "DATE"
    assert (
        figures.shape[0]
        == sum(1 for _ in (package_dir / "dataset" / "figures.csv").open(encoding="utf-8")) - 1
    )
