"""Layer 8, words: each figure says what the article's words around its number say, and each
exclusion is what its reason says (rules in :mod:`figure_rules` and :mod:`exclusion_rules`).

Every located row is read, also one that failed an earlier layer (a drafted row whose measure is
still empty), unless an error names a field that locates it (its quote, occurrence, value_text or
text); a rule says nothing if it reads a field an earlier layer found invalid; and only where the
words are not silent or ambiguous. A finding on a row is silenced by a matching
waiver (``dataset/waivers.csv``).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from ukcsa_data.core.problems import Report
from ukcsa_data.reading.period import reliable_publication
from ukcsa_data.reading.workers import Readers
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


#: Seeds whose rules wait for the readings of an earlier seed, at most (the texts they hold).
_MOST_WAITING = 16


@dataclass
class _Batch:
    """The located rows of one seed that one rule set checks, each with its mention."""

    rules: RuleSet[Mention]
    mentions: list[tuple[Row, Mention]]


@dataclass
class _SeedRows:
    """A seed's batches, waiting for its figures' readings (``read``: the batch given to the
    readers, None if none was)."""

    batches: list[_Batch]
    read: _Batch | None = None


def _mentions(
    rules: RuleSet[Mention],
    table: TypedTable,
    rows: Iterable[tuple[int, tuple[str, int, int]]],
    text: str,
    context: _Context,
) -> _Batch:
    """The located ``rows`` of one seed that ``rules`` check (as the report stands when the seed
    is located): those that can be named and whose locating fields had no error."""
    report, vocabulary, published = context.report, context.vocabulary, context.published
    mentions: list[tuple[Row, Mention]] = []
    for index, (source_id, start, end) in rows:
        row = checked_row(table, index, report)
        if row is None or not _LOCATING.isdisjoint(row.invalid):
            continue  # the row cannot be named, or the words it points at are not sure
        mentions.append((row, Mention(text, start, end, vocabulary, published.get(source_id))))
    return _Batch(rules, mentions)


def _check_batch(batch: _Batch, context: _Context) -> None:
    """Run the batch's rules on its rows (each rule only if the fields it reads are valid); note
    in ``context`` the keys of the rows checked, and the codes left unchecked."""
    rules = batch.rules
    checked, keys, report = context.checked[rules.table], context.keys.get(rules.table), context.report
    waivers = context.waivers
    for row, mention in batch.mentions:
        skipped: list[Rule[Mention]] = []
        findings = list(rules.findings(row, mention, skipped))
        if not (findings or context.tracking):
            continue
        key = row.key if keys is None else keys[row.index]
        for finding in findings:
            if not waivers.silences(rules.table, key, finding.code):
                add_finding(report, row, waivers.offered(finding, rules.table, key))
        if context.tracking:
            checked.keys.add(key)
            if skipped:
                checked.skipped.update((key, code) for rule in skipped for code in rule.codes)


def _read_together(batch: _Batch) -> tuple[str, list[tuple[int, int]], date | None] | None:
    """What to read of ``batch`` (one seed's rows) at once: its text, spans and publication date;
    None if it has no rows, or they differ in date (each is then read when a rule asks)."""
    mentions = [mention for _, mention in batch.mentions]
    if not mentions or any(mention.published != mentions[0].published for mention in mentions):
        return None
    return mentions[0].text, [(mention.start, mention.end) for mention in mentions], mentions[0].published


class _Context:
    """What the word rules need of the whole package, made once: the waivers, the vocabulary,
    each source's publication date and, where there are waivers to hold to the rows, each row's
    key; and what they checked so far (only where there are waivers: ``tracking``; a million
    figures' keys and sets of keys took 170 MB)."""

    def __init__(self, tables: dict[str, TypedTable], report: Report) -> None:
        self.tables, self.report = tables, report
        self.waivers = Waivers(tables.get("waivers"), WAIVABLE)
        self.tracking = bool(self.waivers.by_key)
        self.vocabulary = vocabulary_of(tables)
        self.published = publication_dates(tables.get("sources"))
        self.checked: dict[str, Checked] = {}
        self.keys: dict[str, list[str]] = {}
        for rules in RULE_SETS:
            table = tables.get(rules.table)
            if table is None:
                continue
            self.checked[rules.table] = Checked()
            if self.tracking and not table.dropped:
                self.keys[rules.table] = [Row(table, i).key for i in range(len(table.lines))]


class WordChecks:
    """The word layer, run one seed at a time (:meth:`seed`, given each seed as the quote layer
    locates its rows; only the texts of seeds whose rules are waiting are held), then
    :meth:`finish` checks the waivers, and :meth:`close` stops the readers' workers.

    A seed's figures are read together: in this process or, with ``processes`` above one, in a
    worker process while this one locates the next seeds' rows
    (:class:`~ukcsa_data.reading.workers.Readers`). The rules then run seed by seed, in the order
    the seeds were given, so a row's problems come in the order of the seeds, each seed's rows in
    file order, however many processes read them."""

    def __init__(self, tables: dict[str, TypedTable], report: Report, processes: int = 1) -> None:
        self._context = _Context(tables, report)
        self._readers = Readers(self._context.vocabulary, processes)
        self._readers.start()  # while the quote layer reads the seeds a first time
        self._waiting: deque[_SeedRows] = deque()

    def seed(
        self, source_id: str, text: str, spans: Mapping[str, Mapping[int, tuple[str, int, int]]]
    ) -> None:
        """Check the figures and exclusions located in the seed of ``source_id``: now, or once the
        readings of the seeds given before it are known."""
        seed = _SeedRows([])
        for rules in RULE_SETS:
            table = self._context.tables.get(rules.table)
            if table is not None:
                rows = sorted(spans.get(rules.table, {}).items())
                seed.batches.append(_mentions(rules, table, rows, text, self._context))
        for batch in seed.batches:
            together = _read_together(batch) if batch.rules.table in _READ_BY_SEED else None
            if together is not None:
                self._readers.give(*together)
                seed.read = batch
        self._waiting.append(seed)
        self._check_waiting(most=_MOST_WAITING)

    def finish(self) -> None:
        """Check the seeds still waiting, then the waivers: each must silence a finding of a row
        that was checked."""
        self._check_waiting(most=0)
        context = self._context
        keys = {table: set(every) for table, every in context.keys.items()}
        context.waivers.check(context.report, context.checked, keys)

    def close(self) -> None:
        """Stop the readers' workers (after :meth:`finish`, or when the run stops early)."""
        self._readers.close()

    def _check_waiting(self, most: int) -> None:
        """Check the waiting seeds in order: each whose readings are known, and then, waiting for
        their readings, until at most ``most`` are left."""
        waiting = self._waiting
        while waiting and (len(waiting) > most or waiting[0].read is None or self._readers.ready()):
            seed = waiting.popleft()
            if seed.read is not None:
                readings = self._readers.take()
                for (_, mention), reading in zip(seed.read.mentions, readings, strict=True):
                    mention.read = reading
            try:
                for batch in seed.batches:
                    _check_batch(batch, self._context)
            finally:
                areas_in.cache_clear()  # the article's areas, once per seed
