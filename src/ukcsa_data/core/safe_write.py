"""Every command that writes a file writes it here: only inside the folder it was told to write in,
never through a symbolic link, never onto a FIFO, a device or a folder.

The folder itself (a package checkout, an export's OUT) is the caller's; below it each folder is
opened one at a time with ``O_NOFOLLOW`` (a link anywhere is refused, even one swapped in while
the command runs), the name must be absent or a regular file, and the new bytes go to a file
created exclusively beside it, which is then renamed onto the name: a reader never sees half a
file, and a link or FIFO planted at the name is never written through. Names are relative paths
with forward slashes and no ``..`` (``validation.safe_paths``'s lexical rule).
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
import stat
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import BinaryIO

_FOLDER = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
_APPEND = os.O_WRONLY | os.O_APPEND | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


class WriteRefused(OSError):
    """A file that must not be written: a link, a FIFO or a folder at its name, or a link on the way
    to it. An ``OSError``, so every command that writes reports it in one line and exits 2."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


def _parts(relative: str) -> tuple[str, ...]:
    parts = PurePosixPath(relative).parts
    if (
        not parts
        or relative.startswith("/")
        or "\\" in relative
        or "\x00" in relative
        or any(part in ("..", ".") for part in parts)
    ):
        raise WriteRefused(f"refusing to write {relative!r}: not a plain relative path")
    return parts


@contextlib.contextmanager
def _folder(root: Path, folders: tuple[str, ...], create: bool) -> Iterator[int]:
    """A descriptor of ``root/folders``, each folder below ``root`` opened without following links
    (and made, with ``create``); closed afterwards."""
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        for part in folders:
            if create:
                with contextlib.suppress(FileExistsError):
                    os.mkdir(part, 0o777, dir_fd=fd)
            try:
                opened = os.open(part, _FOLDER, dir_fd=fd)
            except OSError as error:
                if error.errno in (errno.ELOOP, errno.ENOTDIR):
                    raise WriteRefused(
                        f"refusing to write under {part!r} in {root}: it is a symbolic link or not a folder"
                    ) from None
                raise
            os.close(fd)
            fd = opened
        yield fd
    finally:
        os.close(fd)


def _existing_mode(fd: int, name: str, shown: str) -> int | None:
    """The permission bits of the regular file ``name`` in folder ``fd``; None if there is none."""
    try:
        info = os.stat(name, dir_fd=fd, follow_symlinks=False)
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(info.st_mode):
        what = "a symbolic link" if stat.S_ISLNK(info.st_mode) else "not a regular file"
        raise WriteRefused(f"refusing to write {shown}: it is {what}")
    return stat.S_IMODE(info.st_mode)


def replace_with(
    root: Path, relative: str, fill: Callable[[BinaryIO], object], *, create_folders: bool = False
) -> Path:
    """Write ``root/relative`` with what ``fill`` writes to a binary file, replacing the file (whose
    permissions are kept) in one rename; :class:`WriteRefused` for a link or non-regular file."""
    parts = _parts(relative)
    shown = str(Path(root, *parts))
    with _folder(Path(root), parts[:-1], create_folders) as fd:
        name = parts[-1]
        mode = _existing_mode(fd, name, shown)
        temporary = f".{name[:200]}.{secrets.token_hex(6)}.partial"
        handle = os.open(temporary, _NEW_FILE, 0o666 if mode is None else 0o600, dir_fd=fd)
        try:
            with os.fdopen(handle, "wb") as out:
                fill(out)
                if mode is not None:
                    os.fchmod(out.fileno(), mode)
            os.replace(temporary, name, src_dir_fd=fd, dst_dir_fd=fd)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary, dir_fd=fd)
            raise
    return Path(root, *parts)


def replace_file(root: Path, relative: str, data: bytes, *, create_folders: bool = False) -> Path:
    """Write ``data`` to ``root/relative`` (see :func:`replace_with`)."""
    return replace_with(root, relative, lambda out: out.write(data), create_folders=create_folders)


def copy_in(root: Path, relative: str, source: Path, *, create_folders: bool = False) -> Path:
    """Copy the file ``source`` (the command's own temporary file) to ``root/relative``."""

    def fill(out: BinaryIO) -> None:
        with open(source, "rb") as handle:
            shutil.copyfileobj(handle, out, 1 << 20)

    return replace_with(root, relative, fill, create_folders=create_folders)


def append_file(root: Path, relative: str, data: bytes) -> int:
    """Append ``data`` to the regular file ``root/relative``; return its size before."""
    parts = _parts(relative)
    with _folder(Path(root), parts[:-1], create=False) as fd:
        try:
            handle = os.open(parts[-1], _APPEND, dir_fd=fd)
        except OSError as error:
            if error.errno == errno.ELOOP:
                raise WriteRefused(f"refusing to write {relative}: it is a symbolic link") from None
            if error.errno == errno.ENXIO:  # a FIFO no one reads
                raise WriteRefused(f"refusing to write {relative}: it is not a regular file") from None
            raise
        with os.fdopen(handle, "ab") as out:
            info = os.fstat(out.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise WriteRefused(f"refusing to write {relative}: it is not a regular file")
            out.write(data)
        return info.st_size


def truncate_file(root: Path, relative: str, size: int) -> None:
    """Cut the regular file ``root/relative`` back to ``size`` bytes (undo :func:`append_file`)."""
    parts = _parts(relative)
    with _folder(Path(root), parts[:-1], create=False) as fd:
        handle = os.open(parts[-1], os.O_WRONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=fd)
        try:
            if stat.S_ISREG(os.fstat(handle).st_mode):
                os.ftruncate(handle, size)
        finally:
            os.close(handle)


def remove_file(root: Path, relative: str) -> bool:
    """Remove the regular file ``root/relative`` (a link on the way is refused, a link or other
    non-regular file at the name is left alone); whether a file was removed."""
    parts = _parts(relative)
    try:
        with _folder(Path(root), parts[:-1], create=False) as fd:
            if _existing_mode(fd, parts[-1], str(Path(root, *parts))) is None:
                return False
            os.unlink(parts[-1], dir_fd=fd)
            return True
    except FileNotFoundError:
        return False


def make_folder(path: Path) -> Path:
    """Make the folder ``path`` (and its parents) for a command to write into; refuse a link."""
    if path.is_symlink():
        raise WriteRefused(f"refusing to write into {path}: it is a symbolic link")
    if path.exists() and not path.is_dir():
        raise WriteRefused(f"refusing to write into {path}: it is not a folder")
    path.mkdir(parents=True, exist_ok=True)
    return path


def refuse_link(path: Path) -> None:
    """Refuse a target named by the user that is a symbolic link, FIFO or other non-regular file."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return
    if stat.S_ISLNK(info.st_mode):
        raise WriteRefused(f"refusing to write {path}: it is a symbolic link")
    if not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):
        raise WriteRefused(f"refusing to write {path}: it is not a regular file")
