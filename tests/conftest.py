"""Shared fixtures and the hypothesis profiles.

Profiles: ``ci`` (default; deterministic, no example database, fast) and ``thorough`` (many more
examples, for local runs: ``HYPOTHESIS_PROFILE=thorough pytest``).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=25,
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "thorough",
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_SEEDS = REPO_ROOT.parent / "shared" / "seeds"
PACKAGE_PARTS = ("datapackage.json", "dataset", "schemas", "seeds")
#: What ``release`` reads and writes besides the package, with it: a scratch repository for releases.
RELEASE_PARTS = (*PACKAGE_PARTS, "CHANGELOG.md", "CITATION.cff", "README.md", "pyproject.toml")


@pytest.fixture(scope="session")
def package_dir() -> Path:
    """The bundled package, as the library finds it."""
    from ukcsa_data.core.package_files import bundled_package_dir

    return bundled_package_dir()


#: A git identity and no user or system configuration, for the tests' scratch repositories.
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Maintainer",
    "GIT_AUTHOR_EMAIL": "maintainer@example.org",
    "GIT_COMMITTER_NAME": "Maintainer",
    "GIT_COMMITTER_EMAIL": "maintainer@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}


def copy_package(source: Path, target: Path, parts: tuple[str, ...] = PACKAGE_PARTS) -> Path:
    """Copy ``parts`` of a data package (by default the package itself; a test of releases adds
    CHANGELOG.md, CITATION.cff...) to ``target`` (created) and return it."""
    target.mkdir(parents=True, exist_ok=True)
    for part in parts:
        if (source / part).is_dir():
            shutil.copytree(source / part, target / part)
        else:
            shutil.copy2(source / part, target / part)
    return target


@pytest.fixture
def package_copy(package_dir: Path, tmp_path: Path) -> Path:
    """A writable copy of the bundled package."""
    return copy_package(package_dir, tmp_path / "package")


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    """``ukcsa-data argv`` in-process: its exit code, stdout and stderr."""
    from contextlib import redirect_stderr, redirect_stdout
    from io import StringIO

    from ukcsa_data.cli import main

    out, err = StringIO(), StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()
