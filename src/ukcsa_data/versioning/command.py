"""``ukcsa-data diff``: choose the two versions, compare them, judge the version, format."""

from __future__ import annotations

from pathlib import Path

from ukcsa_data.versioning.changes import difference
from ukcsa_data.versioning.history import last_release
from ukcsa_data.versioning.outside import changed_outside_data
from ukcsa_data.versioning.report import FORMATS, Compared
from ukcsa_data.versioning.snapshot import Snapshot, SnapshotError, from_folder, from_git


def _old(
    old: str | None, new_folder: Path, base: str | None, since_release: bool
) -> tuple[Snapshot, str | None]:
    """The old version, and the git commit it was read from (None for a folder)."""
    chosen = [bool(old), base is not None, since_release]
    if sum(chosen) != 1:
        raise SnapshotError("name the old version once: OLD, --base GIT_REF or --since-release")
    if old:
        return from_folder(Path(old)), None
    if base is not None:
        return from_git(new_folder, base), base
    commit, version = last_release(new_folder)
    snapshot = from_git(new_folder, commit)
    snapshot.label = f"release {version} ({commit[:10]})"
    return snapshot, commit


def run(
    old: str | None, new: str | None, base: str | None, since_release: bool, form: str
) -> tuple[str, bool]:
    """The report in ``form`` and whether the version fits the change. When the old version is a
    git commit, the report lists the paths changed outside the data since it (``outside``)."""
    from ukcsa_data.versioning.verdict import judge

    if (base is not None or since_release) and old and not new:
        old, new = None, old  # one folder with --base or --since-release is the new version
    new_folder = Path(new or ".")
    old_snapshot, commit = _old(old, new_folder, base, since_release)
    diff = difference(old_snapshot, from_folder(new_folder))
    verdict = judge(diff)
    outside = None if commit is None else changed_outside_data(new_folder, commit)
    return FORMATS[form](Compared(diff, verdict, outside)), verdict.ok
