"""ukcsa-data: figures reported in UK news articles about the scale of child sexual abuse.

>>> import ukcsa_data
>>> figures = ukcsa_data.load("figures")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ukcsa_data.package_files import DESCRIPTOR, bundled_package_dir, read_json

if TYPE_CHECKING:
    from ukcsa_data.loader import load, load_all

__all__ = ["__version__", "load", "load_all"]

#: The data's version: the ``version`` of the bundled ``datapackage.json``.
__version__: str = read_json(bundled_package_dir(), DESCRIPTOR)["version"]


def __getattr__(name: str) -> Any:
    # pandas is imported on first use of the loader, so `import ukcsa_data` and the CLI start fast.
    if name in ("load", "load_all"):
        from ukcsa_data import loader

        return getattr(loader, name)
    raise AttributeError(f"module 'ukcsa_data' has no attribute {name!r}")
