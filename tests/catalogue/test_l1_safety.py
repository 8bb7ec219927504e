"""Catalogue, layer 1: safety before reading data (descriptor, paths, links, Table Schemas, contract)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from catalogue import (
    DESCRIPTOR,
    FIGURES,
    RELATIONS,
    SECRET,
    SOURCES,
    Expect,
    Pkg,
    case,
    layer_test,
    watch_opens,
)

from ukcsa_data.core.limits import DEFAULTS
from ukcsa_data.validation.runner import validate_package


@case("l1-descriptor-duplicate-key", "invalid-json")
def _(pkg: Pkg) -> list[Expect]:
    line = pkg.descriptor_line('  "version": ')
    lines = pkg.text(DESCRIPTOR).split("\n")
    lines.insert(line, '  "version": "9.9.9",')
    pkg.write(DESCRIPTOR, "\n".join(lines).encode("utf-8"))
    return [Expect(DESCRIPTOR, line + 1, None, "invalid-json", ("duplicate key", "version"))]


@case("l1-descriptor-duplicate-key-inside-a-resource", "invalid-json")
def _(pkg: Pkg) -> list[Expect]:
    # "format" appears once per resource: the duplicate is on the inserted line, wherever others are.
    line = pkg.descriptor_line('"format": "csv"', after='"name": "figures"')
    lines = pkg.text(DESCRIPTOR).split("\n")
    lines.insert(line, '      "format": "tsv",')
    pkg.write(DESCRIPTOR, "\n".join(lines).encode("utf-8"))
    return [Expect(DESCRIPTOR, line + 1, None, "invalid-json", ("duplicate key", "format"))]


@case("l1-descriptor-nan", "invalid-json")
def _(pkg: Pkg) -> list[Expect]:
    line = pkg.descriptor_line('"bytes": ', after='"name": "figures"')
    lines = pkg.text(DESCRIPTOR).split("\n")
    lines[line - 1] = '      "bytes": NaN,'
    pkg.write(DESCRIPTOR, "\n".join(lines).encode("utf-8"))
    return [Expect(DESCRIPTOR, line, None, "invalid-json", ("NaN",))]


@case("l1-descriptor-syntax-error", "invalid-json")
def _(pkg: Pkg) -> list[Expect]:
    line = pkg.descriptor_line('  "version": ')
    lines = pkg.text(DESCRIPTOR).split("\n")
    version = json.loads("{" + lines[line - 1].rstrip(",") + "}")["version"]
    lines[line - 1] = f"  \"version\": '{version}',"
    pkg.write(DESCRIPTOR, "\n".join(lines).encode("utf-8"))
    column = lines[line - 1].index("'") + 1
    return [Expect(DESCRIPTOR, line, None, "invalid-json", (f"column {column}",))]


def _set_figures_path(pkg: Pkg, path: str) -> None:
    descriptor = pkg.descriptor()
    pkg.resource(descriptor, "figures")["path"] = path
    pkg.dump_json(DESCRIPTOR, descriptor)


# When figures.path points elsewhere, dataset/figures.csv really is no longer listed.
_ORPHAN = Expect(FIGURES, None, None, "unlisted-file")


@case("l1-resource-path-url", "resource-path", "remote-reference", "unlisted-file")
def _(pkg: Pkg) -> list[Expect]:
    _set_figures_path(pkg, "http://example.com/figures.csv")
    return [
        Expect(DESCRIPTOR, None, "figures.path", "resource-path"),
        Expect(DESCRIPTOR, None, "figures.path", "remote-reference", ("URL",)),
        _ORPHAN,
    ]


@case("l1-resource-path-absolute", "resource-path", "unsafe-path", "unlisted-file")
def _(pkg: Pkg) -> list[Expect]:
    target = pkg.make_outside_file("figures.csv", SECRET + "\n")
    _set_figures_path(pkg, str(target))
    return [
        Expect(DESCRIPTOR, None, "figures.path", "resource-path"),
        Expect(DESCRIPTOR, None, "figures.path", "unsafe-path"),
        _ORPHAN,
    ]


@case("l1-resource-path-dotdot", "resource-path", "unsafe-path", "unlisted-file")
def _(pkg: Pkg) -> list[Expect]:
    pkg.make_outside_file("figures.csv", SECRET + "\n")
    _set_figures_path(pkg, "../outside/figures.csv")
    return [
        Expect(DESCRIPTOR, None, "figures.path", "resource-path"),
        Expect(DESCRIPTOR, None, "figures.path", "unsafe-path", ("..",)),
        _ORPHAN,
    ]


@case("l1-csv-symlink-outside-package", "symlink")
def _(pkg: Pkg) -> list[Expect]:
    # A table that would be reported line by line if it were read: its header names the secret.
    target = pkg.make_outside_file("figures.csv", f"{SECRET},{SECRET}\n{SECRET},1\n")
    (pkg.root / FIGURES).unlink()
    (pkg.root / FIGURES).symlink_to(target)
    return [
        Expect(DESCRIPTOR, None, "figures.path", "symlink"),
        Expect(FIGURES, None, None, "symlink"),
    ]


@case("l1-seed-symlink-outside-package", "symlink")
def _(pkg: Pkg) -> list[Expect]:
    seed = pkg.seed_of("deeside-2020")
    target = pkg.make_outside_file("seed.txt", pkg.text(seed) + SECRET + " 123456\n")
    line = pkg.find_line("sources", source_id="deeside-2020")
    (pkg.root / seed).unlink()
    (pkg.root / seed).symlink_to(target)
    return [Expect(SOURCES, line, "seed_file", "symlink"), Expect(seed, None, None, "symlink")]


@case("l1-csv-hard-link-outside-package", "hard-link")
def _(pkg: Pkg) -> list[Expect]:
    # Issue 19: a second name inside the package for a file outside it; st_nlink of what was opened
    target = pkg.make_outside_file("figures.csv", f"{SECRET},{SECRET}\n{SECRET},1\n")
    (pkg.root / FIGURES).unlink()
    os.link(target, pkg.root / FIGURES)
    return [Expect(FIGURES, None, None, "hard-link", ("hard link", "2 names"))]


@case("l1-seed-hard-link-outside-package", "hard-link")
def _(pkg: Pkg) -> list[Expect]:
    seed = pkg.seed_of("deeside-2020")
    target = pkg.make_outside_file("seed.txt", pkg.text(seed) + SECRET + " 123456\n")
    (pkg.root / seed).unlink()
    os.link(target, pkg.root / seed)
    return [Expect(seed, None, None, "hard-link", ("hard link",))]


@case("l1-unlisted-csv", "unlisted-file")
def _(pkg: Pkg) -> list[Expect]:
    pkg.write("dataset/figures-old.csv", b"figure_id,value\nfig-0001,80000\n")
    return [Expect("dataset/figures-old.csv", None, None, "unlisted-file")]


@case("l1-unlisted-seed", "unlisted-file")
def _(pkg: Pkg) -> list[Expect]:
    pkg.write("seeds/004_extra.txt", b"An article nobody lists, with 12 numbers.\n")
    return [Expect("seeds/004_extra.txt", None, None, "unlisted-file")]


@case("l1-profile-key", "remote-reference")
def _(pkg: Pkg) -> list[Expect]:
    descriptor = pkg.descriptor()
    descriptor["profile"] = "tabular-data-package"
    pkg.dump_json(DESCRIPTOR, descriptor)
    return [Expect(DESCRIPTOR, None, "profile", "remote-reference", ("profile",))]


@case("l1-unknown-schema-url-in-descriptor", "remote-reference")
def _(pkg: Pkg) -> list[Expect]:
    descriptor = pkg.descriptor()
    descriptor["$schema"] = "https://example.com/profiles/datapackage.json"
    pkg.dump_json(DESCRIPTOR, descriptor)
    return [Expect(DESCRIPTOR, None, "$schema", "remote-reference")]


@case("l1-unknown-schema-url-in-table-schema", "remote-reference")
def _(pkg: Pkg) -> list[Expect]:
    schema = pkg.load_json(pkg.schema_path("figures"))
    schema["$schema"] = "https://example.com/profiles/tableschema.json"
    pkg.dump_json(pkg.schema_path("figures"), schema)
    return [Expect(pkg.schema_path("figures"), None, "$schema", "remote-reference")]


@case("l1-hash-uppercase-prefix", "hash-format")
def _(pkg: Pkg) -> list[Expect]:
    descriptor = pkg.descriptor()
    resource = pkg.resource(descriptor, "figures")
    resource["hash"] = resource["hash"].replace("sha256:", "SHA256:")
    pkg.dump_json(DESCRIPTOR, descriptor)
    return [Expect(DESCRIPTOR, None, "figures.hash", "hash-format", ("SHA256:",))]


@case("l1-hash-wrong-digest", "resource-hash")
def _(pkg: Pkg) -> list[Expect]:
    descriptor = pkg.descriptor()
    pkg.resource(descriptor, "figures")["hash"] = "sha256:" + "0" * 64
    pkg.dump_json(DESCRIPTOR, descriptor)
    return [Expect(DESCRIPTOR, None, "figures.hash", "resource-hash")]


@case("l1-missing-resource", "missing-resource")
def _(pkg: Pkg) -> list[Expect]:
    descriptor = pkg.descriptor()
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] != "relations"]
    pkg.dump_json(DESCRIPTOR, descriptor)
    (pkg.root / RELATIONS).unlink()
    return [Expect(DESCRIPTOR, None, "relations", "missing-resource")]


@case("l1-missing-csv-file", "missing-file")
def _(pkg: Pkg) -> list[Expect]:
    (pkg.root / RELATIONS).unlink()
    return [Expect(DESCRIPTOR, None, "relations.path", "missing-file")]


@case("l1-schema-pattern-nested-plus", "unsafe-pattern")
def _(pkg: Pkg) -> list[Expect]:
    pkg.edit_schema_field("figures", "figure_id", constraints={"required": True, "pattern": "(a+)+$"})
    return [Expect(pkg.schema_path("figures"), None, "figure_id", "unsafe-pattern", ("backtrack",))]


@case("l1-schema-pattern-repeated-slug-group", "unsafe-pattern")
def _(pkg: Pkg) -> list[Expect]:
    pkg.edit_schema_field("figures", "statistic_id", constraints={"pattern": "([a-z0-9]+-?)*"})
    return [Expect(pkg.schema_path("figures"), None, "statistic_id", "unsafe-pattern", ("backtrack",))]


@case("l1-schema-minimum-on-untyped-field", "contract")
def _(pkg: Pkg) -> list[Expect]:
    # A field without 'type' is a string, which its minimum cannot bound (found by the fuzz
    # property: exit 2). The retype is the root cause, reported once.
    pkg.edit_schema_field("figures", "occurrence", type=None)
    return [Expect(pkg.schema_path("figures"), None, "occurrence", "contract", ("required integer",))]


@case("l1-schema-minimum-on-string-field", "schema-invalid")
def _(pkg: Pkg) -> list[Expect]:
    pkg.edit_schema_field("figures", "measure", constraints={"required": True, "minimum": 1})
    return [Expect(pkg.schema_path("figures"), None, "measure", "schema-invalid", ("only to number",))]


@case("l1-schema-date-bound-not-a-date", "schema-invalid")
def _(pkg: Pkg) -> list[Expect]:
    pkg.edit_schema_field("figures", "period_start", constraints={"minimum": "01/01/2000"})
    pkg.edit_schema_field("figures", "period_end", constraints={"maximum": 2030})
    return [
        Expect(pkg.schema_path("figures"), None, "period_start", "schema-invalid", ("YYYY-MM-DD",)),
        Expect(pkg.schema_path("figures"), None, "period_end", "schema-invalid", ("YYYY-MM-DD",)),
    ]


@case("l1-schema-date-in-another-format", "schema-invalid")
def _(pkg: Pkg) -> list[Expect]:
    # The validator reads YYYY-MM-DD only; a schema must not claim another format.
    pkg.edit_schema_field("sources", "published_date", format="%d/%m/%Y")
    return [Expect(pkg.schema_path("sources"), None, "published_date", "schema-invalid", ("default format",))]


@case("l1-schema-retypes-contract-columns", "contract")
def _(pkg: Pkg) -> list[Expect]:
    # Each of these crashed a later layer (exit 2) before the contract fixed the types.
    pkg.edit_schema_field("figures", "occurrence", type="number")
    pkg.edit_schema_field("figures", "value_text", type="integer")
    pkg.edit_schema_field("figures", "value", type="string")
    path = pkg.schema_path("figures")
    return [
        Expect(path, None, "occurrence", "contract", ("required integer",)),
        Expect(path, None, "value_text", "contract", ("required string",)),
        Expect(path, None, "value", "contract", ("optional number",)),
    ]


@case("l1-schema-changes-which-contract-columns-are-required", "contract")
def _(pkg: Pkg) -> list[Expect]:
    pkg.edit_schema_field("figures", "quote", constraints={"minLength": 1})
    pkg.edit_schema_field("figures", "per", constraints={"required": True, "enum": ["year"]})
    path = pkg.schema_path("figures")
    return [
        Expect(path, None, "quote", "contract", ("a required string",)),
        Expect(path, None, "per", "contract", ("an optional string",)),
    ]


@case("l1-schema-drops-a-contract-enum", "contract")
def _(pkg: Pkg) -> list[Expect]:
    # Without its enum, load() would return plain strings instead of a Categorical.
    pkg.edit_schema_field("figures", "measure_type", constraints={"required": True})
    return [Expect(pkg.schema_path("figures"), None, "measure_type", "contract", ("with an enum",))]


@case("l1-schema-gives-a-code-list-column-an-enum", "contract")
def _(pkg: Pkg) -> list[Expect]:
    # figures.unit refers to dataset/units.csv: an enum beside it would be a second list to keep.
    pkg.edit_schema_field("figures", "unit", constraints={"required": True, "enum": ["people"]})
    return [Expect(pkg.schema_path("figures"), None, "unit", "contract", ("without an enum",))]


@case("l1-schema-enum-values-the-validator-cannot-check", "contract")
def _(pkg: Pkg) -> list[Expect]:
    # A new per would crash annualisation (it was a KeyError); a new qualifier or operation would
    # be checked as something it is not. Each needs a code change first.
    pkg.edit_schema_field("figures", "per", constraints={"enum": ["day", "week", "month", "year", "quarter"]})
    schema = pkg.load_json(pkg.schema_path("relations"))
    next(f for f in schema["fields"] if f["name"] == "operation")["constraints"]["enum"].append("ratio")
    pkg.dump_json(pkg.schema_path("relations"), schema)
    return [
        Expect(pkg.schema_path("figures"), None, "per", "contract", ("'quarter'",)),
        Expect(pkg.schema_path("relations"), None, "operation", "contract", ("'ratio'",)),
    ]


@case("l1-schema-foreign-key-to-a-missing-column", "contract")
def _(pkg: Pkg) -> list[Expect]:
    # It crashed layer 3 (KeyError) before the contract fixed the keys.
    schema = pkg.load_json(pkg.schema_path("figures"))
    schema["foreignKeys"][0]["reference"]["fields"] = ["nope"]
    pkg.dump_json(pkg.schema_path("figures"), schema)
    return [Expect(pkg.schema_path("figures"), None, "foreignKeys", "contract", ("source_id -> sources",))]


@case("l1-schema-drops-keys", "contract")
def _(pkg: Pkg) -> list[Expect]:
    # Without them a duplicate figure_id or a relation to a missing figure would pass.
    schema = pkg.load_json(pkg.schema_path("relations"))
    schema["foreignKeys"] = schema["foreignKeys"][:1]
    pkg.dump_json(pkg.schema_path("relations"), schema)
    schema = pkg.load_json(pkg.schema_path("figures"))
    del schema["primaryKey"]
    pkg.dump_json(pkg.schema_path("figures"), schema)
    return [
        Expect(pkg.schema_path("figures"), None, "primaryKey", "contract", ("['figure_id']",)),
        Expect(pkg.schema_path("relations"), None, "foreignKeys", "contract", ("to_figure_id",)),
    ]


@case("l1-schema-drops-contract-column", "contract")
def _(pkg: Pkg) -> list[Expect]:
    schema = pkg.load_json(pkg.schema_path("figures"))
    schema["fields"] = [f for f in schema["fields"] if f["name"] != "notes"]
    pkg.dump_json(pkg.schema_path("figures"), schema)
    return [Expect(pkg.schema_path("figures"), None, None, "contract")]


@case("l1-schema-renames-contract-column", "contract")
def _(pkg: Pkg) -> list[Expect]:
    schema = pkg.load_json(pkg.schema_path("sources"))
    next(f for f in schema["fields"] if f["name"] == "url")["name"] = "link"
    pkg.dump_json(pkg.schema_path("sources"), schema)
    return [Expect(pkg.schema_path("sources"), None, None, "contract")]


@case("l1-descriptor-bytes-as-string", "descriptor-invalid")
def _(pkg: Pkg) -> list[Expect]:
    # Typed by hand with quotes: "bytes": "16247".
    descriptor = pkg.descriptor()
    resource = pkg.resource(descriptor, "figures")
    resource["bytes"] = str(resource["bytes"])
    pkg.dump_json(DESCRIPTOR, descriptor)
    return [Expect(DESCRIPTOR, None, "figures.bytes", "descriptor-invalid", ("integer",))]


@case("l1-unknown-resource", "unknown-resource")
def _(pkg: Pkg) -> list[Expect]:
    # A second figures table, listed (so not unlisted) but not part of the contract.
    descriptor = pkg.descriptor()
    extra = dict(pkg.resource(descriptor, "figures"), name="figures-2023", path="dataset/figures-2023.csv")
    descriptor["resources"].append(extra)
    pkg.dump_json(DESCRIPTOR, descriptor)
    pkg.write("dataset/figures-2023.csv", pkg.read(FIGURES))
    where = f"resources[{len(descriptor['resources']) - 1}]"
    return [Expect(DESCRIPTOR, None, where, "unknown-resource", ("'figures-2023'",))]


@case("l1-descriptor-too-large", "file-too-large")
def _(pkg: Pkg) -> list[Expect]:
    # The articles pasted into the description until datapackage.json is over its size limit.
    descriptor = pkg.descriptor()
    articles = "\n".join(pkg.text(pkg.seed_of(s)) for s in ("deeside-2020", "sunday-express-2022"))
    descriptor["description"] += "\n" + articles * (DEFAULTS.descriptor_bytes // len(articles) + 1)
    pkg.dump_json(DESCRIPTOR, descriptor)
    return [Expect(DESCRIPTOR, None, None, "file-too-large", (f"{DEFAULTS.descriptor_bytes:,}",))]


def test_symlinked_folder_is_refused(package_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """dataset/ itself a link to a folder outside: refused, and nothing outside is read."""
    outside = package_copy.parent / "outside-dataset"
    (package_copy / "dataset").rename(outside)
    (outside / "secret.csv").write_text(f"{SECRET}\n", encoding="utf-8")
    os.symlink(outside, package_copy / "dataset")
    opened = watch_opens(monkeypatch)
    report = validate_package(package_copy)
    monkeypatch.undo()
    assert not [path for path in opened if path.startswith(os.path.realpath(outside) + os.sep)]
    assert ("dataset", None, None, "symlink") in {(p.path, p.line, p.field, p.code) for p in report.problems}
    assert not any(SECRET in p.message for p in report.problems)
    assert not report.valid


# --- Issue 16: links, FIFOs, versions that name files, URLs that run -------------------------------
@case("l1-schema-symlink-to-a-missing-outside-file", "symlink")
def _(pkg: Pkg) -> list[Expect]:
    # A schema that is a link to a file that does not exist yet: no command may create or write it
    # (validate --rules-from once wrote the base's schema through such a link).
    schema = pkg.schema_path("relations")
    (pkg.root / schema).unlink()
    (pkg.root / schema).symlink_to(pkg.outside / "created-by-a-link.json")
    return [Expect(schema, None, None, "symlink")]


@case("l1-schema-fifo", "unsafe-path")
def _(pkg: Pkg) -> list[Expect]:
    schema = pkg.schema_path("relations")
    (pkg.root / schema).unlink()
    os.mkfifo(pkg.root / schema)  # read with O_NONBLOCK and refused: nothing blocks on it
    return [Expect(schema, None, None, "unsafe-path", ("not a regular file",))]


@case("l1-version-climbs-out-of-a-folder", "descriptor-invalid")
def _(pkg: Pkg) -> list[Expect]:
    # `export --format all` names its files from the version: ../ must never reach a path.
    pkg.replace_text(DESCRIPTOR, '"version": "', '"version": "../../../tmp/x-')
    return [Expect(DESCRIPTOR, None, "version", "descriptor-invalid", ("MAJOR.MINOR.PATCH",))]


@case("l1-homepage-javascript-url", "url-scheme")
def _(pkg: Pkg) -> list[Expect]:
    descriptor = pkg.descriptor()
    descriptor["homepage"] = "javascript:alert(document.domain)"
    pkg.dump_json(DESCRIPTOR, descriptor)
    return [Expect(DESCRIPTOR, None, "homepage", "url-scheme", ("javascript:", "http"))]


@case("l1-licence-file-url-and-source-data-url", "url-scheme")
def _(pkg: Pkg) -> list[Expect]:
    descriptor = pkg.descriptor()
    descriptor["licenses"][0]["path"] = "file:///etc/passwd"
    descriptor["sources"][1]["path"] = "data:text/html,<script>alert(1)</script>"
    pkg.resource(descriptor, "figures")["homepage"] = "JavaScript:alert(1)"
    pkg.dump_json(DESCRIPTOR, descriptor)
    return [
        Expect(DESCRIPTOR, None, "licenses[0].path", "url-scheme"),
        Expect(DESCRIPTOR, None, "sources[1].path", "url-scheme"),
        Expect(DESCRIPTOR, None, "figures.homepage", "url-scheme"),
    ]


@case("l1-sources-url-javascript-with-the-schema-pattern-removed", "url-scheme")
def _(pkg: Pkg) -> list[Expect]:
    # The pattern https?:// is the schema's, which a change may drop; the URL rule is the validator's.
    pkg.edit_schema_field("sources", "url", format=None, constraints={"maxLength": 2000})
    line = pkg.find_line("sources", source_id="deeside-2020")
    pkg.set_cell("sources", line, "url", "javascript:alert(1)")
    return [Expect(SOURCES, line, "url", "url-scheme", ("javascript:",))]


test_broken_package = layer_test(__name__)
