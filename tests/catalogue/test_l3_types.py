"""Catalogue, layer 3: types and constraints. A row with an invalid cell is skipped by later layers."""

from __future__ import annotations

import json

from catalogue import EXCLUSIONS, FIGURES, PLAIN, RELATIONS, SOURCES, Expect, Pkg, case, layer_test

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
    line = pkg.set_figure(PLAIN, "qualifier", "roughly")
    return [Expect(FIGURES, line, "qualifier", "enum", ('"roughly"',))]


@case("l3-unknown-unit", "foreign-key")
def _(pkg: Pkg) -> list[Expect]:
    # A unit is a row of dataset/units.csv: the message names the value and the file to add it to.
    line = pkg.set_figure(PLAIN, "unit", "persons")
    return [Expect(FIGURES, line, "unit", "foreign-key", ('"persons"', "units.unit", "dataset/units.csv"))]


@case("l3-unknown-area", "foreign-key")
def _(pkg: Pkg) -> list[Expect]:
    line = pkg.set_figure("fig-0021", "geography", "Atlantis")
    return [
        Expect(FIGURES, line, "geography", "foreign-key", ('"Atlantis"', "areas.area", "dataset/areas.csv"))
    ]


@case("l3-bad-gss-code", "pattern")
def _(pkg: Pkg) -> list[Expect]:
    line = pkg.set_cell("areas", pkg.find_line("areas", area="England"), "gss_code", "X92000001")
    return [Expect("dataset/areas.csv", line, "gss_code", "pattern")]


@case("l3-area-parent-unknown", "foreign-key")
def _(pkg: Pkg) -> list[Expect]:
    line = pkg.set_cell("areas", pkg.find_line("areas", area="Wales"), "parent", "Britain")
    return [Expect("dataset/areas.csv", line, "parent", "foreign-key", ('"Britain"', "areas.area"))]


@case("l3-bound-of-an-unknown-unit", "foreign-key", "unit-measure-type")
def _(pkg: Pkg) -> list[Expect]:
    # The bound is renamed away from clicks, so the figure in clicks has no bound left either.
    line = pkg.find_line("bounds", unit="clicks", measure_type="level", geography="")
    pkg.set_cell("bounds", line, "unit", "taps")
    figure = pkg.find_line("figures", unit="clicks")
    return [
        Expect("dataset/bounds.csv", line, "unit", "foreign-key", ('"taps"', "dataset/units.csv")),
        Expect(FIGURES, figure, "unit", "unit-measure-type", ("dataset/bounds.csv",)),
    ]


@case("l3-bound-any-geography-twice", "primary-key")
def _(pkg: Pkg) -> list[Expect]:
    # An empty geography is the any-area bound: two of them for one unit repeat the key.
    lines = pkg.lines("bounds")
    line = pkg.find_line("bounds", unit="raids", measure_type="level", geography="")
    pkg.write_lines("bounds", [*lines, lines[line - 1].replace("A count", "Another count")])
    return [Expect("dataset/bounds.csv", len(lines) + 1, "unit,measure_type,geography", "primary-key")]


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


def _largest_value(pkg: Pkg) -> tuple[int, float]:
    """The line and value of the figure with the largest value (the only one with it)."""
    cells = {line: pkg.cell("figures", line, "value") for line in range(2, len(pkg.lines("figures")) + 1)}
    values = {line: json.loads(cell) for line, cell in cells.items() if cell}
    largest = max(values.values())
    [line] = [line for line, value in values.items() if value == largest]
    return line, largest


@case("l3-occurrence-zero", "minimum")
def _(pkg: Pkg) -> list[Expect]:
    # Occurrences counted from 0: the schema's minimum is 1.
    line = pkg.set_figure(PLAIN, "occurrence", "0")
    return [Expect(FIGURES, line, "occurrence", "minimum", ("minimum 1",))]


@case("l3-occurrence-zero-with-an-exclusive-minimum", "exclusive-minimum")
def _(pkg: Pkg) -> list[Expect]:
    # The schema's bound written as exclusiveMinimum 0 instead of minimum 1.
    constraints = pkg.schema_field("figures", "occurrence")["constraints"]
    constraints.pop("minimum", None)
    pkg.edit_schema_field("figures", "occurrence", constraints=constraints | {"exclusiveMinimum": 0})
    line = pkg.set_figure(PLAIN, "occurrence", "0")
    return [Expect(FIGURES, line, "occurrence", "exclusive-minimum", ("exclusive minimum 0",))]


@case("l3-value-above-a-schema-maximum", "maximum")
def _(pkg: Pkg) -> list[Expect]:
    # A cap on value added to the schema without checking the table: the largest figure is over it.
    line, largest = _largest_value(pkg)
    constraints = pkg.schema_field("figures", "value").get("constraints", {})
    pkg.edit_schema_field("figures", "value", constraints=constraints | {"maximum": largest - 1})
    return [Expect(FIGURES, line, "value", "maximum", (f"maximum {largest - 1}",))]


@case("l3-value-at-a-schema-exclusive-maximum", "exclusive-maximum")
def _(pkg: Pkg) -> list[Expect]:
    # The same cap written as exclusiveMaximum: a value equal to it is not below it.
    line, largest = _largest_value(pkg)
    constraints = pkg.schema_field("figures", "value").get("constraints", {})
    pkg.edit_schema_field("figures", "value", constraints=constraints | {"exclusiveMaximum": largest})
    return [Expect(FIGURES, line, "value", "exclusive-maximum", (f"exclusive maximum {largest}",))]


@case("l3-text-shorter-than-min-length", "min-length")
def _(pkg: Pkg) -> list[Expect]:
    # The shipped minLength is 1, which only an empty (so missing: 'required') cell breaks; a schema
    # that asks a measure to say more than one word meets a row whose measure is one word.
    constraints = pkg.schema_field("figures", "measure")["constraints"]
    pkg.edit_schema_field("figures", "measure", constraints=constraints | {"minLength": 10})
    line = pkg.set_figure(PLAIN, "measure", "arrests")
    return [Expect(FIGURES, line, "measure", "min-length", ("shorter than 10",))]


@case("l3-text-longer-than-max-length", "max-length")
def _(pkg: Pkg) -> list[Expect]:
    # A paragraph pasted into notes, over the schema's maxLength (but under the cell size limit).
    limit = pkg.schema_field("figures", "notes")["constraints"]["maxLength"]
    line = pkg.find_line("figures", figure_id=PLAIN)
    sentence = pkg.cell("figures", line, "notes")
    note = " ".join([sentence] * (limit // len(sentence) + 1))
    pkg.set_cell("figures", line, "notes", note)
    return [Expect(FIGURES, line, "notes", "max-length", (f"{len(note)} characters", f"at most {limit}"))]


@case("l3-figure-id-without-its-zeros", "pattern")
def _(pkg: Pkg) -> list[Expect]:
    # A new contributor's first guess at the ID convention: the message says how to write it.
    line = pkg.set_figure(PLAIN, "figure_id", "fig-10")
    return [Expect(FIGURES, line, "figure_id", "pattern", ("such as 'fig-0010'",))]


#: Cells that GitHub's runner would execute if a report printed them raw (issue 16): its first
#: form anywhere, its second at the start of a value, after a line break (also a control-character
#: error), and after an escaped one; and the codes each case gives.
RUNNER_COMMANDS = {
    "error-anywhere": ("roughly ##[error]forged", ("enum",)),
    "add-mask-anywhere": ("##[add-mask]roughly", ("enum",)),
    "error-at-start": ("::error::forged", ("enum",)),
    "stop-commands-at-start": ("::stop-commands::token", ("enum",)),
    "after-a-line-break": ("roughly\n::add-mask::x\n##[group]y", ("enum", "control-character")),
    "after-an-escaped-line-break": ("roughly\\u000a::error::forged", ("enum",)),
}

for _name, (_value, _codes) in RUNNER_COMMANDS.items():

    @case(f"l3-enum-runner-command-{_name}", *_codes)
    def _(pkg: Pkg, value: str = _value) -> list[Expect]:
        # Each printed format (tests/report_shape.py) holds no line that the runner executes.
        line = pkg.set_figure(PLAIN, "qualifier", value)
        return [Expect(FIGURES, line, "qualifier", "enum")]


test_broken_package = layer_test(__name__)
