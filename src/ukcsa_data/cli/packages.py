"""The package a subcommand works on, and the help that says how it is chosen."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from ukcsa_data.terminal import complain

if TYPE_CHECKING:
    from typing import TypeAlias

    from ukcsa_data.core.package_files import ChosenPackage

    #: The subcommand registry that :func:`ukcsa_data.cli.build_parser` fills.
    Commands: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]

PACKAGE_DIR_HELP = (
    "folder with datapackage.json (default: the current directory, or the nearest folder above it, "
    "that holds one; else the package installed with the library, which a line on stderr names)"
)
CONTRIBUTOR_DIR_HELP = (
    "folder with datapackage.json (default: the current directory, or the nearest folder above it, "
    "that holds one; the installed bundled package is never changed unless named)"
)


def package_folder(given: str | None, command: str, *, or_bundled: bool) -> Path:
    """The package ``command`` works on: :func:`chosen_package`'s folder."""
    return chosen_package(given, command, or_bundled=or_bundled).path


def chosen_package(given: str | None, command: str, *, or_bundled: bool) -> ChosenPackage:
    """The package ``command`` works on, and how it was chosen; every command that takes one asks
    here. The folder named, else the checkout the current directory is in (it, or the nearest
    folder above it, holds datapackage.json), else, for a command that only reads (``or_bundled``),
    the package installed with the library; a command that writes then stops (``PackageError``).
    Whenever the package is neither the folder named nor the current directory, one line on stderr
    says which it is."""
    from ukcsa_data.core.package_edits import PackageError
    from ukcsa_data.core.package_files import NoPackageHere, choose_package_dir

    try:
        chosen = choose_package_dir(given, or_bundled=or_bundled)
    except NoPackageHere as error:
        raise PackageError(str(error)) from None
    if chosen.how == "above":
        complain(
            f"ukcsa-data {command}: using the package in {chosen.path} "
            "(the nearest folder above the current directory that holds datapackage.json)"
        )
    elif chosen.how == "bundled":
        complain(
            f"ukcsa-data {command}: no datapackage.json in the current directory or above it, so "
            f"using the package installed with the library: {chosen.path} (name a folder to use another)"
        )
    return chosen


def checkout(given: str | None, command: str) -> Path:
    """The package a command that writes changes: never the bundled package unless named."""
    from ukcsa_data.core.package_edits import resolve_package_dir

    return resolve_package_dir(str(package_folder(given, command, or_bundled=False)))
