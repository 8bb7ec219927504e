"""Whether NEW's version and changelog fit what changed since OLD.

A change that needs a bump passes when NEW's version is at least OLD's version with that bump and
CHANGELOG.md has an entry for it; or, before a release, when the version is unchanged and the
changelog's ``Unreleased`` section describes the change (the release then needs that bump).
"""

from __future__ import annotations

from dataclasses import dataclass

from ukcsa_data.versioning import semver
from ukcsa_data.versioning.changes import Difference


@dataclass(frozen=True)
class Verdict:
    """Whether the version fits (``ok``), and why, in one sentence."""

    ok: bool
    message: str


#: Tables whose ids are released identifiers: removing one needs a row in ``retired``.
RETIRABLE = {"figures": "figure_id", "sources": "source_id", "relations": "relation_id"}


def unretired(diff: Difference) -> list[str]:
    """Released ids removed in NEW with no row for them in NEW's ``retired`` table."""
    retired_table = diff.new.tables.get("retired")
    retired = {(r.get("table"), r.get("id")) for r in retired_table.rows} if retired_table else set()
    missing = []
    for table, id_field in RETIRABLE.items():
        rows = diff.rows.get(table)
        if rows is not None and rows.key == [id_field]:
            missing += [f"{table} {key}" for key in rows.removed if (table, key) not in retired]
    return missing


def judge(diff: Difference) -> Verdict:
    """The verdict on NEW's ids, version and changelog."""
    missing = unretired(diff)
    if missing:
        shown = ", ".join(missing[:10]) + (f" and {len(missing) - 10:,} more" if len(missing) > 10 else "")
        return Verdict(
            False, f"removed without a row in the retired table: {shown}; retire each id (README, Versioning)"
        )
    required = diff.bump
    old, new = semver.parse(diff.old.version), semver.parse(diff.new.version)
    if old is None or new is None:
        return Verdict(False, f"version {diff.old.version!r} -> {diff.new.version!r} is not X.Y.Z")
    if new < old:
        return Verdict(False, f"the version went down, {semver.show(old)} -> {semver.show(new)}")
    if required == "none":
        return Verdict(True, "no change needs a new version")
    needed = semver.bumped(old, required)
    if new == old:
        if semver.has_entry(diff.new.changelog, "unreleased"):
            return Verdict(
                True,
                f"unreleased: CHANGELOG.md describes it; the release must be {semver.show(needed)} or later",
            )
        return Verdict(
            False,
            f"a {required} change with the version unchanged ({semver.show(new)}) and no entry under "
            "'## [Unreleased]' in CHANGELOG.md: describe it there",
        )
    if new < needed:
        return Verdict(
            False, f"a {required} change needs version {semver.show(needed)} or later, not {semver.show(new)}"
        )
    if not semver.has_entry(diff.new.changelog, semver.show(new)):
        return Verdict(False, f"CHANGELOG.md has no entry '## [{semver.show(new)}]'")
    return Verdict(True, f"{semver.show(new)} fits a {required} change")
