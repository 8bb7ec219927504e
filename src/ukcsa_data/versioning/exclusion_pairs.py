"""A corrected exclusion is one row changed, not one removed and one added.

An exclusion has no identifier: its key is (source_id, quote, occurrence, text), so correcting its
quote (a typo, a longer or shorter passage) changes the key. ``diff`` takes a removed and an added
exclusion for one row corrected when they exclude the same ``text`` of the same article at the
same place: the same ``source_id`` and ``text``, and the same position of that text in the
article (where the quote's ``occurrence`` starts, plus where the text is in the quote). A row
whose position cannot be found (its quote is not in the seed) is matched when it is the only
removed and the only added row with that source_id and text, and the other side's position does
not say otherwise. A waiver row that names a corrected exclusion by its key follows it: the removed
waiver and the added one with the new key are one waiver changed. The contract is unchanged: no
key column is added.

At most ``MAX_LOCATED`` rows are located in their seeds (each within the ``seed_bytes`` limit);
past that the rest stay removed and added, which asks for the larger bump.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ukcsa_data.versioning.snapshot import Snapshot, Table

if TYPE_CHECKING:
    from ukcsa_data.versioning.changes import RowChanges

RESOURCE, WAIVERS = "exclusions", "waivers"
#: The most rows located in their seeds in one comparison.
MAX_LOCATED = 1_000
#: An occurrence above this is not looked for (it is not located).
_MAX_OCCURRENCE = 1_000


@dataclass
class _Locator:
    """Finds where a row's text is in its article, for one version."""

    snapshot: Snapshot
    budget: list[int]
    seeds: dict[str, str | None]

    def seed(self, source_id: str) -> str | None:
        if source_id not in self.seeds:
            sources = self.snapshot.tables.get("sources")
            files = [
                r.get("seed_file") or ""
                for r in (sources.rows if sources else [])
                if r.get("source_id") == source_id
            ]
            raw = self.snapshot.read(files[0]) if len(files) == 1 and files[0] else None
            self.seeds[source_id] = raw.decode("utf-8", errors="replace") if raw is not None else None
        return self.seeds[source_id]

    def position(self, row: dict[str, str]) -> int | None:
        """Where ``row``'s text starts in its article, or None if that cannot be found."""
        quote, text = row.get("quote") or "", row.get("text") or ""
        try:
            occurrence = int(row.get("occurrence") or "")
        except ValueError:
            return None
        if not quote or not 1 <= occurrence <= _MAX_OCCURRENCE or text not in quote or self.budget[0] <= 0:
            return None
        self.budget[0] -= 1
        seed = self.seed(row.get("source_id") or "")
        start = -1
        for _ in range(occurrence):
            start = seed.find(quote, start + 1) if seed is not None else -1
            if start < 0:
                return None
        return start + quote.index(text)


def _pair_group(at_old: dict[str, int | None], at_new: dict[str, int | None]) -> list[tuple[str, str]]:
    """Pairs (removed key, added key) of one source_id and text: the same position, then the one
    removed and one added row left when a position is unknown."""
    pairs = []
    added = list(at_new)
    for key, position in at_old.items():
        match = next((a for a in added if position is not None and at_new[a] == position), None)
        if match is not None:
            pairs.append((key, match))
            added.remove(match)
    left = [key for key in at_old if key not in {old for old, _ in pairs}]
    if len(left) == 1 and len(added) == 1 and None in (at_old[left[0]], at_new[added[0]]):
        pairs.append((left[0], added[0]))
    return pairs


def _pairs(old: Snapshot, new: Snapshot, rows: RowChanges) -> list[tuple[str, str]]:
    """(removed key, added key) of each exclusion corrected."""
    before, after = old.tables[RESOURCE].by_key(rows.key), new.tables[RESOURCE].by_key(rows.key)
    groups: dict[tuple[str, str], tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
    for key in rows.removed:
        groups[before[key].get("source_id") or "", before[key].get("text") or ""][0].append(key)
    for key in rows.added:
        groups[after[key].get("source_id") or "", after[key].get("text") or ""][1].append(key)
    budget = [MAX_LOCATED]
    located_old, located_new = _Locator(old, budget, {}), _Locator(new, budget, {})
    pairs: list[tuple[str, str]] = []
    for removed, added in groups.values():
        if removed and added:
            at_old = {key: located_old.position(before[key]) for key in removed}
            at_new = {key: located_new.position(after[key]) for key in added}
            pairs += _pair_group(at_old, at_new)
    return pairs


def _move(old: Table, new: Table, rows: RowChanges, pairs: list[tuple[str, str]]) -> None:
    """Each pair of a removed and an added row as one row changed, keyed on the removed row's key."""
    before, after = old.by_key(rows.key), new.by_key(rows.key)
    fields = [f for f in old.fields if f in new.fields]
    for old_key, new_key in pairs:
        rows.removed.remove(old_key)
        rows.added.remove(new_key)
        cells = [(f, before[old_key].get(f) or "", after[new_key].get(f) or "") for f in fields]
        rows.changed.append((old_key, [cell for cell in cells if cell[1] != cell[2]]))


def _waiver_pairs(old: Table, rows: RowChanges, renamed: dict[str, str]) -> list[tuple[str, str]]:
    """The waivers of corrected exclusions: a removed waiver whose row, with the exclusion's new
    key, is an added waiver."""
    before = old.by_key(rows.key)
    pairs = []
    for key in rows.removed:
        row = before[key]
        if row.get("resource") == RESOURCE and row.get("key") in renamed:
            moved = {**row, "key": renamed[row.get("key") or ""]}
            target = " | ".join(moved.get(k) or "" for k in rows.key)
            if target in rows.added:
                pairs.append((key, target))
    return pairs


def pair_corrected(old: Snapshot, new: Snapshot, rows: dict[str, RowChanges]) -> None:
    """Move each removed and added exclusion that are one row corrected, and the waiver rows that
    name it by its key, into ``changed``."""
    exclusions = rows.get(RESOURCE)
    if exclusions is None or not exclusions.removed or not exclusions.added:
        return
    pairs = _pairs(old, new, exclusions)
    _move(old.tables[RESOURCE], new.tables[RESOURCE], exclusions, pairs)
    waivers = rows.get(WAIVERS)
    if pairs and waivers is not None and waivers.removed and waivers.added:
        moved = _waiver_pairs(old.tables[WAIVERS], waivers, dict(pairs))
        _move(old.tables[WAIVERS], new.tables[WAIVERS], waivers, moved)
