"""Layer 5, provenance and coverage: every figure is where it says, and every number is accounted for.

For each seed the numeric tokens are found once; each figure or exclusion row is located by its
quote and occurrence (occurrences of a quote are found once per distinct quote, through the seed's
index of tokens or words, so a row costs its quote and the occurrences of the quote's rarest word,
not the length of the article), and the span of its value_text (or text) is matched to tokens by
bisection. Line numbers come from a count of line breaks per block of the seed, messages are built
only for the problems listed, and the seeds are bounded before they are read (``seed_bytes``,
``seeds_bytes``) and as they are tokenized (``seed_tokens``, ``seeds_tokens``). A seed's tokens are
two arrays of offsets (:class:`~.seed_tokens.SeedTokens`).

Seed by seed: every seed is first read, checked and tokenized, one at a time, keeping only its
tokens' offsets (so that ``seeds_tokens``, a limit on all seeds together, is known to hold before
any quote is checked); then each seed is read again, one at a time, its rows located and its
coverage checked, and its word index, occurrences and claims dropped before the next. Peak memory
follows the largest seed; what is kept of the others is the texts of seeds a located row points
at (for the word layer), at most ``seeds_bytes`` in all, and the offsets of their tokens, 8 bytes
a token up to ``seed_files._KEEP_TOKENS`` in all (a seed past that is tokenized again when its rows are
located). The problems of the rows come seed by seed (in the order of sources.csv), each seed's
figures then its exclusions in file order, so a quote's place and the budget of comparisons are
the same as row by row whenever the rows are ordered by source.

A located figure's value_text is then held to its row by the rules of
:data:`~.value_text.VALUE_TEXT_RULES`.

This module runs the layer; each part is a module of this folder: :mod:`.seed_files` (reading
the seeds safely), :mod:`.seed_tokens`, :mod:`.quote_index` and :mod:`.seed` (a seed's tokens,
the index that finds its quotes, and the seed as it is checked), :mod:`.missing_quote` (why a
quote is not found), :mod:`.hidden_characters` (invisible and bidi characters), :mod:`.locate`
(each row by its quote, occurrence and value_text), :mod:`.coverage` (every token covered once)
and :mod:`.value_text` (value_text against the row's numbers, unit and qualifier).
"""

from __future__ import annotations

from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ukcsa_data.core.problems import Report
from ukcsa_data.validation.l3_types.field_types import TypedTable
from ukcsa_data.validation.l5_provenance.coverage import report_uncovered
from ukcsa_data.validation.l5_provenance.locate import locate_rows, locating_fields, rows_by_source
from ukcsa_data.validation.l5_provenance.seed import Budget, Seed
from ukcsa_data.validation.l5_provenance.seed_files import (
    Tokenized,
    check_unlisted_seeds,
    load_seeds,
    reread_seed,
)
from ukcsa_data.validation.rules import unreadable_rows


@dataclass
class Located:
    """Where each located row's value_text (or text) is in its seed: row index -> (source_id,
    start, end), per table; and the text of each seed a located row points at, by source_id (the
    others are not kept for the layers after provenance)."""

    texts: dict[str, str] = field(default_factory=dict)
    spans: dict[str, dict[int, tuple[str, int, int]]] = field(default_factory=dict)

    def keep_text(self, source_id: str, text: str, _spans: object) -> None:
        """Keep the text of the seed of ``source_id`` (given as an ``each_seed`` is given it)."""
        self.texts[source_id] = text


_SPAN_FIELDS = (("figures", "value_text"), ("exclusions", "text"))
#: Where the rows located in one seed are: table -> row index -> (source_id, start, end).
SeedSpans = dict[str, dict[int, tuple[str, int, int]]]
#: Given each seed in turn once its rows are located: its source_id, its text and its rows' spans.
EachSeed = Callable[[str, str, SeedSpans], None]


def check_provenance(
    package_dir: Path,
    tables: dict[str, TypedTable],
    report: Report,
    each_seed: EachSeed | None = None,
    keep_spans: bool = True,
) -> Located:
    """Check seeds, quotes, value_text and that every numeric token is covered exactly once, seed
    by seed; return where each located row is, for the layers that read the words around it.

    With ``each_seed``, each seed a located row points at is given to it (after its rows are
    located and its coverage checked, before the next seed is read) and its text is not kept in
    the result: a later layer that reads the words seed by seed through it keeps peak memory at
    the largest seed. Without ``keep_spans`` the result holds no spans either (about 170 bytes a
    located row: 230 MB for a million figures and their exclusions)."""
    located = Located()
    sources = tables.get("sources")
    if sources is None:
        return located
    seeds = load_seeds(package_dir, sources, report)
    check_unlisted_seeds(package_dir, sources, report)
    present = [(name, tables[name], field) for name, field in _SPAN_FIELDS if name in tables]
    rows = {name: rows_by_source(table, field, seeds) for name, table, field in present}
    spans: dict[str, dict[int, tuple[str, int, int]]] = {name: {} for name, _, _ in present}
    judged = _coverage_judged(seeds, tables)
    budget = Budget()  # one for all the package's seeds
    for source_id, first in seeds.items():
        seed = reread_seed(package_dir, first, sources.path, report, budget)
        if seed is None:
            continue
        found = _check_seed(seed, source_id, present, rows, judged, report)
        for name, located_rows in found.items() if keep_spans else ():
            spans[name].update(located_rows)
        if any(found.values()):  # only a seed a located row points at is kept, or given
            (each_seed or located.keep_text)(source_id, seed.text, found)
        del seed  # before the next seed is read
    if keep_spans:
        located.spans = {name: dict(sorted(found.items())) for name, found in spans.items()}
    return located


def _check_seed(
    seed: Seed,
    source_id: str,
    present: list[tuple[str, TypedTable, str]],
    rows: dict[str, dict[str, array[int]]],
    judged: set[str] | None,
    report: Report,
) -> SeedSpans:
    """Locate the rows of one seed, then check its coverage if it is judged and all its rows were
    located; return the spans of the rows located."""
    all_located, found = True, SeedSpans((name, {}) for name, _, _ in present)
    for name, table, span_field in present:
        mine = rows[name].get(source_id, ())
        all_located &= locate_rows(table, span_field, source_id, mine, seed, report, found[name])
    if judged is not None and all_located and source_id not in judged:
        report_uncovered(seed, report)
    return found


def _coverage_judged(seeds: dict[str, Tokenized], tables: dict[str, TypedTable]) -> set[str] | None:
    """None if coverage cannot be judged for any seed (a table of rows is missing, or lost a row, or
    a row whose cells that locate it were not read names no seed read: it may have been meant to
    cover any seed's tokens); else the sources whose coverage is not judged, as they have such a
    row (a seed is also not judged if one of its rows was not located)."""
    figures, exclusions = tables.get("figures"), tables.get("exclusions")
    if figures is None or exclusions is None or figures.dropped or exclusions.dropped:
        return None
    unchecked = {
        table.columns["source_id"][row]
        for table, span_field in ((figures, "value_text"), (exclusions, "text"))
        for row in unreadable_rows(table, locating_fields(span_field))
    }
    return None if unchecked - set(seeds) else unchecked
