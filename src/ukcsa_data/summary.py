"""A plain-text summary of a data package: version, tables, sources and headline statistics."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ukcsa_data.core.escaping import escape
from ukcsa_data.core.package_files import DESCRIPTOR, bundled_package_dir, read_json
from ukcsa_data.core.package_version import package_version
from ukcsa_data.loader import load_all

#: Units that the value_text already shows ("700 per cent", "£600,000", "one in five", "3 times").
_UNITS_IN_VALUE_TEXT = ("percent", "GBP", "USD", "EUR", "one_in", "times")
_QUALIFIER_WORDS = {
    "at_least": "at least ",
    "more_than": "more than ",
    "up_to": "up to ",
    "under": "under ",
    "around": "around ",
    "almost": "almost ",
}


def _figure_text(row: Mapping[Any, Any]) -> str:
    return f"{_QUALIFIER_WORDS.get(str(row['qualifier']), '')}{row['value_text']}"


def package_summary(package_dir: str | Path | None = None) -> str:
    """Describe the package in a few lines for people."""
    root = Path(package_dir) if package_dir else bundled_package_dir()
    descriptor = read_json(root, DESCRIPTOR)
    tables = load_all(root)
    figures, sources = tables["figures"], tables["sources"]
    lines = [
        f"{descriptor.get('title', descriptor.get('name'))} — version {package_version(root)}",
        f"Package: {root}",
        "Tables: " + ", ".join(f"{name} {len(frame):,} rows" for name, frame in tables.items()),
        "",
        "Sources:",
    ]
    per_source = figures.groupby("source_id", observed=True).size()
    for source in sources.to_dict("records"):
        date = f"{source['published_date']:%Y-%m-%d}"
        count = int(per_source.get(source["source_id"], 0))
        lines.append(f"  {source['source_id']}: {source['publisher']}, {date}, {count} figures")
    statistics = figures[figures["kind"] == "statistic"].drop_duplicates("statistic_id")
    lines += ["", f"Statistics ({len(statistics)} distinct, first mention of each):"]
    for row in statistics.to_dict("records"):
        per = f" a {row['per']}" if isinstance(row["per"], str) else ""
        unit = "" if row["unit"] in _UNITS_IN_VALUE_TEXT else f" {row['unit']}"
        lines.append(f"  {_figure_text(row)}{unit}{per}: {row['measure']} [{row['source_id']}]")
    return "\n".join(escape(line) for line in lines)  # every line may hold the package's words
