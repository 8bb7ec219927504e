"""Layer 6, consistency: mentions of one statistic agree, stated arithmetic adds up, and retired
identifiers stay retired.

Disagreements are warnings, not errors: the articles really do disagree, and the data records
what they say. A relation whose figures are missing or of the wrong unit is an error.

The checks are rules of a row (:data:`RELATION_RULES` of a relation, :data:`AGREEMENT_RULES` of a
mention of a statistic, ``retired.RETIRED_RULES`` of a retired identifier); a row with a cell
layer 3 could not read is not checked.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ukcsa_data.core.problems import Report
from ukcsa_data.text import plain
from ukcsa_data.validation.l3_types.field_types import TypedTable
from ukcsa_data.validation.l6_consistency.areas import check_area_parents
from ukcsa_data.validation.l6_consistency.retired import check_retired, package_version
from ukcsa_data.validation.l6_consistency.series import check_series
from ukcsa_data.validation.rules import Finding, Row, RuleSet, add_finding, readable_rows, unreadable_rows

_COMPARED = {
    "unit": ("unit",),
    "value": ("value", "value_low", "value_high"),
    "period": ("period_start", "period_end"),
    "geography": ("geography",),
}


def _describe(aspect: str, values: tuple[Any, ...]) -> str:
    """What a mention records for ``aspect`` (the cells of ``_COMPARED``), in words: "value 850000",
    "the range 550000 to 850000", "the period 2021-01-01 to 2021-12-31", "geography UK", "no unit"."""
    if all(value is None for value in values):
        return f"no {aspect}"
    if aspect == "value":
        said = plain.amount(*values)
        return said.replace("a range from", "the range", 1) if said.startswith("a range") else f"value {said}"
    if aspect == "period":
        return f"the period {plain.period(*values)}"
    return f"{aspect} {values[0]}"


def _decimals(value: float) -> int:
    text = repr(value)
    return len(text.split(".")[1]) if "." in text and not text.endswith(".0") else 0


def stated_result_fits(
    computed: float, value: float | None, low: float | None, high: float | None, qualifier: str
) -> bool:
    """Whether ``computed`` is what a figure qualified by ``qualifier`` says. For a fall (a negative
    value, or a range of negative bounds) the qualifier bounds its size: "fell by almost 20 per
    cent" is -20 and fits -19.4."""
    if (value is not None and value < 0) or (value is None and high is not None and high <= 0):
        computed, value = -computed, None if value is None else -value
        low, high = (None if high is None else -high), (None if low is None else -low)
    if qualifier == "range":
        return low is not None and high is not None and low <= computed <= high
    if value is None:
        return False
    rounding = 0.5 * 10 ** -_decimals(value)
    leeway = max(rounding, 0.1 * abs(value))
    checks = {
        "exact": abs(computed - value) <= rounding,
        "around": abs(computed - value) <= leeway,
        "almost": value - leeway <= computed <= value,
        "more_than": computed > value,
        "at_least": computed >= value,
        "up_to": computed <= value,
        "under": computed < value,
    }
    return bool(checks.get(qualifier, False))


#: The columns of a relation that name its figures: the result, and the change's from and to.
_FIGURE_IDS = ("result_figure_id", "from_figure_id", "to_figure_id")


@dataclass(frozen=True)
class Figures:
    """What a relation rule sees besides its row: the figures table, its rows by figure_id, and
    the rows with a cell that could not be read."""

    table: TypedTable
    index: dict[str, int]
    unreadable: frozenset[int]

    @classmethod
    def of(cls, table: TypedTable) -> Figures:
        ids = table.columns["figure_id"]
        index = {fid: row for row, fid in enumerate(ids) if fid is not None}
        return cls(table, index, unreadable_rows(table))

    def all_readable(self, relation: Row) -> bool:
        """Whether every figure ``relation`` names exists and was read (if not, layer 3 said so)."""
        rows = [self.index.get(relation[name]) for name in _FIGURE_IDS]
        return not any(row is None or row in self.unreadable for row in rows)

    def named(self, relation: Row) -> tuple[Row, Row, Row]:
        """The result, from and to figures of ``relation``."""
        result, base, new = (Row(self.table, self.index[relation[name]]) for name in _FIGURE_IDS)
        return result, base, new


#: The rules of a relation, in order: each assumes the ones before it found no error.
RELATION_RULES: RuleSet[Figures] = RuleSet("relations", stop_at_error=True)


@RELATION_RULES.rule("relation-source")
def relation_source(relation: Row, figures: Figures) -> Iterator[Finding]:
    """The figures of a relation come from the relation's own source.

    Bad: rel-0001 (sunday-express-2022) with from_figure_id fig-0019, a figure of independent-2018.
    Good: from_figure_id fig-0038, the figure of the same article it means.
    """
    source_id = relation["source_id"]
    named = zip(_FIGURE_IDS, figures.named(relation), strict=True)
    wrong_source = [relation[name] for name, figure in named if figure["source_id"] != source_id]
    if wrong_source:
        yield Finding("relation-source", "source_id", f"{', '.join(wrong_source)} come from another source")


@RELATION_RULES.rule("relation-units")
def relation_units(relation: Row, figures: Figures) -> Iterator[Finding]:
    """A percent_change has a percent result, and changes between two figures in one unit that
    have values, the first not zero.

    Bad: the change from 850 arrests a month (fig-0040) to 17,022 cases (fig-0037).
    Good: from 14,260 cases (fig-0038) to 17,022 cases (fig-0037), "almost 20 per cent" (fig-0036).
    """
    result, base, new = figures.named(relation)
    if result["unit"] != "percent" or base["unit"] != new["unit"]:
        yield Finding(
            "relation-units",
            "operation",
            "a percent_change needs a percent result and two figures in the same unit",
        )
    elif base["value"] in (None, 0) or new["value"] is None:
        yield Finding("relation-units", "from_figure_id", "both figures need a non-zero value")


@RELATION_RULES.rule("relation-mismatch")
def relation_mismatch(relation: Row, figures: Figures) -> Iterator[Finding]:
    """The change from the from figure to the to figure is what the result figure says, as its
    qualifier allows (a warning: articles do get their arithmetic wrong).

    Bad: from 17,022 to 14,260 (-16.2 per cent) with a result of "almost 20 per cent".
    Good: from 14,260 to 17,022 (+19.4 per cent), "almost 20 per cent".
    """
    result, base, new = figures.named(relation)
    old_value, new_value = base["value"], new["value"]
    computed = (new_value - old_value) / old_value * 100
    qualifier = result["qualifier"]
    if not stated_result_fits(
        computed, result["value"], result["value_low"], result["value_high"], qualifier
    ):
        says = plain.qualified(qualifier, result["value"], result["value_low"], result["value_high"])
        yield Finding(
            "relation-mismatch",
            "result_figure_id",
            f"from {plain.number(old_value)} ({base['figure_id']}) to {plain.number(new_value)} "
            f"({new['figure_id']}) is a change of {computed:+.1f} per cent, but {result['figure_id']} "
            f"says {says} per cent (qualifier {qualifier})",
            severity="warning",
        )


def check_relations(relations: TypedTable, figures: TypedTable, report: Report) -> None:
    """Recompute each relation and compare it with the figure the article gives."""
    context = Figures.of(figures)
    for index in readable_rows(relations):
        relation = Row(relations, index)
        if not context.all_readable(relation):
            continue  # already reported by layer 3: a foreign key, or a figure's cell
        for finding in RELATION_RULES.findings(relation, context):
            add_finding(report, relation, finding)


#: The rule a mention of a statistic is held to: it agrees with the statistic's first mention.
AGREEMENT_RULES: RuleSet[Row] = RuleSet("figures")


@AGREEMENT_RULES.rule("statistic-disagreement")
def statistic_disagreement(mention: Row, first: Row) -> Iterator[Finding]:
    """Mentions sharing a statistic_id agree with its first mention in unit, value, period and
    geography (a warning: the articles really do disagree, and the data records what they say).

    Bad: "more than 400,000 people" searching the dark web in a single month of 2021, with
    geography Great Britain on its first mention and UK on its second.
    Good: the same geography on both, where the article's two sentences agree.
    """
    for aspect, names in _COMPARED.items():
        here = tuple(mention[n] for n in names)
        there = tuple(first[n] for n in names)
        if here != there:
            yield Finding(
                "statistic-disagreement",
                names[0],
                f"{mention['statistic_id']}: this mention has {_describe(aspect, here)}, but the "
                f"statistic's first mention, {first['figure_id']} (line {first.line}), has "
                f"{_describe(aspect, there)}; if the articles really differ, keep what each says",
                severity="warning",
            )


def check_statistic_agreement(figures: TypedTable, report: Report) -> None:
    """Hold each mention of a statistic to its first mention (skipping rows with a cell that could
    not be read: None is not a disagreement)."""
    first: dict[str, Row] = {}
    statistic_ids = figures.columns["statistic_id"]
    for index in readable_rows(figures):
        statistic_id = statistic_ids[index]
        if statistic_id is None:
            continue
        mention = Row(figures, index)
        if statistic_id not in first:
            first[statistic_id] = mention
            continue
        for finding in AGREEMENT_RULES.findings(mention, first[statistic_id]):
            add_finding(report, mention, finding)


def check_consistency(tables: dict[str, TypedTable], report: Report, package_dir: Path | None = None) -> None:
    """Run the consistency checks that the present tables allow (the version a retired identifier
    names is checked only given ``package_dir``, whose datapackage.json has the package's version)."""
    figures = tables.get("figures")
    if figures is not None:
        check_statistic_agreement(figures, report)
        relations = tables.get("relations")
        if relations is not None:
            check_relations(relations, figures, report)
    version = package_version(package_dir, report) if package_dir is not None else None
    check_retired(tables, version, report)
    check_series(tables, report)
    check_area_parents(tables, report)
