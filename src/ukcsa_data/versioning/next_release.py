"""What ``ukcsa-data release X.Y.Z`` checks before it writes: the package as the release would
leave it (version X.Y.Z, the CHANGELOG with its new entry) judged against the newest release in
git history, as ``diff --since-release`` judges the release commit once it is made.

Bad: ``release 1.3.0`` after a figure was removed since 1.2.0 (a major change). Good: ``release
2.0.0``, with the figure's ``retired_in`` 2.0.0.
"""

from __future__ import annotations

from pathlib import Path

from ukcsa_data.versioning.changes import difference
from ukcsa_data.versioning.command import release_snapshot
from ukcsa_data.versioning.history import NoHistory, releases
from ukcsa_data.versioning.snapshot import from_folder
from ukcsa_data.versioning.verdict import Verdict, judge


def judge_release(root: Path, version: str, changelog: str) -> tuple[Verdict | None, str]:
    """The verdict on releasing ``version`` with ``changelog``, and what it was compared with;
    no verdict (and why not) when git history has no release to compare with. Raises
    ``SnapshotError`` when a version cannot be read."""
    try:
        previous = releases(root, wanted=1)[0]
    except NoHistory as error:
        return None, f"not compared with an earlier release: {error}"
    new = from_folder(root)
    new.descriptor = {**new.descriptor, "version": version}
    new.changelog = changelog
    verdict = judge(difference(release_snapshot(root, previous), new))
    return verdict, previous.label
