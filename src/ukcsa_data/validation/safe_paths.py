"""Layer 1 helpers: a path named by the package must stay inside it, on disk, as a regular file."""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath

from ukcsa_data.validation.codes import Code

_URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def path_problem(package_dir: Path, relative: object) -> tuple[Code, str] | None:
    """Return ``(code, message)`` if ``relative`` is not a safe relative path to a regular file.

    Safe means: a string, no URL scheme, not absolute, no ``..`` or backslash, no symlink anywhere
    along it, and its real path inside ``package_dir``. Nothing outside the package is opened.
    """
    if not isinstance(relative, str) or not relative:
        return "unsafe-path", f"a path must be a non-empty string, not {relative!r}"
    if _URL_SCHEME.match(relative) or relative.startswith("//"):
        return "remote-reference", f"{relative!r} is a URL; the package must not fetch anything"
    if relative.startswith("/") or "\\" in relative or "\x00" in relative:
        return "unsafe-path", f"{relative!r} must be a relative path with forward slashes"
    parts = PurePosixPath(relative).parts
    if ".." in parts:
        return "unsafe-path", f"{relative!r} leaves the package ('..' is not allowed)"
    current = package_dir
    for part in parts:
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
