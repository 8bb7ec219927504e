"""Layer 1, safety before reading data: the descriptor, resource paths and Table Schemas."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ukcsa_data.core import limits
from ukcsa_data.core.codes import Code
from ukcsa_data.core.contract import CONTRACT, KEYS, UNDERSTOOD_VALUES, ForeignKey
from ukcsa_data.core.package_files import DESCRIPTOR, VERSION
from ukcsa_data.core.problems import Report
from ukcsa_data.core.safe_paths import path_problem, read_reported
from ukcsa_data.core.strict_json import StrictJSONError, loads_strict
from ukcsa_data.core.table_schema import TableSchema, parse_table_schema
from ukcsa_data.core.utf8 import NotUtf8, decode_utf8
from ukcsa_data.validation.l1_descriptor import descriptor_options as options
from ukcsa_data.validation.l1_descriptor.regex_safety import pattern_problem
from ukcsa_data.validation.l1_descriptor.urls import check_descriptor_urls
from ukcsa_data.validation.l3_types.cell_values import CellError, parse_date

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


class Unreadable:
    """What ``read_json_file`` returns for a file it could not read (its problem is reported): not
    None, which is the JSON document ``null``."""


UNREADABLE = Unreadable()


def read_json_file(package_dir: Path, relative: str, limit: int, report: Report) -> Any:
    """Read a JSON file of the package strictly; report problems and return UNREADABLE on failure."""
    raw = read_reported(package_dir, relative, limit, report)
    if raw is None:
        return UNREADABLE
    if raw.startswith(b"\xef\xbb\xbf"):
        report.add(relative, 1, None, "bom", "remove the UTF-8 byte order mark")
        raw = raw[3:]
    text = decode_utf8(raw)
    if isinstance(text, NotUtf8):
        report.add(
            relative,
            text.line,
            None,
            "encoding",
            f"not UTF-8 (byte 0x{text.byte:02x} at column {text.column})",
        )
        return UNREADABLE
    try:
        return loads_strict(text)
    except StrictJSONError as error:
        where = f" (column {error.column})" if error.column else ""
        report.add(relative, error.line, None, "invalid-json", f"{error.message}{where}")
        return UNREADABLE


def _remote_key_problem(key: str, value: Any) -> str | None:
    """Why ``key: value`` would make frictionless fetch a URL, or None."""
    if key == "profile":
        return "remove 'profile': it is fetched over the network"
    if key == "$schema" and value not in BUILTIN_PROFILES.values():
        return f"'$schema' must be one of {sorted(BUILTIN_PROFILES.values())}"
    return None


def _check_remote_keys(node: Any, where: str, path: str, report: Report) -> None:
    """Report any `profile` or unknown `$schema`: frictionless would fetch those URLs. Walks the
    JSON with a stack (any depth the parser accepted) and names only the containers it enters."""
    stack: list[tuple[Any, str]] = [(node, where)]
    while stack:
        current, at = stack.pop()
        items = current.items() if isinstance(current, dict) else enumerate(current)
        for key, value in items:
            if isinstance(key, str):
                here = f"{at}.{key}" if at else key
                why = _remote_key_problem(key, value)
                if why:
                    report.add(path, None, here, "remote-reference", why)
                    continue
            else:
                here = f"{at}[{key}]"
            if isinstance(value, dict | list):
                stack.append((value, here))


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


def _primary_key_problems(descriptor: dict[str, Any], names: set[str]) -> list[tuple[str, str]]:
    """A problem if primaryKey is given but does not name fields of this schema."""
    if "primaryKey" in descriptor:
        key = _names(descriptor["primaryKey"])
        if key is None or not set(key) <= names:
            return [("primaryKey", "must name fields of this schema")]
    return []


def _foreign_key_problem(fk: Any, names: set[str]) -> str | None:
    """Why one entry of foreignKeys is malformed, or None."""
    reference = fk.get("reference") if isinstance(fk, dict) else None
    fields = _names(fk.get("fields")) if isinstance(fk, dict) else None
    target = _names(reference.get("fields")) if isinstance(reference, dict) else None
    resource = reference.get("resource", "") if isinstance(reference, dict) else None
    if fields is None or not set(fields) <= names:
        return "'fields' must name fields of this schema"
    if target is None or len(target) != len(fields) or not isinstance(resource, str):
        return "'reference' needs a 'resource' and as many 'fields' as the key"
    if resource and resource not in CONTRACT:
        return f"refers to unknown resource {resource!r}"
    return None


def _foreign_keys_problems(foreign_keys: Any, names: set[str]) -> list[tuple[str, str]]:
    """Problems with the foreignKeys list, then with each key in it."""
    if not isinstance(foreign_keys, list):
        return [("foreignKeys", "must be a list")]
    problems: list[tuple[str, str]] = []
    for i, fk in enumerate(foreign_keys):
        why = _foreign_key_problem(fk, names)
        if why:
            problems.append((f"foreignKeys[{i}]", why))
    return problems


def _constraint_value_problem(field: dict[str, Any], key: str, value: Any, resource_name: str) -> str | None:
    """Why a constraint's value has the wrong type, or cannot bound this field, or None."""
    allowed = _CONSTRAINT_TYPES.get(key)
    if allowed and (not isinstance(value, allowed) or (isinstance(value, bool) and bool not in allowed)):
        return "has the wrong type"
    if key in _RANGE_CONSTRAINTS and _type_is_settled(field, resource_name):
        return _bound_problem(field.get("type", "string"), value)
    return None


def _constraint_values_problems(fields: list[Any], resource_name: str) -> list[tuple[str, str]]:
    """Problems with the values of the fields' constraints, field by field."""
    problems: list[tuple[str, str]] = []
    for field in fields:
        if not isinstance(field, dict) or not isinstance(field.get("constraints", {}), dict):
            continue
        for key, value in field.get("constraints", {}).items():
            why = _constraint_value_problem(field, key, value, resource_name)
            if why:
                problems.append((str(field.get("name")), f"constraint {key!r} {why}"))
    return problems


def _key_problems(descriptor: dict[str, Any], names: set[str], resource_name: str) -> list[tuple[str, str]]:
    """Problems with primaryKey, foreignKeys, missingValues and constraint value types."""
    problems = _primary_key_problems(descriptor, names)
    problems += _foreign_keys_problems(descriptor.get("foreignKeys", []), names)
    missing = descriptor.get("missingValues", [""])
    if not isinstance(missing, list) or not all(isinstance(v, str) for v in missing):
        problems.append(("missingValues", "must be a list of strings"))
    problems += _constraint_values_problems(descriptor["fields"], resource_name)
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
    return (
        isinstance(field_type, str)
        and field_type in _FIELD_TYPES
        and (column is None or column.type == field_type)
    )


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


def _type_problem(field: dict[str, Any]) -> str | None:
    """Why a field's type or format is not one this validator supports, or None."""
    field_type = field.get("type", "string")
    if not isinstance(field_type, str) or field_type not in _FIELD_TYPES:
        return f"type must be one of {sorted(_FIELD_TYPES)}"
    field_format = field.get("format", "default")
    if not isinstance(field_format, str):
        return "'format' must be a string"
    if field_type != "string" and field_format != "default":
        # A string's format (such as "uri") is descriptive; its pattern does the checking.
        return f"a {field_type} field supports only the default format"
    return None


def _constraints_problems(constraints: dict[str, Any]) -> list[tuple[Code, str]]:
    """(code, why) for unknown constraints, an unsafe pattern and an enum that is not strings."""
    problems: list[tuple[Code, str]] = [
        ("schema-invalid", f"unknown constraint {key!r}")
        for key in constraints
        if key not in _KNOWN_CONSTRAINTS
    ]
    if "pattern" in constraints:
        unsafe = pattern_problem(constraints["pattern"])
        if unsafe:
            problems.append(unsafe)
    if "enum" in constraints:
        problems += _enum_problems(constraints["enum"])
    return problems


def _enum_problems(enum: Any) -> list[tuple[Code, str]]:
    """An enum that is not a list of strings, or longer than the limit (then it is not used)."""
    if not isinstance(enum, list):
        return [("schema-invalid", f"'enum' must be a list of strings, not {type(enum).__name__}")]
    if len(enum) > limits.active().enum_values:
        return [("enum-too-large", f"{len(enum):,} values; the limit is {limits.active().enum_values:,}")]
    if not all(isinstance(v, str) for v in enum):
        return [("schema-invalid", "'enum' must be a list of strings")]
    return []


def _field_problems(index: int, field: Any) -> list[tuple[str, Code, str]]:
    """(where, code, why) for each way entry ``index`` of a schema's fields is malformed."""
    if not isinstance(field, dict) or not isinstance(field.get("name"), str):
        return [(f"fields[{index}]", "schema-invalid", "each field needs a 'name' string")]
    label = field["name"]
    problems: list[tuple[str, Code, str]] = list(options.field_problems(label, field))
    why = _type_problem(field)
    if why:
        problems.append((label, "schema-invalid", why))
    constraints = field.get("constraints", {})
    if not isinstance(constraints, dict):
        problems.append((label, "schema-invalid", "'constraints' must be an object"))
        return problems
    return problems + [(label, code, why) for code, why in _constraints_problems(constraints)]


def _check_schema_form(name: str, relative: str, descriptor: dict[str, Any], report: Report) -> bool:
    """Report malformed fields, constraints and keys of a schema; True if there are none."""
    fields = descriptor["fields"]
    problems = options.schema_problems(descriptor)
    problems += [problem for i, field in enumerate(fields) for problem in _field_problems(i, field)]
    names = {f["name"] for f in fields if isinstance(f, dict) and isinstance(f.get("name"), str)}
    problems += [(where, "schema-invalid", why) for where, why in _key_problems(descriptor, names, name)]
    for where, code, why in problems:
        report.add(relative, None, where, code, why)
    return not problems


def _check_schema_contract(
    name: str, relative: str, descriptor: dict[str, Any], report: Report
) -> TableSchema | None:
    """Parse a well-formed schema and hold it to the contract; None after reporting why not."""
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


def _check_schema(name: str, relative: str, descriptor: Any, report: Report) -> TableSchema | None:
    """Check resource ``name``'s Table Schema (read from ``relative``); None if it cannot be used."""
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("fields"), list):
        report.add(relative, None, None, "schema-invalid", "a Table Schema needs a 'fields' list")
        return None
    _check_remote_keys(descriptor, "", relative, report)
    if not _check_schema_form(name, relative, descriptor, report):
        return None
    return _check_schema_contract(name, relative, descriptor, report)


def _resource_name(index: int, resource: Any, report: Report) -> str | None:
    """The name of entry ``index`` of 'resources' if it is a contract resource; else report why."""
    where = f"resources[{index}]"
    if not isinstance(resource, dict) or not isinstance(resource.get("name"), str):
        report.add(DESCRIPTOR, None, where, "descriptor-invalid", "each resource needs a 'name'")
        return None
    name: str = resource["name"]
    if name not in CONTRACT:
        report.add(
            DESCRIPTOR, None, where, "unknown-resource", f"{name!r} is not one of {', '.join(CONTRACT)}"
        )
        return None
    return name


def _check_paths(package_dir: Path, name: str, path: Any, schema_path: Any, report: Report) -> bool:
    """Report a data or schema path other than the contract's, and whether it is unsafe too;
    True if both are the contract's."""
    if path != f"dataset/{name}.csv":
        report.add(DESCRIPTOR, None, f"{name}.path", "resource-path", f"must be 'dataset/{name}.csv'")
        problem = path_problem(package_dir, path)
        if problem:
            report.add(DESCRIPTOR, None, f"{name}.path", *problem)
        return False
    if schema_path != f"schemas/{name}.schema.json":
        report.add(
            DESCRIPTOR, None, f"{name}.schema", "resource-path", f"must be 'schemas/{name}.schema.json'"
        )
        if isinstance(schema_path, str):
            problem = path_problem(package_dir, schema_path)
            if problem:
                report.add(DESCRIPTOR, None, f"{name}.schema", *problem)
        return False
    return True


def _checked_hash(name: str, hash_value: Any, report: Report) -> str | None:
    """A resource's recorded hash if well formed; otherwise report it and return None."""
    if hash_value is not None and (not isinstance(hash_value, str) or not _HASH.fullmatch(hash_value)):
        report.add(
            DESCRIPTOR,
            None,
            f"{name}.hash",
            "hash-format",
            f"write 'sha256:' and 64 lowercase hexadecimal digits, not {hash_value!r}",
        )
        return None
    return hash_value


def _checked_bytes(name: str, size: Any, report: Report) -> int | None:
    """A resource's recorded size if an integer >= 0; otherwise report it and return None."""
    if size is not None and (not isinstance(size, int) or isinstance(size, bool) or size < 0):
        report.add(DESCRIPTOR, None, f"{name}.bytes", "descriptor-invalid", "bytes must be an integer >= 0")
        return None
    return size


def _load_schema(package_dir: Path, name: str, schema_path: str, report: Report) -> TableSchema | None:
    """Read resource ``name``'s schema file and check it; None if either fails."""
    schema_descriptor = read_json_file(package_dir, schema_path, limits.active().schema_bytes, report)
    if schema_descriptor is UNREADABLE:
        return None
    return _check_schema(name, schema_path, schema_descriptor, report)


def _options_reported(name: str, resource: dict[str, Any], report: Report) -> bool:
    """Report the resource's properties that change how it is read (class 5); True if any."""
    problems = options.resource_problems(name, resource)
    for where, code, why in problems:
        report.add(DESCRIPTOR, None, where, code, why)
    return bool(problems)


def _check_resource(
    package_dir: Path, name: str, resource: dict[str, Any], report: Report
) -> ResourcePlan | None:
    """Check the resource ``name`` and its schema; the plan to read it, or None."""
    if _options_reported(name, resource, report):
        return None
    if "data" in resource:
        report.add(DESCRIPTOR, None, f"{name}.data", "descriptor-invalid", "inline data is not allowed")
    path: Any = resource.get("path")
    schema_path: Any = resource.get("schema")
    if not _check_paths(package_dir, name, path, schema_path, report):
        return None
    hash_value = _checked_hash(name, resource.get("hash"), report)
    size = _checked_bytes(name, resource.get("bytes"), report)
    problem = path_problem(package_dir, path)
    if problem:
        report.add(DESCRIPTOR, None, f"{name}.path", *problem)
        return None
    schema = _load_schema(package_dir, name, schema_path, report)
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
        report.add(DESCRIPTOR, None, None, "descriptor-invalid", _bounded(error.message))


def _bounded(message: str, limit: int = 500) -> str:
    """frictionless's ``message``, cut at ``limit`` characters (it may quote the whole descriptor)."""
    if len(message) <= limit:
        return message
    return f"{message[:limit]}… ({len(message):,} characters in all)"


def _check_resources(package_dir: Path, resources: list[Any], report: Report) -> dict[str, ResourcePlan]:
    """Check each entry of 'resources' (a name listed again is reported, its schema not re-read)."""
    plans: dict[str, ResourcePlan] = {}
    seen: set[str] = set()
    for index, resource in enumerate(resources):
        name = _resource_name(index, resource, report)
        if name is None:
            continue
        if name in seen:
            report.add(
                DESCRIPTOR,
                None,
                name,
                "descriptor-invalid",
                f"resource listed again (entry {index}); list it once",
            )
            continue
        seen.add(name)
        plan = _check_resource(package_dir, name, resource, report)
        if plan is not None:
            plans[name] = plan
    return plans


def _check_version(descriptor: dict[str, Any], report: Report) -> None:
    """The version is MAJOR.MINOR.PATCH (with a pre-release or build part at most): it names files.

    Bad: ``"version": "../../1.0.0"``, ``"1.0"``. Good: ``"1.0.0"``, ``"2.0.0-rc.1"``."""
    version = descriptor.get("version")
    if isinstance(version, str) and not VERSION.fullmatch(version):
        report.add(
            DESCRIPTOR,
            None,
            "version",
            "descriptor-invalid",
            f"{version!r} is not a version MAJOR.MINOR.PATCH (such as 1.0.0 or 2.0.0-rc.1)",
        )


def check_descriptor(package_dir: Path, report: Report) -> dict[str, ResourcePlan]:
    """Run layer 1 and return the resources that are safe to read, by name."""
    descriptor = read_json_file(package_dir, DESCRIPTOR, limits.active().descriptor_bytes, report)
    if descriptor is UNREADABLE:
        return {}
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        report.add(DESCRIPTOR, None, None, "descriptor-invalid", "needs a 'resources' list")
        return {}
    before = len(report.problems)
    resources = descriptor["resources"]
    if len(resources) > limits.active().resources:
        report.add(
            DESCRIPTOR,
            None,
            "resources",
            "too-many-resources",
            f"{len(resources):,} resources; the limit is {limits.active().resources:,}",
        )
        return {}
    _check_remote_keys(descriptor, "", DESCRIPTOR, report)
    for where, code, why in options.package_problems(descriptor):
        report.add(DESCRIPTOR, None, where, code, why)
    _check_version(descriptor, report)
    check_descriptor_urls(descriptor, DESCRIPTOR, report)
    plans = _check_resources(package_dir, resources, report)
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
