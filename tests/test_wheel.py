"""The wheel carries data, schemas and seeds: build it, install it in a fresh venv, load every table."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest
from conftest import REPO_ROOT

from ukcsa_data.core.package_version import package_version

pytestmark = pytest.mark.slow


def test_wheel_installs_into_a_fresh_venv_and_loads_every_table(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(REPO_ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("ukcsa_data-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        entry_points = archive.read(next(n for n in archive.namelist() if n.endswith("entry_points.txt")))
    assert "[datasette]\nukcsa_data = ukcsa_data.datasette_plugin" in entry_points.decode("utf-8")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    # Dependencies come from this environment (no network); ukcsa_data itself only from the wheel.
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--no-index",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    code = (
        "import json, ukcsa_data; from frictionless import Package;"
        "from ukcsa_data.core.package_files import bundled_package_dir;"
        "tables = ukcsa_data.load_all();"
        "print(json.dumps({'file': ukcsa_data.__file__, 'package': str(bundled_package_dir()),"
        "'version': ukcsa_data.__version__, 'rows': {k: len(v) for k, v in tables.items()},"
        "'seeds': sorted(p.name for p in (bundled_package_dir() / 'seeds').iterdir()),"
        "'descriptor': str(ukcsa_data.datapackage_path()),"
        "'frictionless': len(Package(str(ukcsa_data.datapackage_path()))"
        ".get_resource('figures').read_rows()),"
        "'described': ukcsa_data.describe('figures').column('value').type}))"
    )
    result = subprocess.run(
        [str(python), "-I", "-c", code], cwd=outside, check=True, capture_output=True, text=True
    )
    info = json.loads(result.stdout)
    assert info["file"].startswith(str(site)), info["file"]
    assert info["package"].startswith(str(site))
    assert info["version"] == package_version(REPO_ROOT)  # the wheel carries CHANGELOG.md too
    expected = {}
    for name in info["rows"]:
        with (REPO_ROOT / "dataset" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            expected[name] = sum(1 for _ in csv.DictReader(handle))
    assert info["rows"] == expected
    assert info["descriptor"] == info["package"] + "/datapackage.json"
    assert info["frictionless"] == expected["figures"]  # the README's frictionless snippet works
    assert info["described"] == "number"
    assert info["seeds"] == sorted(p.name for p in (REPO_ROOT / "seeds").glob("*.txt"))
    validate = subprocess.run(
        [str(python), "-I", "-m", "ukcsa_data.cli", "validate"], cwd=outside, capture_output=True, text=True
    )
    assert validate.returncode == 0, validate.stdout + validate.stderr
    # `site` renders the templates shipped in the wheel, from the bundled package
    site_out = outside / "site"
    made = subprocess.run(
        [str(python), "-I", "-m", "ukcsa_data.cli", "site", str(site_out)],
        cwd=outside,
        capture_output=True,
        text=True,
    )
    assert made.returncode == 0, made.stdout + made.stderr
    assert "Figures as reported in the press" in (site_out / "index.html").read_text(encoding="utf-8")
    assert (site_out / "site.css").is_file() and len(list((site_out / "articles").iterdir())) == len(
        info["seeds"]
    )
