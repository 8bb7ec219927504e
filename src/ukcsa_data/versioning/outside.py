"""The files changed outside the data since a git commit: the code, schemas, workflows and bounds
that decide how the data are judged.

The check of a pull request runs the base's validator, so a change to these does not judge the
pull request that makes it; ``diff --base REF`` (and ``--since-release``) lists each changed one
under "Changed outside the data", so that a reviewer sees it. The paths are relative to the
repository's top folder, as git writes them (``git diff --name-only``), compared with the working
tree (committed or not; new files that git does not ignore count too).
"""

from __future__ import annotations

import os
from pathlib import Path

from ukcsa_data.versioning.snapshot import SnapshotError, git

#: What counts as outside the data: folders (ending in ``/``) and files, relative to the top folder.
WATCHED = (
    "src/",
    "schemas/",
    ".github/",
    "dataset/bounds.csv",
    "pyproject.toml",
    ".ci/",
    "tests/",
)


def is_watched(path: str) -> bool:
    """Whether ``path`` (relative to the top folder, with ``/``) is outside the data (``WATCHED``)."""
    return any(path.startswith(w) if w.endswith("/") else path == w for w in WATCHED)


def _names(output: bytes | None, what: str) -> list[str]:
    if output is None:
        raise SnapshotError(f"git cannot list the {what}")
    return [os.fsdecode(name) for name in output.split(b"\0") if name]


def changed_outside_data(repo: Path, commit: str) -> list[str]:
    """The paths under ``WATCHED`` that differ between ``commit`` and the working tree of the
    repository at ``repo``, sorted (``commit`` is a commit already checked, never an option)."""
    top = git(repo, "rev-parse", "--show-toplevel")
    if top is None:
        raise SnapshotError(f"{repo} is not in a git repository")
    root = Path(os.fsdecode(top.rstrip(b"\n")))
    changed = _names(git(root, "diff", "--name-only", "--no-renames", "-z", commit, "--"), "changed files")
    changed += _names(git(root, "ls-files", "-z", "--others", "--exclude-standard"), "new files")
    return sorted({path for path in changed if is_watched(path)})
