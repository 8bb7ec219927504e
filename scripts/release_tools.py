"""Helpers of the release workflow (.github/workflows/release.yml), runnable locally.

``python scripts/release_tools.py plan [PACKAGE_DIR]`` prints, as ``name=value`` lines for
``$GITHUB_OUTPUT``, the version to release and whether to release it: ``release=true`` when
``datapackage.json``'s version differs from the newest ``vX.Y.Z`` tag in git and the package states
exactly that version (CHANGELOG.md's Unreleased lists nothing and ``## [X.Y.Z]`` is dated), as a
commit made by ``ukcsa-data release X.Y.Z`` does. A version below the newest tag exits 1.

``python scripts/release_tools.py notes OUT_FILE [PACKAGE_DIR]`` writes the CHANGELOG's entry for
the package's version (its dated ``## [X.Y.Z]``, or Unreleased for a build of unreleased work), the
release's notes.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from ukcsa_data.core.package_version import package_version
from ukcsa_data.core.semver import Version, changelog_sections, dotted, has_entry, parse


def newest_tag(root: Path) -> Version | None:
    """The highest version among the repository's ``vX.Y.Z`` tags (others are ignored)."""
    listed = subprocess.run(
        ["git", "-C", str(root), "tag", "--list", "v*"], check=True, capture_output=True, text=True
    ).stdout.split()
    versions = [version for tag in listed if (version := parse(tag[1:])) is not None]
    return max(versions, default=None)


def plan(root: Path) -> tuple[dict[str, str], str]:
    """The workflow's outputs, and a sentence saying why (raises ValueError for a lowered version)."""
    stated = str(json.loads((root / "datapackage.json").read_text(encoding="utf-8"))["version"])
    version, newest = parse(stated), newest_tag(root)
    if version is None:
        raise ValueError(f"datapackage.json's version {stated!r} is not MAJOR.MINOR.PATCH")
    outputs = {"version": stated, "tag": f"v{stated}", "release": "false"}
    if newest is not None and version < newest:
        raise ValueError(f"datapackage.json's version {stated} is below the newest tag v{dotted(newest)}")
    if version == newest:
        return outputs, f"v{stated} is already tagged: nothing to release"
    if package_version(root) != stated:
        return outputs, "CHANGELOG.md's Unreleased lists changes: not a release commit"
    if not has_entry((root / "CHANGELOG.md").read_text(encoding="utf-8"), stated):
        return outputs, f"CHANGELOG.md has no entry for {stated}: not a release commit"
    return {**outputs, "release": "true"}, f"releasing v{stated}"


def notes(root: Path) -> str:
    """The body of CHANGELOG.md's entry for the version the package states."""
    stated = package_version(root)
    section = "unreleased" if "+" in stated else stated
    return changelog_sections((root / "CHANGELOG.md").read_text(encoding="utf-8")).get(section, "") + "\n"


def main(argv: list[str]) -> int:
    if argv[:1] == ["plan"] and len(argv) <= 2:
        try:
            outputs, reason = plan(Path(argv[1] if len(argv) == 2 else "."))
        except ValueError as error:
            print(f"release plan: {error}", file=sys.stderr)
            return 1
        print("\n".join(f"{name}={value}" for name, value in outputs.items()))
        print(f"release plan: {reason}", file=sys.stderr)
        return 0
    if argv[:1] == ["notes"] and len(argv) in (2, 3):
        Path(argv[1]).write_text(notes(Path(argv[2] if len(argv) == 3 else ".")), encoding="utf-8")
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
