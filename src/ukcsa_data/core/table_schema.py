"""Read the Table Schemas and descriptor of a data package, for loading and writing tables."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ukcsa_data.core.package_files import DESCRIPTOR, RESOURCE_NAMES, bundled_package_dir, read_json


@dataclass(frozen=True)
class Field:
    """One Table Schema field, with the parts the loader and validator use."""

    name: str
    type: str
    constraints: dict[str, Any]
    description: str = ""

    @property
    def required(self) -> bool:
        return bool(self.constraints.get("required", False))

    @property
    def enum(self) -> list[str] | None:
        values = self.constraints.get("enum")
        return list(values) if values is not None else None


@dataclass(frozen=True)
class TableSchema:
    """A resource's Table Schema: fields in order, keys and missing-value markers."""

    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[dict[str, Any], ...]
    missing_values: tuple[str, ...]

    @property
    def field_names(self) -> list[str]:
        return [field.name for field in self.fields]

    def field(self, name: str) -> Field:
        return next(field for field in self.fields if field.name == name)


def code_list_references(schema: TableSchema) -> dict[str, tuple[str, str]]:
    """Field name -> (code list, its key field) for each single-field foreign key that refers to
    a code list (``figures.unit`` -> ``("units", "unit")``): such a field loads as a Categorical
    of that list's codes."""
    from ukcsa_data.core.contract import CODE_LISTS

    found: dict[str, tuple[str, str]] = {}
    for fk in schema.foreign_keys:
        fields, reference = fk.get("fields"), fk.get("reference", {})
        fields = [fields] if isinstance(fields, str) else fields
        target, keys = reference.get("resource"), reference.get("fields")
        keys = [keys] if isinstance(keys, str) else keys
        if target not in CODE_LISTS or not isinstance(fields, list) or not isinstance(keys, list):
            continue
        if len(fields) == len(keys) == 1:
            found[str(fields[0])] = (str(target), str(keys[0]))
    return found


def parse_table_schema(descriptor: dict[str, Any]) -> TableSchema:
    """Build a :class:`TableSchema` from a Table Schema descriptor (a parsed JSON object)."""
    fields = tuple(
        Field(
            name=f["name"],
            type=f.get("type", "string"),
            constraints=dict(f.get("constraints", {})),
            description=f.get("description", ""),
        )
        for f in descriptor["fields"]
    )
    primary_key = descriptor.get("primaryKey", [])
    if isinstance(primary_key, str):
        primary_key = [primary_key]
    return TableSchema(
        fields=fields,
        primary_key=tuple(primary_key),
        foreign_keys=tuple(descriptor.get("foreignKeys", [])),
        missing_values=tuple(descriptor.get("missingValues", [""])),
    )


def resource_descriptor(name: str, package_dir: Path | None = None) -> dict[str, Any]:
    """Return the ``datapackage.json`` entry of resource ``name``."""
    root = package_dir or bundled_package_dir()
    for resource in read_json(root, DESCRIPTOR)["resources"]:
        if resource.get("name") == name:
            return dict(resource)
    raise KeyError(f"no resource named {name!r}; the resources are {', '.join(RESOURCE_NAMES)}")


def load_table_schema(name: str, package_dir: Path | None = None) -> TableSchema:
    """Return the Table Schema of resource ``name`` (read from its ``schema`` file)."""
    root = package_dir or bundled_package_dir()
    schema = resource_descriptor(name, root)["schema"]
    return parse_table_schema(read_json(root, schema) if isinstance(schema, str) else schema)
