"""``docs/cli.md``: the ``--help`` of ``ukcsa-data`` and of each of its commands, exactly as the
argument parser prints it (at a fixed width, without colour), so the reference is the behaviour."""

from __future__ import annotations

import argparse
import functools
import re
from typing import Any

from ukcsa_data.cli import build_parser

#: The width the help is wrapped at, whatever the terminal that generates it.
WIDTH = 100


def _fixed(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """``parser`` set to print its help at ``WIDTH`` columns and without colour (Python 3.14)."""
    base: Any = parser.formatter_class
    parser.formatter_class = functools.partial(base, width=WIDTH)
    if hasattr(parser, "color"):
        parser.color = False
    return parser


def commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """Each subcommand's parser, by name, in the order ``--help`` lists them."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _fenced(text: str) -> list[str]:
    """``text`` in a fenced block longer than any run of backticks in it."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 3)
    return [f"{fence}text", text.rstrip("\n"), fence]


def markdown_page() -> str:
    """The whole of ``docs/cli.md``."""
    parser = _fixed(build_parser())
    lines = [
        "# Command-line reference",
        "",
        "The help of `ukcsa-data` and of each of its commands, as `ukcsa-data COMMAND --help` prints",
        "it. Generated from the argument parser by `python -m ukcsa_data.docs` (do not edit by hand;",
        "a test fails when it is stale).",
        "",
        "## `ukcsa-data`",
        "",
        *_fenced(parser.format_help()),
    ]
    for name, command in commands(parser).items():
        lines += ["", f"## `ukcsa-data {name}`", "", *_fenced(_fixed(command).format_help())]
    return "\n".join(lines) + "\n"
