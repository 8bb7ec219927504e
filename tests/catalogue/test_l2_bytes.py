"""Catalogue, layer 2: bytes and dialect (hash and bytes re-synced after every edit)."""

from __future__ import annotations

from pathlib import Path

from catalogue import (
    DESCRIPTOR,
    EXCLUSIONS,
    FIGURES,
    PLAIN,
    RELATIONS,
    Expect,
    Pkg,
    case,
    encode_row,
    layer_test,
    parse_row,
)

from ukcsa_data.core.limits import DEFAULTS
from ukcsa_data.validation.runner import validate_package


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
    return [Expect(FIGURES, line, "measure", "whitespace", ("\\u00a0",))]


@case("l2-nul-inside-cell", "control-character")
def _(pkg: Pkg) -> list[Expect]:
    line = pkg.find_line("figures", figure_id=PLAIN)
    measure = pkg.cell("figures", line, "measure")
    pkg.set_cell("figures", line, "measure", measure.replace(" ", " \x00", 1))
    return [Expect(FIGURES, line, "measure", "control-character", ("\\u0000",))]


@case("l2-missing-final-newline", "final-newline")
def _(pkg: Pkg) -> list[Expect]:
    lines = pkg.lines("figures")
    pkg.write_table("figures", "\n".join(lines))
    return [Expect(FIGURES, len(lines), None, "final-newline")]


@case("l2-cell-over-the-size-limit", "cell-too-large", "max-length")
def _(pkg: Pkg) -> list[Expect]:
    # An article pasted into a note. The row is still typed, so the field's maxLength fails too.
    line = pkg.find_line("figures", figure_id=PLAIN)
    sentence = pkg.cell("figures", line, "notes")
    note = " ".join([sentence] * (DEFAULTS.cell_chars // len(sentence) + 1))
    pkg.set_cell("figures", line, "notes", note)
    return [
        Expect(FIGURES, line, "notes", "cell-too-large", (f"{len(note):,} characters",)),
        Expect(FIGURES, line, "notes", "max-length"),
    ]


@case("l2-csv-edited-without-updating-the-descriptor", "resource-hash", "resource-bytes")
def _(pkg: Pkg) -> list[Expect]:
    # A note shortened by hand, and datapackage.json left as it was.
    recorded = pkg.resource(pkg.descriptor(), "figures")["bytes"]
    line = pkg.find_line("figures", figure_id=PLAIN)
    lines = pkg.lines("figures")
    cells = parse_row(lines[line - 1])
    cells[pkg.header("figures").index("notes")] = "A week-long operation."
    lines[line - 1] = encode_row(cells)
    pkg.write_lines("figures", lines, resync=False)
    size = len(pkg.read(FIGURES))
    assert size != recorded
    return [
        Expect(DESCRIPTOR, None, "figures.hash", "resource-hash"),
        Expect(DESCRIPTOR, None, "figures.bytes", "resource-bytes", (f"{size} bytes, not {recorded}",)),
    ]


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


test_broken_package = layer_test(__name__)
