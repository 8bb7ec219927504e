"""A static site of the package: ``ukcsa-data site OUT``.

Plain HTML and one stylesheet (no script): an index, a page per article with every number of its
text marked (a figure linked to its row, or an exclusion greyed with its reason), a page per
statistic (every mention, and the series of successive estimates it is in), and a page per table
(column descriptions and rows), with the CSV files (and, with ``with_exports``, the exports) to
download. Only a valid package is published: the marks are the validator's own located rows.

Every file is written inside OUT through :mod:`ukcsa_data.core.safe_write`; OUT may not be inside the
package, nor a non-empty folder that this command did not write (it leaves :data:`MARKER` in it).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ukcsa_data.site.content import SiteError

if TYPE_CHECKING:
    from ukcsa_data.site.content import Site
    from ukcsa_data.validation.runner import Checked

__all__ = ["MARKER", "SiteError", "build_site"]

#: The file that marks a folder as a site this command wrote, which it may write again: a first
#: line, then the files written, one relative path a line (those no longer written are removed
#: when the site is written again).
MARKER = ".ukcsa-data-site"
_MARKER_LINE = "A site written by 'ukcsa-data site'; it may write here again. Its files:"


def check_out(out: Path, package_dir: Path) -> None:
    """Refuse an OUT the site must not be written to: a link or special file, a file, a folder
    inside the package (or the package's own) or holding it, or a non-empty folder that holds no
    :data:`MARKER`."""
    from ukcsa_data.core.safe_paths import is_inside
    from ukcsa_data.core.safe_write import refuse_link

    refuse_link(out)
    if out.exists() and not out.is_dir():
        raise SiteError(f"{out} is a file; the site is written into a folder")
    if is_inside(out, package_dir):
        raise SiteError(f"{out} is inside the package {package_dir}; write the site outside it")
    if is_inside(package_dir, out):
        raise SiteError(f"the package {package_dir} is inside {out}; write the site to a folder apart")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise SiteError(
            f"{out} exists, is not empty and is not a site written by 'ukcsa-data site' (it has no "
            f"{MARKER}); name a new or empty folder"
        )


def _checked(package_dir: Path) -> Checked:
    from ukcsa_data.validation.runner import check_package

    checked = check_package(package_dir)
    if not checked.report.valid:
        errors = len(checked.report.errors)
        raise SiteError(
            f"the package in {package_dir} is not valid ({errors} error{'s' * (errors != 1)}), so no site "
            f"is made; run 'ukcsa-data validate {package_dir}' to see them"
        )
    return checked


def _facts(package_dir: Path, site: Site, exports: list[str]) -> dict[str, Any]:
    from ukcsa_data.core.package_files import DESCRIPTOR, RESOURCE_NAMES, read_json
    from ukcsa_data.core.package_version import package_version
    from ukcsa_data.describe import describe

    descriptor = read_json(package_dir, DESCRIPTOR)
    return {
        "title": str(descriptor.get("title", "")),
        "description": str(descriptor.get("description", "")),
        "version": package_version(package_dir),
        "tables": [describe(name, package_dir) for name in RESOURCE_NAMES],
        "figure_count": len(site.rows.get("figures", [])),
        "downloads": [f"downloads/{name}.csv" for name in RESOURCE_NAMES],
        "exports": exports,
    }


def _copy_tables(package_dir: Path, out: Path) -> list[Path]:
    """The CSV files, byte for byte, into ``downloads/``."""
    from ukcsa_data.core import limits
    from ukcsa_data.core.package_files import RESOURCE_NAMES, read_bytes
    from ukcsa_data.core.safe_write import replace_file

    return [
        replace_file(
            out,
            f"downloads/{name}.csv",
            read_bytes(package_dir, f"dataset/{name}.csv", limits.active().csv_bytes),
            create_folders=True,
        )
        for name in RESOURCE_NAMES
    ]


def _copy_exports(package_dir: Path, out: Path) -> list[Path]:
    """``export --format all`` made in a private folder, then copied into ``downloads/exports/``."""
    from ukcsa_data.core.safe_write import copy_in
    from ukcsa_data.exports import export

    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="ukcsa-site-") as folder:
        made = Path(folder) / "exports"
        for path in sorted(export("all", made, package_dir)):
            relative = path.relative_to(made).as_posix()
            written.append(copy_in(out, f"downloads/exports/{relative}", path, create_folders=True))
    return written


def build_site(
    out: str | os.PathLike[str], package_dir: str | Path | None = None, with_exports: bool = False
) -> list[Path]:
    """Write the site of the package in ``package_dir`` (the bundled one by default) into the
    folder ``out``; return the files written. :class:`SiteError` if the package is not valid or
    ``out`` cannot be the site's folder (see :func:`check_out`)."""
    from ukcsa_data.core.package_files import bundled_package_dir
    from ukcsa_data.core.safe_write import WriteRefused, make_folder, remove_file, replace_file
    from ukcsa_data.site.content import gather, seed_reader
    from ukcsa_data.site.render import pages

    root = Path(package_dir) if package_dir is not None else bundled_package_dir()
    out = Path(out)
    check_out(out, root)
    site = gather(_checked(root), seed_reader(root))
    make_folder(out)
    earlier = _listed(out)
    written = _copy_tables(root, out)
    exports = _copy_exports(root, out) if with_exports else []
    written += exports
    facts = _facts(root, site, [path.relative_to(out).as_posix() for path in exports])
    for relative, text in pages(site, facts).items():
        written.append(replace_file(out, relative, text.encode("utf-8"), create_folders=True))
    files = [path.relative_to(out).as_posix() for path in written]
    listing = "\n".join([_MARKER_LINE, *files, ""])
    written.append(replace_file(out, MARKER, listing.encode("utf-8")))
    for stale in sorted(set(earlier) - set(files)):
        with contextlib.suppress(WriteRefused):  # not a plain relative path: not the site's
            remove_file(out, stale)
    return written


def _listed(out: Path) -> list[str]:
    """The files the site in ``out`` was written with, as its :data:`MARKER` lists them (none for a
    new folder); ``safe_write`` checks each before it removes one."""
    marker = out / MARKER
    if marker.is_symlink() or not marker.is_file():
        return []
    lines = marker.read_text(encoding="utf-8", errors="replace").split("\n")
    if not lines or lines[0] != _MARKER_LINE:
        return []
    return [line for line in lines[1:] if line]
