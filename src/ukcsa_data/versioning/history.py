"""Releases found from git history: a release is a commit that sets a new ``version`` in
``datapackage.json``. Works in a fresh clone (it needs the history, not a tag or a checkout)."""

from __future__ import annotations

import json
from pathlib import Path

from ukcsa_data.versioning.snapshot import SnapshotError, git


def _version_at(repo: Path, commit: str) -> str | None:
    raw = git(repo, "show", f"{commit}:datapackage.json")
    if raw is None:
        return None
    try:
        version = json.loads(raw.decode("utf-8")).get("version")
    except (ValueError, AttributeError, UnicodeDecodeError):
        return None
    return version if isinstance(version, str) else None


def last_release(repo: Path) -> tuple[str, str]:
    """The newest commit that set a new version in datapackage.json, and that version."""
    log = git(repo, "log", "--format=%H", "--first-parent", "--", "datapackage.json")
    if log is None:
        raise SnapshotError(f"{repo} is not a git repository with history (a fresh clone needs full history)")
    commits = log.decode().split()
    if not commits:
        raise SnapshotError("no commit of datapackage.json: nothing has been released")
    versions = [(commit, _version_at(repo, commit)) for commit in commits]  # newest first
    for (commit, version), (_, before) in zip(versions, [*versions[1:], ("", None)], strict=True):
        if version is not None and version != before:
            return commit, version
    raise SnapshotError("no commit sets a version in datapackage.json")
