"""Versions and releases: every file that states the version agrees, CITATION.cff is valid Citation
File Format 1.2.0, the CHANGELOG keeps the Keep a Changelog form, and ``ukcsa-data release``
dates the Unreleased entry and sets the version everywhere, or writes nothing."""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import re
import tomllib
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import RELEASE_PARTS, REPO_ROOT, copy_package
from jsonschema import Draft7Validator
from referencing import Registry

import ukcsa_data
from ukcsa_data.cli import main
from ukcsa_data.core.package_version import package_version
from ukcsa_data.validation.runner import validate_package

CFF_SCHEMA = REPO_ROOT / "tests" / "fixtures" / "cff-1.2.0-schema.json"
#: sha256 of the vendored schema, also written in tests/fixtures/README.md.
CFF_SCHEMA_SHA256 = "0b8d22140da702d766df318dcff3a91af2f39521298dcf36d76315fd99cc169b"
UNRELEASED = "## [Unreleased]\n"
_DATED = re.compile(r"^## \[([0-9]+\.[0-9]+\.[0-9]+)\] - ([0-9]{4}-[0-9]{2}-[0-9]{2})$", re.MULTILINE)
_HOW_TO_CITE = re.compile(r"^## How to cite\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
_CITED_VERSION = re.compile(r"\bversion\s+(?:>\s*)?([0-9]+\.[0-9]+\.[0-9]+)")


# reading what the files state ---------------------------------------------------------------------


def _text(root: Path, name: str) -> str:
    return (root / name).read_text(encoding="utf-8")


def _as_cff_text(value: Any) -> Any:
    """YAML dates as strings: the CFF schema says tools must cast them before validating."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _as_cff_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_cff_text(item) for item in value]
    return value


def _citation(root: Path) -> dict[str, Any]:
    data = _as_cff_text(yaml.safe_load(_text(root, "CITATION.cff")))
    assert isinstance(data, dict)
    return data


def _cff_errors(data: Any) -> list[str]:
    schema = json.loads(CFF_SCHEMA.read_text(encoding="utf-8"))
    # An empty registry: a reference outside the schema fails instead of being fetched.
    validator = Draft7Validator(schema, registry=Registry(), format_checker=Draft7Validator.FORMAT_CHECKER)
    return sorted(f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(data))


def _how_to_cite(readme: str) -> str:
    section = _HOW_TO_CITE.search(readme)
    assert section is not None, "README.md has no '## How to cite' section"
    return section.group(0)


def stated_versions(root: Path) -> dict[str, str]:
    """Every version the files of a checkout state, by where they state it."""
    versions = {
        "datapackage.json": json.loads(_text(root, "datapackage.json"))["version"],
        "CITATION.cff": str(_citation(root)["version"]),
    }
    project = tomllib.loads(_text(root, "pyproject.toml"))["project"]
    if "version" in project:  # this repository's is dynamic: hatch_build.py reads datapackage.json
        versions["pyproject.toml"] = project["version"]
    for index, cited in enumerate(_CITED_VERSION.findall(_how_to_cite(_text(root, "README.md")))):
        versions[f"README.md How to cite ({index + 1})"] = cited
    return versions


def _unreleased_body(changelog: str) -> str:
    start = changelog.index(UNRELEASED) + len(UNRELEASED)
    following = re.compile(r"^## ", re.MULTILINE).search(changelog, start)
    return changelog[start : following.start() if following else len(changelog)]


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def assert_release_state(root: Path) -> None:
    """The version, the CHANGELOG's newest dated entry and CITATION.cff's date-released agree."""
    version = json.loads(_text(root, "datapackage.json"))["version"]
    changelog = _text(root, "CHANGELOG.md")
    released = _DATED.findall(changelog)  # newest first
    citation = _citation(root)
    if released:
        assert released[0] == (version, citation.get("date-released")), (released[0], version, citation)
    else:  # nothing released yet: the version is the one being prepared, and Unreleased describes it
        assert re.search(r"^- \S", _unreleased_body(changelog), re.MULTILINE), "Unreleased lists nothing"
        assert "date-released" not in citation


# the repository as it is ----------------------------------------------------------------------


def test_every_place_that_states_the_version_agrees() -> None:
    versions = stated_versions(REPO_ROOT)
    assert any(where.startswith("README.md") for where in versions), "How to cite names no version"
    assert set(versions.values()) == {versions["datapackage.json"]}, versions
    # The library and the distribution state the released version, or it with +unreleased while
    # CHANGELOG.md lists unreleased changes (test_release_workflow.py builds the distribution).
    assert ukcsa_data.__version__ == package_version(REPO_ROOT)
    installed = importlib.metadata.version("ukcsa-data")
    assert installed.split("+")[0] == versions["datapackage.json"], installed
    assert_release_state(REPO_ROOT)


def test_the_changelog_keeps_the_keep_a_changelog_form() -> None:
    changelog = _text(REPO_ROOT, "CHANGELOG.md")
    assert changelog.startswith("# Changelog\n")
    assert "https://keepachangelog.com/en/1.1.0/" in changelog
    assert "https://semver.org/" in changelog
    assert changelog.count(UNRELEASED) == 1
    headings = re.findall(r"^## .*$", changelog, re.MULTILINE)
    assert headings[0] == UNRELEASED.strip()
    assert all(_DATED.fullmatch(heading) for heading in headings[1:]), headings
    released = _DATED.findall(changelog)
    assert [_key(v) for v, _ in released] == sorted((_key(v) for v, _ in released), reverse=True)
    assert [d for _, d in released] == sorted((d for _, d in released), reverse=True)
    kinds = re.findall(r"^### (.*)$", changelog, re.MULTILINE)
    assert set(kinds) <= {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}, kinds


def test_the_readme_points_to_citation_cff_and_the_docs_say_how_to_pin_a_version() -> None:
    readme = _text(REPO_ROOT, "README.md")
    assert "(CITATION.cff)" in _how_to_cite(readme)
    assert "(docs/versioning.md)" in readme
    versioning = _text(REPO_ROOT, "docs/versioning.md")
    assert re.findall(r"^#{1,2} (.*)$", versioning, re.MULTILINE)[:2] == ["Versioning", "Pinning a version"]
    pinning = versioning.split("## Pinning a version\n", 1)[1].split("\n## ", 1)[0]
    for needed in (
        "No release is on the package index (PyPI) yet, and no tag exists yet",  # what works today:
        '"ukcsa-data @ git+https://github.com/<owner>/ukcsa-data@<commit SHA>"',
        "/<commit SHA>/dataset/figures.csv",
        "`vX.Y.Z`",
        "ukcsa-data release",
    ):
        assert needed in " ".join(pinning.split()).replace("**", ""), needed


# CITATION.cff against the CFF 1.2.0 schema ------------------------------------------------------------


def test_the_vendored_cff_schema_is_unchanged_and_self_contained() -> None:
    raw = CFF_SCHEMA.read_bytes()
    assert hashlib.sha256(raw).hexdigest() == CFF_SCHEMA_SHA256, (
        "tests/fixtures/cff-1.2.0-schema.json changed"
    )
    assert CFF_SCHEMA_SHA256 in _text(REPO_ROOT, "tests/fixtures/README.md")
    schema = json.loads(raw)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema"
    assert schema["$id"] == "https://citation-file-format.github.io/1.2.0/schema.json"
    Draft7Validator.check_schema(schema)
    references = re.findall(r'"\$ref": "([^"]*)"', raw.decode("utf-8"))
    assert references and all(ref.startswith("#/") for ref in references)


def test_citation_cff_is_valid_cff_1_2_0() -> None:
    assert _cff_errors(_citation(REPO_ROOT)) == []


def test_citation_cff_says_what_datapackage_json_says() -> None:
    citation = _citation(REPO_ROOT)
    descriptor = json.loads(_text(REPO_ROOT, "datapackage.json"))
    assert citation["cff-version"] == "1.2.0"
    assert citation["type"] == "dataset"
    assert citation["authors"] == [{"name": "ukcsa-data contributors"}]
    assert citation["message"] == (
        "If you use these data, cite the version you used and, for any single figure, the original article."
    )
    assert citation["license"] == "CC-BY-4.0" == descriptor["licenses"][0]["name"]
    assert citation["abstract"] == descriptor["description"]
    assert citation["keywords"] == descriptor["keywords"]
    assert citation["version"] == descriptor["version"]


@pytest.mark.parametrize(
    ("change", "value"),
    [
        ("authors", None),  # required
        ("title", None),  # required
        ("type", "software-x"),
        ("license", "CC-BY"),  # not an SPDX identifier
        ("date-released", "2026-13-01"),
        ("version", ""),
        ("authors", [{"nickname": "someone"}]),
        ("release-date", "2026-01-01"),  # not a CFF key
    ],
)
def test_a_broken_citation_fails_the_schema(change: str, value: Any) -> None:
    citation = _citation(REPO_ROOT)
    if value is None:
        del citation[change]
    else:
        citation[change] = value
    assert _cff_errors(citation)


# ukcsa-data release ---------------------------------------------------------------------------------


def _add_unreleased_item(root: Path, item: str = "- A correction, for the test.\n") -> None:
    path = root / "CHANGELOG.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(UNRELEASED, f"{UNRELEASED}\n### Fixed\n\n{item}", 1), encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of the repository's package and release files, with something under Unreleased."""
    root = copy_package(REPO_ROOT, tmp_path / "repo", RELEASE_PARTS)
    if not re.search(r"^- \S", _unreleased_body(_text(root, "CHANGELOG.md")), re.MULTILINE):
        _add_unreleased_item(root)
    return root


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()
    }


def _version(root: Path) -> str:
    return str(json.loads(_text(root, "datapackage.json"))["version"])


def _next_minor(version: str) -> str:
    major, minor, _ = _key(version)
    return f"{major}.{minor + 1}.0"


def _lower(version: str) -> str:
    major, minor, patch = _key(version)
    if patch:
        return f"{major}.{minor}.{patch - 1}"
    return f"{major}.{minor - 1}.9" if minor else f"{major - 1}.9.9"


def _codes(root: Path) -> set[str]:
    return {problem.code for problem in validate_package(root).problems}


def test_release_dates_the_unreleased_entry_and_sets_every_version(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    current = _version(repo)
    new, when = _next_minor(current), date(date.today().year + 1, 1, 15)
    before = _snapshot(repo)
    codes_before = _codes(repo)

    assert main(["release", new, str(repo), "--date", when.isoformat()]) == 0

    out = capsys.readouterr().out.splitlines()
    after = _snapshot(repo)
    assert {name for name in after if after[name] != before.get(name)} == {
        "datapackage.json",
        "CITATION.cff",
        "README.md",
        "CHANGELOG.md",
    }
    assert f"datapackage.json: version {current} -> {new}" in out
    assert "pyproject.toml: states no version, not changed" in out  # dynamic: hatch_build.py
    assert f"CHANGELOG.md: [Unreleased] -> [{new}] - {when}" in out
    assert out[-1].startswith("next: ") and f"tag the commit v{new}" in out[-1]

    # datapackage.json: the version's bytes and no others
    old_member, new_member = f'"version": "{current}"'.encode(), f'"version": "{new}"'.encode()
    assert before["datapackage.json"].count(old_member) == 1
    assert after["datapackage.json"] == before["datapackage.json"].replace(old_member, new_member)
    assert _codes(repo) == codes_before
    assert not {"resource-hash", "resource-bytes"} & codes_before

    # CHANGELOG.md: an empty Unreleased above the dated entry, which holds what Unreleased held
    changelog = before["CHANGELOG.md"].decode("utf-8")
    start = changelog.index(UNRELEASED) + len(UNRELEASED)
    expected = changelog[:start] + f"\n## [{new}] - {when}\n\n" + changelog[start:].lstrip("\n")
    assert after["CHANGELOG.md"].decode("utf-8") == expected

    # CITATION.cff: version and date-released set, every other line as it was, still valid CFF
    citation = _citation(repo)
    assert (citation["version"], citation["date-released"]) == (new, when.isoformat())
    assert _cff_errors(citation) == []
    kept = ("version:", "date-released:")
    assert [line for line in before["CITATION.cff"].decode().splitlines() if not line.startswith(kept)] == [
        line for line in after["CITATION.cff"].decode().splitlines() if not line.startswith(kept)
    ]

    # README.md: only the citation's version and year
    readme_before, readme_after = before["README.md"].decode(), after["README.md"].decode()
    cite_before, cite_after = _how_to_cite(readme_before), _how_to_cite(readme_after)
    assert readme_before.replace(cite_before, "") == readme_after.replace(cite_after, "")
    assert f"({when.year})" in cite_after and f"version {new}" in cite_after

    assert set(stated_versions(repo).values()) == {new}
    assert_release_state(repo)


def test_release_dates_today_by_default(repo: Path) -> None:
    new = _next_minor(_version(repo))
    assert main(["release", new, str(repo)]) == 0
    assert f"## [{new}] - {date.today().isoformat()}\n" in _text(repo, "CHANGELOG.md")
    assert _citation(repo)["date-released"] == date.today().isoformat()


def _refused(root: Path, argv: list[str], capsys: pytest.CaptureFixture[str], words: str) -> None:
    """``release`` exits 2 with one line on stderr naming the problem, and writes nothing."""
    capsys.readouterr()
    before = _snapshot(root)
    assert main(["release", *argv]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("ukcsa-data release: ") and captured.err.count("\n") == 1, captured.err
    assert words in captured.err, captured.err
    assert _snapshot(root) == before


@pytest.mark.parametrize(
    "version", ["1.2", "v1.2.3", "01.2.3", "1.02.3", "1.2.3-rc.1", "1.2.3+build.5", "1.2.3.4", "", " 1.2.3"]
)
def test_release_refuses_a_malformed_version(
    repo: Path, version: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _refused(repo, [version, str(repo)], capsys, "is not a version of the form MAJOR.MINOR.PATCH")


def test_release_refuses_a_lower_or_equal_version(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    current = _version(repo)
    for version in (_lower(current), current):
        _refused(repo, [version, str(repo)], capsys, f"is not above the current version {current}")


def test_release_refuses_an_empty_unreleased_section(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = _next_minor(_version(repo))
    assert main(["release", first, str(repo), "--date", "2030-01-01"]) == 0
    # straight after a release, Unreleased is empty
    _refused(repo, [_next_minor(first), str(repo)], capsys, "section of CHANGELOG.md is empty")
    # headings with no list item under them are empty too
    _add_unreleased_item(repo, item="")
    assert "### Fixed" in _unreleased_body(_text(repo, "CHANGELOG.md"))
    _refused(repo, [_next_minor(first), str(repo)], capsys, "section of CHANGELOG.md is empty")


def test_a_second_release_replaces_date_released_and_refuses_an_earlier_date(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, day = _next_minor(_version(repo)), date(2030, 6, 1)
    assert main(["release", first, str(repo), "--date", day.isoformat()]) == 0
    _add_unreleased_item(repo)
    second = _next_minor(first)
    _refused(
        repo,
        [second, str(repo), "--date", (day - timedelta(days=1)).isoformat()],
        capsys,
        "after the release date",
    )
    _refused(repo, [first, str(repo)], capsys, f"is not above the current version {first}")
    later = day + timedelta(days=30)
    assert main(["release", second, str(repo), "--date", later.isoformat()]) == 0
    assert _text(repo, "CITATION.cff").count("date-released:") == 1
    assert _citation(repo)["date-released"] == later.isoformat()
    released = _DATED.findall(_text(repo, "CHANGELOG.md"))
    assert released[:2] == [(second, later.isoformat()), (first, day.isoformat())]
    assert set(stated_versions(repo).values()) == {second}
    assert_release_state(repo)


@pytest.mark.parametrize("day", ["2026-02-30", "30/11/2026", "2026-1-5", "20261130", "today"])
def test_release_refuses_a_bad_date(repo: Path, day: str, capsys: pytest.CaptureFixture[str]) -> None:
    version = _next_minor(_version(repo))
    _refused(repo, [version, str(repo), "--date", day], capsys, "is not a real date written YYYY-MM-DD")


def test_release_refuses_a_changelog_without_one_unreleased_heading(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    version = _next_minor(_version(repo))
    path = repo / "CHANGELOG.md"
    path.write_text(_text(repo, "CHANGELOG.md").replace(UNRELEASED, "## Next\n"), encoding="utf-8")
    _refused(repo, [version, str(repo)], capsys, "has 0 '## [Unreleased]' headings")
    path.unlink()
    _refused(repo, [version, str(repo)], capsys, "'CHANGELOG.md' does not exist")
