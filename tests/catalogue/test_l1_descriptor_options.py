"""Catalogue, layer 1: descriptor properties that change how the bytes are read (honoured or
rejected), layer-1 limits, and malformed schema values that must be problems, not internal errors."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from catalogue import DESCRIPTOR, Expect, Pkg, case, layer_test

from ukcsa_data.core.limits import DEFAULTS
from ukcsa_data.validation.l1_descriptor import descriptor_options as options

FIGURES_SCHEMA, SOURCES_SCHEMA = "schemas/figures.schema.json", "schemas/sources.schema.json"


def _set_resource(pkg: Pkg, name: str, **changes: Any) -> None:
    descriptor = pkg.descriptor()
    pkg.resource(descriptor, name).update(changes)
    pkg.dump_json(DESCRIPTOR, descriptor)


def _set_dialect(pkg: Pkg, name: str, **changes: Any) -> None:
    descriptor = pkg.descriptor()
    pkg.resource(descriptor, name).setdefault("dialect", {}).update(changes)
    pkg.dump_json(DESCRIPTOR, descriptor)


def _set_schema(pkg: Pkg, name: str, **changes: Any) -> None:
    schema = pkg.load_json(pkg.schema_path(name))
    schema.update(changes)
    pkg.dump_json(pkg.schema_path(name), schema)


def _rewrite_with_delimiter(pkg: Pkg, name: str, delimiter: str) -> None:
    """The table re-written with ``delimiter``, quoted as a reader of that dialect expects."""
    rows = list(csv.reader(io.StringIO(pkg.text(pkg.csv_path(name)))))
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    pkg.write_table(name, out.getvalue())


@case("l1-dialect-semicolon", "unsupported-dialect")
def _(pkg: Pkg) -> list[Expect]:
    # frictionless reads this table correctly; the validator reads commas only, so it must refuse.
    _rewrite_with_delimiter(pkg, "figures", ";")
    _set_dialect(pkg, "figures", delimiter=";")
    return [Expect(DESCRIPTOR, None, "figures.dialect.delimiter", "unsupported-dialect", ('";"', '","'))]


@case("l1-dialect-no-header", "unsupported-dialect")
def _(pkg: Pkg) -> list[Expect]:
    _set_dialect(pkg, "figures", header=False)
    return [Expect(DESCRIPTOR, None, "figures.dialect.header", "unsupported-dialect", ("false", "remove it"))]


@case("l1-dialect-two-header-rows", "unsupported-dialect")
def _(pkg: Pkg) -> list[Expect]:
    _set_dialect(pkg, "figures", headerRows=[1, 2])
    return [Expect(DESCRIPTOR, None, "figures.dialect.headerRows", "unsupported-dialect", ("[1, 2]",))]


@case("l1-dialect-comment-char", "unsupported-dialect")
def _(pkg: Pkg) -> list[Expect]:
    _set_dialect(pkg, "figures", commentChar="#")
    return [Expect(DESCRIPTOR, None, "figures.dialect.commentChar", "unsupported-dialect", ('"#"',))]


@case("l1-dialect-not-an-object", "unsupported-dialect")
def _(pkg: Pkg) -> list[Expect]:
    _set_resource(pkg, "figures", dialect=["delimiter", ";"])
    return [Expect(DESCRIPTOR, None, "figures.dialect", "unsupported-dialect", ("object",))]


@case("l1-dialect-left-out", "unsupported-dialect")
def _(pkg: Pkg) -> list[Expect]:
    # Found by review: with no dialect frictionless guesses the delimiter (a row with more ';'
    # than ',' is read as one cell), so the delimiter must be stated.
    descriptor = pkg.load_json(DESCRIPTOR)
    for resource in descriptor["resources"]:
        if resource["name"] == "series":
            del resource["dialect"]
    pkg.dump_json(DESCRIPTOR, descriptor)
    return [Expect(DESCRIPTOR, None, "series.dialect", "unsupported-dialect", ("state the delimiter",))]


@case("l1-dialect-without-delimiter", "unsupported-dialect")
def _(pkg: Pkg) -> list[Expect]:
    _set_resource(pkg, "figures", dialect={"quoteChar": '"', "header": True})
    return [Expect(DESCRIPTOR, None, "figures.dialect", "unsupported-dialect", ("guess it from the data",))]


@case("l1-encoding-latin-1", "unsupported-encoding")
def _(pkg: Pkg) -> list[Expect]:
    _set_resource(pkg, "sources", encoding="latin-1")
    return [Expect(DESCRIPTOR, None, "sources.encoding", "unsupported-encoding", ('"latin-1"', '"utf-8"'))]


@case("l1-compression-gz", "unsupported-compression")
def _(pkg: Pkg) -> list[Expect]:
    _set_resource(pkg, "figures", compression="gz")
    return [Expect(DESCRIPTOR, None, "figures.compression", "unsupported-compression", ('"gz"',))]


@case("l1-format-json-and-mediatype", "unsupported-format")
def _(pkg: Pkg) -> list[Expect]:
    _set_resource(pkg, "figures", format="json", mediatype="application/json")
    return [
        Expect(DESCRIPTOR, None, "figures.format", "unsupported-format", ('"json"', '"csv"')),
        Expect(DESCRIPTOR, None, "figures.mediatype", "unsupported-format", ('"text/csv"',)),
    ]


@case("l1-scheme-https", "unsupported-scheme")
def _(pkg: Pkg) -> list[Expect]:
    _set_resource(pkg, "figures", scheme="https")
    return [Expect(DESCRIPTOR, None, "figures.scheme", "unsupported-scheme", ('"https"', '"file"'))]


@case("l1-resource-unknown-property", "unsupported-property")
def _(pkg: Pkg) -> list[Expect]:
    _set_resource(pkg, "figures", innerpath="figures.csv")
    return [Expect(DESCRIPTOR, None, "figures.innerpath", "unsupported-property", ("'innerpath'",))]


for _option, _value in (("decimalChar", ","), ("groupChar", ","), ("bareNumber", False)):

    @case(f"l1-number-option-{_option}", "unsupported-number-option")
    def _(pkg: Pkg, option: str = _option, value: Any = _value) -> list[Expect]:
        pkg.edit_schema_field("figures", "value", **{option: value})
        return [Expect(FIGURES_SCHEMA, None, "value", "unsupported-number-option", (f"'{option}'",))]


@case("l1-field-missing-values", "unsupported-property")
def _(pkg: Pkg) -> list[Expect]:
    pkg.edit_schema_field("figures", "notes", missingValues=["", "n/a"])
    return [Expect(FIGURES_SCHEMA, None, "notes", "unsupported-property", ("'missingValues'",))]


@case("l1-string-format-email", "unsupported-format")
def _(pkg: Pkg) -> list[Expect]:
    pkg.edit_schema_field("sources", "author", format="email")
    return [Expect(SOURCES_SCHEMA, None, "author", "unsupported-format", ('"email"', "default"))]


@case("l1-string-format-uri-without-scheme-pattern", "unsupported-format")
def _(pkg: Pkg) -> list[Expect]:
    # Without a pattern that forces a scheme, frictionless would reject "www.example.com"; we cannot.
    pkg.edit_schema_field("sources", "notes", format="uri")
    return [Expect(SOURCES_SCHEMA, None, "notes", "unsupported-format", ('"uri"', "pattern"))]


@case("l1-schema-fields-match-subset", "unsupported-property")
def _(pkg: Pkg) -> list[Expect]:
    _set_schema(pkg, "figures", fieldsMatch="subset")
    return [Expect(FIGURES_SCHEMA, None, "fieldsMatch", "unsupported-property", ('"subset"', '"exact"'))]


@case("l1-schema-unique-keys", "unsupported-property")
def _(pkg: Pkg) -> list[Expect]:
    _set_schema(pkg, "figures", uniqueKeys=[["statistic_id", "source_id"]])
    return [Expect(FIGURES_SCHEMA, None, "uniqueKeys", "unsupported-property", ("remove it",))]


@case("l1-honoured-defaults-stay-valid")
def _(pkg: Pkg) -> list[Expect]:
    # Declaring exactly what the validator does is allowed: every reader reads the same.
    descriptor = pkg.descriptor()
    for resource in descriptor["resources"]:
        resource.update(encoding="utf-8", format="csv", scheme="file", type="table")
        resource["dialect"] = {"delimiter": ",", "header": True, "headerRows": [1], "csvddfVersion": 1.2}
    pkg.dump_json(DESCRIPTOR, descriptor)
    _set_schema(pkg, "figures", fieldsMatch="exact")
    pkg.edit_schema_field("figures", "value", decimalChar=".", bareNumber=True)
    return []


@case("l1-too-many-resources", "too-many-resources")
def _(pkg: Pkg) -> list[Expect]:
    descriptor = pkg.descriptor()
    figures = pkg.resource(descriptor, "figures")
    descriptor["resources"] += [figures] * DEFAULTS.resources
    pkg.dump_json(DESCRIPTOR, descriptor)
    count = f"{len(descriptor['resources']):,}"
    return [Expect(DESCRIPTOR, None, "resources", "too-many-resources", (count, f"{DEFAULTS.resources:,}"))]


@case("l1-resource-listed-again", "descriptor-invalid")
def _(pkg: Pkg) -> list[Expect]:
    descriptor = pkg.descriptor()
    descriptor["resources"] += [pkg.resource(descriptor, "figures")] * 3
    pkg.dump_json(DESCRIPTOR, descriptor)
    return [Expect(DESCRIPTOR, None, "figures", "descriptor-invalid", ("listed again",))]


@case("l1-enum-too-large", "enum-too-large")
def _(pkg: Pkg) -> list[Expect]:
    values = pkg.schema_field("figures", "kind")["constraints"]["enum"]
    enum = values + [f"kind {i}" for i in range(DEFAULTS.enum_values)]
    pkg.edit_schema_field("figures", "kind", constraints={"required": True, "enum": enum})
    return [Expect(FIGURES_SCHEMA, None, "kind", "enum-too-large", (f"{len(enum):,}",))]


@case("l1-enum-null", "schema-invalid")
def _(pkg: Pkg) -> list[Expect]:
    pkg.edit_schema_field("figures", "notes", constraints={"enum": None, "maxLength": 2000})
    return [Expect(FIGURES_SCHEMA, None, "notes", "schema-invalid", ("'enum' must be a list",))]


@case("l1-type-list-with-minimum", "schema-invalid")
def _(pkg: Pkg) -> list[Expect]:
    pkg.edit_schema_field("figures", "occurrence", type=[], constraints={"required": True, "minimum": 1})
    return [Expect(FIGURES_SCHEMA, None, "occurrence", "schema-invalid", ("type must be one of",))]


@case("l1-schema-bound-not-finite", "invalid-json")
def _(pkg: Pkg) -> list[Expect]:
    pkg.edit_schema_field("figures", "value", constraints={"maximum": 12345})
    pkg.replace_text(FIGURES_SCHEMA, '"maximum": 12345', '"maximum": 1e400')
    line = next(n for n, text in enumerate(pkg.text(FIGURES_SCHEMA).split("\n"), 1) if "1e400" in text)
    return [Expect(FIGURES_SCHEMA, line, None, "invalid-json", ("1e400", "not a finite number"))]


@case("l1-path-component-too-long", "resource-path", "unsafe-path")
def _(pkg: Pkg) -> list[Expect]:
    # A file name longer than file systems allow (ENAMETOOLONG): a problem on the field, not exit 2.
    _set_resource(pkg, "figures", schema="schemas/" + "f" * 300 + ".json")
    return [
        Expect(DESCRIPTOR, None, "figures.schema", "resource-path"),
        Expect(DESCRIPTOR, None, "figures.schema", "unsafe-path", ("305 bytes", "255")),
    ]


@case("l1-path-over-the-limit", "resource-path", "unsafe-path")
def _(pkg: Pkg) -> list[Expect]:
    path = "schemas/" + "a/" * DEFAULTS.path_chars + "figures.schema.json"
    _set_resource(pkg, "figures", schema=path)
    return [
        Expect(DESCRIPTOR, None, "figures.schema", "resource-path"),
        Expect(DESCRIPTOR, None, "figures.schema", "unsafe-path", (f"{len(path):,} characters",)),
    ]


def _profile_properties(level: str) -> set[str]:
    """The properties frictionless (installed) knows at ``level``, from its own profiles."""
    from frictionless import Dialect, Package, Resource, Schema, fields
    from frictionless.formats import CsvControl

    def properties(cls: Any) -> set[str]:
        base = cls.metadata_profile.get("properties", {})
        patch = getattr(cls, "metadata_profile_patch", {}).get("properties", {})
        return set(base) | set(patch)

    if level == "field":
        classes = [c for c in vars(fields).values() if isinstance(c, type) and hasattr(c, "metadata_profile")]
        return set().union(*(properties(c) for c in classes))
    if level == "dialect":
        return properties(Dialect) | properties(CsvControl)
    return properties({"package": Package, "resource": Resource, "schema": Schema}[level])


_CLASSIFIED = {
    "package": set(options.PACKAGE_KEYS),
    "resource": set(options.RESOURCE_KEYS) | set(options.RESOURCE_HONOURED),
    "dialect": set(options.DIALECT_KEYS) | set(options.DIALECT_HONOURED),
    "schema": set(options.SCHEMA_KEYS) | set(options.SCHEMA_HONOURED),
    "field": set(options.FIELD_KEYS) | set(options.NUMBER_OPTIONS),
}


@pytest.mark.parametrize("level", sorted(_CLASSIFIED))
def test_allowlists_classify_every_property_frictionless_knows(level: str) -> None:
    """Stale-list guard: a property that frictionless learns must be classified here, by hand
    (descriptive, honoured with its default, or rejected), before this test passes again."""
    unclassified = _profile_properties(level) - _CLASSIFIED[level] - options.REJECTED[level]
    assert not unclassified, f"classify these {level} properties in descriptor_options.py"
    assert not _CLASSIFIED[level] & options.REJECTED[level]


test_broken_package = layer_test(__name__)
