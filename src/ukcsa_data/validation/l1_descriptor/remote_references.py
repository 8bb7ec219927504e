"""No property that would make a client fetch a URL: no ``profile``, and ``$schema`` only as one of
the profiles frictionless ships."""

from __future__ import annotations

from typing import Any

from ukcsa_data.core.problems import Report

#: The only profile URLs accepted: frictionless ships them, so they are never fetched.
BUILTIN_PROFILES = {
    "datapackage": "https://datapackage.org/profiles/2.0/datapackage.json",
    "tableschema": "https://datapackage.org/profiles/2.0/tableschema.json",
}


def _remote_key_problem(key: str, value: Any) -> str | None:
    """Why ``key: value`` would make frictionless fetch a URL, or None."""
    if key == "profile":
        return "remove 'profile': it is fetched over the network"
    if key == "$schema" and value not in BUILTIN_PROFILES.values():
        return f"'$schema' must be one of {sorted(BUILTIN_PROFILES.values())}"
    return None


def check_remote_keys(node: Any, where: str, path: str, report: Report) -> None:
    """Report any `profile` or unknown `$schema`: frictionless would fetch those URLs. Walks the
    JSON with a stack (any depth the parser accepted) and names only the containers it enters."""
    stack: list[tuple[Any, str]] = [(node, where)]
    while stack:
        current, at = stack.pop()
        items = current.items() if isinstance(current, dict) else enumerate(current)
        for key, value in items:
            if isinstance(key, str):
                here = f"{at}.{key}" if at else key
                why = _remote_key_problem(key, value)
                if why:
                    report.add(path, None, here, "remote-reference", why)
                    continue
            else:
                here = f"{at}[{key}]"
            if isinstance(value, dict | list):
                stack.append((value, here))
