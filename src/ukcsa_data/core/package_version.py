"""The version a copy of the package states: the release it is, or that it follows a release.

The rule, which needs no network and no git, so it holds in a checkout, an sdist and a wheel: the
version is ``datapackage.json``'s ``version`` when CHANGELOG.md's ``## [Unreleased]`` section lists
nothing (as ``ukcsa-data release`` leaves it), and that version with the PEP 440 local label
``+unreleased`` (``1.0.0+unreleased``) while the section lists changes not yet released. A copy
with no CHANGELOG.md beside its descriptor states the descriptor's version as it is.

``ukcsa_data.__version__``, ``ukcsa-data --version``, ``info``, the exports, the Datasette
metadata and the built distribution (``hatch_build.py``) all state this version. The package index
refuses local versions, so an unreleased build cannot be published by mistake.
"""

from __future__ import annotations

from pathlib import Path

from ukcsa_data.core.package_files import DESCRIPTOR, read_bytes, read_json
from ukcsa_data.core.semver import has_entry

UNRELEASED_LABEL = "unreleased"
CHANGELOG = "CHANGELOG.md"
#: The most of CHANGELOG.md read (it is about 12 KB today).
CHANGELOG_BYTES = 4 * 1024 * 1024


def stated_version(release: str, changelog: str | None) -> str:
    """``release``, or ``release+unreleased`` when ``changelog``'s Unreleased section lists changes."""
    if changelog is not None and has_entry(changelog, "unreleased"):
        return f"{release}+{UNRELEASED_LABEL}"
    return release


def package_version(package_dir: str | Path) -> str:
    """The version the package in ``package_dir`` states (see the module's rule)."""
    root = Path(package_dir)
    descriptor = read_json(root, DESCRIPTOR)
    release = str(descriptor.get("version", "")) if isinstance(descriptor, dict) else ""
    if not (root / CHANGELOG).exists() and not (root / CHANGELOG).is_symlink():
        return stated_version(release, None)
    changelog = read_bytes(root, CHANGELOG, CHANGELOG_BYTES)  # never through a link
    return stated_version(release, changelog.decode("utf-8", errors="replace"))
