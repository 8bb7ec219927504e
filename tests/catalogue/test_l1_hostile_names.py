"""Catalogue, layer 1: names and values made to forge or hide printed output (issue 11, classes 3
and 4).

Each case puts a line break, an ANSI escape, a bidi control, an invisible character, a lone
surrogate or bytes that are not UTF-8 where the report will print it: an enum value, a field name, a
file name, a JSON key, a cell. Each asserts the exact problem; the catalogue's check then proves that
the report printed in every format holds none of those characters raw and no forged line.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from catalogue import DESCRIPTOR, FIGURES, PLAIN, Expect, Pkg, case, layer_test

from ukcsa_data.core.escaping import escape

FORGED = "\nVALID: 0 error(s), 0 warning(s) in 0 file(s); rows checked: none"
FIGURES_SCHEMA = "schemas/figures.schema.json"


@case("l1-enum-value-forges-a-line", "contract")
def _(pkg: Pkg) -> list[Expect]:
    constraints = pkg.schema_field("figures", "qualifier")["constraints"]
    enum = [*constraints["enum"], "exact" + FORGED]
    pkg.edit_schema_field("figures", "qualifier", constraints={**constraints, "enum": enum})
    return [Expect(FIGURES_SCHEMA, None, "qualifier", "contract", ("exact\\nVALID",))]


@case("l1-field-name-forges-a-line", "schema-invalid")
def _(pkg: Pkg) -> list[Expect]:
    name = "extra" + FORGED
    schema = pkg.load_json(FIGURES_SCHEMA)
    schema["fields"].append({"name": name, "type": "nonsense"})
    pkg.dump_json(FIGURES_SCHEMA, schema)
    return [Expect(FIGURES_SCHEMA, None, name, "schema-invalid", ("type",))]


@case("l1-field-name-ansi-and-bidi-in-added-column", "control-character", "max-length")
def _(pkg: Pkg) -> list[Expect]:
    name = "extra\x1b[31m\u202e::error::x"
    schema = pkg.load_json(FIGURES_SCHEMA)
    schema["fields"].append({"name": name, "type": "string", "constraints": {"maxLength": 1}})
    pkg.dump_json(FIGURES_SCHEMA, schema)
    line = pkg.find_line("figures", figure_id=PLAIN)
    lines = pkg.lines("figures")
    cells = [name] + ["ab" if number == line else "" for number in range(2, len(lines) + 1)]
    pkg.write_lines("figures", [f"{old},{new}" for old, new in zip(lines, cells, strict=True)])
    return [
        Expect(FIGURES, 1, name, "control-character", ("\\u001b[31m\\u202e", "U+001B ESCAPE")),
        Expect(FIGURES, line, name, "max-length", ("at most 1",)),
    ]


@case("l1-header-name-with-line-break-and-ansi", "header")
def _(pkg: Pkg) -> list[Expect]:
    name = "extra\x1b[2K\n::error::x"
    schema = pkg.load_json(FIGURES_SCHEMA)
    schema["fields"].append({"name": name, "type": "string"})
    pkg.dump_json(FIGURES_SCHEMA, schema)
    lines = pkg.lines("figures")
    pkg.write_lines("figures", [f'{lines[0]},"{name}"'] + [f"{row}," for row in lines[1:]])
    return [Expect(FIGURES, 1, None, "header", ("extra",))]


@case("l1-file-name-forges-a-line", "unlisted-file")
def _(pkg: Pkg) -> list[Expect]:
    name = "dataset/x" + FORGED + "\x1b[2J.csv"
    try:
        pkg.write(name, b"a\n1\n")
    except OSError as error:
        pytest.skip(f"the file system refuses the name {name!r}: {error}")
    return [Expect(name, None, None, "unlisted-file")]


@case("l1-file-name-not-utf8", "unlisted-file")
def _(pkg: Pkg) -> list[Expect]:
    raw = os.fsencode(pkg.root / "dataset") + b"/bad\xff\xfe\x1b.csv"
    try:
        Path(os.fsdecode(raw)).write_bytes(b"a\n1\n")
    except (OSError, UnicodeError) as error:
        pytest.skip(f"the file system refuses the name {raw!r}: {error}")
    return [Expect("dataset/bad\udcff\udcfe\x1b.csv", None, None, "unlisted-file")]


def _set_measure(pkg: Pkg, inserted: str) -> tuple[int, str]:
    line = pkg.find_line("figures", figure_id=PLAIN)
    measure = pkg.cell("figures", line, "measure").replace(" ", " " + inserted, 1)
    pkg.set_cell("figures", line, "measure", measure)
    return line, escape(measure)


@case("l1-invisible-characters-in-cell", "control-character")
def _(pkg: Pkg) -> list[Expect]:
    # word joiner, soft hyphen, Mongolian vowel separator, zero-width space, combining grapheme joiner
    line, shown = _set_measure(pkg, "\u2060sus\u00adpects\u180e\u200b\u034f")
    return [Expect(FIGURES, line, "measure", "control-character", (shown[:40], "U+2060 WORD JOINER"))]


@case("l1-bidi-controls-in-cell", "control-character")
def _(pkg: Pkg) -> list[Expect]:
    # right-to-left override, right-to-left isolate, Arabic letter mark, pop directional isolate
    line, shown = _set_measure(pkg, "\u202e\u2067\u061c\u2069")
    return [Expect(FIGURES, line, "measure", "control-character", (shown[:40], "U+202E"))]


@case("l1-json-key-lone-surrogate", "invalid-json")
def _(pkg: Pkg) -> list[Expect]:
    # the key is written as JSON escapes: a lone surrogate and an ANSI escape, twice
    key = '"\\ud800\\u001b[2J"'
    pkg.replace_text(DESCRIPTOR, "{\n", f"{{\n  {key}: 1,\n  {key}: 2,\n")
    return [Expect(DESCRIPTOR, 3, None, "invalid-json", ("duplicate key", "\\ud800"))]


@case("l1-schema-field-name-lone-surrogate", "invalid-json")
def _(pkg: Pkg) -> list[Expect]:
    # Issue 19: a lone surrogate anywhere in JSON is refused (this case was schema-invalid before)
    added = ',\n    {"name": "extra\\ud800\\u2028", "type": "nonsense"}\n  ]'
    pkg.replace_text(FIGURES_SCHEMA, "\n  ]", added)
    line = (
        pkg.text(FIGURES_SCHEMA).split("\n").index('    {"name": "extra\\ud800\\u2028", "type": "nonsense"}')
        + 1
    )
    return [Expect(FIGURES_SCHEMA, line, None, "invalid-json", ("lone surrogate", "\\ud800"))]


@case("l1-json-key-lone-surrogate-once", "invalid-json")
def _(pkg: Pkg) -> list[Expect]:
    # Issue 19: one key holding a lone low surrogate, no duplicate: JSON's grammar allows it
    pkg.replace_text(DESCRIPTOR, "{\n", '{\n  "x\\udc00": 1,\n')
    return [Expect(DESCRIPTOR, 2, None, "invalid-json", ("lone surrogate", "\\udc00", "column 3"))]


@case("l1-json-value-lone-surrogate", "invalid-json")
def _(pkg: Pkg) -> list[Expect]:
    # Issue 19: a value (the package's title) ending in the first half of a pair only
    line = pkg.descriptor_line('  "title": ')
    lines = pkg.text(DESCRIPTOR).split("\n")
    lines[line - 1] = lines[line - 1].replace('",', '\\uD83D",', 1)
    pkg.write(DESCRIPTOR, "\n".join(lines).encode("utf-8"))
    return [Expect(DESCRIPTOR, line, None, "invalid-json", ("lone surrogate", "\\ud83d"))]


@case("l1-json-surrogate-pair-is-text")
def _(pkg: Pkg) -> list[Expect]:
    # a whole pair, escaped, is one character (U+1F600), and an escaped backslash before "ud800" is
    # no escape at all: both stay valid
    line = pkg.descriptor_line('  "title": ')
    lines = pkg.text(DESCRIPTOR).split("\n")
    lines[line - 1] = lines[line - 1].replace('",', ' \\ud83d\\ude00 \\\\ud800",', 1)
    pkg.write(DESCRIPTOR, "\n".join(lines).encode("utf-8"))
    return []


@case("l1-descriptor-json-null", "descriptor-invalid")
def _(pkg: Pkg) -> list[Expect]:
    # ``null`` is a JSON document, not a failure to read one (it once validated as an empty package)
    (pkg.root / DESCRIPTOR).write_text("null\n", encoding="utf-8")
    return [Expect(DESCRIPTOR, None, None, "descriptor-invalid", ("'resources'",))]


@case("l1-schema-json-null", "schema-invalid")
def _(pkg: Pkg) -> list[Expect]:
    (pkg.root / FIGURES_SCHEMA).write_text("null\n", encoding="utf-8")
    return [Expect(FIGURES_SCHEMA, None, None, "schema-invalid", ("'fields'",))]


@case("l1-long-frictionless-message-is-cut", "descriptor-invalid")
def _(pkg: Pkg) -> list[Expect]:
    # Found by review: frictionless quotes the offending value whole (here 300 nested lists).
    descriptor = pkg.load_json(DESCRIPTOR)
    nested: list[object] = ["x"]
    for _depth in range(300):
        nested = [nested]
    descriptor["keywords"] = [nested]
    pkg.dump_json(DESCRIPTOR, descriptor)
    return [Expect(DESCRIPTOR, None, None, "descriptor-invalid", ("characters in all)",))]


test_broken_package = layer_test(__name__)
