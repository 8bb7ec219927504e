"""Layer 8, words: each figure says what the article's words around its number say, and each
exclusion is what its reason says (rules in :mod:`figure_rules` and :mod:`exclusion_rules`).

Every located row is read, also one that failed an earlier layer (a drafted row whose measure is
still empty), unless an error names a field that locates it (its quote, occurrence, value_text or
text); a rule says nothing if it reads a field an earlier layer found invalid; and only where the
words are not silent or ambiguous. A finding on a row is silenced by a matching
waiver (``dataset/waivers.csv``).
"""

from __future__ import annotations

from datetime import date

from ukcsa_data.reading.period import reliable_publication
from ukcsa_data.reading.vocabulary import Vocabulary
from ukcsa_data.validation.field_types import TypedTable
from ukcsa_data.validation.problems import Report
from ukcsa_data.validation.provenance import Located
from ukcsa_data.validation.rules import Row, Rule, RuleSet, add_finding, checked_row
from ukcsa_data.validation.words import (  # noqa: F401  (register)
    change_sign,
    exclusion_age,
    exclusion_place_count,
    qualifier_unstated,
)
from ukcsa_data.validation.words.context import Mention, areas_in, vocabulary_of
from ukcsa_data.validation.words.exclusion_rules import EXCLUSION_RULES
from ukcsa_data.validation.words.figure_rules import FIGURE_RULES
from ukcsa_data.validation.words.unit_noun import unit_noun as unit_noun  # registers on FIGURE_RULES
from ukcsa_data.validation.words.waivers import Checked, Waivers

RULE_SETS: tuple[RuleSet[Mention], ...] = (FIGURE_RULES, EXCLUSION_RULES)
#: The fields that say where a row's number is: an error on one, and the words are not read.
_LOCATING = frozenset({"source_id", "quote", "occurrence", "value_text", "text"})
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
    keys: list[str] | None,
) -> Checked:
    """Run ``rules`` on every located row (each rule only if the fields it reads are valid); return
    the keys of the rows checked (``keys``: every row's key by index, if known), and the codes left
    unchecked on some of them."""
    checked = Checked()
    texts = located.texts
    for index, (source_id, start, end) in located.spans.get(rules.table, {}).items():
        row = checked_row(table, index, report)
        if row is None or not _LOCATING.isdisjoint(row.invalid):
            continue  # the row cannot be named, or the words it points at are not sure
        key, skipped = row.key if keys is None else keys[index], list[Rule[Mention]]()
        mention = Mention(texts[source_id], start, end, vocabulary, published.get(source_id))
        for finding in rules.findings(row, mention, skipped):
            if not waivers.silences(rules.table, key, finding.code):
                add_finding(report, row, waivers.offered(finding, rules.table, key))
        checked.keys.add(key)
        if skipped:
            checked.skipped.update((key, code) for rule in skipped for code in rule.codes)
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
    checked: dict[str, Checked] = {}
    keys: dict[str, set[str]] = {}
    for rules in RULE_SETS:
        table = tables.get(rules.table)
        if table is None:
            continue
        every_key = None if table.dropped else [Row(table, i).key for i in range(len(table.lines))]
        checked[rules.table] = _check_table(
            rules, table, located, waivers, report, vocabulary, published, every_key
        )
        if every_key is not None:
            keys[rules.table] = set(every_key)
    waivers.check(report, checked, keys)
