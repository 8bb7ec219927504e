"""Layer 8, words: each figure says what the article's words around its number say, and each
exclusion is what its reason says (rules in :mod:`figure_rules` and :mod:`exclusion_rules`).

Every located row is read, also one that failed an earlier layer (a drafted row whose measure is
still empty), unless an error names a field that locates it (its quote, occurrence, value_text or
text); a rule says nothing if it reads a field an earlier layer found invalid; and only where the
words are not silent or ambiguous. A finding on a row is silenced by a matching
waiver (``dataset/waivers.csv``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from ukcsa_data.core.problems import Report
from ukcsa_data.reading.period import reliable_publication
from ukcsa_data.reading.seed import read_seed
from ukcsa_data.validation.l3_types.field_types import TypedTable
from ukcsa_data.validation.l8_words import (  # noqa: F401  (register)
    change_sign,
    exclusion_age,
    exclusion_place_count,
    qualifier_unstated,
)
from ukcsa_data.validation.l8_words.context import Mention, areas_in, vocabulary_of
from ukcsa_data.validation.l8_words.exclusion_rules import EXCLUSION_RULES
from ukcsa_data.validation.l8_words.figure_rules import FIGURE_RULES
from ukcsa_data.validation.l8_words.unit_noun import unit_noun as unit_noun  # registers on FIGURE_RULES
from ukcsa_data.validation.l8_words.waivers import Checked, Waivers
from ukcsa_data.validation.rules import Row, Rule, RuleSet, add_finding, checked_row

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


#: The tables whose every rule reads the words: their rows are read together, once per seed
#: (:func:`ukcsa_data.reading.seed.read_seed`); an exclusion is read only if a rule asks.
_READ_BY_SEED = frozenset({"figures"})


def _check_rows(
    rules: RuleSet[Mention],
    table: TypedTable,
    rows: Iterable[tuple[int, tuple[str, int, int]]],
    text: str,
    context: _Context,
) -> None:
    """Run ``rules`` on the located ``rows`` of one seed (each rule only if the fields it reads are
    valid); note in ``context`` the keys of the rows checked, and the codes left unchecked."""
    checked, keys, report = context.checked[rules.table], context.keys.get(rules.table), context.report
    waivers, vocabulary, published = context.waivers, context.vocabulary, context.published
    mentions: list[tuple[Row, Mention]] = []
    for index, (source_id, start, end) in rows:
        row = checked_row(table, index, report)
        if row is None or not _LOCATING.isdisjoint(row.invalid):
            continue  # the row cannot be named, or the words it points at are not sure
        mentions.append((row, Mention(text, start, end, vocabulary, published.get(source_id))))
    if rules.table in _READ_BY_SEED:
        _read_together([mention for _, mention in mentions])
    for row, mention in mentions:
        key = row.key if keys is None else keys[row.index]
        skipped: list[Rule[Mention]] = []
        for finding in rules.findings(row, mention, skipped):
            if not waivers.silences(rules.table, key, finding.code):
                add_finding(report, row, waivers.offered(finding, rules.table, key))
        checked.keys.add(key)
        if skipped:
            checked.skipped.update((key, code) for rule in skipped for code in rule.codes)


def _read_together(mentions: list[Mention]) -> None:
    """Give each of ``mentions`` (of one seed) its reading, read for all of them at once where
    they share a publication date (one article's do)."""
    if not mentions:
        return
    first = mentions[0]
    if any(mention.published != first.published for mention in mentions):
        return  # each reads its own when asked
    spans = [(mention.start, mention.end) for mention in mentions]
    for mention, reading in zip(
        mentions, read_seed(first.text, spans, first.vocabulary, first.published), strict=True
    ):
        mention.read = reading


class _Context:
    """What the word rules need of the whole package, made once: the waivers, the vocabulary,
    each source's publication date and each row's key; and what they checked so far."""

    def __init__(self, tables: dict[str, TypedTable], report: Report) -> None:
        self.tables, self.report = tables, report
        self.waivers = Waivers(tables.get("waivers"), WAIVABLE)
        self.vocabulary = vocabulary_of(tables)
        self.published = publication_dates(tables.get("sources"))
        self.checked: dict[str, Checked] = {}
        self.keys: dict[str, list[str]] = {}
        for rules in RULE_SETS:
            table = tables.get(rules.table)
            if table is None:
                continue
            self.checked[rules.table] = Checked()
            if not table.dropped:
                self.keys[rules.table] = [Row(table, i).key for i in range(len(table.lines))]


class WordChecks:
    """The word layer, run one seed at a time (:meth:`seed`, given each seed as the quote layer
    locates its rows: only one seed's text is needed at a time), then :meth:`finish` checks the
    waivers. A row's problems come in the order of the seeds, each seed's rows in file order."""

    def __init__(self, tables: dict[str, TypedTable], report: Report) -> None:
        self._context = _Context(tables, report)

    def seed(
        self, source_id: str, text: str, spans: Mapping[str, Mapping[int, tuple[str, int, int]]]
    ) -> None:
        """Run the word rules on the figures and exclusions located in the seed of ``source_id``."""
        try:
            for rules in RULE_SETS:
                table = self._context.tables.get(rules.table)
                if table is not None:
                    _check_rows(rules, table, sorted(spans.get(rules.table, {}).items()), text, self._context)
        finally:
            areas_in.cache_clear()  # the article's areas, once per seed

    def finish(self) -> None:
        """Check the waivers: each must silence a finding of a row that was checked."""
        context = self._context
        keys = {table: set(every) for table, every in context.keys.items()}
        context.waivers.check(context.report, context.checked, keys)
