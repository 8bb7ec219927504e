"""Layer 1 helpers: a path named by the package must stay inside it, on disk, as a regular file.

``path_problem`` checks a path before anything is read; ``read_package_file`` then opens the file
without following links, component by component from the package folder, and checks what it opened
(a regular file within the byte limit, not a hard link), so a link swapped in after the check is
never followed and a file outside the package given a second name inside it is never read.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path, PurePosixPath

from ukcsa_data.core import limits
from ukcsa_data.core.codes import Code
from ukcsa_data.core.problems import Report

_URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
#: The longest file name (one path component) the common file systems allow, in bytes.
NAME_BYTES = 255
_DIRECTORY = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_FILE = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
_CHUNK = 1 << 20
#: The most bytes asked of one ``os.read`` (some systems refuse 2 GiB or more).
_MOST_AT_ONCE = 1 << 30

PathProblem = tuple[Code, str]


def _length_problem(relative: str) -> PathProblem | None:
    """A path too long for the limit or a component too long for a file system, or that no file
    system can name (a lone surrogate)."""
    if len(relative) > limits.active().path_chars:
        return (
            "unsafe-path",
            f"the path has {len(relative):,} characters; the limit is {limits.active().path_chars:,}",
        )
    try:
        longest = max(len(os.fsencode(part)) for part in relative.split("/"))
    except UnicodeEncodeError:
        return "unsafe-path", f"{relative!r} holds characters no file name can hold"
    if longest > NAME_BYTES:
        return (
            "unsafe-path",
            f"a part of the path has {longest:,} bytes; file names have at most {NAME_BYTES}",
        )
    return None


def _lexical_problem(relative: object) -> PathProblem | None:
    """Why ``relative``, as text, is not a safe relative path, or None."""
    if not isinstance(relative, str) or not relative:
        return "unsafe-path", f"a path must be a non-empty string, not {relative!r}"
    if _URL_SCHEME.match(relative) or relative.startswith("//"):
        return "remote-reference", f"{relative!r} is a URL; the package must not fetch anything"
    if relative.startswith("/") or "\\" in relative or "\x00" in relative:
        return "unsafe-path", f"{relative!r} must be a relative path with forward slashes"
    if ".." in PurePosixPath(relative).parts:
        return "unsafe-path", f"{relative!r} leaves the package ('..' is not allowed)"
    return _length_problem(relative)


def is_inside(folder: Path, package_dir: Path) -> bool:
    """Whether ``folder`` is ``package_dir`` or inside it, links resolved."""
    root, real = os.path.realpath(package_dir), os.path.realpath(folder)
    return os.path.commonpath([root, real]) == root


def is_plain_relative(relative: object) -> bool:
    """Whether ``relative`` is a path the package may name: relative, no ``..``, no URL, within
    the length limits (nothing on disk is looked at)."""
    return _lexical_problem(relative) is None


def _disk_problem(package_dir: Path, relative: str) -> PathProblem | None:
    """Why ``relative`` (lexically safe) is not a regular file reached without links, or None."""
    current = package_dir
    for part in PurePosixPath(relative).parts:
        current = current / part
        if current.is_symlink():
            return "symlink", f"{relative!r} goes through a symbolic link ({part}); use a real file"
    root = os.path.realpath(package_dir)
    real = os.path.realpath(package_dir / relative)
    if os.path.commonpath([root, real]) != root:
        return "unsafe-path", f"{relative!r} resolves outside the package"
    if not os.path.exists(real):
        return "missing-file", f"{relative!r} does not exist"
    if not os.path.isfile(real):
        return "unsafe-path", f"{relative!r} is not a regular file"
    return None


def path_problem(package_dir: Path, relative: object) -> PathProblem | None:
    """Return ``(code, message)`` if ``relative`` is not a safe relative path to a regular file.

    Safe means: a string, no URL scheme, not absolute, no ``..`` or backslash, within the length
    limits, no symlink anywhere along it, and its real path inside ``package_dir``. Nothing outside
    the package is opened.
    """
    problem = _lexical_problem(relative)
    if problem or not isinstance(relative, str):
        return problem
    try:
        return _disk_problem(package_dir, relative)
    except OSError as error:
        return _os_problem(relative, error)


def _os_problem(relative: str, error: OSError) -> PathProblem:
    """The problem an error of opening or inspecting ``relative`` stands for."""
    if error.errno == errno.ELOOP:
        return "symlink", f"{relative!r} goes through a symbolic link; use a real file"
    if error.errno in (errno.ENOENT, errno.ENOTDIR):
        return "missing-file", f"{relative!r} does not exist"
    return "unsafe-path", f"{relative!r} cannot be opened ({os.strerror(error.errno or 0)})"


def _open_no_follow(root_fd: int, relative: str) -> int:
    """A read-only descriptor of ``relative`` under ``root_fd``, opened one component at a time
    without following any link (a link raises ELOOP); the caller closes it."""
    parts = PurePosixPath(relative).parts
    fd = os.dup(root_fd)
    for index, part in enumerate(parts):
        flags = _FILE if index == len(parts) - 1 else _DIRECTORY
        try:
            opened = os.open(part, flags, dir_fd=fd)
        except OSError as error:
            link = error.errno == errno.ENOTDIR and _is_link(fd, part)
            os.close(fd)
            raise OSError(errno.ELOOP, os.strerror(errno.ELOOP)) if link else error from None
        os.close(fd)
        fd = opened
    return fd


def _is_link(fd: int, part: str) -> bool:
    """Whether ``part`` under the folder ``fd`` is a symbolic link (not followed)."""
    try:
        return stat.S_ISLNK(os.stat(part, dir_fd=fd, follow_symlinks=False).st_mode)
    except OSError:
        return False


def _read_opened(fd: int, relative: str, limit: int, *, hard_links: bool) -> bytes | PathProblem:
    """The bytes of the opened ``fd`` if it is a regular file of at most ``limit`` bytes and, unless
    ``hard_links``, has no other name (a hard link may be a file outside the package)."""
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        return "unsafe-path", f"{relative!r} is not a regular file"
    if info.st_nlink > 1 and not hard_links:
        return (
            "hard-link",
            f"{relative!r} is a hard link (the file has {info.st_nlink} names, perhaps one outside "
            "the package); it is not read: commit a copy of its own",
        )
    if info.st_size > limit:
        return "file-too-large", f"{info.st_size:,} bytes; the limit is {limit:,}"
    # The size fstat gave is read at once (up to a GiB), and one more byte: a file of one chunk is
    # returned as read, where joining chunks would hold it twice (a 240 MB table needed 480 MB).
    chunks: list[bytes] = []
    size, wanted = 0, info.st_size + 1
    while size <= limit and (
        chunk := os.read(fd, min(max(wanted - size, _CHUNK), limit + 1 - size, _MOST_AT_ONCE))
    ):
        chunks.append(chunk)
        size += len(chunk)
    if size > limit:
        return "file-too-large", f"over {limit:,} bytes (the file grew while it was read)"
    return b"".join(chunks)


#: Whether the package read is the copy installed with the library, whose files an installer may
#: have hard-linked from its cache (uv does): set by :func:`reading_installed_copy`.
_INSTALLED_COPY: ContextVar[bool] = ContextVar("installed_copy", default=False)


@contextmanager
def reading_installed_copy() -> Iterator[None]:
    """Within this block, :func:`read_package_file` accepts hard-linked files: only for the copy
    of the package installed with the library (``validate`` with no folder, outside a checkout)."""
    token = _INSTALLED_COPY.set(True)
    try:
        yield
    finally:
        _INSTALLED_COPY.reset(token)


def read_package_file(
    package_dir: Path, relative: object, limit: int, *, hard_links: bool = False
) -> bytes | PathProblem:
    """The bytes of the package file ``relative``, or ``(code, message)`` saying why not.

    The path is checked as text, then opened from the package folder one component at a time with
    ``O_NOFOLLOW`` (a link anywhere is refused, even one swapped in after ``path_problem``) and
    ``O_NONBLOCK`` (a FIFO cannot block); what was opened must be a regular file whose size, from
    ``fstat`` before reading, is within ``limit``, and which has no other name (``st_nlink`` of
    what was opened), unless ``hard_links`` (the loader, which reads an installed package: some
    installers, such as uv, hard-link files from their cache); at most ``limit + 1`` bytes are read.
    """
    problem = _lexical_problem(relative)
    if problem or not isinstance(relative, str):
        return problem or ("unsafe-path", "not a path")
    try:
        root_fd = os.open(package_dir, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as error:
        return _os_problem(relative, error)
    try:
        fd = _open_no_follow(root_fd, relative)
    except OSError as error:
        return _os_problem(relative, error)
    finally:
        os.close(root_fd)
    try:
        return _read_opened(fd, relative, limit, hard_links=hard_links or _INSTALLED_COPY.get())
    except OSError as error:
        return _os_problem(relative, error)
    finally:
        os.close(fd)


def read_reported(package_dir: Path, relative: str, limit: int, report: Report) -> bytes | None:
    """``read_package_file``, reporting a problem on ``relative`` itself and returning None."""
    read = read_package_file(package_dir, relative, limit)
    if isinstance(read, bytes):
        return read
    report.add(relative, None, None, *read)
    return None
