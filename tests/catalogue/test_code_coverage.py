"""Every registered problem code is triggered by at least one case of the catalogue, and no other code.

A case names a code by listing it among its error codes or by returning an Expect with it (the only
way to name a warning). The Expect lists are computed by breaking a fresh copy for each case.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from catalogue import Case, Pkg, load_all_cases
from conftest import copy_package

from ukcsa_data.core.codes import CODES


@pytest.fixture(scope="module")
def named_codes(package_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[str]]:
    """Case id -> the codes the case names."""

    def codes_of(broken: Case) -> set[str]:
        copy = copy_package(package_dir, tmp_path_factory.mktemp("coverage") / "package")
        return set(broken.errors) | {e.code for e in broken.breaks(Pkg(copy))}

    return {broken.id: codes_of(broken) for broken in load_all_cases()}


def test_every_code_has_a_case(named_codes: dict[str, set[str]]) -> None:
    named = set().union(*named_codes.values())
    missing = sorted(set(CODES) - named)
    assert not missing, "codes no catalogue case triggers: " + ", ".join(
        f"{code} ({CODES[code][0]})" for code in missing
    )


def test_no_case_names_an_unregistered_code(named_codes: dict[str, set[str]]) -> None:
    unknown = {case_id: sorted(codes - set(CODES)) for case_id, codes in named_codes.items()}
    unknown = {case_id: codes for case_id, codes in unknown.items() if codes}
    assert not unknown, f"cases naming codes that are not in CODES: {unknown}"
