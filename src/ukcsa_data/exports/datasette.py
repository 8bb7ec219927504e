"""The Datasette ``metadata.json`` for the SQLite export (https://docs.datasette.io/en/stable/metadata.html).

No column has ``units``: Datasette's units are physical units (metres, hertz), and a figure's
value is counted in the unit its own row names (people, cases, pounds, per cent).
"""

from __future__ import annotations

from typing import Any

from ukcsa_data.exports.sqlite_export import VIEW, VIEW_SOURCE_COLUMNS
from ukcsa_data.exports.tables import LICENSE_NAME, LICENSE_URL, Package, Table
from ukcsa_data.validation.urls import is_web_url

SOURCE = "UK news and press articles (see the sources table); figures as reported, not official statistics"


def _table_metadata(table: Table) -> dict[str, Any]:
    return {
        "description": table.description,
        "columns": {field.name: field.description for field in table.schema.fields},
    }


def _view_metadata(package: Package) -> dict[str, Any]:
    tables = {table.name: table for table in package.tables}
    columns = _table_metadata(tables["figures"])["columns"]
    sources = tables["sources"].schema
    for name in VIEW_SOURCE_COLUMNS:
        columns[name] = f"Of the article (sources.{name}): {sources.field(name).description}"
    return {
        "description": "One row per figure, with its article's publisher, title, date and address.",
        "columns": columns,
    }


def datasette_metadata(package: Package, database: str) -> dict[str, Any]:
    """Title, licence, source, and for database ``database`` every table's and column's description.
    The homepage becomes ``source_url`` (a link on every page) only if it is an http(s) URL."""
    tables = {table.name: _table_metadata(table) for table in package.tables}
    tables[VIEW] = _view_metadata(package)
    metadata: dict[str, Any] = {
        "title": f"{package.title} (version {package.version})",
        "description": package.description,
        "license": LICENSE_NAME,
        "license_url": LICENSE_URL,
        "source": SOURCE,
        "source_url": package.homepage,
        "databases": {database: {"tables": tables}},
    }
    if not is_web_url(package.homepage):  # Datasette makes it a link: only http(s), else left out
        del metadata["source_url"]
    return metadata
