"""A resource's Table Schema file: read, its form checked, then parsed and held to the contract."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ukcsa_data.core import limits
from ukcsa_data.core.problems import Report
from ukcsa_data.core.table_schema import TableSchema, parse_table_schema
from ukcsa_data.validation.l1_descriptor import descriptor_options as options
from ukcsa_data.validation.l1_descriptor.json_file import UNREADABLE, read_json_file
from ukcsa_data.validation.l1_descriptor.remote_references import check_remote_keys
from ukcsa_data.validation.l1_descriptor.schema_contract import contract_problems
from ukcsa_data.validation.l1_descriptor.schema_fields import constraint_values_problems, field_problems
from ukcsa_data.validation.l1_descriptor.schema_keys import key_problems


def _check_schema_form(name: str, relative: str, descriptor: dict[str, Any], report: Report) -> bool:
    """Report malformed fields, constraints and keys of a schema; True if there are none."""
    fields = descriptor["fields"]
    problems = options.schema_problems(descriptor)
    problems += [problem for i, field in enumerate(fields) for problem in field_problems(i, field)]
    names = {f["name"] for f in fields if isinstance(f, dict) and isinstance(f.get("name"), str)}
    keys = key_problems(descriptor, names) + constraint_values_problems(fields, name)
    problems += [(where, "schema-invalid", why) for where, why in keys]
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
    departures = contract_problems(name, schema)
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
    check_remote_keys(descriptor, "", relative, report)
    if not _check_schema_form(name, relative, descriptor, report):
        return None
    return _check_schema_contract(name, relative, descriptor, report)


def load_schema(package_dir: Path, name: str, schema_path: str, report: Report) -> TableSchema | None:
    """Read resource ``name``'s schema file and check it; None if either fails."""
    schema_descriptor = read_json_file(package_dir, schema_path, limits.active().schema_bytes, report)
    if schema_descriptor is UNREADABLE:
        return None
    return _check_schema(name, schema_path, schema_descriptor, report)
