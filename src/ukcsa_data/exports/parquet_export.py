"""Parquet export: one ``<table>.parquet`` file per resource in a folder, written by polars from
``load(name, backend="polars")``, so it has the loader's types (dates as Date, enums as Enum
dictionaries, integers, floats, text). Needs the optional ``polars`` extra."""

from __future__ import annotations

from pathlib import Path

from ukcsa_data.core.package_files import RESOURCE_NAMES
from ukcsa_data.core.safe_write import make_folder
from ukcsa_data.exports.tables import ExportError, replacing
from ukcsa_data.loader import load


def require_polars() -> None:
    """Fail with a one-line instruction when polars is not installed."""
    try:
        import polars  # noqa: F401
    except ImportError:
        raise ExportError("the parquet export needs polars: pip install 'ukcsa-data[polars]'") from None


def write_parquet(folder: Path, package_dir: str | Path | None) -> list[Path]:
    """Write every table as ``folder/<name>.parquet``; return the files written."""
    make_folder(folder)
    written = []
    for name in RESOURCE_NAMES:
        with replacing(folder / f"{name}.parquet") as partial:
            load(name, package_dir, backend="polars").write_parquet(partial, statistics=False)
        written.append(folder / f"{name}.parquet")
    return written
