"""Where the bundled data package lives, and the names of its parts."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any, Literal

from ukcsa_data.core.contract import CONTRACT

DESCRIPTOR = "datapackage.json"
#: The form of the descriptor's ``version``: MAJOR.MINOR.PATCH, then letters and digits, alone or
#: after single ``-``, ``+`` or ``.`` (``2.0.0-rc.1``, ``2.0.0rc1``, ``2.0.0.dev3+g1a2b3c``); never a
#: ``/`` or ``..``, so it can name a file (``export --format all``).
VERSION = re.compile(r"[0-9]+\.[0-9]+\.[0-9]+[0-9A-Za-z]*(?:[-+.][0-9A-Za-z]+)*")
#: Resources in the order they are validated and loaded (referenced tables first): the contract's.
RESOURCE_NAMES = tuple(CONTRACT)


def bundled_package_dir() -> Path:
    """Return the folder holding ``datapackage.json``, ``dataset/``, ``schemas/`` and ``seeds/``.

    An installed wheel carries the package under ``ukcsa_data/package``; an editable install or a
    source checkout reads it from the repository root, two levels above ``src/ukcsa_data``.
    """
    package_root = Path(str(files("ukcsa_data")))
    inside_wheel = package_root / "package"
    if (inside_wheel / DESCRIPTOR).is_file():
        return inside_wheel
    checkout_root = package_root.resolve().parents[1]
    if (checkout_root / DESCRIPTOR).is_file():
        return checkout_root
    raise FileNotFoundError(
        "the bundled data package is missing: reinstall ukcsa-data (expected "
        f"{inside_wheel / DESCRIPTOR} or {checkout_root / DESCRIPTOR})"
    )


class NoPackageHere(ValueError):
    """No folder was named, and neither the current directory nor any folder above it holds
    datapackage.json (for a command that never falls back to the bundled package)."""


@dataclass(frozen=True)
class ChosenPackage:
    """The package a command works on, and how it was chosen: ``named`` on the command line,
    ``here`` (the current directory), ``above`` (the nearest folder above it holding
    datapackage.json) or ``bundled`` (the package installed with the library)."""

    path: Path
    how: Literal["named", "here", "above", "bundled"]


def _holds_descriptor(folder: Path) -> bool:
    descriptor = folder / DESCRIPTOR
    return descriptor.exists() or descriptor.is_symlink()  # a link is the validator's to report


def choose_package_dir(
    given: str | Path | None, *, or_bundled: bool, cwd: Path | None = None
) -> ChosenPackage:
    """The one rule for which package a command works on when it is not named.

    A folder named (``given``) is used as it is. Otherwise the current directory, or the nearest
    folder above it, that holds datapackage.json: a checkout of the package, wherever in it the
    command is run. Only if there is none, and only for a command that reads (``or_bundled``),
    the package installed with the library; a command that writes raises ``NoPackageHere``.
    """
    if given:
        return ChosenPackage(Path(given), "named")
    here = Path.cwd() if cwd is None else cwd
    for folder in (here, *here.parents):
        if _holds_descriptor(folder):
            return ChosenPackage(folder, "here" if folder == here else "above")
    if or_bundled:
        return ChosenPackage(bundled_package_dir(), "bundled")
    raise NoPackageHere(
        f"no {DESCRIPTOR} in the current directory ({here}) or any folder above it; "
        "run it in the package's folder or name the folder"
    )


class PackageFileError(ValueError):
    """A file of the package cannot be read safely (a link, a FIFO, missing, over its limit)."""


def read_bytes(root: Path, relative: str, limit: int) -> bytes:
    """The bytes of the package file ``relative``, opened without following links (see
    ``validation.safe_paths.read_package_file``); ``PackageFileError`` says why not. A hard link is
    read: this reads a package to use it (an installer may hard-link its files); ``validate``
    refuses one."""
    from ukcsa_data.core.safe_paths import read_package_file

    read = read_package_file(root, relative, limit, hard_links=True)
    if isinstance(read, bytes):
        return read
    raise PackageFileError(f"{relative}: {read[1]}")


def read_json(root: Path, relative: str) -> Any:
    """Read the package's JSON file ``relative`` (UTF-8, within the schema or descriptor limit)."""
    from ukcsa_data.core import limits

    limit = max(limits.active().descriptor_bytes, limits.active().schema_bytes)
    return json.loads(read_bytes(root, relative, limit).decode("utf-8"))
