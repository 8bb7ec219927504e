"""The Datasette ``metadata.json`` for the SQLite export (https://docs.datasette.io/en/stable/metadata.html).

No column has ``units``: Datasette's units are physical units (metres, hertz), and a figure's
value is counted in the unit its own row names (people, cases, pounds, per cent).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from ukcsa_data.exports.tables import VIEW, VIEW_SOURCE_COLUMNS, ExportTable, Package
from ukcsa_data.validation.l1_descriptor.urls import is_web_url

SOURCE = "UK news and press articles (see the sources table); figures as reported, not official statistics"


#: What Datasette shows of each table beyond its descriptions: the facets offered first (the
#: columns a reader filters by), the sort, and for ``sources`` the label shown beside a
#: ``source_id`` (the publisher: a headline beside a figure's quote reads as a second claim).
FACETS = ("source_id", "statistic_id", "qualifier", "unit")
DISPLAY: dict[str, dict[str, Any]] = {
    VIEW: {"facets": list(FACETS), "sort": "published_date"},
    "figures": {"facets": list(FACETS)},
    "sources": {"label_column": "publisher", "sort": "published_date"},
    "exclusions": {"facets": ["source_id", "reason"]},
    "series": {"facets": ["series_id"]},
}
#: The list of column descriptions Datasette puts above a table (all 20 of figures) kept to a
#: box of a few lines that scrolls, so the table's first rows are on the first screen. Each
#: description is also in its column's menu (the cog in the header). A stylesheet in a ``data:``
#: URL, so it works from metadata.json alone, in a Datasette without ukcsa-data's plugin.
COLUMN_LIST_CSS = (
    "dl.column-descriptions{max-height:7.5em;overflow-y:auto;border:1px solid #ccc;"
    "padding:0.3em 0.6em;margin:0.5em 0;font-size:0.9em}"
)
COLUMN_LIST_STYLESHEET = "data:text/css," + quote(COLUMN_LIST_CSS, safe="")
#: Where a description's first sentence or clause ends (its brief form stops there).
_BRIEF_END = re.compile(r"(?<=[a-z0-9)'])(?::\s|\.\s|\.$)")
#: Tables for the validator and for maintainers, listed last and hidden from Datasette's database
#: page (still reachable at their address, and listed under "hidden tables").
INTERNAL = ("waivers", "retired", "bounds", "units", "areas")


def brief(description: str) -> str:
    """The first sentence of a table's description, up to a colon that starts a list of its
    columns: "One row per mention of a figure in an article, in that article's words."."""
    found = _BRIEF_END.search(description)
    return f"{description[: found.start()]}." if found else description


def _table_metadata(table: ExportTable) -> dict[str, Any]:
    metadata: dict[str, Any] = {
        "description": brief(table.description),
        "columns": {field.name: field.description for field in table.schema.fields},
        **DISPLAY.get(table.name, {}),
    }
    if table.name in INTERNAL:
        metadata["hidden"] = True
    return metadata


def _view_metadata(package: Package) -> dict[str, Any]:
    tables = {table.name: table for table in package.tables}
    sources = tables["sources"].schema
    columns = {
        name: f"Of the article (sources.{name}): {sources.field(name).description}"
        for name in VIEW_SOURCE_COLUMNS
    }
    columns.update(_table_metadata(tables["figures"])["columns"])
    return {
        "description": (
            "One row per figure, with its article's publisher, title, date and address first; "
            "whole numbers shown as integers (the figures table keeps every number as REAL)."
        ),
        "columns": columns,
        **DISPLAY[VIEW],
    }


def datasette_metadata(package: Package, database: str) -> dict[str, Any]:
    """Title, licence, source, and for database ``database`` every table's and column's
    description (each table's brief: ``brief``; the list of column descriptions a short box that
    scrolls: ``COLUMN_LIST_CSS``), the view and the main tables first, with their facets and sort
    (``DISPLAY``), the internal tables last and hidden (``INTERNAL``).
    The homepage becomes ``source_url`` (a link on every page) only if it is an http(s) URL."""
    main = [table for table in package.tables if table.name not in INTERNAL]
    internal = [table for table in package.tables if table.name in INTERNAL]
    tables = {VIEW: _view_metadata(package)}
    tables.update({table.name: _table_metadata(table) for table in [*main, *internal]})
    metadata: dict[str, Any] = {
        "title": f"{package.title} (version {package.version})",
        "description": package.description,
        "license": package.license_name,
        "license_url": package.license_url,
        "source": SOURCE,
        "source_url": package.homepage,
        "databases": {database: {"tables": tables}},
        "extra_css_urls": [COLUMN_LIST_STYLESHEET],
    }
    for link, address in (("source_url", package.homepage), ("license_url", package.license_url)):
        if not is_web_url(address):  # Datasette makes it a link: only http(s), else left out
            del metadata[link]
    return metadata
