"""Export the package's tables as one JSON file, an SQLite database (with a Datasette
``metadata.json``) or an XLSX workbook: ``ukcsa-data export``.

Every export is made from :func:`ukcsa_data.load_all`, so it carries the loader's types: dates,
numbers, integers, missing values, and text exactly as in the CSV files.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from ukcsa_data.exports.tables import ExportError, Package, read_package

__all__ = ["FORMATS", "ExportError", "export"]


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
        if path.is_dir():
            raise ExportError(f"{path} is a folder; name a file to write")
        if path.exists() and path.stat().st_size > 0 and not force:
            raise ExportError(f"{path} exists and is not empty; use --force to overwrite it")


def _targets(fmt: str, out: Path, version: str) -> dict[str, Path]:
    """The file each format writes: OUT itself, or for ``all`` one file per format inside OUT."""
    if fmt != "all":
        return {fmt: out}
    return {name: out / f"ukcsa-data-{version}{suffix}" for name, (suffix, _) in FORMATS.items()}


def export(
    fmt: str, out: str | os.PathLike[str], package_dir: str | Path | None = None, force: bool = False
) -> list[Path]:
    """Write the package in format ``fmt`` ("json", "sqlite", "xlsx" or "all") to ``out``.

    For ``all``, ``out`` is a folder (created) that must be empty unless ``force``. Returns the files
    written. Raises :class:`ExportError` when nothing can be written.
    """
    if fmt != "all" and fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join([*FORMATS, 'all'])}")
    out = Path(out)
    if fmt == "all":
        if out.exists() and not out.is_dir():
            raise ExportError(f"{out} is a file; --format all writes into a folder")
        if out.is_dir() and any(out.iterdir()) and not force:
            raise ExportError(f"{out} exists and is not empty; use --force to write into it")
    package = read_package(package_dir)
    targets = _targets(fmt, out, package.version)
    checked = [*targets.values()]
    if "sqlite" in targets:
        checked.append(targets["sqlite"].parent / "metadata.json")
    _refuse_existing(checked, force)
    if "xlsx" in targets:
        from ukcsa_data.exports.xlsx_export import require_openpyxl

        require_openpyxl()
    written: list[Path] = []
    for name, path in targets.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        written.extend(FORMATS[name][1](package, path))
    return written
