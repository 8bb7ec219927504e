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


@pytest.fixture(scope="session")
def package_dir() -> Path:
    """The bundled package, as the library finds it."""
    from ukcsa_data.package_files import bundled_package_dir

    return bundled_package_dir()


def copy_package(source: Path, target: Path) -> Path:
    """Copy the parts of a data package to ``target`` (created) and return it."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PACKAGE_PARTS:
        if (source / part).is_dir():
            shutil.copytree(source / part, target / part)
        else:
            shutil.copy2(source / part, target / part)
    return target


@pytest.fixture
def package_copy(package_dir: Path, tmp_path: Path) -> Path:
    """A writable copy of the bundled package."""
    return copy_package(package_dir, tmp_path / "package")
