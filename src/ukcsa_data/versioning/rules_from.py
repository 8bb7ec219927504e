"""``validate --rules-from GIT_REF|DIR``: check the data against a base version's rules (its
Table Schemas, plausibility bounds and waivers), so a change cannot loosen a rule and rely on the
looser rule at the same time. The loosening itself shows in ``diff``. A base older than 2.0.0
has its bounds in the library (``src/ukcsa_data/rules/plausibility.csv``), read from its commit.

Bad: a pull request that raises a bound in dataset/bounds.csv and adds a figure above the old bound.
Good: the bound raised in one reviewed change, and the figure added once that change is the base.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from ukcsa_data.plausibility import bounds_from
from ukcsa_data.validation.problems import Report
from ukcsa_data.validation.runner import CannotRun, validate_package
from ukcsa_data.versioning.snapshot import RULES_FILE, Snapshot, SnapshotError, from_folder, from_git

_SCHEMA_PATH = re.compile(r"schemas/[a-z0-9_-]+\.schema\.json")
_TABLE_PATH = re.compile(r"dataset/[a-z0-9_-]+\.csv")
PARTS = ("datapackage.json", "dataset", "schemas", "seeds")
#: Tables that are rules, not data: taken from the base too.
RULE_TABLES = ("waivers", "bounds")


def base_of(package_dir: Path, source: str) -> Snapshot:
    """The base version: a folder, or a commit of the package's repository."""
    return from_folder(Path(source)) if Path(source).is_dir() else from_git(package_dir, source)


def _copy(package_dir: Path, root: Path) -> None:
    root.mkdir()
    for part in PARTS:
        source = package_dir / part
        if source.is_symlink() or not source.exists():
            continue  # the validator reports it on the package itself
        if source.is_dir():
            shutil.copytree(source, root / part, symlinks=True)
        else:
            shutil.copyfile(source, root / part)


def _take_rules(root: Path, base: Snapshot) -> None:
    """Put the base's schemas and rule tables in place of the package's, where both have them."""
    path = root / "datapackage.json"
    try:
        descriptor: Any = json.loads(path.read_text(encoding="utf-8"))
        resources = [r for r in descriptor["resources"] if isinstance(r, dict)]
    except (OSError, ValueError, KeyError, TypeError):
        return  # the validator reports the descriptor as it is
    base_resources = {r.get("name"): r for r in base.descriptor["resources"] if isinstance(r, dict)}
    for resource in resources:
        old = base_resources.get(resource.get("name"))
        if old is None:
            continue
        if _SCHEMA_PATH.fullmatch(str(resource.get("schema"))) and (
            data := base.read(str(old.get("schema")))
        ):
            (root / str(resource["schema"])).write_bytes(data)
        if resource.get("name") in RULE_TABLES and _TABLE_PATH.fullmatch(str(resource.get("path"))):
            data = base.read(str(old.get("path")))
            if data is not None:
                (root / str(resource["path"])).write_bytes(data)
                resource["hash"], resource["bytes"] = "sha256:" + hashlib.sha256(data).hexdigest(), len(data)
    path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def validate_with_rules_from(package_dir: Path, source: str) -> Report:
    """Validate ``package_dir``'s data with the rules of ``source`` (a folder or a git revision)."""
    if not package_dir.is_dir():
        raise CannotRun(f"{package_dir} is not a directory")
    base = base_of(package_dir, source)
    has_bounds = any(isinstance(r, dict) and r.get("name") == "bounds" for r in base.descriptor["resources"])
    rules = None if has_bounds else base.read(RULES_FILE)
    with tempfile.TemporaryDirectory(prefix="ukcsa-rules-from-") as folder:
        root = Path(folder) / "package"
        _copy(package_dir, root)
        _take_rules(root, base)
        if rules is None:
            report = validate_package(root)
        else:
            with bounds_from(rules.decode("utf-8")):
                report = validate_package(root)
    report.package_dir = str(package_dir)  # problems name the package's own files
    return report


__all__ = ["SnapshotError", "validate_with_rules_from"]
