"""Layer 1, safety before reading data: the descriptor, resource paths and Table Schemas.

This module runs the layer; each part is a module of this folder: :mod:`.json_file` (JSON read
strictly), :mod:`.remote_references`, :mod:`.descriptor_options` (properties honoured or
refused), :mod:`.urls`, :mod:`.resources` (each resource and its paths), :mod:`.schemas` (each
Table Schema, through :mod:`.schema_fields`, :mod:`.schema_keys`, :mod:`.regex_safety` and
:mod:`.schema_contract`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ukcsa_data.core import limits
from ukcsa_data.core.contract import CONTRACT
from ukcsa_data.core.package_files import DESCRIPTOR, VERSION
from ukcsa_data.core.problems import Report
from ukcsa_data.validation.l1_descriptor import descriptor_options as options
from ukcsa_data.validation.l1_descriptor.json_file import UNREADABLE, read_json_file
from ukcsa_data.validation.l1_descriptor.remote_references import check_remote_keys
from ukcsa_data.validation.l1_descriptor.resources import ResourcePlan, check_resources
from ukcsa_data.validation.l1_descriptor.urls import check_descriptor_urls


def _check_unlisted(package_dir: Path, listed: set[str], report: Report) -> None:
    folder = package_dir / "dataset"
    if folder.is_symlink():
        report.add("dataset", None, None, "symlink", "dataset/ must be a real folder")
        return
    if not folder.is_dir():
        return
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        relative = f"dataset/{entry.name}"
        if entry.is_symlink():
            report.add(relative, None, None, "symlink", "files under dataset/ must not be links")
        elif entry.name.lower().endswith(".csv") and relative not in listed:
            report.add(relative, None, None, "unlisted-file", "add it to datapackage.json or remove it")


def _frictionless_problems(package_dir: Path, descriptor: dict[str, Any], report: Report) -> None:
    from frictionless import Package

    result = Package.validate_descriptor(descriptor, basepath=str(package_dir))
    for error in result.errors:
        report.add(DESCRIPTOR, None, None, "descriptor-invalid", _bounded(error.message))


def _bounded(message: str, limit: int = 500) -> str:
    """frictionless's ``message``, cut at ``limit`` characters (it may quote the whole descriptor)."""
    if len(message) <= limit:
        return message
    return f"{message[:limit]}… ({len(message):,} characters in all)"


def _check_version(descriptor: dict[str, Any], report: Report) -> None:
    """The version is MAJOR.MINOR.PATCH (with a pre-release or build part at most): it names files.

    Bad: ``"version": "../../1.0.0"``, ``"1.0"``. Good: ``"1.0.0"``, ``"2.0.0-rc.1"``."""
    version = descriptor.get("version")
    if isinstance(version, str) and not VERSION.fullmatch(version):
        report.add(
            DESCRIPTOR,
            None,
            "version",
            "descriptor-invalid",
            f"{version!r} is not a version MAJOR.MINOR.PATCH (such as 1.0.0 or 2.0.0-rc.1)",
        )


def check_descriptor(package_dir: Path, report: Report) -> dict[str, ResourcePlan]:
    """Run layer 1 and return the resources that are safe to read, by name."""
    descriptor = read_json_file(package_dir, DESCRIPTOR, limits.active().descriptor_bytes, report)
    if descriptor is UNREADABLE:
        return {}
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        report.add(DESCRIPTOR, None, None, "descriptor-invalid", "needs a 'resources' list")
        return {}
    before = len(report.problems)
    resources = descriptor["resources"]
    if len(resources) > limits.active().resources:
        report.add(
            DESCRIPTOR,
            None,
            "resources",
            "too-many-resources",
            f"{len(resources):,} resources; the limit is {limits.active().resources:,}",
        )
        return {}
    check_remote_keys(descriptor, "", DESCRIPTOR, report)
    for where, code, why in options.package_problems(descriptor):
        report.add(DESCRIPTOR, None, where, code, why)
    _check_version(descriptor, report)
    check_descriptor_urls(descriptor, DESCRIPTOR, report)
    plans = check_resources(package_dir, resources, report)
    listed = {
        r["path"] for r in descriptor["resources"] if isinstance(r, dict) and isinstance(r.get("path"), str)
    }
    for name in CONTRACT:
        if not any(isinstance(r, dict) and r.get("name") == name for r in descriptor["resources"]):
            report.add(DESCRIPTOR, None, name, "missing-resource", f"the package needs a '{name}' resource")
    _check_unlisted(package_dir, listed, report)
    if len(report.problems) == before:
        _frictionless_problems(package_dir, descriptor, report)
    return plans
