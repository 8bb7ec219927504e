"""Read the Table Schemas and descriptor of a data package, for loading and writing tables."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from ukcsa_data.core.contract import CODE_LISTS, ForeignKey
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

    @cached_property
    def references(self) -> tuple[ForeignKey, ...]:
        """The well-formed entries of ``foreign_keys`` (:func:`foreign_key`), parsed once."""
        parsed = (foreign_key(entry) for entry in self.foreign_keys)
        return tuple(key for key in parsed if key is not None)


def field_names(value: Any) -> tuple[str, ...] | None:
    """A field list as Table Schema allows it (a name, or a list of names), or None if malformed."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return tuple(value)
    return None


def foreign_key(entry: Any) -> ForeignKey | None:
    """One entry of a schema's ``foreignKeys`` in the contract's form (``resource`` "" where the
    key refers to its own resource), or None if it is malformed."""
    reference = entry.get("reference") if isinstance(entry, dict) else None
    if not isinstance(reference, dict):
        return None
    fields, keys = field_names(entry.get("fields")), field_names(reference.get("fields"))
    resource = reference.get("resource", "")
    if fields is None or keys is None or len(fields) != len(keys) or not isinstance(resource, str):
        return None
    return ForeignKey(fields, resource, keys)


def code_list_references(schema: TableSchema) -> dict[str, tuple[str, str]]:
    """Field name -> (code list, its key field) for each single-field foreign key that refers to
    a code list (``figures.unit`` -> ``("units", "unit")``): such a field loads as a Categorical
    of that list's codes."""
    return {
        key.fields[0]: (key.resource, key.reference[0])
        for key in schema.references
        if key.resource in CODE_LISTS and len(key.fields) == 1
    }


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
