"""The keys of a Table Schema: ``primaryKey`` and ``foreignKeys`` name its fields, and
``missingValues`` is a list of strings."""

from __future__ import annotations

from typing import Any

from ukcsa_data.core.contract import CONTRACT
from ukcsa_data.core.table_schema import field_names


def _primary_key_problems(descriptor: dict[str, Any], names: set[str]) -> list[tuple[str, str]]:
    """A problem if primaryKey is given but does not name fields of this schema."""
    if "primaryKey" in descriptor:
        key = field_names(descriptor["primaryKey"])
        if key is None or not set(key) <= names:
            return [("primaryKey", "must name fields of this schema")]
    return []


def _foreign_key_problem(fk: Any, names: set[str]) -> str | None:
    """Why one entry of foreignKeys is malformed, or None."""
    reference = fk.get("reference") if isinstance(fk, dict) else None
    fields = field_names(fk.get("fields")) if isinstance(fk, dict) else None
    target = field_names(reference.get("fields")) if isinstance(reference, dict) else None
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


def key_problems(descriptor: dict[str, Any], names: set[str]) -> list[tuple[str, str]]:
    """Problems with primaryKey, foreignKeys and missingValues."""
    problems = _primary_key_problems(descriptor, names)
    problems += _foreign_keys_problems(descriptor.get("foreignKeys", []), names)
    missing = descriptor.get("missingValues", [""])
    if not isinstance(missing, list) or not all(isinstance(v, str) for v in missing):
        problems.append(("missingValues", "must be a list of strings"))
    return problems
