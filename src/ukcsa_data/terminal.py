"""What the ``ukcsa-data`` command writes, and its exit codes: every line escaped for a terminal
and a CI log (``escaping.for_log``), and a reader gone away, a full disk or a closed stream an exit
code (2) rather than a traceback. :mod:`ukcsa_data.cli` builds its subcommands on these."""

from __future__ import annotations

import argparse
import errno
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from ukcsa_data.core.escaping import ERRORS, escape, for_log

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

EXIT_VALID, EXIT_INVALID, EXIT_CANNOT_RUN = 0, 1, 2
#: The exit code of a command interrupted by Ctrl-C (128 + SIGINT, as shells report it).
EXIT_INTERRUPTED = 130


class CannotWrite(Exception):
    """The output could not be written (a reader gone away, a full disk): the command exits 2."""


#: The streams a write failed on during this run (``main`` exits 2 if there is any).
LOST: list[str] = []


def complain(text: str, *more: str) -> None:
    """Write ``text`` (and each of ``more``) to stderr as one line, ``escaping.for_log``: it may
    quote a package's names, so a line break in it is written ``\\u000a`` and cannot start a line
    of its own, and nothing in it is a workflow command (CI reads stderr for them too). If stderr
    cannot be written either, the exit code is all that is left to say it."""
    try:
        print("\n".join(for_log(line) for line in (text, *more)), file=sys.stderr)
        sys.stderr.flush()
    except OSError:
        LOST.append("stderr")
        drop(sys.stderr)


def log_lines(text: str) -> str:
    """``text`` with each of its lines ``escaping.for_log`` (escaped, and no workflow command of
    GitHub's runner); idempotent."""
    return "\n".join(for_log(line) for line in text.split("\n"))


def internal_error(command: str, error: Exception) -> int:
    """Report a bug in one line and a request, never a traceback; exit code 2."""
    complain(
        f"ukcsa-data {command}: internal error {type(error).__name__}: {error}",
        "Please report this, with the package that caused it.",
    )
    return EXIT_CANNOT_RUN


def say(text: str, *, workflow_commands: bool = False) -> None:
    """Print ``text`` with each line ``escaping.for_log``: what a package holds cannot start a
    line, reach the terminal as a control sequence or be a workflow command in a CI log. Only
    ``validate --format github`` prints ``workflow_commands``, its own lines (each still escaped
    here), whose messages ``validation.output.as_github`` neutralises itself. See ``flush`` for a
    reader gone away or a full disk."""
    shown = "\n".join(map(escape, text.split("\n"))) if workflow_commands else log_lines(text)
    flush(lambda: print(shown))


def flush(write: Callable[[], object] = lambda: None) -> None:
    """Run ``write`` and flush stdout; the one place where a failure to write stdout is handled. A
    reader gone away (``ukcsa-data validate | head -c1``) or a closed stdout: nothing more is
    written anywhere. Any other failure (a full disk) is one line on stderr. Either way the rest of
    the output goes to the null device, so nothing fails again at exit, and ``CannotWrite`` makes
    the command exit 2."""
    try:
        write()
        sys.stdout.flush()
    except (BrokenPipeError, ConnectionResetError):
        drop(sys.stdout)
        raise CannotWrite from None
    except OSError as error:
        drop(sys.stdout)
        if error.errno != errno.EBADF:
            complain(f"ukcsa-data: cannot write the output: {error.strerror or error}")
        raise CannotWrite from None


def drop(stream: object) -> None:
    """Send what ``stream`` (stdout or stderr) still holds, and anything written to it later, to
    the null device."""
    try:
        descriptor = stream.fileno()  # type: ignore[attr-defined]
        os.dup2(os.open(os.devnull, os.O_WRONLY), descriptor)
    except (AttributeError, OSError, ValueError):  # not a file (a test's buffer), or none
        return


def streams_closed() -> bool:
    """Whether stdout or stderr was closed when the command started (``ukcsa-data validate >&-``):
    Python then has no stream for it."""
    return sys.stdout is None or sys.stderr is None


def escape_unencodable() -> None:
    """Let stdout and stderr write any character, whatever their encoding (``LANG=C``,
    ``PYTHONIOENCODING=ascii``): what the encoding cannot hold is written as ``\\uXXXX``."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors=ERRORS)


class Parser(argparse.ArgumentParser):
    """argparse, but help, version and usage text that cannot be written (a full disk) is an
    error like any other output, not silently lost."""

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        if message:
            flush(lambda: (file or sys.stderr).write(log_lines(message)))


def package_errors() -> tuple[type[Exception], ...]:
    from ukcsa_data.core.package_edits import PackageError

    return (PackageError, OSError)


def line_command(
    name: str,
    action: Callable[[argparse.Namespace], list[str]],
    expected: Callable[[], tuple[type[Exception], ...]] = package_errors,
) -> Callable[[argparse.Namespace], int]:
    """Run ``action`` and print its lines; an ``expected`` error (a package it cannot work on, a
    file it cannot write) is one line on stderr, exit 2; a bug is reported without a traceback."""

    def run(args: argparse.Namespace) -> int:
        try:
            lines = action(args)
        except expected() as error:
            complain(f"ukcsa-data {name}: {error}")
            return EXIT_CANNOT_RUN
        except Exception as error:  # noqa: BLE001 - a bug must not print a traceback at contributors
            return internal_error(name, error)
        if lines:
            say("\n".join(lines).rstrip("\n"))
        return EXIT_VALID

    return run
