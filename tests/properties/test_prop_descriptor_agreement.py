"""[schema] A package the validator calls VALID is read the same by frictionless, and no descriptor
or schema value makes the validator fail.

- Agreement: for any combination of the properties that change how a table is read (resource
  ``encoding``, ``format``, ``scheme``, ``compression``, ``dialect`` keys, schema ``fieldsMatch``
  and ``uniqueKeys``, field number options, ``missingValues`` and string ``format``), added to a
  copy of the shipped package (a table re-written with the declared delimiter, so that frictionless
  reads it as declared), if ``validate_package`` reports VALID then frictionless, honouring the
  descriptor offline, reads every table with the same header and the same rows, cell for cell, and
  its own validation finds nothing. The validator never exits 0 on a package frictionless reads
  differently.
- No internal error: any JSON value (null, booleans, numbers, strings with lone surrogates, nested
  lists and objects) put in place of any property of the descriptor, a resource, its dialect, a
  schema, a field or a constraint yields a report (valid or not), never an exception.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from agreement import assert_frictionless_agrees
from example_counts import scaled, thorough_at_most
from hypothesis import given
from hypothesis import strategies as st

from ukcsa_data.core.package_files import bundled_package_dir
from ukcsa_data.validation.runner import validate_package

pytestmark = pytest.mark.schema

SOURCE = bundled_package_dir()
PARTS = ("datapackage.json", "dataset", "schemas", "seeds")

RESOURCE_OPTIONS: dict[str, list[Any]] = {
    "encoding": ["utf-8", "UTF-8", "latin-1", "utf-16"],
    "format": ["csv", "tsv", "json"],
    "mediatype": ["text/csv", "text/plain"],
    "scheme": ["file", "https"],
    "compression": ["", "gz", "zip"],
    "type": ["table", "file"],
}
DIALECT_OPTIONS: dict[str, list[Any]] = {
    "delimiter": [",", ";", "\t", "|"],
    "quoteChar": ['"', "'"],
    "doubleQuote": [True, False, 1],
    "header": [True, False],
    "headerRows": [[1], [1, 2], [2]],
    "headerJoin": [" ", "-"],
    "commentChar": ["#", "f"],
    "commentRows": [[], [2]],
    "skipInitialSpace": [False, True],
    "lineTerminator": ["\n", "\r\n", "\r"],
    "escapeChar": ["\\"],
    "nullSequence": ["", "NA"],
    "caseSensitiveHeader": [True, False],
    "headerCase": [True, False],
    "skipBlankRows": [False, True],
    "csvddfVersion": [1.2, "1.2"],
}
SCHEMA_OPTIONS: dict[str, list[Any]] = {
    "fieldsMatch": ["exact", "equal", "subset", "partial"],
    "missingValues": [[""], ["", "-"], ["NA"]],
}
NUMBER_FIELD_OPTIONS: dict[str, list[Any]] = {
    "decimalChar": [".", ","],
    "groupChar": ["", ",", " "],
    "bareNumber": [True, False],
    "floatNumber": [False, True],
    "missingValues": [[""], ["", "0"]],
}
STRING_FIELD_OPTIONS: dict[str, list[Any]] = {
    "format": ["default", "uri", "email", "uuid", "binary"],
    "missingValues": [[""], ["n/a"]],
    "trueValues": [["yes"]],
}
#: (resource, number field, string field) that the options are put on.
TARGETS = [("figures", "value", "notes"), ("sources", None, "url"), ("exclusions", None, "notes")]


@contextmanager
def package_copy() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="ukcsa-agreement-") as folder:
        root = Path(folder) / "package"
        root.mkdir()
        for part in PARTS:
            source = SOURCE / part
            if source.is_dir():
                shutil.copytree(source, root / part)
            else:
                (root / part).write_bytes(source.read_bytes())
        yield root


def _some(options: dict[str, list[Any]]) -> st.SearchStrategy[dict[str, Any]]:
    """A few of ``options``, each with one of its values (the first, the default, most often)."""
    keys = st.lists(st.sampled_from(sorted(options)), max_size=3, unique=True)
    return keys.flatmap(
        lambda chosen: st.fixed_dictionaries(
            {key: st.one_of(st.just(options[key][0]), st.sampled_from(options[key])) for key in chosen}
        )
    )


@st.composite
def declarations(draw: st.DrawFn) -> dict[str, Any]:
    resource, number_field, string_field = draw(st.sampled_from(TARGETS))
    return {
        "resource": resource,
        "resource_options": draw(_some(RESOURCE_OPTIONS)),
        "dialect": draw(_some(DIALECT_OPTIONS)),
        "schema": draw(_some(SCHEMA_OPTIONS)),
        "fields": {
            **({number_field: draw(_some(NUMBER_FIELD_OPTIONS))} if number_field else {}),
            string_field: draw(_some(STRING_FIELD_OPTIONS)),
        },
    }


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _dump(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def _rewrite_table(root: Path, relative: str, delimiter: str) -> None:
    rows = list(csv.reader(io.StringIO((root / relative).read_text(encoding="utf-8"))))
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    (root / relative).write_text(out.getvalue(), encoding="utf-8")


def _declare(root: Path, declared: dict[str, Any]) -> None:
    """Write the declarations into the copy (and the data they describe, for a delimiter)."""
    descriptor = _load(root / "datapackage.json")
    resource = next(r for r in descriptor["resources"] if r["name"] == declared["resource"])
    resource.update(declared["resource_options"])
    if declared["dialect"]:
        resource["dialect"] = {**resource.get("dialect", {}), **declared["dialect"]}
    delimiter = declared["dialect"].get("delimiter", ",")
    if delimiter != ",":
        _rewrite_table(root, resource["path"], delimiter)
    resource.pop("hash", None)
    resource.pop("bytes", None)
    _dump(root / "datapackage.json", descriptor)
    schema_path = root / resource["schema"]
    schema = _load(schema_path)
    schema.update(declared["schema"])
    for field in schema["fields"]:
        field.update(declared["fields"].get(field["name"], {}))
    _dump(schema_path, schema)


@scaled(0.06, minimum=5)
@given(declarations())
def test_valid_means_frictionless_reads_the_same(declared: dict[str, Any]) -> None:
    """Property: whatever declarations a package makes, if the validator calls it VALID then
    frictionless reads the same tables. 6% of the profile's examples (5 in ci, 60 in thorough):
    each validates the package and reads it again with frictionless (about half a second)."""
    with package_copy() as root:
        _declare(root, declared)
        report = validate_package(root)
        if report.valid:
            assert_frictionless_agrees(root)


def test_agreement_holds_for_the_honoured_defaults() -> None:
    """An explicit example that must stay VALID (so the property above is not vacuous)."""
    declared = {
        "resource": "figures",
        "resource_options": {"encoding": "utf-8", "format": "csv", "scheme": "file"},
        "dialect": {"delimiter": ",", "header": True, "headerRows": [1], "caseSensitiveHeader": False},
        "schema": {"fieldsMatch": "exact"},
        "fields": {"value": {"decimalChar": ".", "bareNumber": True}, "notes": {"format": "default"}},
    }
    with package_copy() as root:
        _declare(root, declared)
        assert validate_package(root).valid
        assert_frictionless_agrees(root)


# ---------------------------------------------------------------------------------------------
# No internal error, whatever the value of any property

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8)
    | st.sampled_from(["\ud800", "", "string", "uri", "../x", "dataset/figures.csv"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)
PACKAGE_KEYS = ["name", "resources", "licenses", "sources", "title", "$schema", "keywords", "x-custom"]
RESOURCE_KEYS = [
    "name",
    "path",
    "schema",
    "dialect",
    "hash",
    "bytes",
    "encoding",
    "format",
    "type",
    "licenses",
]
DIALECT_KEYS = ["delimiter", "header", "headerRows", "quoteChar", "commentRows", "csvddfVersion"]
SCHEMA_KEYS = ["fields", "primaryKey", "foreignKeys", "missingValues", "fieldsMatch", "uniqueKeys"]
FIELD_KEYS = ["name", "type", "format", "constraints", "description", "decimalChar", "missingValues"]
CONSTRAINT_KEYS = ["required", "unique", "enum", "pattern", "minLength", "maxLength", "minimum", "maximum"]
CONSTRAINT_KEYS += ["exclusiveMinimum", "exclusiveMaximum"]


@st.composite
def mutations(draw: st.DrawFn) -> tuple[str, int, str, Any]:
    """(level, index, key, value): put ``value`` at ``key`` of an object at ``level``."""
    level = draw(st.sampled_from(["package", "resource", "dialect", "schema", "field", "constraint"]))
    keys = {
        "package": PACKAGE_KEYS,
        "resource": RESOURCE_KEYS,
        "dialect": DIALECT_KEYS,
        "schema": SCHEMA_KEYS,
        "field": FIELD_KEYS,
        "constraint": CONSTRAINT_KEYS,
    }[level]
    return level, draw(st.integers(0, 20)), draw(st.sampled_from(keys)), draw(JSON_VALUES)


def _mutate(root: Path, level: str, index: int, key: str, value: Any) -> None:
    descriptor = _load(root / "datapackage.json")
    resource = descriptor["resources"][index % len(descriptor["resources"])]
    if level in ("package", "resource", "dialect"):
        target = {"package": descriptor, "resource": resource}.get(level) or resource.setdefault(
            "dialect", {}
        )
        target[key] = value
        _dump(root / "datapackage.json", descriptor)
        return
    schema_path = root / resource["schema"]
    schema = _load(schema_path)
    field = schema["fields"][index % len(schema["fields"])]
    target = {"schema": schema, "field": field}.get(level) or field.setdefault("constraints", {})
    target[key] = value
    _dump(schema_path, schema)


@thorough_at_most(300)
@given(mutations())
def test_no_property_value_is_an_internal_error(mutation: tuple[str, int, str, Any]) -> None:
    """Property: any value at any key of the descriptor, a schema or a field gives a report (valid,
    or with problems), never an internal error. Thorough runs 300 examples (each validates the
    whole package): the keys are a few dozen, each drawn many times."""
    with package_copy() as root:
        _mutate(root, *mutation)
        report = validate_package(root)
        assert report.valid or report.problems
