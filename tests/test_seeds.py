"""Seeds are evidence: byte-identical to the shared originals and to the checksums in sources.csv."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest
from conftest import REPO_ROOT, SHARED_SEEDS


def test_seeds_are_byte_identical_to_the_shared_originals() -> None:
    if not SHARED_SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    originals = sorted(p.name for p in SHARED_SEEDS.glob("*.txt"))
    assert originals, "no shared seeds found"
    assert sorted(p.name for p in (REPO_ROOT / "seeds").glob("*.txt")) == originals
    for name in originals:
        assert (REPO_ROOT / "seeds" / name).read_bytes() == (SHARED_SEEDS / name).read_bytes(), name


def test_sources_record_each_seed_checksum(package_dir: Path) -> None:
    with (package_dir / "dataset" / "sources.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 4
    for row in rows:
        digest = hashlib.sha256((package_dir / row["seed_file"]).read_bytes()).hexdigest()
        assert digest == row["sha256"], row["seed_file"]
