"""Catalogue, layer 4: semantics.

Cases that change ``value`` also make provenance report ``value-mismatch`` on the same row (value_text
still reads as the old number); those cases list ``value-mismatch`` in their expected codes. Cases that
change ``per``, ``measure_type``, periods or dates need no such companion.
"""

from __future__ import annotations

from catalogue import FIGURES, PLAIN, SOURCES, Expect, Pkg, case, layer_test


@case("l4-people-above-uk-population", "implausible-value", "value-mismatch")
def _(pkg: Pkg) -> list[Expect]:
    # value changed: value_text still reads 300,000, so provenance adds value-mismatch on the row.
    line = pkg.set_figure("fig-0021", "value", "80000000")
    assert pkg.cell("figures", line, "geography") == "UK"
    return [
        Expect(FIGURES, line, "value", "implausible-value", ("70,000,000",)),
        Expect(
            FIGURES,
            line,
            "value",
            "value-mismatch",
            ('"300,000" is the number 300000, but the row has 80000000', "set value 300000"),
        ),
    ]


@case("l4-people-rate-above-population", "implausible-value", "per-words")
def _(pkg: Pkg) -> list[Expect]:
    # 400,000 people a day is 146 million a year: only `per` changes, so no provenance check applies.
    # The word check of per still runs: the article gives a total for one month, not a rate.
    line = pkg.set_figure("fig-0034", "per", "day")
    assert pkg.cell("figures", line, "geography") == "Great Britain"
    return [
        Expect(FIGURES, line, "value", "implausible-value", ("400,000 people a day (365 times a year)",)),
        Expect(FIGURES, line, "per", "per-words", ("a total for a period", "leave per empty")),
    ]


@case("l4-percent-level-above-100", "implausible-value", "change-words")
def _(pkg: Pkg) -> list[Expect]:
    # "surged by 700 per cent" as a level: only measure_type changes. The word check of
    # measure_type still runs (the row failed on value only), and names the fix.
    line = pkg.set_figure("fig-0007", "measure_type", "level")
    return [
        Expect(FIGURES, line, "value", "implausible-value", ("700 percent",)),
        Expect(FIGURES, line, "measure_type", "change-words", ('"surged by 700 per cent"', "use change")),
    ]


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
        Expect(FIGURES, line, "value", "value-mismatch", ("the row has 131.5", "set value 131")),
    ]


@case("l4-low-above-high", "low-above-high", "value-mismatch")
def _(pkg: Pkg) -> list[Expect]:
    line = pkg.set_figure("fig-0028", "value_low", "6")
    return [
        Expect(FIGURES, line, "value_low", "low-above-high"),
        Expect(
            FIGURES,
            line,
            "value",
            "value-mismatch",
            (
                'value_text "4-5" is a range from 4 to 5, but the row has a range from 6 to 5',
                "leave value empty and set value_low 4 and value_high 5",
            ),
        ),
    ]


@case("l4-range-without-bound", "range-bounds", "value-mismatch")
def _(pkg: Pkg) -> list[Expect]:
    line = pkg.set_figure("fig-0028", "value_high", "")
    return [
        Expect(FIGURES, line, "qualifier", "range-bounds"),
        Expect(
            FIGURES,
            line,
            "value",
            "value-mismatch",
            ("value empty, value_low 4, value_high empty", "set value_low 4 and value_high 5"),
        ),
    ]


@case("l4-single-figure-with-bounds", "range-bounds", "value-mismatch")
def _(pkg: Pkg) -> list[Expect]:
    line = pkg.set_figure(PLAIN, "value_low", "100")
    return [
        Expect(FIGURES, line, "qualifier", "range-bounds", ("exact",)),
        Expect(
            FIGURES,
            line,
            "value",
            "value-mismatch",
            ("value 131, value_low 100, value_high empty", "leave value_low and value_high empty"),
        ),
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


test_broken_package = layer_test(__name__)
