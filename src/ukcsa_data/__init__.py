"""ukcsa-data: figures reported in UK news articles about the scale of child sexual abuse.

>>> import ukcsa_data
>>> figures = ukcsa_data.load("figures")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ukcsa_data.package_files import bundled_package_dir
from ukcsa_data.package_version import package_version

if TYPE_CHECKING:
    from ukcsa_data.loader import load, load_all

__all__ = ["__version__", "load", "load_all"]

#: The bundled package's version: ``datapackage.json``'s, with ``+unreleased`` while CHANGELOG.md
#: lists unreleased changes (see :mod:`ukcsa_data.package_version`).
__version__: str = package_version(bundled_package_dir())


def __getattr__(name: str) -> Any:
    # pandas is imported on first use of the loader, so `import ukcsa_data` and the CLI start fast.
    if name in ("load", "load_all"):
        from ukcsa_data import loader

        return getattr(loader, name)
    raise AttributeError(f"module 'ukcsa_data' has no attribute {name!r}")
