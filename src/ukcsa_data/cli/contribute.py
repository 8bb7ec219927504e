"""The contributors' subcommands: ``rehash``, ``add-source``, ``scan`` and ``release``, each a
handler that imports its module and returns the lines to print."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ukcsa_data.cli.packages import CONTRIBUTOR_DIR_HELP, checkout
from ukcsa_data.terminal import line_command

if TYPE_CHECKING:
    from ukcsa_data.cli.packages import Commands
    from ukcsa_data.rehash import Update


def _update_lines(updates: Sequence[Update]) -> list[str]:
    """One line per resource: "figures: hash sha256:aaa -> sha256:bbb; bytes 100 -> 120"."""
    changes: dict[str, list[str]] = {}
    for update in updates:
        changes.setdefault(update.resource, []).append(f"{update.field} {update.old} -> {update.new}")
    return [f"{resource}: {'; '.join(parts)}" for resource, parts in changes.items()]


def _rehash(args: argparse.Namespace) -> list[str]:
    from ukcsa_data.rehash import rehash

    return _update_lines(rehash(checkout(args.package_dir, "rehash"))) or ["nothing to update"]


def _add_source(args: argparse.Namespace) -> list[str]:
    from ukcsa_data.add_source import NewSource, add_source

    new = NewSource(
        seed_file=args.seed_file,
        publisher=args.publisher,
        title=args.title,
        published_date=args.date,
        date_basis=args.date_basis,
        url=args.url,
        source_id=args.source_id,
        author=args.author,
        notes=args.notes,
    )
    added = add_source(checkout(args.package_dir, "add-source"), new)
    return [
        f"added to dataset/sources.csv line {added.line}:",
        added.csv_line,
        *(_update_lines(added.updates) or ["datapackage.json: nothing to update"]),
        "next: run 'ukcsa-data validate' and cover each numeric token of the new seed it lists",
    ]


def register_rehash(commands: Commands) -> None:
    rehash = commands.add_parser(
        "rehash",
        help="update each resource's hash and bytes in datapackage.json from its file",
        description=(
            "Recompute the sha256 hash and the size in bytes of each resource's file and write them "
            "into datapackage.json, changing nothing else in it; print what changed, or "
            "'nothing to update'. Exit 0 on success, 2 if it cannot run."
        ),
    )
    rehash.add_argument("package_dir", nargs="?", help=CONTRIBUTOR_DIR_HELP)
    rehash.set_defaults(run=line_command("rehash", _rehash))


def register_add_source(commands: Commands) -> None:
    add = commands.add_parser(
        "add-source",
        help="append an article's row to dataset/sources.csv and rehash",
        description=(
            "Append one row to dataset/sources.csv for a seed already saved under the package's "
            "seeds/ (its sha256 is computed; the seed is not changed), then rehash datapackage.json. "
            "Refuses a source_id or seed already listed, a bad date and any value the schema refuses. "
            "Exit 0 on success, 2 if nothing was added."
        ),
    )
    add.add_argument("seed_file", metavar="SEED_FILE", help="the article text, already in PACKAGE_DIR/seeds/")
    add.add_argument("--package-dir", help=CONTRIBUTOR_DIR_HELP)
    add.add_argument("--publisher", required=True, help="publication that carried the article")
    add.add_argument("--title", required=True, help="headline as published")
    add.add_argument("--date", required=True, metavar="YYYY-MM-DD", help="publication date")
    add.add_argument(
        "--date-basis",
        required=True,
        metavar="BASIS",
        help=(
            "how the date is known, one of the schema's values (required, no default: it is a claim "
            "about the source): stated (in the text), url, external (another record), "
            "inferred (say how in --notes)"
        ),
    )
    add.add_argument("--url", default="", help="public address of the article, if known")
    add.add_argument(
        "--source-id",
        default="",
        help="lowercase slug (default: publisher and year, e.g. sheffield-telegraph-2018)",
    )
    add.add_argument("--author", default="", help="author named by the article")
    add.add_argument("--notes", default="", help="remarks, such as how an inferred date was reached")
    add.set_defaults(run=line_command("add-source", _add_source))


def _scan(args: argparse.Namespace) -> list[str]:
    from ukcsa_data.scan import scan

    return scan(checkout(args.package_dir, "scan"), Path(args.seed_file), write=args.write)


def register_scan(commands: Commands) -> None:
    scan = commands.add_parser(
        "scan",
        help="draft rows for the numbers of a seed that no row covers yet",
        description=(
            "Read the words around every numeric token of SEED_FILE that no figure or exclusion "
            "covers, and draft a row for it: a figure (quote = its sentence; value, qualifier, per, "
            "unit, measure_type, period and geography where the words state them, empty where they "
            "do not) or an exclusion (a date, a period, a name, boilerplate). Prints the drafts as "
            "CSV, one '# dataset/<table>.csv' line before each table, or appends them with --write "
            "(and rehashes). Prints nothing for a covered seed. Exit 0, or 2 if it cannot run."
        ),
    )
    scan.add_argument(
        "seed_file", metavar="SEED_FILE", help="the article text, listed in dataset/sources.csv"
    )
    scan.add_argument("package_dir", nargs="?", help=CONTRIBUTOR_DIR_HELP)
    scan.add_argument("--write", action="store_true", help="append the drafts to the package's CSV files")
    scan.set_defaults(run=line_command("scan", _scan))


def register_release(commands: Commands) -> None:
    def run(args: argparse.Namespace) -> list[str]:
        from ukcsa_data.release import release

        return release(checkout(args.package_dir, "release"), args.version, args.date)

    release = commands.add_parser(
        "release",
        help="date the CHANGELOG's Unreleased entry as version X.Y.Z and set that version everywhere",
        description=(
            "Check that X.Y.Z is a MAJOR.MINOR.PATCH version above datapackage.json's and that "
            "CHANGELOG.md's Unreleased section lists changes; then move them under "
            "'## [X.Y.Z] - DATE', leaving an empty Unreleased section, "
            "and set the version in datapackage.json, pyproject.toml, CITATION.cff (with "
            "date-released) and the README's 'How to cite', changing nothing else in them. Print what "
            "changed. Exit 0 on success, 2 with nothing written if it cannot release."
        ),
    )
    release.add_argument("version", metavar="X.Y.Z", help="the version to release, such as 0.2.0")
    release.add_argument("package_dir", nargs="?", help=CONTRIBUTOR_DIR_HELP)
    release.add_argument("--date", metavar="YYYY-MM-DD", help="the release date (default: today)")
    release.set_defaults(run=line_command("release", run))
