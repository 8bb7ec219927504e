"""Export the package's tables as one JSON file, an SQLite database (with a Datasette
``metadata.json``), an XLSX workbook or a folder of Parquet files: ``ukcsa-data export``.

Every export is made from :func:`ukcsa_data.load_all`, so it carries the loader's types: dates,
numbers, integers, missing values, and text exactly as in the CSV files.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable
from pathlib import Path

from ukcsa_data.core.package_files import VERSION
from ukcsa_data.core.safe_write import make_folder, refuse_link
from ukcsa_data.exports.sqlite_export import database_name
from ukcsa_data.exports.tables import ExportError, Package, read_package

__all__ = ["FORMATS", "ExportError", "export", "polars_installed"]


def _json(package: Package, out: Path) -> list[Path]:
    from ukcsa_data.exports.json_export import write_json

    return [write_json(package, out)]


def _sqlite(package: Package, out: Path) -> list[Path]:
    from ukcsa_data.exports.sqlite_export import write_sqlite

    return write_sqlite(package, out)


def _xlsx(package: Package, out: Path) -> list[Path]:
    from ukcsa_data.exports.xlsx_export import write_xlsx

    return [write_xlsx(package, out)]


#: Format name -> (file suffix, writer returning the files written).
FORMATS: dict[str, tuple[str, Callable[[Package, Path], list[Path]]]] = {
    "json": (".json", _json),
    "sqlite": (".sqlite", _sqlite),
    "xlsx": (".xlsx", _xlsx),
}


def _refuse_existing(paths: list[Path], force: bool) -> None:
    for path in paths:
        refuse_link(path)
        if path.is_dir():
            raise ExportError(f"{path} is a folder; name a file to write")
        if path.exists() and path.stat().st_size > 0 and not force:
            raise ExportError(f"{path} exists and is not empty; use --force to overwrite it")


#: Formats written as a folder of files rather than one file.
FOLDER_FORMATS = ("parquet",)


def _file_version(version: str) -> str:
    """The package's version, for a file name; :class:`ExportError` if it cannot be one."""
    if not VERSION.fullmatch(version):
        raise ExportError(
            f"the package's version {version!r} is not a version such as 1.0.0, so it cannot name "
            "the files of --format all; run 'ukcsa-data validate'"
        )
    return version


def _targets(fmt: str, out: Path, version: str) -> dict[str, Path]:
    """What each format writes: OUT itself, or for ``all`` one file (or folder) per format in OUT,
    named from fixed parts and the package's version (checked: it holds no ``/`` or ``..``)."""
    if fmt != "all":
        return {fmt: out}
    version = _file_version(version)
    targets = {name: out / f"ukcsa-data-{version}{suffix}" for name, (suffix, _) in FORMATS.items()}
    targets["sqlite"] = out / f"{database_name(version)}.sqlite"  # Datasette's name: no dots
    if polars_installed():  # parquet needs the optional polars extra; `all` says when it is left out
        targets["parquet"] = out / f"ukcsa-data-{version}-parquet"
    return targets


def polars_installed() -> bool:
    """Whether the optional polars extra (needed for parquet) is installed."""
    return importlib.util.find_spec("polars") is not None


def _refuse_existing_folder(folder: Path, force: bool) -> None:
    refuse_link(folder)
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder} is a file; the parquet export writes a folder of files")
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise ExportError(f"{folder} exists and is not empty; use --force to write into it")


def export(
    fmt: str, out: str | os.PathLike[str], package_dir: str | Path | None = None, force: bool = False
) -> list[Path]:
    """Write the package in format ``fmt`` ("json", "sqlite", "xlsx" or "all") to ``out``.

    For ``all``, ``out`` is a folder (created) that must be empty unless ``force``. Returns the files
    written. Raises :class:`ExportError` when nothing can be written.
    """
    if fmt != "all" and fmt not in FORMATS and fmt not in FOLDER_FORMATS:
        choices = ", ".join([*FORMATS, *FOLDER_FORMATS, "all"])
        raise ExportError(f"unknown format {fmt!r}; choose one of {choices}")
    out = Path(out)
    refuse_link(out)
    if fmt == "all":
        if out.exists() and not out.is_dir():
            raise ExportError(f"{out} is a file; --format all writes into a folder")
        if out.is_dir() and any(out.iterdir()) and not force:
            raise ExportError(f"{out} exists and is not empty; use --force to write into it")
    package = read_package(package_dir)
    targets = _targets(fmt, out, package.version)
    checked = [path for name, path in targets.items() if name not in FOLDER_FORMATS]
    if "parquet" in targets:
        from ukcsa_data.exports.parquet_export import require_polars

        require_polars()
        _refuse_existing_folder(targets["parquet"], force)
    if "sqlite" in targets:
        checked.append(targets["sqlite"].parent / "metadata.json")
    _refuse_existing(checked, force)
    if "xlsx" in targets:
        from ukcsa_data.exports.xlsx_export import require_openpyxl

        require_openpyxl()
    if fmt == "all":
        make_folder(out)
    return _write(package, package_dir, targets)


def _write(package: Package, package_dir: str | Path | None, targets: dict[str, Path]) -> list[Path]:
    """Write each target; the files written."""
    written: list[Path] = []
    for name, path in targets.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if name == "parquet":
            from ukcsa_data.exports.parquet_export import write_parquet

            written.extend(write_parquet(path, package_dir))
        else:
            written.extend(FORMATS[name][1](package, path))
    return written
