"""Releases found from git history, newest first, in a bounded walk.

A release is the commit a tag ``vX.Y.Z`` points at (X.Y.Z being the ``version`` its
``datapackage.json`` states), or else the commit that set a new ``version`` in
``datapackage.json``: the oldest of a run of commits on HEAD's first-parent line that state one
version. The walk reads the version of each commit that changed ``datapackage.json``, newest first
(one ``git log``, one ``git cat-file --batch``), and stops as soon as it has the releases asked
for, at the first version that has a release tag (the releases below it are then the tags below
it), or after ``MAX_COMMITS`` commits, which is an error naming the way out (tag the release).
It works in a fresh clone with full history; it needs no checkout.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ukcsa_data.core import limits, semver
from ukcsa_data.versioning.snapshot import SnapshotError, git

#: The most commits that changed datapackage.json the walk reads before it gives up.
MAX_COMMITS = 1_000
_DESCRIPTOR = "datapackage.json"


class NoHistory(SnapshotError):
    """The folder is not in a git repository, or nothing in it has committed datapackage.json."""


@dataclass(frozen=True)
class Release:
    """A released version and its commit (and its tag, if it has one)."""

    commit: str
    version: str
    tag: str | None = None

    @property
    def label(self) -> str:
        return f"release {self.version} ({self.tag or self.commit[:10]})"


def release_tags(repo: Path) -> dict[str, Release]:
    """The tags ``vX.Y.Z`` that HEAD contains, by version."""
    out = git(
        repo,
        "for-each-ref",
        "--merged=HEAD",
        "--format=%(refname:strip=2) %(objectname) %(*objectname)",
        "refs/tags",
    )
    tags: dict[str, Release] = {}
    for line in (out or b"").decode("utf-8", errors="replace").splitlines():
        name, *objects = line.split()
        if name.startswith("v") and semver.parse(name[1:]) is not None:
            tags[name[1:]] = Release(objects[-1], name[1:], name)  # the commit an annotated tag points at
    return tags


def _version_in(data: bytes) -> str | None:
    try:
        version = json.loads(data.decode("utf-8")).get("version")
    except (ValueError, AttributeError, UnicodeDecodeError):
        return None
    return version if isinstance(version, str) and semver.parse(version) is not None else None


def _skip(stream: IO[bytes], size: int) -> None:
    """Read and drop ``size`` bytes of ``stream``."""
    while size > 0:
        chunk = stream.read(min(size, 1 << 20))
        if not chunk:
            return
        size -= len(chunk)


def versions(repo: Path, limit: int) -> Iterator[tuple[str, str | None]]:
    """(commit, version) for each commit on HEAD's first-parent line that changed
    datapackage.json, newest first, at most ``limit``; the version is None where the file states
    no MAJOR.MINOR.PATCH version."""
    log = git(repo, "log", "--first-parent", f"--max-count={limit}", "--format=%H", "--", _DESCRIPTOR)
    if log is None:
        raise NoHistory(f"{repo} is not in a git repository with commits (a fresh clone needs full history)")
    commits = log.decode().split()
    if not commits:
        return
    process = subprocess.Popen(
        ["git", "-C", str(repo), "cat-file", "--batch"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert process.stdin is not None and process.stdout is not None
    try:
        for commit in commits:
            process.stdin.write(f"{commit}:{_DESCRIPTOR}\n".encode())
            process.stdin.flush()
            header = process.stdout.readline().split()
            if len(header) != 3:  # "<name> missing": the commit deleted the file
                yield commit, None
                continue
            size = int(header[2])
            if size > limits.active().descriptor_bytes:  # read as stating no version
                _skip(process.stdout, size + 1)
                yield commit, None
                continue
            data = process.stdout.read(size)
            process.stdout.read(1)
            yield commit, _version_in(data)
    finally:
        process.stdin.close()
        process.kill()
        process.wait()


def _runs(repo: Path, tags: dict[str, Release], limit: int) -> Iterator[Release]:
    """The release of each run of one version, newest first: its tag, yielded as the run starts,
    or its oldest commit, yielded as the next older version shows where the run began."""
    current: str | None = None
    oldest = ""
    for walked, (commit, version) in enumerate(versions(repo, limit + 1)):
        if walked == limit:
            raise SnapshotError(
                f"the newest {limit:,} commits that changed {_DESCRIPTOR} do not reach the commit "
                f"that set version {current}: tag that commit v{current} (docs/versioning.md), "
                "or compare with --base COMMIT"
            )
        if version is None or version == current:
            oldest = commit if version else oldest
            continue
        if current is not None and current not in tags:
            yield Release(oldest, current)
        current, oldest = version, commit
        if version in tags:
            yield tags[version]
    if current is not None and current not in tags:
        if git(repo, "rev-parse", "--is-shallow-repository") == b"true\n":
            raise SnapshotError(
                f"the clone is shallow, so the commit that set version {current} may be missing: "
                "fetch the full history (git fetch --unshallow; in CI, fetch-depth: 0) or tag the release"
            )
        yield Release(oldest, current)


def releases(repo: Path, wanted: int = 2, limit: int = MAX_COMMITS) -> list[Release]:
    """The newest ``wanted`` releases HEAD contains, newest first (fewer if history has fewer).

    Raises :class:`NoHistory` outside a repository or before the first commit of
    datapackage.json, and :class:`SnapshotError` when ``limit`` commits do not reach the releases
    asked for.
    """
    tags = release_tags(repo)
    found: list[Release] = []
    for release in _runs(repo, tags, limit):
        if any(release.version == seen.version for seen in found):
            continue  # a version stated again after another: its newest run is its release
        found.append(release)
        if len(found) >= wanted:
            break
        if release.tag:  # the newest release tag: the releases below it are the tags below it
            below = [v for v in tags if _key(v) < _key(release.version)]
            if below:
                found += [tags[v] for v in sorted(below, key=_key, reverse=True)]
                break
    if not found:
        raise NoHistory(f"no commit of {_DESCRIPTOR} in {repo} states a version: nothing has been released")
    return found[:wanted]


def _key(version: str) -> semver.Version:
    return semver.parse(version) or (-1, -1, -1)
