"""The JSON export: ``{"name", "version", "resources": {name: [row objects]}}``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ukcsa_data.exports.tables import Package, replacing, stored


def package_json(package: Package) -> dict[str, Any]:
    """Dates as "YYYY-MM-DD", numbers as JSON numbers, missing values as null, text as in the CSV."""
    return {
        "name": package.name,
        "version": package.version,
        "resources": {
            table.name: [
                {name: stored(cell) for name, cell in zip(table.schema.field_names, row, strict=True)}
                for row in table.rows
            ]
            for table in package.tables
        },
    }


def write_json(package: Package, out: Path) -> Path:
    with replacing(out) as temporary:
        text = json.dumps(package_json(package), ensure_ascii=False, indent=2, allow_nan=False)
        temporary.write_text(text + "\n", encoding="utf-8")
    return out
