"""ukcsa-data: figures reported in UK news articles about the scale of child sexual abuse.

>>> import ukcsa_data
>>> figures = ukcsa_data.load("figures")
>>> ukcsa_data.describe("figures").column("value").description  # what a column means
>>> ukcsa_data.datapackage_path()  # the bundled datapackage.json, for frictionless
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ukcsa_data.core.package_files import DESCRIPTOR, bundled_package_dir
from ukcsa_data.core.package_version import package_version
from ukcsa_data.describe import ColumnDescription, TableDescription, describe

if TYPE_CHECKING:
    from ukcsa_data.loader import load, load_all

__all__ = [
    "ColumnDescription",
    "TableDescription",
    "__version__",
    "datapackage_path",
    "describe",
    "load",
    "load_all",
]

#: The bundled package's version: ``datapackage.json``'s, with ``+unreleased`` while CHANGELOG.md
#: lists unreleased changes (see :mod:`ukcsa_data.core.package_version`).
__version__: str = package_version(bundled_package_dir())


def datapackage_path() -> Path:
    """The bundled package's ``datapackage.json`` (inside the installed wheel, or the checkout's),
    e.g. for ``frictionless.Package(str(ukcsa_data.datapackage_path()))``."""
    return bundled_package_dir() / DESCRIPTOR


def __dir__() -> list[str]:
    # `load` and `load_all` are imported lazily (below), so list them with the rest.
    return sorted({*globals(), *__all__})


def __getattr__(name: str) -> Any:
    # pandas is imported on first use of the loader, so `import ukcsa_data` and the CLI start fast.
    if name in ("load", "load_all"):
        from ukcsa_data import loader

        return getattr(loader, name)
    raise AttributeError(f"module 'ukcsa_data' has no attribute {name!r}")
