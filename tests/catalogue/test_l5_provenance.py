"""Catalogue, layer 5: provenance and coverage."""

from __future__ import annotations

from catalogue import (
    EXCLUSIONS,
    FIGURES,
    PLAIN,
    SOURCES,
    Expect,
    Pkg,
    case,
    encode_row,
    layer_test,
    parse_row,
)


@case("l5-occurrence-zero-when-the-schema-minimum-is-dropped", "occurrence-out-of-range")
def _(pkg: Pkg) -> list[Expect]:
    # Occurrence 0 would have meant the last match (Python's index -1); now it is reported.
    pkg.edit_schema_field("figures", "occurrence", constraints={"required": True})
    pkg.set_cell("figures", 2, "occurrence", "0")
    return [Expect("dataset/figures.csv", 2, "occurrence", "occurrence-out-of-range", ("count from 1",))]


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


@case("l5-value-text-with-its-unit", "value-text-unparseable")
def _(pkg: Pkg) -> list[Expect]:
    # The words after the number copied too: they are in the quote, but not a number phrase.
    line = pkg.set_figure(PLAIN, "value_text", "131 suspects")
    return [Expect(FIGURES, line, "value_text", "value-text-unparseable", ("131 suspects",))]


@case("l5-value-text-cut-at-the-thousands-comma", "token-split", "token-uncovered", "value-mismatch")
def _(pkg: Pkg) -> list[Expect]:
    # "6,000" cut at its comma (as a CSV tool would): the number "6,000" is split, so no row covers
    # it, and "6" does not give value 6000.
    line = pkg.find_line("figures", value_text="6,000")
    quote = pkg.cell("figures", line, "quote")
    source = pkg.cell("figures", line, "source_id")
    pkg.set_cell("figures", line, "value_text", "6")
    return [
        Expect(FIGURES, line, "value_text", "token-split", ('"6,000"',)),
        Expect(FIGURES, line, "value", "value-mismatch"),
        Expect(
            pkg.seed_of(source), pkg.seed_line(source, quote, "6,000"), None, "token-uncovered", ('"6,000"',)
        ),
    ]


@case("l5-exclusion-text-without-a-number", "no-numeric-token", "token-uncovered")
def _(pkg: Pkg) -> list[Expect]:
    # The word next to the number selected: "month" in "in just one month last year", so "one" is left.
    line = pkg.find_line("exclusions", source_id="sunday-express-2022", text="one")
    quote = pkg.cell("exclusions", line, "quote")
    pkg.set_cell("exclusions", line, "text", "month")
    seed = pkg.seed_of("sunday-express-2022")
    return [
        Expect(EXCLUSIONS, line, "text", "no-numeric-token", ('"month"',)),
        Expect(seed, pkg.seed_line("sunday-express-2022", quote, "one"), None, "token-uncovered", ('"one"',)),
    ]


@case("l5-pounds-in-another-unit", "value-text-unit")
def _(pkg: Pkg) -> list[Expect]:
    line = pkg.find_line("figures", unit="GBP")
    assert pkg.cell("figures", line, "value_text").startswith("£")
    pkg.set_cell("figures", line, "unit", "people")
    return [Expect(FIGURES, line, "unit", "value-text-unit", ("pounds",))]


@case("l5-ratio-unit-without-the-phrase", "value-text-unit")
def _(pkg: Pkg) -> list[Expect]:
    # unit one_in needs value_text written "one in N"; "three" (clicks) is not.
    line = pkg.find_line("figures", value_text="three", unit="clicks")
    pkg.set_cell("figures", line, "unit", "one_in")
    return [Expect(FIGURES, line, "unit", "value-text-unit", ("'one in N'",))]


@case("l5-n-plus-not-at-least", "value-text-qualifier")
def _(pkg: Pkg) -> list[Expect]:
    # "14+" recorded as exact 14 instead of at_least.
    line = pkg.find_line("figures", value_text="14+")
    pkg.set_cell("figures", line, "qualifier", "exact")
    return [Expect(FIGURES, line, "qualifier", "value-text-qualifier", ("at_least",))]


test_broken_package = layer_test(__name__)
