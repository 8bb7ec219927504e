"""Whether NEW's version and changelog fit what changed since OLD.

A change that needs a bump passes when NEW's version is at least OLD's version with that bump and
CHANGELOG.md has an entry for it; or, before a release, when the version is unchanged and the
changelog's ``Unreleased`` section has a line that OLD's lacked (an old line does not describe a
new change). Either way the entries OLD had released are unchanged, and each identifier removed
is retired in the release that removes it (``retired_in``): NEW's version, or before a release the
version the change needs.
"""

from __future__ import annotations

from dataclasses import dataclass

from ukcsa_data.core import semver
from ukcsa_data.core.contract import RETIRABLE_IDS
from ukcsa_data.versioning import changelog
from ukcsa_data.versioning.changes import Difference


@dataclass(frozen=True)
class Verdict:
    """Whether the version fits (``ok``), and why, in one sentence."""

    ok: bool
    message: str


def _removed_ids(diff: Difference) -> list[tuple[str, str]]:
    """(table, id) of each released identifier NEW no longer has."""
    removed = []
    for table, id_field in RETIRABLE_IDS.items():
        rows = diff.rows.get(table)
        if rows is not None and rows.key == [id_field]:
            removed += [(table, key) for key in rows.removed]
    return removed


def _retired_in(diff: Difference) -> dict[tuple[str, str], str]:
    """NEW's retired rows: (table, id) -> retired_in."""
    table = diff.new.tables.get("retired")
    rows = table.rows if table else []
    return {(r.get("table") or "", r.get("id") or ""): r.get("retired_in") or "" for r in rows}


def unretired(diff: Difference) -> list[str]:
    """Released ids removed in NEW with no row for them in NEW's ``retired`` table."""
    retired = _retired_in(diff)
    return [f"{table} {key}" for table, key in _removed_ids(diff) if (table, key) not in retired]


def misdated_retirements(diff: Difference, release: str) -> list[str]:
    """Ids removed in NEW whose ``retired_in`` is not ``release``, the release that removes them."""
    retired = _retired_in(diff)
    return [
        f"{table} {key} (retired_in {retired[table, key] or '(empty)'})"
        for table, key in _removed_ids(diff)
        if retired.get((table, key), release) != release
    ]


def _listed(items: list[str]) -> str:
    return ", ".join(items[:10]) + (f" and {len(items) - 10:,} more" if len(items) > 10 else "")


def _before_the_bump(diff: Difference) -> Verdict | None:
    """What fails whatever changed: an id removed unretired, a version that is not X.Y.Z or went
    down, a released changelog entry changed."""
    missing = unretired(diff)
    if missing:
        return Verdict(
            False,
            f"removed without a row in the retired table: {_listed(missing)}; "
            "retire each id (docs/versioning.md)",
        )
    old, new = semver.parse(diff.old.version), semver.parse(diff.new.version)
    if old is None or new is None:
        return Verdict(False, f"version {diff.old.version!r} -> {diff.new.version!r} is not X.Y.Z")
    if new < old:
        return Verdict(False, f"the version went down, {semver.dotted(old)} -> {semver.dotted(new)}")
    edited = changelog.edited_releases(diff.old.changelog, diff.new.changelog)
    if edited:
        return Verdict(
            False,
            f"CHANGELOG.md: {'; '.join(edited)}; a released entry never changes: describe a correction "
            "under '## [Unreleased]'",
        )
    return None


def judge(diff: Difference) -> Verdict:
    """The verdict on NEW's ids, version and changelog."""
    problem = _before_the_bump(diff)
    if problem is not None:
        return problem
    old, new = semver.parse(diff.old.version), semver.parse(diff.new.version)
    assert old is not None and new is not None  # checked above
    required = diff.bump
    if required == "none":
        return Verdict(True, "no change needs a new version")
    needed = semver.bumped(old, required)
    if old < new < needed:
        return Verdict(
            False,
            f"a {required} change needs version {semver.dotted(needed)} or later, not {semver.dotted(new)}",
        )
    release = semver.dotted(new if new != old else needed)
    misdated = misdated_retirements(diff, release)
    if misdated:
        return Verdict(
            False,
            f"retired in the wrong release: {_listed(misdated)}; set retired_in to {release}, the release "
            "that removes them",
        )
    if new == old:
        if changelog.new_unreleased_items(diff.old.changelog, diff.new.changelog):
            return Verdict(
                True, f"unreleased: CHANGELOG.md describes it; the release must be {release} or later"
            )
        return Verdict(
            False,
            f"a {required} change with the version unchanged ({semver.dotted(new)}) and no new line under "
            "'## [Unreleased]' in CHANGELOG.md (a line already there describes an earlier change): "
            "describe it there",
        )
    if not semver.has_entry(diff.new.changelog, semver.dotted(new)):
        return Verdict(False, f"CHANGELOG.md has no entry '## [{semver.dotted(new)}]'")
    return Verdict(True, f"{semver.dotted(new)} fits a {required} change")
