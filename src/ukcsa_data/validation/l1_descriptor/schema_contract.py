"""A Table Schema held to the contract (:mod:`ukcsa_data.core.contract`): its columns, their types,
which are required and have an enum, the values the rules understand, and its keys."""

from __future__ import annotations

from ukcsa_data.core.contract import CONTRACT, KEYS, UNDERSTOOD_VALUES, ForeignKey
from ukcsa_data.core.table_schema import TableSchema


def _show_key(fk: ForeignKey) -> str:
    return f"{', '.join(fk.fields)} -> {fk.resource}.{', '.join(fk.reference)}"


def contract_problems(name: str, schema: TableSchema) -> list[tuple[str | None, str]]:
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
    if frozenset(schema.references) != keys.foreign:
        listed = "; ".join(sorted(_show_key(fk) for fk in keys.foreign)) or "none"
        problems.append(("foreignKeys", f"must be exactly: {listed}"))
    problems += [
        (extra.name, "an added column must be optional")
        for extra in schema.fields[len(expected) :]
        if extra.required
    ]
    return problems
