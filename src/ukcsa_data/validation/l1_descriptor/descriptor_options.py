"""Layer 1: descriptor properties that change how the bytes are read, honoured or rejected.

Another reader (frictionless, or any client that honours the Data Package v2 and Table Schema
specs) reads a resource as its descriptor says: a ``dialect``, an ``encoding``, a ``compression``,
number options such as ``decimalChar``. The validator reads every table one way only (UTF-8 CSV,
comma, double quote, one header row; canonical numbers). So every property is in one of three
allowlists, level by level (package, resource, dialect, schema, field):

* descriptive (``title``, ``licenses`` ...): allowed with any value of the right JSON type;
* honoured: allowed only with the value the validator already applies (``encoding: "utf-8"``,
  ``delimiter: ","``, ``decimalChar: "."``), since then every reader reads what the validator read;
* anything else, known or not, is rejected with an ``unsupported-*`` code that names the property,
  its value and the fix. A property missing from these lists is rejected, never silently accepted;
  tests/catalogue/test_l1_descriptor_options.py checks the lists against frictionless's profiles.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from ukcsa_data.core.codes import Code

#: (where, code, message)
OptionProblem = tuple[str, Code, str]

_TEXT, _LIST, _OBJECT, _ANY = (str,), (list,), (dict,), (object,)

#: Package properties: checked elsewhere (``resources``, ``profile``, ``$schema``) or descriptive.
PACKAGE_KEYS: Mapping[str, tuple[type, ...]] = {
    "$schema": _ANY,
    "profile": _ANY,
    "resources": _ANY,
    "name": _TEXT,
    "id": _TEXT,
    "title": _TEXT,
    "description": _TEXT,
    "homepage": _TEXT,
    "version": _TEXT,
    "created": _TEXT,
    "image": _TEXT,
    "keywords": _LIST,
    "licenses": _LIST,
    "sources": _LIST,
    "contributors": _LIST,
}
#: Resource properties checked elsewhere (layer 1 and the contract) or descriptive.
RESOURCE_KEYS: Mapping[str, tuple[type, ...]] = {
    "$schema": _ANY,
    "profile": _ANY,
    "name": _ANY,
    "path": _ANY,
    "schema": _ANY,
    "data": _ANY,
    "hash": _ANY,
    "bytes": _ANY,
    "dialect": _ANY,
    "title": _TEXT,
    "description": _TEXT,
    "homepage": _TEXT,
    "licenses": _LIST,
    "sources": _LIST,
}
#: Resource properties honoured only with these values: what the validator reads.
RESOURCE_HONOURED: Mapping[str, tuple[Code, tuple[Any, ...]]] = {
    "type": ("unsupported-property", ("table",)),
    "scheme": ("unsupported-scheme", ("file",)),
    "format": ("unsupported-format", ("csv",)),
    "mediatype": ("unsupported-format", ("text/csv",)),
    "encoding": ("unsupported-encoding", ("utf-8",)),
    "compression": ("unsupported-compression", ()),
}
#: Dialect properties (Data Package v1 inline and v2 Table Dialect, and frictionless's
#: ``headerCase``) honoured only with these values. The validator requires LF line ends, which
#: readers of either terminator read alike; and an exact header, which matches either way of
#: comparing case.
DIALECT_HONOURED: Mapping[str, tuple[Any, ...]] = {
    "delimiter": (",",),
    "lineTerminator": ("\n", "\r\n"),
    "quoteChar": ('"',),
    "doubleQuote": (True,),
    "escapeChar": (),
    "nullSequence": (),
    "skipInitialSpace": (False,),
    "header": (True,),
    "headerRows": ([1],),
    "headerJoin": (" ",),
    "commentChar": (),
    "commentRows": ([],),
    "skipBlankRows": (False,),
    "caseSensitiveHeader": (True, False),
    "headerCase": (True, False),
}
#: Descriptive dialect properties.
DIALECT_KEYS: Mapping[str, tuple[type, ...]] = {
    "$schema": _ANY,
    "csvddfVersion": (str, int, float),
    "name": _TEXT,
    "title": _TEXT,
    "description": _TEXT,
}
#: Schema properties checked elsewhere or descriptive; ``fieldsMatch`` is honoured as "exact".
SCHEMA_KEYS: Mapping[str, tuple[type, ...]] = {
    "$schema": _ANY,
    "profile": _ANY,
    "fields": _ANY,
    "primaryKey": _ANY,
    "foreignKeys": _ANY,
    "missingValues": _ANY,
    "name": _TEXT,
    "title": _TEXT,
    "description": _TEXT,
}
SCHEMA_HONOURED: Mapping[str, tuple[Any, ...]] = {"fieldsMatch": ("exact",), "uniqueKeys": ()}
#: Field properties checked elsewhere (name, type, format, constraints) or descriptive.
FIELD_KEYS: Mapping[str, tuple[type, ...]] = {
    "name": _ANY,
    "type": _ANY,
    "format": _ANY,
    "constraints": _ANY,
    "title": _TEXT,
    "description": _TEXT,
    "rdfType": _TEXT,
    "example": _ANY,
}
#: Number options, honoured only with the values of canonical numbers.
NUMBER_OPTIONS: Mapping[str, tuple[Any, ...]] = {
    "decimalChar": (".",),
    "groupChar": ("",),
    "bareNumber": (True,),
    "floatNumber": (False,),
}
#: Properties known to the specs or to frictionless and rejected whatever their value (as any
#: unknown property is): listed so that the test of these lists against frictionless's profiles
#: fails when a reader learns a property that no list here classifies.
REJECTED: Mapping[str, frozenset[str]] = {
    "package": frozenset({"type"}),
    "resource": frozenset({"innerpath", "extrapaths", "fields", "rows", "jsonSchema", "url", "profiles"}),
    "dialect": frozenset({"type", "itemType", "itemKeys", "sheetNumber", "sheetName", "table", "property"}),
    "schema": frozenset({"type"}),
    "field": frozenset(
        {"missingValues", "trueValues", "falseValues", "categories", "categoriesOrdered"}
        | {"delimiter", "itemType", "arrayItem"}
    ),
}
#: A string format the validator checks identically: "uri" (frictionless requires an RFC 3986
#: scheme) only where the field's pattern already forces one: it begins with letters, a letter
#: made optional at most (``https?``), then ``:``, and has no alternation.
_SCHEME_FIRST = re.compile(r"[A-Za-z]+(?:[A-Za-z]\?)*:")


def _same(value: Any, allowed: Any) -> bool:
    """JSON equality that tells ``true`` from ``1`` and ``1.0``."""
    if isinstance(value, list) and isinstance(allowed, list):
        return len(value) == len(allowed) and all(map(_same, value, allowed))
    return type(value) is type(allowed) and value == allowed


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=True, default=str)
    return text if len(text) <= 60 else text[:60] + "..."


def _fix(allowed: tuple[Any, ...]) -> str:
    if not allowed:
        return "remove it"
    return "remove it or write " + " or ".join(_shown(v) for v in allowed)


def _honoured(where: str, key: str, value: Any, code: Code, allowed: tuple[Any, ...]) -> list[OptionProblem]:
    if any(_same(value, v) for v in allowed):
        return []
    what = f"{key!r} is {_shown(value)}, which changes how the data are read"
    return [(where, code, f"{what}, and the validator does not honour it; {_fix(allowed)}")]


def _unknown(where: str, key: str) -> OptionProblem:
    return (
        where,
        "unsupported-property",
        f"{key!r} is not a property the validator knows; a reader may honour it, so remove it",
    )


_JSON_NAMES = {str: "string", list: "list", dict: "object", int: "number", float: "number"}


def _typed(where: str, key: str, value: Any, types: tuple[type, ...], code: Code) -> list[OptionProblem]:
    if isinstance(value, types) and not (isinstance(value, bool) and bool not in types):
        return []
    names = sorted({_JSON_NAMES.get(t, t.__name__) for t in types})
    return [(where, code, f"{key!r} must be a {' or a '.join(names)}, not {_shown(value)}")]


def _with_code(code: Code, table: Mapping[str, tuple[Any, ...]]) -> dict[str, tuple[Code, tuple[Any, ...]]]:
    return {key: (code, allowed) for key, allowed in table.items()}


def _check_keys(
    node: dict[str, Any],
    prefix: str,
    plain: Mapping[str, tuple[type, ...]],
    honoured: Mapping[str, tuple[Code, tuple[Any, ...]]],
    invalid: Code = "descriptor-invalid",
) -> list[OptionProblem]:
    """Problems with the properties of one object, each against its allowlist."""
    problems: list[OptionProblem] = []
    for key, value in node.items():
        where = f"{prefix}.{key}" if prefix else key
        if key in plain:
            problems += _typed(where, key, value, plain[key], invalid)
        elif key in honoured:
            code, allowed = honoured[key]
            problems += _honoured(where, key, value, code, allowed)
        else:
            problems.append(_unknown(where, key))
    return problems


def package_problems(descriptor: dict[str, Any]) -> list[OptionProblem]:
    """Problems with the package's own properties (not its resources')."""
    return _check_keys(descriptor, "", PACKAGE_KEYS, {})


def _dialect_problems(name: str, dialect: Any) -> list[OptionProblem]:
    where = f"{name}.dialect"
    if isinstance(dialect, str):
        return [(where, "unsupported-dialect", "give the dialect inline, not as a path")]
    if not isinstance(dialect, dict):
        return [(where, "unsupported-dialect", "the dialect must be an object; remove it")]
    problems = _check_keys(dialect, where, DIALECT_KEYS, _with_code("unsupported-dialect", DIALECT_HONOURED))
    return [
        (at, "unsupported-dialect" if code == "unsupported-property" else code, m) for at, code, m in problems
    ]


#: Without a stated delimiter frictionless guesses one from the data (csv.Sniffer): a row with more
#: semicolons than commas is then read as one cell. So the delimiter must be stated.
_STATE_DELIMITER = (
    'state the delimiter ("dialect": {"delimiter": ","}): without it, frictionless and other '
    "readers guess it from the data and may split the rows at another character"
)


def resource_problems(name: str, resource: dict[str, Any]) -> list[OptionProblem]:
    """Problems with a resource's properties, its dialect's included."""
    problems = _check_keys(resource, name, RESOURCE_KEYS, RESOURCE_HONOURED)
    dialect = resource.get("dialect")
    if "dialect" in resource:
        problems += _dialect_problems(name, dialect)
    if "dialect" not in resource or (isinstance(dialect, dict) and "delimiter" not in dialect):
        problems.append((f"{name}.dialect", "unsupported-dialect", _STATE_DELIMITER))
    return problems


def _format_problem(label: str, field: dict[str, Any]) -> list[OptionProblem]:
    """A string format the validator does not check identically."""
    field_format = field.get("format", "default")
    if (
        field.get("type", "string") != "string"
        or not isinstance(field_format, str)
        or field_format == "default"
    ):
        return []
    constraints = field.get("constraints")
    pattern = constraints.get("pattern") if isinstance(constraints, dict) else None
    if (
        field_format == "uri"
        and isinstance(pattern, str)
        and _SCHEME_FIRST.match(pattern)
        and "|" not in pattern
    ):
        return []
    why = (
        "readers check it and the validator does not"
        if field_format != "uri"
        else "the validator checks it only with a 'pattern' that begins with the scheme, such as 'https?://'"
    )
    return [
        (
            label,
            "unsupported-format",
            f"string format {_shown(field_format)}: {why}; remove it or write 'default'",
        )
    ]


def field_problems(label: str, field: dict[str, Any]) -> list[OptionProblem]:
    """Problems with one field's properties: number options, string formats and the rest."""
    honoured = _with_code("unsupported-number-option", NUMBER_OPTIONS)
    problems = _check_keys(field, "", FIELD_KEYS, honoured, "schema-invalid")
    problems = [(label, code, message) for _, code, message in problems]
    return problems + _format_problem(label, field)


def schema_problems(descriptor: dict[str, Any]) -> list[OptionProblem]:
    """Problems with a schema's own properties (its fields are checked one by one)."""
    honoured = _with_code("unsupported-property", SCHEMA_HONOURED)
    return _check_keys(descriptor, "", SCHEMA_KEYS, honoured, "schema-invalid")
