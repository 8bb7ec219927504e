"""Descriptions of the package's tables and columns, from ``datapackage.json`` and the Table Schemas."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ukcsa_data.core.package_files import RESOURCE_NAMES, bundled_package_dir
from ukcsa_data.core.table_schema import load_table_schema, resource_descriptor


@dataclass(frozen=True)
class ColumnDescription:
    """One column: its name, Table Schema type and description."""

    name: str
    type: str
    description: str


@dataclass(frozen=True)
class TableDescription:
    """One table: its name and description (from ``datapackage.json``) and its columns in order
    (from its Table Schema)."""

    name: str
    description: str
    columns: tuple[ColumnDescription, ...]

    def column(self, name: str) -> ColumnDescription:
        """The column called ``name``; ``KeyError`` naming the table's columns if there is none."""
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"table {self.name!r} has no column {name!r}; its columns are {self.column_names}")

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]


def describe(name: str, package_dir: str | Path | None = None) -> TableDescription:
    """Return the description of table ``name`` and of each of its columns, as a frozen
    :class:`TableDescription` (``.description``, ``.columns``, ``.column("value").description``).

    ``package_dir`` defaults to the package bundled with the library.
    """
    if name not in RESOURCE_NAMES:
        raise ValueError(f"unknown table {name!r}; choose one of {', '.join(RESOURCE_NAMES)}")
    root = Path(package_dir) if package_dir is not None else bundled_package_dir()
    resource = resource_descriptor(name, root)
    schema = load_table_schema(name, root)
    return TableDescription(
        name=name,
        description=str(resource.get("description", "")),
        columns=tuple(ColumnDescription(f.name, f.type, f.description) for f in schema.fields),
    )
