"""``ukcsa-data diff``: choose the two versions, compare them, judge the version, format.

With ``--since-release`` the old version is the newest release in git history
(``history.releases``). When NEW states that release's version (the release commit itself, or work
after it), that release is judged too, against the release before it, so a release committed with
too small a version fails after it is committed, whatever was pushed with it. With ``--base``, a
NEW that states a version the base does not (a release under review) is judged against the newest
release below that version as well, so the pull request fails as the push would.
"""

from __future__ import annotations

from pathlib import Path

from ukcsa_data.versioning.changes import Difference, difference
from ukcsa_data.versioning.history import NoHistory, Release, releases
from ukcsa_data.versioning.outside import changed_outside_data
from ukcsa_data.versioning.report import FORMATS, Compared
from ukcsa_data.versioning.snapshot import Snapshot, SnapshotError, commit_of, from_folder, from_git
from ukcsa_data.versioning.verdict import Verdict, judge


def release_snapshot(repo: Path, release: Release) -> Snapshot:
    """The package as released: read from the release's commit, labelled with it."""
    snapshot = from_git(repo, release.commit)
    if release.tag and snapshot.version != release.version:
        raise SnapshotError(
            f"the tag {release.tag} points at a commit whose datapackage.json states version "
            f"{snapshot.version!r}: a release tag names the version it releases"
        )
    snapshot.label = release.label
    return snapshot


def since_release(new_folder: Path, new: Snapshot) -> tuple[Difference, Verdict, str]:
    """NEW against the newest release, and that release against the one before it when NEW
    states its version: the difference to show, the verdict on both, and the commit of the
    release the difference starts from."""
    found = releases(new_folder, wanted=2)
    newest = release_snapshot(new_folder, found[0])
    work = difference(newest, new)
    verdict = judge(work)
    if len(found) < 2 or new.version != found[0].version:
        return work, verdict, found[0].commit
    release = difference(release_snapshot(new_folder, found[1]), newest)
    release_verdict = judge(release)
    unchanged = not work.changes and new.changelog == newest.changelog
    shown = release if unchanged else work  # the release commit itself shows what it released
    start = found[1].commit if unchanged else found[0].commit
    if release_verdict.ok:
        return shown, verdict if not unchanged else release_verdict, start
    message = f"{found[0].label} against {found[1].label}: {release_verdict.message}"
    if not verdict.ok:
        message += f"; since {found[0].label}: {verdict.message}"
    return shown, Verdict(False, message), start


def new_release_verdict(new_folder: Path, new: Snapshot) -> Verdict | None:
    """NEW, which states a version its base does not (a release under review), against the newest
    release in history below that version: the verdict ``--since-release`` gives once it is
    merged. None when history has no such release."""
    try:
        found = releases(new_folder, wanted=2)
    except NoHistory:
        return None
    previous = next((r for r in found if r.version != new.version), None)
    if previous is None:
        return None
    verdict = judge(difference(release_snapshot(new_folder, previous), new))
    return Verdict(verdict.ok, f"{new.version} against {previous.label}: {verdict.message}")


def _compare(
    old: str | None, new_folder: Path, base: str | None, since: bool
) -> tuple[Difference, Verdict, str | None]:
    """The difference, its verdict, and the git commit the old version was read from (None for a
    folder)."""
    if sum([bool(old), base is not None, since]) != 1:
        raise SnapshotError("name the old version once: OLD, --base GIT_REF or --since-release")
    new = from_folder(new_folder)
    if since:
        return since_release(new_folder, new)
    previous = from_folder(Path(old)) if old else from_git(new_folder, str(base))
    commit = None if old else commit_of(new_folder, str(base))
    if old and not new.has_changelog:
        previous.changelog = ""  # two folders, NEW with no CHANGELOG.md: no entry to keep
    diff = difference(previous, new)
    verdict = judge(diff)
    if base is not None and verdict.ok and new.version != diff.old.version:
        verdict = new_release_verdict(new_folder, new) or verdict
    return diff, verdict, commit


def run(
    old: str | None, new: str | None, base: str | None, since_release: bool, form: str
) -> tuple[str, bool]:
    """The report in ``form`` and whether the version fits the change. When the old version is a
    git commit, the report lists the paths changed outside the data since it (``outside``)."""
    if (base is not None or since_release) and old and not new:
        old, new = None, old  # one folder with --base or --since-release is the new version
    new_folder = Path(new or ".")
    diff, verdict, commit = _compare(old, new_folder, base, since_release)
    outside = None if commit is None else changed_outside_data(new_folder, commit)
    return FORMATS[form](Compared(diff, verdict, outside)), verdict.ok
