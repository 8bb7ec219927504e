"""Layer 8, words: each figure says what the article's words around its number say, and each
exclusion is what its reason says (rules in :mod:`figure_rules` and :mod:`exclusion_rules`).

Only rows that passed every earlier layer are read, and only where their words are not silent or
ambiguous. A finding on a row is silenced by a matching waiver (``dataset/waivers.csv``).
"""

from __future__ import annotations

from datetime import date

from ukcsa_data.reading.period import reliable_publication
from ukcsa_data.reading.vocabulary import Vocabulary
from ukcsa_data.validation.field_types import TypedTable
from ukcsa_data.validation.problems import Report
from ukcsa_data.validation.provenance import Located
from ukcsa_data.validation.rules import Row, RuleSet, add_finding
from ukcsa_data.validation.words import (  # noqa: F401  (register)
    change_sign,
    exclusion_age,
    exclusion_place_count,
)
from ukcsa_data.validation.words.context import Mention, areas_in, vocabulary_of
from ukcsa_data.validation.words.exclusion_rules import EXCLUSION_RULES
from ukcsa_data.validation.words.figure_rules import FIGURE_RULES
from ukcsa_data.validation.words.unit_noun import unit_noun as unit_noun  # registers on FIGURE_RULES
from ukcsa_data.validation.words.waivers import Waivers

RULE_SETS: tuple[RuleSet[Mention], ...] = (FIGURE_RULES, EXCLUSION_RULES)
#: The codes a waiver may silence: those of the word rules.
WAIVABLE = frozenset(code for rules in RULE_SETS for code in rules.codes)


def publication_dates(sources: TypedTable | None) -> dict[str, date | None]:
    """Each source's publication date to read relative periods ("last year") by, looked up once
    per source: ``None`` where it is missing or, inferred, could be a day off across a month end."""
    if sources is None:
        return {}
    columns = sources.columns
    return {
        source_id: reliable_publication(published, basis == "inferred")
        for source_id, published, basis in zip(
            columns.get("source_id", ()),
            columns.get("published_date", ()),
            columns.get("date_basis", ()),
            strict=False,
        )
        if source_id is not None
    }


def _check_table(
    rules: RuleSet[Mention],
    table: TypedTable,
    located: Located,
    waivers: Waivers,
    report: Report,
    vocabulary: Vocabulary | None,
    published: dict[str, date | None],
) -> set[str]:
    """Run ``rules`` on every located row that has not failed; return the keys of the rows checked."""
    checked: set[str] = set()
    for index, (source_id, start, end) in located.spans.get(rules.table, {}).items():
        row = Row(table, index)
        if report.failed(row.path, row.line):
            continue
        checked.add(row.key)
        mention = Mention(located.texts[source_id], start, end, vocabulary, published.get(source_id))
        for finding in rules.findings(row, mention):
            if not waivers.silences(rules.table, row.key, finding.code):
                add_finding(report, row, finding)
    return checked


def check_words(tables: dict[str, TypedTable], located: Located, report: Report) -> None:
    """Run the word rules on figures and exclusions, then check the waivers."""
    try:
        _check_words(tables, located, report)
    finally:
        areas_in.cache_clear()


def _check_words(tables: dict[str, TypedTable], located: Located, report: Report) -> None:
    waivers = Waivers(tables.get("waivers"), WAIVABLE)
    vocabulary = vocabulary_of(tables)
    published = publication_dates(tables.get("sources"))
    checked: dict[str, set[str]] = {}
    keys: dict[str, set[str]] = {}
    for rules in RULE_SETS:
        table = tables.get(rules.table)
        if table is None:
            continue
        checked[rules.table] = _check_table(rules, table, located, waivers, report, vocabulary, published)
        if not table.dropped:
            keys[rules.table] = {Row(table, index).key for index in range(len(table.lines))}
    waivers.check(report, checked, keys)
