"""GitHub-flavoured Markdown built from package values: tables and code-font names, every value
written with ``escaping.markdown_text`` (plain text when rendered; no tag, link, image or mention
comes from it, and no cell border or line break)."""

from __future__ import annotations

from collections.abc import Sequence

from ukcsa_data.escaping import markdown_text


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
