"""Catalogue, layer 6: consistency.

Disagreements and arithmetic that does not fit are warnings (the package stays valid); a relation
between figures of the wrong units or of another source is an error.
"""

from __future__ import annotations

from catalogue import FIGURES, RELATIONS, Expect, Pkg, case, layer_test


@case("l6-relation-does-not-fit")
def _(pkg: Pkg) -> list[Expect]:
    # From and to swapped: 17,022 to 14,260 is -16.2 per cent, not "almost 20".
    base, new = pkg.cell("relations", 2, "from_figure_id"), pkg.cell("relations", 2, "to_figure_id")
    pkg.set_cell("relations", 2, "from_figure_id", new)
    pkg.set_cell("relations", 2, "to_figure_id", base)
    return [Expect(RELATIONS, 2, "result_figure_id", "relation-mismatch", ("-16.2",), severity="warning")]


@case("l6-statistic-mentions-disagree-on-period")
def _(pkg: Pkg) -> list[Expect]:
    # One mention of an estimate "current at publication" dated to its article's day; the first
    # mention of the statistic has no period. Its words state no year, so nothing else objects.
    line = pkg.find_line("figures", figure_id="fig-0014")
    statistic = pkg.cell("figures", line, "statistic_id")
    first = next(n for n in range(2, line) if pkg.cell("figures", n, "statistic_id") == statistic)
    source = pkg.cell("figures", line, "source_id")
    published = pkg.cell("sources", pkg.find_line("sources", source_id=source), "published_date")
    pkg.set_cell("figures", line, "period_start", published)
    pkg.set_cell("figures", line, "period_end", published)
    return [
        Expect(
            FIGURES, line, "period_start", "statistic-disagreement", (f"line {first}",), severity="warning"
        )
    ]


@case("l6-relation-figures-in-different-units", "relation-units")
def _(pkg: Pkg) -> list[Expect]:
    # The change from a count of arrests to a count of cases: the wrong figure of the same article.
    line = pkg.find_line("relations", relation_id="rel-0001")
    source = pkg.cell("relations", line, "source_id")
    assert pkg.cell("figures", pkg.find_line("figures", figure_id="fig-0040"), "source_id") == source
    pkg.set_cell("relations", line, "from_figure_id", "fig-0040")
    return [Expect(RELATIONS, line, "operation", "relation-units", ("same unit",))]


@case("l6-relation-figure-from-another-source", "relation-source")
def _(pkg: Pkg) -> list[Expect]:
    # A figure of another article, by a slip of the figure id.
    line = pkg.find_line("relations", relation_id="rel-0001")
    pkg.set_cell("relations", line, "from_figure_id", "fig-0019")
    return [Expect(RELATIONS, line, "source_id", "relation-source", ("fig-0019",))]


test_broken_package = layer_test(__name__)
