"""The size of the whole package, bounded before any table or seed is read (``package_bytes``).

Each file has its own limit (``csv_bytes``, ``seed_bytes``) and the seeds together theirs
(``seeds_bytes``); this one bounds what one run may read in all: the tables the descriptor names
and every file of ``seeds/``, from their sizes (``lstat``: nothing is opened, no link followed).
A file over its own limit is not counted: it is never read, and its own problem names it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from ukcsa_data.core import limits
from ukcsa_data.core.problems import Report


def _within(size: int, limit: int) -> int:
    return size if size <= limit else 0


def _table_size(path: Path) -> int:
    """The size of ``path`` if it is a regular file (not a link) within ``csv_bytes``, else 0 (its
    own layer reports it)."""
    try:
        status = path.lstat()
    except OSError:
        return 0
    regular = os.path.isfile(path) and not path.is_symlink()
    return _within(status.st_size, limits.active().csv_bytes) if regular else 0


def _seed_sizes(folder: Path) -> Iterable[int]:
    if not folder.is_dir() or folder.is_symlink():
        return
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_file(follow_symlinks=False):
                yield _within(entry.stat(follow_symlinks=False).st_size, limits.active().seed_bytes)


def package_size(root: Path, table_paths: Iterable[str]) -> int:
    """The bytes of the tables at ``table_paths`` and of every regular file in ``seeds/``, each
    within its own limit."""
    return sum(_table_size(root / path) for path in set(table_paths)) + sum(_seed_sizes(root / "seeds"))


def within_package_limit(root: Path, table_paths: Iterable[str], report: Report) -> bool:
    """True if the tables and seeds together are within ``package_bytes``; else report
    ``package-too-large`` once (nothing more is read)."""
    total, limit = package_size(root, table_paths), limits.active().package_bytes
    if total <= limit:
        return True
    report.add(
        "datapackage.json",
        None,
        None,
        "package-too-large",
        f"the tables and seeds add up to {total:,} bytes; the limit for all of them together is "
        f"{limit:,} bytes (package_bytes), so no table or seed was read",
    )
    return False
