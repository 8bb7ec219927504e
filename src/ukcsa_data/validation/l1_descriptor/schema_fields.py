"""The fields of a Table Schema: each a named field of a supported type and format, with known
constraints whose values fit it (a safe pattern, an enum of strings within its limit, a bound of
the field's type)."""

from __future__ import annotations

from typing import Any

from ukcsa_data.core import limits
from ukcsa_data.core.cell_values import CellError, parse_date
from ukcsa_data.core.codes import Code
from ukcsa_data.core.contract import CONTRACT
from ukcsa_data.validation.l1_descriptor import descriptor_options as options
from ukcsa_data.validation.l1_descriptor.regex_safety import pattern_problem

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


_CONSTRAINT_TYPES: dict[str, tuple[type, ...]] = {
    "required": (bool,),
    "unique": (bool,),
    "minLength": (int,),
    "maxLength": (int,),
}


def _constraint_value_problem(field: dict[str, Any], key: str, value: Any, resource_name: str) -> str | None:
    """Why a constraint's value has the wrong type, or cannot bound this field, or None."""
    allowed = _CONSTRAINT_TYPES.get(key)
    if allowed and (not isinstance(value, allowed) or (isinstance(value, bool) and bool not in allowed)):
        return "has the wrong type"
    if key in _RANGE_CONSTRAINTS and _type_is_settled(field, resource_name):
        return _bound_problem(field.get("type", "string"), value)
    return None


def constraint_values_problems(fields: list[Any], resource_name: str) -> list[tuple[str, str]]:
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


def field_problems(index: int, field: Any) -> list[tuple[str, Code, str]]:
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
