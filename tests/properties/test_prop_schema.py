"""[schema] The Table Schemas and the validator's rules cannot drift.

The validator does not keep its own copy of the field constraints: layer 3 reads them from the
package's ``schemas/*.json`` when it runs, and layer 4 (the semantic rules) reads its bounds from the
plausibility table, keyed by the schema's vocabularies. These properties prove both halves:

- every field constraint in ``schemas/*.json`` (and every non-string type) rejects a generated
  violating value, with its own code, at its cell;
- a constraint changed in a package's copy of a schema is enforced as changed (so the rules are
  generated from the schema, not written down twice);
- the schema's vocabularies (units, measure types, geographies, periods) and the plausibility
  table name the same things.
"""

from __future__ import annotations

import csv
import io
import json
import re
import string
import tempfile
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from cells import accepted_texts, bad_dates, indices
from example_counts import runs_its_examples, scaled, thorough_at_most
from harness import error, explain, found
from hypothesis import example, given
from hypothesis import strategies as st
from package_model import CODE_TABLES, FIELDS, RESOURCES, SCHEMAS, Package, render
from strategies import ALL_UNITS, BOUNDS, GEOGRAPHIES, MEASURE_TYPES, PERS, base_package, packages

from ukcsa_data.core.contract import PERIODS_PER_YEAR
from ukcsa_data.core.problems import Report
from ukcsa_data.core.table_schema import parse_table_schema
from ukcsa_data.core.writer import format_number
from ukcsa_data.validation.l2_bytes.raw_table import RawTable
from ukcsa_data.validation.l3_types.field_types import type_table
from ukcsa_data.validation.runner import validate_package

pytestmark = pytest.mark.schema

#: Every (resource, field, constraint) of the schemas, and "type" for every non-string field.
CONSTRAINTS: list[tuple[str, str, str]] = [
    (resource, field["name"], key)
    for resource in RESOURCES
    for field in SCHEMAS[resource]["fields"]
    for key in [*field.get("constraints", {}), *(["type"] if field.get("type", "string") != "string" else [])]
]
CODES = {
    "required": "required",
    "unique": "unique",
    "enum": "enum",
    "pattern": "pattern",
    "minLength": "min-length",
    "maxLength": "max-length",
    "minimum": "minimum",
    "maximum": "maximum",
    "exclusiveMinimum": "exclusive-minimum",
    "exclusiveMaximum": "exclusive-maximum",
    "type": "type-error",
}


def test_every_constraint_of_the_schemas_is_covered() -> None:
    """The properties below know every constraint the schemas use."""
    assert CONSTRAINTS
    assert {key for _, _, key in CONSTRAINTS} <= set(CODES)


# ---------------------------------------------------------------------------------------------
# A violating value for each constraint


def _rows_of(package: Package) -> dict[str, list[dict[str, str]]]:
    """The CSV rows of a rendered package, as written."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "package"
        render(package, root)
        return {
            name: list(csv.DictReader(io.StringIO((root / "dataset" / f"{name}.csv").read_text("utf-8"))))
            for name in RESOURCES
        }


BASE_ROWS = _rows_of(base_package())
NOT_A_NUMBER = [
    "1.0",
    "007",
    "+5",
    "1_000",
    "1e5",
    "1.2E+5",
    "NaN",
    "inf",
    "-inf",
    "1,000",
    "５",
    "x",
    "0x10",
    ".",
]
NOT_AN_INTEGER = ["1.5", "01", "+1", "one", "1e3", "1.0", "２", "-"]


def _pad(valid: str, length: int, pattern: str | None) -> str:
    """``valid`` lengthened to ``length`` characters, still matching ``pattern``."""
    if not valid:
        valid = next(t for t in ("x", "https://x", "0") if pattern is None or re.fullmatch(pattern, t))
    extra = length - len(valid)
    for char in "a0x":
        for at in (len(valid), len(valid) - 4, len(valid) // 2):
            text = valid[:at] + char * extra + valid[at:]
            if pattern is None or re.fullmatch(pattern, text):
                return text
    raise AssertionError(f"cannot lengthen {valid!r} within {pattern!r}")


def _not_in_enum(draw: st.DrawFn, allowed: list[str]) -> str:
    """A short text that is none of ``allowed``."""
    text = draw(accepted_texts(string.ascii_letters + "_ ", min_size=1, max_size=15))
    return text if text and text not in allowed else "not-" + allowed[0]


def _not_matching(draw: st.DrawFn, rules: dict[str, Any], valid: str) -> str:
    """``valid`` with a character inserted so that it no longer matches the pattern (within maxLength)."""
    pattern = rules["pattern"]
    at = draw(st.integers(0, len(valid)))
    text = valid[:at] + draw(st.sampled_from(["A", "!", "~", "é", "_", "/", "+", "x y"])) + valid[at:]
    if re.fullmatch(pattern, text) or len(text) > rules.get("maxLength", 10**6):
        text = "!" + valid[1:]
    assert not re.fullmatch(pattern, text)
    return text


def _not_of_type(draw: st.DrawFn, kind: str) -> str:
    """A text that is not a valid ``kind`` (date, number or integer)."""
    if kind == "date":
        return draw(bad_dates())
    return draw(st.sampled_from(NOT_A_NUMBER if kind == "number" else NOT_AN_INTEGER))


def _out_of_bound(draw: st.DrawFn, kind: str, key: str, bound: Any) -> str:
    """A ``kind`` value on the wrong side of bound ``key`` (minimum, maximum or an exclusive one)."""
    below = key in ("minimum", "exclusiveMinimum")
    exclusive = key.startswith("exclusive")
    if kind == "date":
        day = date.fromisoformat(bound) + timedelta(
            days=draw(st.integers(0 if exclusive else 1, 400)) * (-1 if below else 1)
        )
        return day.isoformat()
    step = Decimal(draw(st.integers(0 if exclusive else 1, 10**6)))
    if kind == "number" and not exclusive:
        step = step + Decimal(draw(st.integers(0, 99))) / 100 or Decimal(1)
    value = Decimal(str(bound)) + (-step if below else step)
    return str(int(value)) if kind == "integer" else format_number(float(value))


@st.composite
def violations(draw: st.DrawFn, resource: str, name: str, key: str, valid: str) -> tuple[str, str | None]:
    """A cell text breaking constraint ``key`` of ``resource.name`` (and no other), and the code
    it must give (None: not an error, such as an empty optional cell)."""
    field = FIELDS[resource][name]
    rules = field.get("constraints", {})
    kind = field.get("type", "string")
    if key == "required" or (key == "minLength" and rules[key] <= 1):
        # The only text shorter than one character is the empty cell: a missing value.
        return "", "required" if rules.get("required") else None
    if key == "minLength":
        return draw(accepted_texts(string.ascii_letters, min_size=1, max_size=rules[key] - 1)), "min-length"
    if key == "maxLength":
        return _pad(valid, rules[key] + draw(st.integers(1, 30)), rules.get("pattern")), "max-length"
    if key == "enum":
        return _not_in_enum(draw, rules[key]), "enum"
    if key == "pattern":
        return _not_matching(draw, rules, valid), "pattern"
    if key == "type":
        return _not_of_type(draw, kind), "type-error"
    if key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        return _out_of_bound(draw, kind, key, rules[key]), CODES[key]
    raise AssertionError(f"no violation for {key}")  # pragma: no cover


def _typed_problems(resource: str, rows: list[dict[str, str]]) -> Report:
    schema = parse_table_schema(SCHEMAS[resource])
    names = schema.field_names
    raw = RawTable(
        resource,
        f"dataset/{resource}.csv",
        names,
        [[row[n] for n in names] for row in rows],
        list(range(2, len(rows) + 2)),
        "",
        0,
    )
    report = Report("memory")
    type_table(raw, schema.fields, schema.missing_values, report)
    return report


@pytest.mark.parametrize(("resource", "name", "key"), CONSTRAINTS, ids=["/".join(c) for c in CONSTRAINTS])
@runs_its_examples(at_least=1)  # "required" has a single violation to try: the empty cell
@scaled(0.25, minimum=5)
@given(data=st.data())
def test_each_schema_constraint_rejects_a_violating_value(
    resource: str, name: str, key: str, data: st.DataObject
) -> None:
    """For each field constraint in schemas/*.json (required, unique, enum, pattern, minLength,
    maxLength, minimum... and the field's type), a generated value breaking it — and nothing
    else — is rejected at that cell with that constraint's code."""
    rows = [dict(row) for row in BASE_ROWS[resource]]
    assert not _typed_problems(resource, rows).problems
    code: str | None
    if key == "unique":
        rows.append(dict(rows[0]))  # a repeated row: every unique field repeats
        target, text, code = len(rows) - 1, rows[0][name], "unique"
    else:
        target = data.draw(indices(rows))
        text, code = data.draw(violations(resource, name, key, rows[target][name]))
        rows[target][name] = text
    problems = [(p.line, p.code) for p in _typed_problems(resource, rows).problems if p.field == name]
    assert problems == ([(target + 2, code)] if code else []), (text, problems)


# ---------------------------------------------------------------------------------------------
# The same, in a whole package


#: A package with one cell overridden: resource, row, field, constraint broken, expected code.
BadCell = tuple[Package, str, int, str, str, str | None]


@st.composite
def packages_with_one_bad_cell(draw: st.DrawFn) -> BadCell:
    package = draw(packages(max_sources=2, max_figures=3))
    rows = _rows_of(package)
    # A violation that can be written in this package: a cell needs a row, a repeat two rows
    # (generated packages have no waivers; the base package's waiver is broken in the test above).
    possible = [c for c in CONSTRAINTS if len(rows[c[0]]) > (1 if c[2] == "unique" else 0)]
    resource, name, key = draw(st.sampled_from(possible))
    code: str | None
    if key == "unique":
        target = draw(indices(rows[resource], first=1))
        text, code = rows[resource][0][name], "unique"
    else:
        target = draw(indices(rows[resource]))
        text, code = draw(violations(resource, name, key, rows[resource][target][name]))
    return replace(package, cells=((resource, target, name, text),)), resource, target, name, key, code


@runs_its_examples()
@thorough_at_most(150)
@given(case=packages_with_one_bad_cell())
def test_a_cell_breaking_its_schema_is_rejected_in_a_package(case: BadCell) -> None:
    """In a whole valid package, one cell breaking a constraint of its schema makes the package
    invalid, with that constraint's code at that row and field.

    Thorough runs 150 examples (each example validates a whole generated package): about 60 (field,
    constraint) pairs, each drawn a few times; the unit-level property above tries each
    constraint without a package.
    """
    package, resource, target, name, _, code = case
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "package"
        render(package, root)
        report = validate_package(root)
    line = target + 2
    path = f"dataset/{resource}.csv"
    at_cell = [p for p in found(report) if p[:3] == (path, line, name)]
    if code is None:
        assert report.valid, explain(report)
    else:
        assert error(path, line, name, code) in at_cell, explain(report)
        assert not report.valid


# ---------------------------------------------------------------------------------------------
# A schema changed in the package is enforced as changed


@dataclass(frozen=True)
class Tightened:
    """A constraint added or narrowed in a package's copy of a schema, and a rule to predict which
    cells break it."""

    resource: str
    name: str
    key: str
    value: Any


def _breaks(t: Tightened, kind: str, cell: str) -> bool:
    if cell == "":
        return False
    if t.key == "enum":
        return cell not in t.value
    if t.key == "maxLength":
        return len(cell) > int(t.value)
    if t.key == "minLength":
        return len(cell) < int(t.value)
    if t.key == "pattern":
        return re.fullmatch(t.value, cell) is None
    number: Any = date.fromisoformat(cell) if kind == "date" else Decimal(cell)
    bound: Any = date.fromisoformat(t.value) if kind == "date" else Decimal(str(t.value))
    return bool(number < bound if t.key == "minimum" else number > bound)


#: Fields whose invalid cells cascade into other tables (keys and the seed's path): left alone.
REFERENCED = {("sources", "source_id"), ("sources", "seed_file"), ("figures", "figure_id")}


@st.composite
def tightened_schemas(draw: st.DrawFn) -> tuple[Package, Tightened]:
    package = draw(packages(max_sources=2, max_figures=3))
    rows = _rows_of(package)
    # The code lists and bounds are left alone: a cell of theirs that breaks cascades into the
    # figures that refer to it (the catalogue covers them).
    resource = draw(st.sampled_from([r for r in RESOURCES if r not in CODE_TABLES]))
    fields = [f for f in SCHEMAS[resource]["fields"] if (resource, f["name"]) not in REFERENCED]
    field = draw(st.sampled_from(fields))
    name, kind = field["name"], field.get("type", "string")
    used = sorted({row[name] for row in rows[resource] if row[name]})
    rules = field.get("constraints", {})
    if not used:
        return package, Tightened(resource, name, "maxLength", 10)  # nothing to break: all valid
    pick = draw(st.sampled_from(used))
    if kind in ("number", "integer", "date"):
        key = draw(st.sampled_from(["minimum", "maximum"]))
        return package, Tightened(resource, name, key, pick if kind == "date" else json.loads(pick))
    if "enum" in rules:
        return package, Tightened(resource, name, "enum", [v for v in rules["enum"] if v != pick])
    key = draw(st.sampled_from(["maxLength", "minLength", "pattern"]))
    if key == "maxLength":
        return package, Tightened(resource, name, key, max(1, len(pick) - draw(st.integers(0, 3))))
    if key == "minLength":
        return package, Tightened(resource, name, key, len(pick) + draw(st.integers(0, 3)))
    return package, Tightened(resource, name, key, re.escape(pick))


@runs_its_examples()
@thorough_at_most(200)
@given(case=tightened_schemas())
@example(case=(base_package(), Tightened("figures", "measure_type", "enum", ["change"])))
@example(case=(base_package(), Tightened("figures", "occurrence", "minimum", 2)))
@example(case=(base_package(), Tightened("sources", "published_date", "maximum", "2022-04-30")))
# Found by this property: a relation whose source_id cell is invalid was also a relation-source error.
@example(case=(base_package(), Tightened("relations", "source_id", "maxLength", 5)))
def test_the_validator_enforces_the_schema_as_written_in_the_package(case: tuple[Package, Tightened]) -> None:
    """Narrow one constraint in the package's copy of a schema (drop an enum value in use, shorten
    maxLength, raise a minimum, require a pattern...): exactly the cells that break the new
    constraint are errors, with its code. The validator's constraints are generated from the
    schema it reads, so they cannot drift from it.

    Thorough runs 200 examples (each example validates a whole generated package): the tightened
    (field, constraint) pairs are a few dozen, each drawn several times.
    """
    package, t = case
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "package"
        render(package, root)
        path = root / "schemas" / f"{t.resource}.schema.json"
        schema = json.loads(path.read_text("utf-8"))
        field = next(f for f in schema["fields"] if f["name"] == t.name)
        field.setdefault("constraints", {})[t.key] = t.value
        path.write_text(json.dumps(schema), encoding="utf-8")
        rows = list(csv.DictReader(io.StringIO((root / "dataset" / f"{t.resource}.csv").read_text("utf-8"))))
        report = validate_package(root)
    kind = field.get("type", "string")
    expected = [
        error(f"dataset/{t.resource}.csv", number + 2, t.name, CODES[t.key])
        for number, row in enumerate(rows)
        if _breaks(t, kind, row[t.name])
    ]
    errors = [p for p in found(report) if p[4] == "error"]
    assert errors == sorted(expected), explain(report)


# ---------------------------------------------------------------------------------------------
# The vocabularies of the schema and of the plausibility table


def test_the_schema_and_the_plausibility_table_name_the_same_things() -> None:
    """Every unit, measure_type and geography of the bounds table is in the units and areas
    tables and the schema's enum; every unit of the units table has an any-geography bounds row;
    every ``per`` of the schema can be annualised."""
    assert {b.unit for b in BOUNDS} == set(ALL_UNITS)
    assert {b.measure_type for b in BOUNDS} <= set(MEASURE_TYPES)
    assert {b.geography for b in BOUNDS} - {""} <= {g for g in GEOGRAPHIES if g}
    assert set(PERS) == set(PERIODS_PER_YEAR)
    for unit in ALL_UNITS:
        assert any(b.unit == unit and b.geography == "" for b in BOUNDS), f"{unit} has no any-geography row"
