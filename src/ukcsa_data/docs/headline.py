"""The README's headline figures: a few statistics as the articles state them, each with its
qualifier, what it measures, its geography, period and articles, generated from the tables so
the README cannot state what the data no longer says. Every value is written as plain text
(``ukcsa_data.core.markdown``)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ukcsa_data.core import limits, markdown
from ukcsa_data.core.generated_docs import replace_between
from ukcsa_data.core.package_files import read_bytes

TABLE_START, TABLE_END = "<!-- headline-figures: generated -->", "<!-- /headline-figures -->"
#: The statistics shown (``figures.statistic_id``), in this order.
HEADLINE = (
    "nca-people-posing-online-sexual-threat-2018",
    "nca-people-posing-sexual-threat-2020",
    "nca-people-posing-sexual-risk-2022",
    "nca-dark-web-searchers-single-month-2021",
    "police-recorded-online-child-sexual-offences-2017-18",
    "nca-cases-passed-to-police-change-2021-22",
    "nca-police-offenders-arrested-monthly-2020",
    "nca-arrests-monthly-2022",
)
_PER = {"day": "a day", "week": "a week", "month": "a month", "year": "a year"}


def _table(root: Path, name: str) -> list[dict[str, str]]:
    text = read_bytes(root, f"dataset/{name}.csv", limits.active().csv_bytes).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def as_reported(figure: dict[str, str]) -> str:
    """The figure as written with its qualifier and rate: "at least 80,000", "more than 500 a
    month", "550,000 – 850,000" (the qualifier's code, such as ``at_least``, in words)."""
    qualifier = figure["qualifier"]
    words = "" if qualifier in ("exact", "range") else qualifier.replace("_", " ") + " "
    rate = f" {_PER.get(figure['per'], 'per ' + figure['per'])}" if figure["per"] else ""
    return f"{words}{figure['value_text']}{rate}"


def _period(figure: dict[str, str]) -> str:
    start, end = figure["period_start"], figure["period_end"]
    return f"{start} to {end}" if start or end else "not stated"


def _distinct(values: list[str]) -> str:
    return "; ".join(dict.fromkeys(values))


def headline_rows(root: Path) -> list[list[str]]:
    """One row per statistic of ``HEADLINE``: as reported, what, geography, period, articles."""
    figures, sources = _table(root, "figures"), {s["source_id"]: s for s in _table(root, "sources")}
    rows = []
    for statistic in HEADLINE:
        mentions = [figure for figure in figures if figure["statistic_id"] == statistic]
        if not mentions:
            raise ValueError(f"no figure has statistic_id {statistic!r}: update HEADLINE")
        articles = [
            f"{sources[f['source_id']]['publisher']}, {sources[f['source_id']]['published_date']}"
            for f in mentions
        ]
        rows.append(
            [
                _distinct([as_reported(f) for f in mentions]),
                mentions[0]["measure"],
                _distinct([f["geography"] or "not stated" for f in mentions]),
                _distinct([_period(f) for f in mentions]),
                _distinct(articles),
            ]
        )
    return rows


def markdown_table(root: Path) -> str:
    header = ("figure, with its qualifier", "what", "geography", "period", "article")
    return "\n".join(markdown.table(header, ["---"] * 5, headline_rows(root)))


def rewrite_readme(text: str, root: Path) -> str:
    """``text`` with the headline table between its markers replaced by the current one."""
    return replace_between(text, TABLE_START, TABLE_END, markdown_table(root))
