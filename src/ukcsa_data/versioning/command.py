"""``ukcsa-data diff``: choose the two versions, compare them, judge the version, format."""

from __future__ import annotations

from pathlib import Path

from ukcsa_data.versioning.changes import difference
from ukcsa_data.versioning.history import last_release
from ukcsa_data.versioning.report import FORMATS
from ukcsa_data.versioning.snapshot import Snapshot, SnapshotError, from_folder, from_git


def _old(old: str | None, new_folder: Path, base: str | None, since_release: bool) -> Snapshot:
    chosen = [bool(old), base is not None, since_release]
    if sum(chosen) != 1:
        raise SnapshotError("name the old version once: OLD, --base GIT_REF or --since-release")
    if old:
        return from_folder(Path(old))
    if base is not None:
        return from_git(new_folder, base)
    commit, version = last_release(new_folder)
    snapshot = from_git(new_folder, commit)
    snapshot.label = f"release {version} ({commit[:10]})"
    return snapshot


def run(
    old: str | None, new: str | None, base: str | None, since_release: bool, form: str
) -> tuple[str, bool]:
    """The report in ``form`` and whether the version fits the change."""
    from ukcsa_data.versioning.verdict import judge

    if (base is not None or since_release) and old and not new:
        old, new = None, old  # one folder with --base or --since-release is the new version
    new_folder = Path(new or ".")
    old_snapshot = _old(old, new_folder, base, since_release)
    diff = difference(old_snapshot, from_folder(new_folder))
    verdict = judge(diff)
    return FORMATS[form](diff, verdict), verdict.ok
