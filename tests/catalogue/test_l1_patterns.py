"""Catalogue, layer 1: schema patterns outside the safe subset (issue 11, class 1: hangs).

Each hostile pattern below took from seconds to forever to match a 40- or 10,000-character cell
with Python's ``re`` before the safe subset (see ``validation/l1_descriptor/regex_safety.py``); now it is
reported as ``unsafe-pattern`` at its schema file and field, with why and how to fix it, before
any cell is matched.
"""

from __future__ import annotations

from catalogue import Expect, Pkg, case, layer_test

# (case id, resource, field, pattern, words the message must hold)
_HOSTILE = [
    ("l1-unsafe-pattern-same-alternatives", "figures", "statistic_id", "(a|a)*", ("alternatives", "(ab?)*")),
    ("l1-unsafe-pattern-prefix-alternatives", "sources", "source_id", "(a|ab)*c", ("alternatives", "(ab?)*")),
    ("l1-unsafe-pattern-adjacent-stars", "figures", "figure_id", "a*a*a*a*b", ("same characters", "merge")),
    ("l1-unsafe-pattern-adjacent-digit-stars", "figures", "source_id", r"\d*\d*\d*x", ("same characters",)),
    ("l1-unsafe-pattern-adjacent-any-stars", "sources", "seed_file", ".*.*.*.*x", ("same characters",)),
    ("l1-unsafe-pattern-nested-bounded", "relations", "relation_id", "(a{1,10}){1,10}", ("delimiter",)),
    (
        "l1-unsafe-pattern-nested-bounded-three-deep",
        "figures",
        "statistic_id",
        "((a{0,30}){0,30}){0,30}",
        ("empty string", "at least one character"),
    ),
    ("l1-unsafe-pattern-any-or-space", "relations", "source_id", r"(.|\s)*x", ("alternatives", "one class")),
    ("l1-unsafe-pattern-back-reference", "figures", "figure_id", r"(fig-)\1[0-9]+", ("back-reference",)),
]


def _hostile(case_id: str, resource: str, field: str, pattern: str, words: tuple[str, ...]) -> None:
    @case(case_id, "unsafe-pattern")
    def _(pkg: Pkg) -> list[Expect]:
        pkg.edit_schema_field(resource, field, constraints={"required": True, "pattern": pattern})
        return [Expect(pkg.schema_path(resource), None, field, "unsafe-pattern", ("backtrack", *words))]


for _row in _HOSTILE:
    _hostile(*_row)


@case("l1-unsafe-pattern-look-ahead", "unsafe-pattern")
def _(pkg: Pkg) -> list[Expect]:
    pkg.edit_schema_field("figures", "figure_id", constraints={"pattern": "(?=fig-)[a-z0-9-]+"})
    return [Expect(pkg.schema_path("figures"), None, "figure_id", "unsafe-pattern", ("look-around",))]


@case("l1-unsafe-pattern-too-long", "unsafe-pattern")
def _(pkg: Pkg) -> list[Expect]:
    # A long pattern costs time to check and to match; the limit (pattern_chars) is reported first.
    long_pattern = "fig-" + "[0-9]" * 200
    pkg.edit_schema_field("figures", "figure_id", constraints={"pattern": long_pattern})
    why = ("1004 characters", "limit of 1000", "pattern_chars")
    return [Expect(pkg.schema_path("figures"), None, "figure_id", "unsafe-pattern", why)]


@case("l1-schema-pattern-not-a-regular-expression", "schema-pattern")
def _(pkg: Pkg) -> list[Expect]:
    pkg.edit_schema_field("figures", "figure_id", constraints={"pattern": "fig-[0-9"})
    why = ("not a valid regular expression", '"fig-[0-9"')
    return [Expect(pkg.schema_path("figures"), None, "figure_id", "schema-pattern", why)]


test_broken_package = layer_test(__name__)
