"""GitHub-flavoured Markdown built from package values: tables and code-font names, every value
written with ``escaping.markdown_text`` (plain text when rendered; no tag, link, image or mention
comes from it, and no cell border or line break)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ukcsa_data.core.escaping import markdown_text

#: A code span of documentation text: its text between one or two backticks.
_CODE_SPAN = re.compile(r"``?([^`]+?)``?")


def code(text: str) -> str:
    """``text`` in the code font, as plain text (an HTML ``code`` element around
    ``markdown_text``, since a code span can escape nothing); empty for empty text."""
    return f"<code>{markdown_text(text)}</code>" if text else ""


def row(cells: Sequence[str]) -> str:
    """One table row: each cell ``markdown_text``."""
    return f"| {' | '.join(markdown_text(cell) for cell in cells)} |"


def table(header: Sequence[str], align: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """A table's lines: the header and each row written with ``row``; ``align`` is ``---`` or
    ``---:`` for each column."""
    return [row(header), f"| {' | '.join(align)} |", *map(row, rows)]


def prose(text: str) -> str:
    """Documentation text (a docstring, a code's meaning) as Markdown: what stands between
    backticks (``\\`x\\``` or ``\\`\\`x\\`\\```) in the code font, every other character as plain text
    (``markdown_text``), so a ``<name>`` or a ``*`` in it shows as written."""
    parts = _CODE_SPAN.split(" ".join(text.split()))
    return "".join(code(part) if index % 2 else _plain(part) for index, part in enumerate(parts))


def _plain(text: str) -> str:
    """``markdown_text`` of a piece of a sentence, keeping its edge spaces as spaces."""
    core = text.strip(" ")
    if not core:
        return text
    before, after = text[: len(text) - len(text.lstrip(" "))], text[len(text.rstrip(" ")) :]
    return f"{before}{markdown_text(core)}{after}"
