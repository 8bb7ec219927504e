"""Layer 1 and the tables: a URL the package gives is an ``http://`` or ``https://`` address, so
that no page, workbook or viewer that shows it as a link (the Datasette export's ``source_url``,
a README, a catalogue) runs a ``javascript:`` or ``data:`` URL or opens a local ``file:``.

URLs are the descriptor's ``homepage`` and ``image`` (of the package and of each resource) and
the ``path`` of each entry of ``licenses``, ``sources`` and ``contributors`` (of the package and
of each resource), and in the tables every text column named ``url`` or ending in ``_url``
(``sources.url``), whatever its schema's pattern says.

Bad: ``"homepage": "javascript:alert(1)"``, ``file:///etc/passwd``, ``data:text/html,...``,
``//example.org`` (no scheme). Good: ``"homepage": "https://example.org/ukcsa-data"``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ukcsa_data.core.problems import Report, show
from ukcsa_data.core.table_schema import Field

if TYPE_CHECKING:
    from ukcsa_data.validation.l3_types.field_types import TypedTable

#: An absolute http(s) URL: the scheme in lowercase, a host, then no space or control character.
WEB_URL = re.compile(r"https?://[^\s/?#@\\\x00-\x1f\x7f]+(?:[/?#][^\s\x00-\x1f\x7f]*)?")
#: Descriptor properties that hold one URL.
URL_PROPERTIES = ("homepage", "image")
#: Descriptor lists whose entries' ``path`` is a URL.
URL_LISTS = ("licenses", "sources", "contributors")


def is_web_url(value: object) -> bool:
    """Whether ``value`` is an absolute http:// or https:// URL."""
    return isinstance(value, str) and WEB_URL.fullmatch(value) is not None


def url_problem(value: object) -> str | None:
    """Why ``value`` is not an http(s) URL, or None."""
    if is_web_url(value):
        return None
    return f"{show(str(value))} is not an http:// or https:// URL; give the address of a web page"


def _urls(node: dict[str, Any], prefix: str) -> Iterator[tuple[str, Any]]:
    """(where, value) for each URL of one descriptor object (the package or a resource)."""
    for key in URL_PROPERTIES:
        if key in node:
            yield f"{prefix}{key}", node[key]
    for key in URL_LISTS:
        entries = node.get(key)
        if isinstance(entries, list):
            for index, entry in enumerate(entries):
                if isinstance(entry, dict) and "path" in entry:
                    yield f"{prefix}{key}[{index}].path", entry["path"]


def check_descriptor_urls(descriptor: dict[str, Any], path: str, report: Report) -> None:
    """Report each URL of the descriptor (and of its resources) that is not http(s)."""
    found = list(_urls(descriptor, ""))
    resources = descriptor.get("resources")
    for resource in resources if isinstance(resources, list) else []:
        if isinstance(resource, dict) and isinstance(resource.get("name"), str):
            found += _urls(resource, f"{resource['name']}.")
    for where, value in found:
        problem = url_problem(value)
        if problem:
            report.add(path, None, where, "url-scheme", problem)


def is_url_column(field: Field) -> bool:
    """A text column that holds URLs: named ``url`` or ending in ``_url``."""
    return field.type == "string" and (field.name == "url" or field.name.endswith("_url"))


def check_url_columns(table: TypedTable, fields: tuple[Field, ...], report: Report) -> None:
    """Report each non-empty cell of a URL column that is not an http(s) URL."""
    for field in fields:
        if not is_url_column(field) or field.name not in table.columns:
            continue
        for row, cell in enumerate(table.columns[field.name]):
            if cell and (problem := url_problem(cell)):
                report.add(table.path, table.lines[row], field.name, "url-scheme", problem)
