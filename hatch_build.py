"""The built distribution's version is the version the package states (hatchling metadata hook).

``datapackage.json``'s version, with ``+unreleased`` while CHANGELOG.md lists unreleased changes:
the one rule, :func:`ukcsa_data.core.package_version.package_version`, read from this source tree.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

from hatchling.metadata.plugin.interface import MetadataHookInterface


class StatedVersionHook(MetadataHookInterface):
    def update(self, metadata: dict[str, Any]) -> None:
        source = str(Path(self.root) / "src")
        sys.path.insert(0, source)  # this tree's module, not an installed ukcsa_data
        try:
            module = importlib.import_module("ukcsa_data.core.package_version")
        finally:
            sys.path.remove(source)
        metadata["version"] = module.package_version(Path(self.root))
