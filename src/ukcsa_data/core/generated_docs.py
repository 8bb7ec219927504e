"""Tables generated into a Markdown file between two HTML comment markers (the problem codes and
limits under docs/, the README's headline figures)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path


def replace_between(text: str, start: str, end: str, table: str) -> str:
    """``text`` with what lies between the markers ``start`` and ``end`` replaced by ``table``."""
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    return f"{head}{start}\n{table}\n{end}{tail}"


def rewrite_file(rewrite: Callable[[str], str], argv: list[str] | None = None) -> None:
    """Apply ``rewrite`` to the file named by the first argument (a maintenance command)."""
    path = Path((argv or sys.argv)[1])
    path.write_text(rewrite(path.read_text(encoding="utf-8")), encoding="utf-8")
