"""What the site shows, gathered from a validated package: each article's text cut at the numbers
its rows cover, each statistic's mentions and series, each table's rows.

The numbers of an article are found by the validator itself (:func:`validation.runner.check_package`:
the spans of figures and exclusions it located, and :func:`tokens.numeric_spans`), so the page
marks what the completeness proof counts, not a second reading of the text.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ukcsa_data.text.tokens import numeric_spans
from ukcsa_data.validation.l3_types.field_types import TypedTable
from ukcsa_data.validation.runner import Checked

#: The form of a source_id, statistic_id or series_id (the schemas' pattern): the only ids that
#: name a page or an anchor. A figure_id is ``fig-`` and digits, which this form also matches.
ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
#: The longest id that names a page (the schemas' statistic_id maxLength).
ID_CHARS = 120


class SiteError(ValueError):
    """The site cannot be made: the package is not valid, or OUT cannot be written; one line."""


def page_id(value: object, what: str) -> str:
    """``value`` if it can name a page or an anchor (:data:`ID`, at most :data:`ID_CHARS`), else
    :class:`SiteError`: no id from a package reaches a file name or an address unchecked."""
    if isinstance(value, str) and len(value) <= ID_CHARS and ID.fullmatch(value):
        return value
    raise SiteError(
        f"the {what} {value!r} cannot name a page: ids are lowercase slugs; run 'ukcsa-data validate'"
    )


def cell_text(table: TypedTable, column: str, row: int) -> str:
    """A cell as the CSV writes it: a number's own text, a date as YYYY-MM-DD, "" for missing."""
    texts = table.texts.get(column)
    if texts is not None:
        return texts[row] or ""
    value = table.columns[column][row]
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    return str(value)


def _row(table: TypedTable, row: int) -> dict[str, str]:
    return {column: cell_text(table, column, row) for column in table.columns}


@dataclass(frozen=True)
class Mark:
    """A stretch of an article a row covers: a figure (``key`` its figure_id) or an exclusion
    (``key`` ``x-N``), with the footnote ``label`` shown after it and an exclusion's reason."""

    start: int
    end: int
    kind: str
    key: str
    label: str
    reason: str = ""


@dataclass
class Article:
    """A source: its row, its text, the marks in order and its figures and exclusions."""

    source_id: str
    source: dict[str, str]
    text: str
    tokens: int
    marks: list[Mark] = field(default_factory=list)
    figures: list[dict[str, str]] = field(default_factory=list)
    exclusions: list[dict[str, str]] = field(default_factory=list)

    def pieces(self) -> list[list[tuple[str, Mark | None]]]:
        """The text as lines, each a list of (text, mark or None): a mark never spans a line break
        (a number has none)."""
        lines: list[list[tuple[str, Mark | None]]] = [[]]
        at = 0

        def plain(upto: int) -> None:
            for index, part in enumerate(self.text[at:upto].split("\n")):
                if index:
                    lines.append([])
                if part:
                    lines[-1].append((part, None))

        for mark in self.marks:
            plain(mark.start)
            lines[-1].append((self.text[mark.start : mark.end], mark))
            at = mark.end
        plain(len(self.text))
        return lines


@dataclass
class Statistic:
    """A statistic_id: its mentions (figure rows with their article) and the series it is in."""

    statistic_id: str
    mentions: list[dict[str, str]] = field(default_factory=list)
    series: list[tuple[str, list[dict[str, str]]]] = field(default_factory=list)
    relations: list[dict[str, str]] = field(default_factory=list)

    @property
    def stated(self) -> str:
        """How the articles state it, in short (see :func:`_stated`)."""
        return _stated(self.mentions)


@dataclass
class Site:
    """Everything the pages show; a table's rows as (anchor, cells), the anchor a figure_id or
    source_id where the row has one, else ``row-N``."""

    articles: dict[str, Article]
    statistics: dict[str, Statistic]
    rows: dict[str, list[tuple[str, list[str]]]]


#: The column whose id anchors a row of a table's page.
ROW_IDS = {"figures": "figure_id", "sources": "source_id"}


def _table_rows(name: str, table: TypedTable) -> list[tuple[str, list[str]]]:
    column = ROW_IDS.get(name)
    rows = []
    for row in range(len(table.lines)):
        anchor = page_id(table.columns[column][row], column) if column else f"row-{row + 1}"
        rows.append((anchor, [cell_text(table, cell, row) for cell in table.columns]))
    return rows


def _marks(checked: Checked, source_id: str) -> tuple[list[Mark], list[int], list[int]]:
    """The marks of one article in order, and the figure and exclusion rows they come from."""
    figures, exclusions = checked.tables["figures"], checked.tables["exclusions"]
    found: list[tuple[int, int, str, int]] = []
    for name in ("figures", "exclusions"):
        for row, (source, start, end) in checked.located.spans.get(name, {}).items():
            if source == source_id:
                found.append((start, end, name, row))
    found.sort()
    marks: list[Mark] = []
    figure_rows: list[int] = []
    exclusion_rows: list[int] = []
    for start, end, name, row in found:
        if name == "figures":
            figure_rows.append(row)
            key = page_id(figures.columns["figure_id"][row], "figure_id")
            marks.append(Mark(start, end, "figure", key, f"F{len(figure_rows)}"))
        else:
            exclusion_rows.append(row)
            reason = cell_text(exclusions, "reason", row)
            marks.append(Mark(start, end, "exclusion", f"x-{len(exclusion_rows)}", "", reason))
    return marks, figure_rows, exclusion_rows


def _article(checked: Checked, row: int, text: str) -> Article:
    sources = checked.tables["sources"]
    source_id = page_id(sources.columns["source_id"][row], "source_id")
    marks, figure_rows, exclusion_rows = _marks(checked, source_id)
    figures, exclusions = checked.tables["figures"], checked.tables["exclusions"]
    article = Article(source_id, _row(sources, row), text, len(numeric_spans(text)), marks)
    by_key = {mark.key: mark for mark in marks}
    for figure_row in figure_rows:
        entry = _row(figures, figure_row)
        entry["label"] = by_key[entry["figure_id"]].label
        page_id(entry["statistic_id"], "statistic_id")
        article.figures.append(entry)
    for number, exclusion_row in enumerate(exclusion_rows, 1):
        entry = _row(exclusions, exclusion_row)
        entry["key"] = f"x-{number}"
        article.exclusions.append(entry)
    return article


def _statistics(checked: Checked, articles: dict[str, Article]) -> dict[str, Statistic]:
    figures = checked.tables["figures"]
    statistics: dict[str, Statistic] = {}
    for row in range(len(figures.lines)):
        entry = _row(figures, row)
        statistic_id = page_id(entry["statistic_id"], "statistic_id")
        article = articles.get(entry["source_id"])
        entry["publisher"] = article.source["publisher"] if article else ""
        entry["published_date"] = article.source["published_date"] if article else ""
        statistics.setdefault(statistic_id, Statistic(statistic_id)).mentions.append(entry)
    _add_series(checked.tables.get("series"), statistics)
    _add_relations(checked.tables.get("relations"), figures, statistics)
    return dict(sorted(statistics.items()))


def _add_series(series: TypedTable | None, statistics: dict[str, Statistic]) -> None:
    """Each statistic in a series gets the whole series, in order of position."""
    if series is None:
        return
    members: dict[str, list[dict[str, str]]] = {}
    for row in range(len(series.lines)):
        entry = _row(series, row)
        page_id(entry["series_id"], "series_id")
        page_id(entry["statistic_id"], "statistic_id")
        members.setdefault(entry["series_id"], []).append(entry)
    for series_id, rows in members.items():
        rows.sort(key=lambda entry: int(entry["position"] or 0))
        for entry in rows:
            member = statistics.get(entry["statistic_id"])
            entry["measure"] = member.mentions[0]["measure"] if member else ""
            entry["stated"] = member.stated if member else ""
        for entry in rows:
            statistic = statistics.get(entry["statistic_id"])
            if statistic is not None:
                statistic.series.append((series_id, rows))


def _stated(mentions: list[dict[str, str]]) -> str:
    """How the articles state a statistic, in short: each distinct value as written with its
    qualifier, and the articles' dates ("at least 300,000 (Deeside.com, 2020-04-03)")."""
    values = dict.fromkeys(
        m["value_text"]
        if m["qualifier"] in ("exact", "range")
        else f"{m['qualifier'].replace('_', ' ')} {m['value_text']}"
        for m in mentions
    )
    where = dict.fromkeys(f"{m['publisher']}, {m['published_date']}" for m in mentions)
    return f"{'; '.join(values)} ({'; '.join(where)})"


def _add_relations(
    relations: TypedTable | None, figures: TypedTable, statistics: dict[str, Statistic]
) -> None:
    """A relation is shown on the page of each statistic one of its figures belongs to."""
    if relations is None:
        return
    statistic_of = dict(zip(figures.columns["figure_id"], figures.columns["statistic_id"], strict=True))
    for row in range(len(relations.lines)):
        entry = _row(relations, row)
        shown: set[str] = set()
        for column in ("result_figure_id", "from_figure_id", "to_figure_id"):
            statistic_id = statistic_of.get(entry[column])
            if statistic_id in statistics and statistic_id not in shown:
                shown.add(statistic_id)
                statistics[statistic_id].relations.append(entry)


def gather(checked: Checked, seed_text: Callable[[str], str]) -> Site:
    """The site of a valid package: ``seed_text(seed_file)`` reads a seed no located row points at."""
    sources = checked.tables["sources"]
    articles: dict[str, Article] = {}
    for row in range(len(sources.lines)):
        source_id = page_id(sources.columns["source_id"][row], "source_id")
        text = checked.located.texts.get(source_id)
        if text is None:
            text = seed_text(sources.columns["seed_file"][row])
        articles[source_id] = _article(checked, row, text)
    rows = {name: _table_rows(name, table) for name, table in checked.tables.items()}
    return Site(articles, _statistics(checked, articles), rows)


def seed_reader(root: Path) -> Callable[[str], str]:
    """A function that reads a seed of the package at ``root`` (without following links)."""
    from ukcsa_data.core import limits
    from ukcsa_data.core.package_files import read_bytes

    def read(seed_file: str) -> str:
        return read_bytes(root, seed_file, limits.active().seed_bytes).decode("utf-8")

    return read
