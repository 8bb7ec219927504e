"""The ``ukcsa-data`` command: ``validate`` a package, summarise it (``info``), ``export`` it,
``plot`` its charts and build its ``site``; for contributors, ``rehash`` its checksums,
``add-source`` an article, ``scan`` an article for figures, ``diff`` two versions and ``release``
one. Each subcommand is a ``register`` function (the contributors' in :mod:`.contribute`) and a
handler that imports its module when it runs; what they print goes through
:mod:`ukcsa_data.terminal`."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

from ukcsa_data import __version__
from ukcsa_data.cli.contribute import register_add_source, register_rehash, register_release, register_scan
from ukcsa_data.cli.packages import PACKAGE_DIR_HELP, chosen_package, package_folder
from ukcsa_data.core.processes import MOST_PROCESSES, WORKERS_FROM
from ukcsa_data.terminal import (
    EXIT_CANNOT_RUN,
    EXIT_INTERRUPTED,
    EXIT_INVALID,
    EXIT_VALID,
    LOST,
    CannotWrite,
    Parser,
    complain,
    escape_unencodable,
    flush,
    internal_error,
    line_command,
    say,
    streams_closed,
)

if TYPE_CHECKING:
    from ukcsa_data.cli.packages import Commands
    from ukcsa_data.core.problems import Report


def _validate(args: argparse.Namespace) -> int:
    from ukcsa_data.core import limits
    from ukcsa_data.core.safe_paths import reading_installed_copy
    from ukcsa_data.validation.output import FORMATS
    from ukcsa_data.validation.runner import CannotRun
    from ukcsa_data.versioning.snapshot import SnapshotError

    try:
        chosen = limits.with_overrides(args.limit)
    except limits.BadLimit as error:
        complain(f"ukcsa-data validate: --limit: {error}")
        return EXIT_CANNOT_RUN
    if not _processes_in_range(args.processes):
        return EXIT_CANNOT_RUN
    try:
        package = chosen_package(args.package_dir, "validate", or_bundled=True)
        # The copy installed with the library may have files an installer hard-linked (uv does).
        installed: AbstractContextManager[None] = (
            reading_installed_copy() if package.how == "bundled" else nullcontext()
        )
        with limits.using(chosen), installed:
            report = _validated(package.path, args)
    except (CannotRun, SnapshotError) as error:
        complain(f"ukcsa-data validate: cannot run: {error}")
        return EXIT_CANNOT_RUN
    except Exception as error:  # noqa: BLE001 - a bug must not print a traceback at contributors
        return internal_error("validate: cannot run", error)
    code = EXIT_VALID if report.valid else EXIT_INVALID
    say(FORMATS[args.format](report), workflow_commands=args.format == "github")
    return code


def _validated(package_dir: Path, args: argparse.Namespace) -> Report:
    """The report of ``validate`` on ``package_dir``: with its own rules, or a base's."""
    from ukcsa_data.validation.runner import validate_package

    if args.rules_from is None and args.rules_from_ref is None:
        return validate_package(package_dir, processes=args.processes)
    from ukcsa_data.versioning.rules_from import validate_with_rules_from

    return validate_with_rules_from(
        package_dir,
        args.rules_from,
        ref=args.rules_from_ref,
        tell=lambda line: complain(f"ukcsa-data validate: {line}"),
        processes=args.processes,
    )


def _processes_in_range(processes: int | None) -> bool:
    """Whether ``--processes`` is from 1 to ``MOST_PROCESSES`` (or not given); if not, say so."""
    if processes is None or 1 <= processes <= MOST_PROCESSES:
        return True
    complain(f"ukcsa-data validate: --processes: {processes:,} is not from 1 to {MOST_PROCESSES}")
    return False


def _info(args: argparse.Namespace) -> int:
    from ukcsa_data.summary import package_summary

    try:
        summary = package_summary(package_folder(args.package_dir, "info", or_bundled=True))
    except Exception as error:  # noqa: BLE001
        complain(f"ukcsa-data info: cannot read the package: {error}; run 'ukcsa-data validate' first")
        return EXIT_CANNOT_RUN
    say(summary)
    return EXIT_VALID


def _register_validate(commands: Commands) -> None:
    validate = commands.add_parser(
        "validate",
        help="check a data package; exit 0 valid, 1 invalid, 2 cannot run",
        description=(
            "Check a data package in layers and report every problem as path:line: field: code: message."
        ),
    )
    validate.add_argument("package_dir", nargs="?", help=PACKAGE_DIR_HELP)
    validate.add_argument(
        "--format", choices=("text", "json", "github"), default="text", help="report format"
    )
    base = validate.add_mutually_exclusive_group()
    base.add_argument(
        "--rules-from-ref",
        metavar="GIT_REF",
        help=(
            "check the data against the schemas, plausibility bounds and waivers of this commit of the "
            "package's repository (never a folder: use this in CI)"
        ),
    )
    base.add_argument(
        "--rules-from",
        metavar="GIT_REF|DIR",
        help=(
            "the same, with the base a folder outside the package or a commit; a name that is both, "
            "or a folder inside the package, is refused"
        ),
    )
    _register_run_options(validate)
    validate.set_defaults(run=_validate)


def _register_run_options(validate: argparse.ArgumentParser) -> None:
    """``validate``'s options for the resources a run may use: limits and processes."""
    validate.add_argument(
        "--limit",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help=(
            "raise or lower one resource limit for this run, such as cell_chars=20000 "
            "(repeatable; the limits and their defaults are listed in docs/limits.md)"
        ),
    )
    validate.add_argument(
        "--processes",
        type=int,
        metavar="N",
        help=(
            f"how many processes read the articles' words, from 1 to {MOST_PROCESSES} (default: 2 for a "
            f"package of {WORKERS_FROM:,} figures or more where two processors are usable, else 1); the "
            "report is the same"
        ),
    )


def _register_info(commands: Commands) -> None:
    info = commands.add_parser("info", help="print a summary of a data package")
    info.add_argument("package_dir", nargs="?", help=PACKAGE_DIR_HELP)
    info.set_defaults(run=_info)


def _diff(args: argparse.Namespace) -> int:
    from ukcsa_data.core import limits
    from ukcsa_data.core.package_edits import PackageError
    from ukcsa_data.versioning.command import run
    from ukcsa_data.versioning.snapshot import SnapshotError, check_ref

    try:
        chosen = limits.with_overrides(args.limit)
    except limits.BadLimit as error:
        complain(f"ukcsa-data diff: --limit: {error}")
        return EXIT_CANNOT_RUN
    new = args.new
    if args.base is not None:
        try:
            check_ref(args.base, "--base")
        except SnapshotError as error:
            complain(f"ukcsa-data diff: {error}")
            return EXIT_CANNOT_RUN
    if new is None and not (args.old and (args.base is not None or args.since_release)):
        try:  # NEW is the checkout the current directory is in (one folder with --base is NEW)
            new = str(package_folder(None, "diff", or_bundled=False))
        except PackageError as error:
            complain(f"ukcsa-data diff: {error}")
            return EXIT_CANNOT_RUN
    try:
        with limits.using(chosen):
            text, ok = run(args.old, new, args.base, args.since_release, args.format)
    except SnapshotError as error:
        complain(f"ukcsa-data diff: {error}")
        return EXIT_CANNOT_RUN
    except Exception as error:  # noqa: BLE001 - a bug must not print a traceback at contributors
        return internal_error("diff", error)
    say(text)
    return EXIT_VALID if ok else EXIT_INVALID


#: ``versioning.history.MAX_COMMITS``, written out so that building the parser imports nothing (tested).
_HISTORY_COMMITS = "1,000"


_DIFF_DESCRIPTION = (
    "Compare two versions of the data package, keyed on each table's primary key: rows added, "
    "removed and changed, resources, datapackage.json, the Table Schemas and the plausibility "
    "bounds. Print the smallest semantic-version bump the change needs, and exit 1 when NEW's "
    "version is lower than that, CHANGELOG.md has no entry for it (before a release: no new line "
    "under Unreleased), an entry OLD had released was changed, or a removed id's retired_in is "
    "not the release that removes it (see docs/versioning.md). Each side is read within "
    "validate's limits (--limit). Exit 2 when a side cannot be read. "
    "When the old version is a git commit (--base, --since-release), also list the files "
    "changed outside the data since it: under src/, schemas/, .github/, .ci/, tests/, and "
    "dataset/bounds.csv, pyproject.toml ('Changed outside the data')."
)
_DIFF_EPILOG = (
    "--since-release: the old version is the newest release in git history: the commit a tag "
    "vX.Y.Z points at, or else the commit that set a new version in datapackage.json. The "
    f"walk stops at the first version with a release tag, or after {_HISTORY_COMMITS} commits "
    "that changed datapackage.json (exit 2: tag the release). When NEW states that release's "
    "version, the release is judged against the release before it too."
)


def _register_diff(commands: Commands) -> None:
    diff = commands.add_parser(
        "diff",
        help="compare two versions of the package; exit 1 if the version does not fit the change",
        description=_DIFF_DESCRIPTION,
        epilog=_DIFF_EPILOG,
    )
    diff.add_argument("old", nargs="?", metavar="OLD", help="folder of the old version")
    diff.add_argument(
        "new",
        nargs="?",
        metavar="NEW",
        help="folder of the new version (default: the current directory, or the nearest folder above it, "
        "that holds datapackage.json)",
    )
    diff.add_argument("--base", metavar="GIT_REF", help="the old version is this commit of NEW's repository")
    diff.add_argument(
        "--since-release",
        action="store_true",
        help="the old version is the newest release in git history (see below)",
    )
    diff.add_argument("--format", choices=("text", "json", "markdown"), default="text", help="report format")
    diff.add_argument(
        "--limit",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="raise or lower one of validate's resource limits for this run (repeatable)",
    )
    diff.set_defaults(run=_diff)


def _export_errors() -> tuple[type[Exception], ...]:
    from ukcsa_data.exports import ExportError

    return (ExportError, ValueError, OSError)


def _export(args: argparse.Namespace) -> list[str]:
    from ukcsa_data.exports import export, polars_installed

    if args.format == "all" and not polars_installed():
        complain("ukcsa-data export: parquet left out: pip install 'ukcsa-data[polars]'")
    package_dir = package_folder(args.package_dir, "export", or_bundled=True)
    return [str(path) for path in export(args.format, args.out, package_dir, force=args.force)]


def _register_export(commands: Commands) -> None:
    export = commands.add_parser(
        "export",
        help="write the tables as JSON, SQLite (with Datasette metadata) or XLSX",
        description=(
            "Write every table of the package, typed as ukcsa_data.load() types them: --format json "
            "(one file), sqlite (a database with keys and the view figures_with_sources, and a Datasette "
            "metadata.json beside it), xlsx (a workbook with README and codebook sheets; text stays text), "
            "or all (each of them into the folder OUT). Print the files written. Exit 0, or 2 with "
            "nothing written if OUT exists and is not empty (without --force) or the package cannot be read."
        ),
    )
    export.add_argument("out", metavar="OUT", help="file to write (a folder for --format all)")
    export.add_argument(
        "--format",
        required=True,
        metavar="FORMAT",
        help="json, sqlite, xlsx, parquet (a folder of files, needs polars), or all (into the folder OUT)",
    )
    export.add_argument("--package-dir", help=PACKAGE_DIR_HELP)
    export.add_argument("--force", action="store_true", help="overwrite existing files")
    export.set_defaults(run=line_command("export", _export, _export_errors))


def _plot_errors() -> tuple[type[Exception], ...]:
    from ukcsa_data.plot import PlotUnavailable

    return (PlotUnavailable, ValueError, OSError)


def _plot(args: argparse.Namespace) -> list[str]:
    from ukcsa_data.plot import plot

    return [
        str(path) for path in plot(args.outdir, package_folder(args.package_dir, "plot", or_bundled=True))
    ]


def _register_plot(commands: Commands) -> None:
    plot_command = commands.add_parser(
        "plot",
        help="draw the charts (PNG) of the series, the monthly figures and repeated statistics",
        description=(
            "Write series.png, monthly.png and repetition.png into OUTDIR (created), drawn the same way "
            "every time, so that the same data gives the same bytes. Needs matplotlib "
            "(pip install 'ukcsa-data[plot]'). Print the files written. Exit 0, or 2 if matplotlib "
            "is not installed or the package cannot be read."
        ),
    )
    plot_command.add_argument("outdir", metavar="OUTDIR", help="folder to write the charts into")
    plot_command.add_argument("--package-dir", help=PACKAGE_DIR_HELP)
    plot_command.set_defaults(run=line_command("plot", _plot, _plot_errors))


def _site_errors() -> tuple[type[Exception], ...]:
    from ukcsa_data.core.package_edits import PackageError
    from ukcsa_data.core.package_files import PackageFileError
    from ukcsa_data.exports import ExportError
    from ukcsa_data.site import SiteError

    return (SiteError, ExportError, PackageError, PackageFileError, OSError)


def _site(args: argparse.Namespace) -> list[str]:
    from ukcsa_data.core.safe_paths import reading_installed_copy
    from ukcsa_data.site import build_site

    package = chosen_package(args.package_dir, "site", or_bundled=True)
    installed = reading_installed_copy() if package.how == "bundled" else nullcontext()
    with installed:
        written = build_site(args.out, package.path, with_exports=args.with_exports)
    return [f"wrote {len(written)} files into {args.out}; open {Path(args.out) / 'index.html'}"]


def _register_site(commands: Commands) -> None:
    site = commands.add_parser(
        "site",
        help="write a static website of the package (HTML and CSS) into a folder",
        description=(
            "Write a browsable site of a valid package into OUT: an index, a page per article with "
            "every number of its text marked (figures linked to their rows, exclusions greyed with "
            "their reason), a page per statistic (every mention, and the series of estimates it is in), "
            "a page per table (column descriptions and rows), and the CSV files to download. Plain "
            "HTML and one stylesheet, no JavaScript. OUT must not be inside the package, nor a non-empty "
            "folder that this command did not write. Exit 0, or 2 if the package is not valid or OUT "
            "is refused."
        ),
    )
    site.add_argument("out", metavar="OUT", help="folder to write the site into (created)")
    site.add_argument("--package-dir", help=PACKAGE_DIR_HELP)
    site.add_argument(
        "--with-exports",
        action="store_true",
        help="also offer the exports (as export --format all) for download",
    )
    site.set_defaults(run=line_command("site", _site, _site_errors))


def build_parser() -> argparse.ArgumentParser:
    """The command-line interface: one ``_register_*`` function per subcommand."""
    parser: argparse.ArgumentParser = Parser(
        prog="ukcsa-data",
        description=(
            "Figures on child sexual abuse reported in UK news articles: "
            "validate or summarise the data package, or update it as a contributor."
        ),
    )
    parser.add_argument("--version", action="version", version=f"ukcsa-data {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    for register in (
        _register_validate,
        _register_info,
        register_rehash,
        register_add_source,
        register_scan,
        _register_diff,
        register_release,
        _register_export,
        _register_plot,
        _register_site,
    ):
        register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``ukcsa-data`` console script."""
    if streams_closed():  # nothing could be said: do nothing, and say so by the exit code
        return EXIT_CANNOT_RUN
    LOST.clear()
    escape_unencodable()
    try:
        args = build_parser().parse_args(argv)
        code: int = args.run(args)
        flush()
    except CannotWrite:
        return EXIT_CANNOT_RUN
    except KeyboardInterrupt:  # Ctrl-C: one line, not a traceback; the shell's code for SIGINT
        complain("ukcsa-data: interrupted")
        return EXIT_INTERRUPTED
    return EXIT_CANNOT_RUN if LOST else code
