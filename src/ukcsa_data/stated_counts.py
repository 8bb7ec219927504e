"""The counts the package states in words, checked against its tables.

``datapackage.json``'s ``description`` and ``CITATION.cff``'s ``abstract`` each end with the
sentence :func:`counts_sentence` writes ("This version holds 41 figures from 4 articles."), so a
new article or a removed figure cannot leave them saying what an earlier version held.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from ukcsa_data.core import limits
from ukcsa_data.core.package_files import DESCRIPTOR, read_bytes, read_json

CITATION = "CITATION.cff"
CITATION_BYTES = 1024 * 1024
_SENTENCE = re.compile(r"This version holds ([0-9][0-9,]*) figures? from ([0-9][0-9,]*) articles?\.")


def counts_sentence(figures: int, articles: int) -> str:
    """The sentence that states the counts, as the description and the abstract hold it."""

    def counted(number: int, noun: str) -> str:
        return f"{number:,} {noun}{'' if number == 1 else 's'}"

    return f"This version holds {counted(figures, 'figure')} from {counted(articles, 'article')}."


def _rows(root: Path, relative: str) -> int:
    text = read_bytes(root, relative, limits.active().csv_bytes).decode("utf-8-sig")
    return max(sum(1 for _ in csv.reader(io.StringIO(text, newline=""))) - 1, 0)


def _abstract(citation: str) -> str:
    """The lines of the top-level ``abstract:`` key (up to the next top-level line), or ""."""
    found = re.search(r"^abstract:(.*(?:\n(?:[ \t].*|)$)*)", citation, re.MULTILINE)
    return found[1] if found else ""


def _stated(text: str) -> tuple[int, int] | None:
    found = _SENTENCE.search(" ".join(text.split()))  # a folded YAML scalar spans lines
    return (int(found[1].replace(",", "")), int(found[2].replace(",", ""))) if found else None


def count_mismatches(package_dir: str | Path) -> list[str]:
    """A sentence per place whose stated counts differ from the tables (or that states none)."""
    root = Path(package_dir)
    figures, articles = _rows(root, "dataset/figures.csv"), _rows(root, "dataset/sources.csv")
    expected = counts_sentence(figures, articles)
    places = {f"{DESCRIPTOR} description": str(read_json(root, DESCRIPTOR).get("description", ""))}
    if (root / CITATION).exists() or (root / CITATION).is_symlink():
        citation = read_bytes(root, CITATION, CITATION_BYTES).decode("utf-8")
        places[f"{CITATION} abstract"] = _abstract(citation)
    return [
        f"{place} states {stated[0] if stated else 'no'} figures from "
        f"{stated[1] if stated else 'no'} articles; the tables hold {figures} and {articles}: "
        f"end it with '{expected}'"
        for place, text in places.items()
        if (stated := _stated(text)) != (figures, articles)
    ]
