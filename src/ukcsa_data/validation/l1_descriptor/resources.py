"""The descriptor's resources: each one of the contract's, listed once, at the contract's paths
(safe ones), with a well-formed hash and bytes, read only as the validator reads it, and with a
schema that can be used: the plan to read it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ukcsa_data.core.contract import CONTRACT
from ukcsa_data.core.package_files import DESCRIPTOR
from ukcsa_data.core.problems import Report
from ukcsa_data.core.safe_paths import path_problem
from ukcsa_data.core.table_schema import TableSchema
from ukcsa_data.validation.l1_descriptor import descriptor_options as options
from ukcsa_data.validation.l1_descriptor.schemas import load_schema

_HASH = re.compile(r"sha256:[0-9a-f]{64}")


@dataclass(frozen=True)
class ResourcePlan:
    """A resource that passed layer 1: where its CSV is, its schema and its recorded checksums."""

    name: str
    path: str
    schema: TableSchema
    hash: str | None
    bytes: int | None


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
    schema = load_schema(package_dir, name, schema_path, report)
    if schema is None:
        return None
    return ResourcePlan(name, path, schema, hash_value, size)


def check_resources(package_dir: Path, resources: list[Any], report: Report) -> dict[str, ResourcePlan]:
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
