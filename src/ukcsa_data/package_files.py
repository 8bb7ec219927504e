"""Where the bundled data package lives, and the names of its parts."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path
from typing import Any

from ukcsa_data.contract import CONTRACT

DESCRIPTOR = "datapackage.json"
#: Resources in the order they are validated and loaded (referenced tables first): the contract's.
RESOURCE_NAMES = tuple(CONTRACT)


def bundled_package_dir() -> Path:
    """Return the folder holding ``datapackage.json``, ``dataset/``, ``schemas/`` and ``seeds/``.

    An installed wheel carries the package under ``ukcsa_data/package``; an editable install or a
    source checkout reads it from the repository root, two levels above ``src/ukcsa_data``.
    """
    inside_wheel = Path(str(files("ukcsa_data"))) / "package"
    if (inside_wheel / DESCRIPTOR).is_file():
        return inside_wheel
    checkout_root = Path(__file__).resolve().parents[2]
    if (checkout_root / DESCRIPTOR).is_file():
        return checkout_root
    raise FileNotFoundError(
        "the bundled data package is missing: reinstall ukcsa-data (expected "
        f"{inside_wheel / DESCRIPTOR} or {checkout_root / DESCRIPTOR})"
    )


def read_json(path: Path) -> Any:
    """Read a JSON file written in UTF-8."""
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)
