"""The codebook: every column of every resource, with its type, unit, whether it is required, its
allowed values and its description, generated from ``datapackage.json`` and the Table Schemas.

``python -m ukcsa_data.codebook docs`` writes ``docs/codebook.csv`` and ``docs/codebook.md``; a
test fails when they are stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ukcsa_data.core import markdown
from ukcsa_data.core.csv_dialect import csv_text
from ukcsa_data.core.package_files import DESCRIPTOR, bundled_package_dir, read_json
from ukcsa_data.core.table_schema import TableSchema, code_list_references, load_table_schema

COLUMNS = ("resource", "column", "type", "unit", "required", "enum values", "description")
#: The unit of a column whose values are measured: the row's own ``unit`` for a figure's value.
UNITS = {
    ("figures", "value"): "the row's unit",
    ("figures", "value_low"): "the row's unit",
    ("figures", "value_high"): "the row's unit",
    ("figures", "occurrence"): "count",
    ("exclusions", "occurrence"): "count",
}


def _code_lists(schema: TableSchema) -> dict[str, str]:
    """Field name -> "a code of units.unit (...)" for each field that refers to a code list."""
    return {
        name: f"a code of {target}.{key} (dataset/{target}.csv)"
        for name, (target, key) in code_list_references(schema).items()
    }


def codebook_rows(package_dir: Path | None = None) -> list[dict[str, str]]:
    """One row per column of every resource, in the package's order."""
    root = package_dir or bundled_package_dir()
    rows = []
    for resource in read_json(root, DESCRIPTOR)["resources"]:
        name = resource["name"]
        schema = load_table_schema(name, root)
        code_lists = _code_lists(schema)
        for field in schema.fields:
            constraints = field.constraints
            unit = UNITS.get((name, field.name), "YYYY-MM-DD" if field.type == "date" else "")
            rows.append(
                {
                    "resource": name,
                    "column": field.name,
                    "type": field.type,
                    "unit": unit,
                    "required": "yes" if constraints.get("required") else "no",
                    "enum values": code_lists.get(field.name)
                    or "; ".join(map(str, constraints.get("enum", []))),
                    "description": field.description or "",
                }
            )
    return rows


def as_csv(rows: list[dict[str, str]]) -> str:
    return csv_text([COLUMNS, *([row.get(column) for column in COLUMNS] for row in rows)])


def as_markdown(rows: list[dict[str, str]]) -> str:
    """The codebook as markdown: every value from the package written as plain text
    (``ukcsa_data.core.markdown``)."""
    lines = [
        "# Codebook",
        "",
        "Every column of the ukcsa-data package: generated from `datapackage.json` and the Table",
        "Schemas by `python -m ukcsa_data.codebook docs` (do not edit by hand; a test fails when it is",
        "stale). The same table is in `codebook.csv`.",
        "",
        'Ratios, multiples and intervals: "one in five" is value_text `one in five`, value 5, unit',
        '`one_in`; "three times as many" is value_text `three times`, value 3, unit `times`; "one every',
        'seven minutes" is value_text `seven`, value 7, unit `minutes`, with a measure that names the',
        'interval (the "one" is an exclusion, `not_a_quantity`).',
    ]
    for resource in dict.fromkeys(r["resource"] for r in rows):
        lines += ["", f"## {markdown.code(resource)}", "", markdown.row(COLUMNS[1:]), "|" + " --- |" * 6]
        for row in (r for r in rows if r["resource"] == resource):
            rest = markdown.row([row[c] for c in COLUMNS[2:]])
            lines.append(f"| {markdown.code(row['column'])} {rest}")
    return "\n".join(lines) + "\n"


def write(folder: Path, package_dir: Path | None = None) -> list[Path]:
    """Write ``codebook.csv`` and ``codebook.md`` into ``folder``."""
    root = package_dir or bundled_package_dir()
    rows = codebook_rows(root)
    folder.mkdir(parents=True, exist_ok=True)
    written = [folder / "codebook.csv", folder / "codebook.md"]
    written[0].write_text(as_csv(rows), encoding="utf-8")
    written[1].write_text(as_markdown(rows), encoding="utf-8")
    return written


if __name__ == "__main__":  # pragma: no cover - a maintenance command
    for path in write(Path(sys.argv[1] if len(sys.argv) > 1 else "docs")):
        print(path)
