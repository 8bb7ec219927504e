"""The ``ukcsa-data`` command: ``validate`` a package, or print an ``info`` summary."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from ukcsa_data import __version__

EXIT_VALID, EXIT_INVALID, EXIT_CANNOT_RUN = 0, 1, 2


def _validate(args: argparse.Namespace) -> int:
    from ukcsa_data.package_files import bundled_package_dir
    from ukcsa_data.validation.output import FORMATS
    from ukcsa_data.validation.runner import CannotRun, validate_package

    try:
        package_dir = Path(args.package_dir) if args.package_dir else bundled_package_dir()
        report = validate_package(package_dir)
    except CannotRun as error:
        print(f"ukcsa-data validate: cannot run: {error}", file=sys.stderr)
        return EXIT_CANNOT_RUN
    except Exception as error:  # noqa: BLE001 - a bug must not print a traceback at contributors
        print(
            f"ukcsa-data validate: cannot run: internal error {type(error).__name__}: {error}\n"
            "Please report this, with the package that caused it.",
            file=sys.stderr,
        )
        return EXIT_CANNOT_RUN
    code = EXIT_VALID if report.valid else EXIT_INVALID
    _print(FORMATS[args.format](report))
    return code


def _print(text: str) -> None:
    """Print, and stay quiet if the reader has gone away (``ukcsa-data validate | head``)."""
    try:
        print(text)
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _info(args: argparse.Namespace) -> int:
    from ukcsa_data.summary import package_summary

    try:
        summary = package_summary(args.package_dir)
    except Exception as error:  # noqa: BLE001
        print(
            f"ukcsa-data info: cannot read the package: {error}; run 'ukcsa-data validate' first",
            file=sys.stderr,
        )
        return EXIT_CANNOT_RUN
    _print(summary)
    return EXIT_VALID


def build_parser() -> argparse.ArgumentParser:
    """The command-line interface."""
    parser = argparse.ArgumentParser(
        prog="ukcsa-data",
        description=(
            "Figures on child sexual abuse reported in UK news articles: "
            "validate or summarise the data package."
        ),
    )
    parser.add_argument("--version", action="version", version=f"ukcsa-data {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser(
        "validate",
        help="check a data package; exit 0 valid, 1 invalid, 2 cannot run",
        description=(
            "Check a data package in layers and report every problem as path:line: field: code: message."
        ),
    )
    validate.add_argument(
        "package_dir", nargs="?", help="folder with datapackage.json (default: the bundled package)"
    )
    validate.add_argument(
        "--format", choices=("text", "json", "github"), default="text", help="report format"
    )
    validate.set_defaults(run=_validate)
    info = commands.add_parser("info", help="print a summary of a data package")
    info.add_argument(
        "package_dir", nargs="?", help="folder with datapackage.json (default: the bundled package)"
    )
    info.set_defaults(run=_info)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``ukcsa-data`` console script."""
    args = build_parser().parse_args(argv)
    code: int = args.run(args)
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
