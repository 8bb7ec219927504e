"""Layer 1, safety before reading data: the descriptor, resource paths and Table Schemas."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ukcsa_data.contract import CONTRACT, KEYS, UNDERSTOOD_VALUES, ForeignKey
from ukcsa_data.package_files import DESCRIPTOR
from ukcsa_data.table_schema import TableSchema, parse_table_schema
from ukcsa_data.validation import limits
from ukcsa_data.validation.cell_values import CellError, parse_date
from ukcsa_data.validation.problems import Report
from ukcsa_data.validation.regex_safety import pattern_problem
from ukcsa_data.validation.safe_paths import path_problem
from ukcsa_data.validation.strict_json import StrictJSONError, loads_strict

#: The only profile URLs accepted: frictionless ships them, so they are never fetched.
BUILTIN_PROFILES = {
    "datapackage": "https://datapackage.org/profiles/2.0/datapackage.json",
    "tableschema": "https://datapackage.org/profiles/2.0/tableschema.json",
}
_HASH = re.compile(r"sha256:[0-9a-f]{64}")
_FIELD_TYPES = {"string", "number", "integer", "date"}
_RANGE_CONSTRAINTS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
_KNOWN_CONSTRAINTS = {
    "required",
    "unique",
    "enum",
    "pattern",
    "minLength",
    "maxLength",
    *_RANGE_CONSTRAINTS,
}


@dataclass(frozen=True)
class ResourcePlan:
    """A resource that passed layer 1: where its CSV is, its schema and its recorded checksums."""

    name: str
    path: str
    schema: TableSchema
    hash: str | None
    bytes: int | None


def read_json_file(package_dir: Path, relative: str, limit: int, report: Report) -> Any:
    """Read a JSON file of the package strictly; report problems and return None on failure."""
    problem = path_problem(package_dir, relative)
    if problem:
        report.add(relative, None, None, *problem)
        return None
    full = package_dir / relative
    size = full.stat().st_size
    if size > limit:
        report.add(relative, None, None, "file-too-large", f"{size:,} bytes; the limit is {limit:,}")
        return None
    raw = full.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        report.add(relative, 1, None, "bom", "remove the UTF-8 byte order mark")
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        report.add(relative, line, None, "encoding", "not UTF-8")
        return None
    try:
        return loads_strict(text)
    except StrictJSONError as error:
        where = f" (column {error.column})" if error.column else ""
        report.add(relative, error.line, None, "invalid-json", f"{error.message}{where}")
        return None


def _check_remote_keys(node: Any, where: str, path: str, report: Report) -> None:
    """Report any `profile` or unknown `$schema`: frictionless would fetch those URLs."""
    if isinstance(node, dict):
        for key, value in node.items():
            here = f"{where}.{key}" if where else key
            if key == "profile":
                report.add(
                    path, None, here, "remote-reference", "remove 'profile': it is fetched over the network"
                )
            elif key == "$schema" and value not in BUILTIN_PROFILES.values():
                report.add(
                    path,
                    None,
                    here,
                    "remote-reference",
                    f"'$schema' must be one of {sorted(BUILTIN_PROFILES.values())}",
                )
            else:
                _check_remote_keys(value, here, path, report)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            _check_remote_keys(item, f"{where}[{i}]", path, report)


_CONSTRAINT_TYPES: dict[str, tuple[type, ...]] = {
    "required": (bool,),
    "unique": (bool,),
    "minLength": (int,),
    "maxLength": (int,),
}


def _names(value: Any) -> list[str] | None:
    """A field list as Table Schema allows it (a name or a list of names), or None if malformed."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return value
    return None


def _key_problems(descriptor: dict[str, Any], names: set[str], resource_name: str) -> list[tuple[str, str]]:
    """Problems with primaryKey, foreignKeys, missingValues and constraint value types."""
    problems: list[tuple[str, str]] = []
    if "primaryKey" in descriptor:
        key = _names(descriptor["primaryKey"])
        if key is None or not set(key) <= names:
            problems.append(("primaryKey", "must name fields of this schema"))
    foreign_keys = descriptor.get("foreignKeys", [])
    if not isinstance(foreign_keys, list):
        problems.append(("foreignKeys", "must be a list"))
        foreign_keys = []
    for i, fk in enumerate(foreign_keys):
        where = f"foreignKeys[{i}]"
        reference = fk.get("reference") if isinstance(fk, dict) else None
        fields = _names(fk.get("fields")) if isinstance(fk, dict) else None
        target = _names(reference.get("fields")) if isinstance(reference, dict) else None
        resource = reference.get("resource", "") if isinstance(reference, dict) else None
        if fields is None or not set(fields) <= names:
            problems.append((where, "'fields' must name fields of this schema"))
        elif target is None or len(target) != len(fields) or not isinstance(resource, str):
            problems.append((where, "'reference' needs a 'resource' and as many 'fields' as the key"))
        elif resource and resource not in CONTRACT:
            problems.append((where, f"refers to unknown resource {resource!r}"))
    missing = descriptor.get("missingValues", [""])
    if not isinstance(missing, list) or not all(isinstance(v, str) for v in missing):
        problems.append(("missingValues", "must be a list of strings"))
    for field in descriptor["fields"]:
        if not isinstance(field, dict) or not isinstance(field.get("constraints", {}), dict):
            continue
        for key, value in field.get("constraints", {}).items():
            allowed = _CONSTRAINT_TYPES.get(key)
            if allowed and (
                not isinstance(value, allowed) or (isinstance(value, bool) and bool not in allowed)
            ):
                problems.append((str(field.get("name")), f"constraint {key!r} has the wrong type"))
            elif key in _RANGE_CONSTRAINTS and _type_is_settled(field, resource_name):
                why = _bound_problem(field.get("type", "string"), value)
                if why:
                    problems.append((str(field.get("name")), f"constraint {key!r} {why}"))
    return problems


def _foreign_key(fk: dict[str, Any]) -> ForeignKey:
    """A foreign key of a schema that passed ``_key_problems``, in the contract's form."""
    reference = fk["reference"]
    return ForeignKey(
        tuple(_names(fk["fields"]) or ()),
        reference.get("resource", ""),
        tuple(_names(reference["fields"]) or ()),
    )


def _show_key(fk: ForeignKey) -> str:
    return f"{', '.join(fk.fields)} -> {fk.resource}.{', '.join(fk.reference)}"


def _type_is_settled(field: dict[str, Any], resource: str) -> bool:
    """Whether a field's type is valid and, for a contract column, the contract's: otherwise that
    is the problem reported, not the constraints that follow from it."""
    field_type = field.get("type", "string")
    column = CONTRACT[resource].get(str(field.get("name")))
    return field_type in _FIELD_TYPES and (column is None or column.type == field_type)


def _bound_problem(field_type: Any, bound: Any) -> str | None:
    """Why a minimum or maximum cannot bound a field of this type, or None if it can."""
    if field_type in ("number", "integer"):
        if isinstance(bound, int | float) and not isinstance(bound, bool):
            return None
        return "must be a number"
    if field_type == "date":
        try:
            parse_date(bound if isinstance(bound, str) else "")
        except CellError:
            return "must be a date in the form YYYY-MM-DD"
        return None
    return "applies only to number, integer and date fields"


def _contract_problems(name: str, schema: TableSchema) -> list[tuple[str | None, str]]:
    """Where and how a schema departs from the contract's columns, keys and understood values."""
    expected = list(CONTRACT[name])
    if schema.field_names[: len(expected)] != expected:
        return [(None, f"the fields must begin with the contract's {', '.join(expected)} in that order")]
    problems: list[tuple[str | None, str]] = []
    for field, column in zip(schema.fields, CONTRACT[name].values(), strict=False):
        if (field.type, field.required, field.enum is not None) != column:
            kind = "a required" if column.required else "an optional"
            having = "with" if column.enum else "without"
            problems.append((field.name, f"must stay {kind} {column.type} column {having} an enum"))
    for (resource, column_name), understood in UNDERSTOOD_VALUES.items():
        enum = schema.field(column_name).enum if resource == name else None
        unknown = ", ".join(repr(v) for v in enum or () if v not in understood)
        if unknown:
            problems.append(
                (
                    column_name,
                    f"the validator's rules cannot check {unknown} (they know {', '.join(understood)})",
                )
            )
    keys = KEYS[name]
    if schema.primary_key != keys.primary:
        problems.append(("primaryKey", f"must be {list(keys.primary)}"))
    if frozenset(_foreign_key(fk) for fk in schema.foreign_keys) != keys.foreign:
        listed = "; ".join(sorted(_show_key(fk) for fk in keys.foreign)) or "none"
        problems.append(("foreignKeys", f"must be exactly: {listed}"))
    problems += [
        (extra.name, "an added column must be optional")
        for extra in schema.fields[len(expected) :]
        if extra.required
    ]
    return problems


def _check_schema(name: str, relative: str, descriptor: Any, report: Report) -> TableSchema | None:
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("fields"), list):
        report.add(relative, None, None, "schema-invalid", "a Table Schema needs a 'fields' list")
        return None
    _check_remote_keys(descriptor, "", relative, report)
    ok = True
    for i, field in enumerate(descriptor["fields"]):
        label = f"fields[{i}]"
        if not isinstance(field, dict) or not isinstance(field.get("name"), str):
            report.add(relative, None, label, "schema-invalid", "each field needs a 'name' string")
            ok = False
            continue
        label = field["name"]
        field_type = field.get("type", "string")
        if not isinstance(field_type, str) or field_type not in _FIELD_TYPES:
            report.add(relative, None, label, "schema-invalid", f"type must be one of {sorted(_FIELD_TYPES)}")
            ok = False
        elif not isinstance(field.get("format", "default"), str):
            report.add(relative, None, label, "schema-invalid", "'format' must be a string")
            ok = False
        elif field_type != "string" and field.get("format", "default") != "default":
            # A string's format (such as "uri") is descriptive; its pattern does the checking.
            only_default = f"a {field_type} field supports only the default format"
            report.add(relative, None, label, "schema-invalid", only_default)
            ok = False
        constraints = field.get("constraints", {})
        if not isinstance(constraints, dict):
            report.add(relative, None, label, "schema-invalid", "'constraints' must be an object")
            ok = False
            continue
        for key in constraints:
            if key not in _KNOWN_CONSTRAINTS:
                report.add(relative, None, label, "schema-invalid", f"unknown constraint {key!r}")
                ok = False
        if "pattern" in constraints:
            why = pattern_problem(constraints["pattern"])
            if why:
                report.add(relative, None, label, "schema-pattern", why)
                ok = False
        enum = constraints.get("enum")
        if enum is not None and (not isinstance(enum, list) or not all(isinstance(v, str) for v in enum)):
            report.add(relative, None, label, "schema-invalid", "'enum' must be a list of strings")
            ok = False
    names = [
        f["name"] for f in descriptor["fields"] if isinstance(f, dict) and isinstance(f.get("name"), str)
    ]
    for where, why in _key_problems(descriptor, set(names), name):
        report.add(relative, None, where, "schema-invalid", why)
        ok = False
    if not ok:
        return None
    try:
        schema = parse_table_schema(descriptor)
    except (KeyError, TypeError, AttributeError) as error:
        report.add(relative, None, None, "schema-invalid", f"malformed Table Schema ({error})")
        return None
    departures = _contract_problems(name, schema)
    for place, why in departures:
        report.add(relative, None, place, "contract", why)
    if departures:
        return None
    names = schema.field_names
    if len(set(names)) != len(names):
        report.add(relative, None, None, "schema-invalid", "field names must be unique")
        return None
    return schema


def _check_resource(package_dir: Path, index: int, resource: Any, report: Report) -> ResourcePlan | None:
    where = f"resources[{index}]"
    if not isinstance(resource, dict) or not isinstance(resource.get("name"), str):
        report.add(DESCRIPTOR, None, where, "descriptor-invalid", "each resource needs a 'name'")
        return None
    name = resource["name"]
    if name not in CONTRACT:
        report.add(
            DESCRIPTOR, None, where, "unknown-resource", f"{name!r} is not one of {', '.join(CONTRACT)}"
        )
        return None
    if "data" in resource:
        report.add(DESCRIPTOR, None, f"{name}.data", "descriptor-invalid", "inline data is not allowed")
    path, schema_path = resource.get("path"), resource.get("schema")
    if path != f"dataset/{name}.csv":
        report.add(DESCRIPTOR, None, f"{name}.path", "resource-path", f"must be 'dataset/{name}.csv'")
        problem = path_problem(package_dir, path)
        if problem:
            report.add(DESCRIPTOR, None, f"{name}.path", *problem)
        return None
    if schema_path != f"schemas/{name}.schema.json":
        report.add(
            DESCRIPTOR, None, f"{name}.schema", "resource-path", f"must be 'schemas/{name}.schema.json'"
        )
        if isinstance(schema_path, str):
            problem = path_problem(package_dir, schema_path)
            if problem:
                report.add(DESCRIPTOR, None, f"{name}.schema", *problem)
        return None
    dialect = resource.get("dialect")
    if isinstance(dialect, str):
        report.add(DESCRIPTOR, None, f"{name}.dialect", "descriptor-invalid", "give the dialect inline")
    hash_value = resource.get("hash")
    if hash_value is not None and (not isinstance(hash_value, str) or not _HASH.fullmatch(hash_value)):
        report.add(
            DESCRIPTOR,
            None,
            f"{name}.hash",
            "hash-format",
            f"write 'sha256:' and 64 lowercase hexadecimal digits, not {hash_value!r}",
        )
        hash_value = None
    size = resource.get("bytes")
    if size is not None and (not isinstance(size, int) or isinstance(size, bool) or size < 0):
        report.add(DESCRIPTOR, None, f"{name}.bytes", "descriptor-invalid", "bytes must be an integer >= 0")
        size = None
    problem = path_problem(package_dir, path)
    if problem:
        report.add(DESCRIPTOR, None, f"{name}.path", *problem)
        return None
    schema_descriptor = read_json_file(package_dir, schema_path, limits.MAX_SCHEMA_BYTES, report)
    if schema_descriptor is None:
        return None
    schema = _check_schema(name, schema_path, schema_descriptor, report)
    if schema is None:
        return None
    return ResourcePlan(name, path, schema, hash_value, size)


def _check_unlisted(package_dir: Path, listed: set[str], report: Report) -> None:
    folder = package_dir / "dataset"
    if folder.is_symlink():
        report.add("dataset", None, None, "symlink", "dataset/ must be a real folder")
        return
    if not folder.is_dir():
        return
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        relative = f"dataset/{entry.name}"
        if entry.is_symlink():
            report.add(relative, None, None, "symlink", "files under dataset/ must not be links")
        elif entry.name.lower().endswith(".csv") and relative not in listed:
            report.add(relative, None, None, "unlisted-file", "add it to datapackage.json or remove it")


def _frictionless_problems(package_dir: Path, descriptor: dict[str, Any], report: Report) -> None:
    from frictionless import Package

    result = Package.validate_descriptor(descriptor, basepath=str(package_dir))
    for error in result.errors:
        report.add(DESCRIPTOR, None, None, "descriptor-invalid", error.message)


def check_descriptor(package_dir: Path, report: Report) -> dict[str, ResourcePlan]:
    """Run layer 1 and return the resources that are safe to read, by name."""
    descriptor = read_json_file(package_dir, DESCRIPTOR, limits.MAX_DESCRIPTOR_BYTES, report)
    if descriptor is None:
        return {}
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        report.add(DESCRIPTOR, None, None, "descriptor-invalid", "needs a 'resources' list")
        return {}
    before = len(report.problems)
    _check_remote_keys(descriptor, "", DESCRIPTOR, report)
    plans: dict[str, ResourcePlan] = {}
    for index, resource in enumerate(descriptor["resources"]):
        plan = _check_resource(package_dir, index, resource, report)
        if plan is not None:
            if plan.name in plans:
                report.add(DESCRIPTOR, None, plan.name, "descriptor-invalid", "resource listed twice")
            plans[plan.name] = plan
    listed = {
        r["path"] for r in descriptor["resources"] if isinstance(r, dict) and isinstance(r.get("path"), str)
    }
    for name in CONTRACT:
        if not any(isinstance(r, dict) and r.get("name") == name for r in descriptor["resources"]):
            report.add(DESCRIPTOR, None, name, "missing-resource", f"the package needs a '{name}' resource")
    _check_unlisted(package_dir, listed, report)
    if len(report.problems) == before:
        _frictionless_problems(package_dir, descriptor, report)
    return plans
