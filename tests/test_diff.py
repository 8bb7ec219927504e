"""``ukcsa-data diff``: each kind of change on a real edit of the shipped package, the bump the
policy gives it, the version verdict, and the git sides (``--base``, ``--since-release``)."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REPO_ROOT, copy_package

from ukcsa_data.cli import main
from ukcsa_data.versioning.changes import POLICY, Bump, difference
from ukcsa_data.versioning.snapshot import from_folder

Edit = Callable[[Path], None]


def rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write(path: Path, fields: list[str], table: list[dict[str, str]]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(table)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def edit_rows(name: str, change: Callable[[list[dict[str, str]]], list[dict[str, str]]]) -> Edit:
    def apply(root: Path) -> None:
        path = root / "dataset" / f"{name}.csv"
        fields, table = rows(path)
        write(path, fields, change(table))

    return apply


def edit_schema(name: str, change: Callable[[dict], None]) -> Edit:  # type: ignore[type-arg]
    def apply(root: Path) -> None:
        path = root / "schemas" / f"{name}.schema.json"
        schema = json.loads(path.read_text(encoding="utf-8"))
        change(schema)
        path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    return apply


def field(schema: dict, name: str) -> dict:  # type: ignore[type-arg]
    return next(f for f in schema["fields"] if f["name"] == name)


def _set(table: list[dict[str, str]], figure_id: str, **cells: str) -> list[dict[str, str]]:
    for row in table:
        if row["figure_id"] == figure_id:
            row.update(cells)
    return table


def _bound(table: list[dict[str, str]], unit: str, geography: str, **cells: str) -> list[dict[str, str]]:
    for row in table:
        if (row["unit"], row["measure_type"], row["geography"]) == (unit, "level", geography):
            row.update(cells)
    return table


def _any(table: list[dict[str, str]], unit: str) -> dict[str, str]:
    return next(r for r in table if (r["unit"], r["measure_type"], r["geography"]) == (unit, "level", ""))


def _rename_notes(root: Path) -> None:
    edit_schema("relations", lambda s: field(s, "notes").update(name="note"))(root)
    path = root / "dataset" / "relations.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",notes\n", ",note\n", 1), encoding="utf-8")


def _add_column(root: Path) -> None:
    edit_schema("relations", lambda s: s["fields"].append({"name": "checked", "type": "string"}))(root)
    path = root / "dataset" / "relations.csv"
    fields, table = rows(path)
    write(path, [*fields, "checked"], [{**row, "checked": "yes"} for row in table])


NEW_SOURCE = {
    "source_id": "example-2021",
    "publisher": "Example",
    "title": "A title",
    "published_date": "2021-06-01",
}
CASES: dict[str, tuple[Edit, Bump, str]] = {
    "delete a figure": (
        edit_rows("figures", lambda t: [r for r in t if r["figure_id"] != "fig-0010"]),
        "major",
        "a released row removed, or its key changed",
    ),
    "correct a value": (
        edit_rows("figures", lambda t: _set(t, "fig-0010", value_text="132", value="132")),
        "patch",
        "a value of a released row corrected",
    ),
    "add a figure": (
        edit_rows("figures", lambda t: [*t, {**t[9], "figure_id": "fig-0042"}]),
        "minor",
        "rows added",
    ),
    "add a source": (edit_rows("sources", lambda t: [*t, {**t[0], **NEW_SOURCE}]), "minor", "rows added"),
    "add a column": (_add_column, "major", "a field removed, renamed, re-ordered or added"),
    "rename a field": (_rename_notes, "major", "a field removed, renamed, re-ordered or added"),
    "tighten an enum": (
        edit_schema("exclusions", lambda s: field(s, "reason")["constraints"]["enum"].remove("contact")),
        "major",
        "a constraint tightened (or a pattern changed)",
    ),
    "loosen an enum": (
        edit_schema("exclusions", lambda s: field(s, "reason")["constraints"]["enum"].append("caption")),
        "minor",
        "a constraint loosened",
    ),
    "tighten a bound (bounds resource)": (
        edit_rows("bounds", lambda t: _bound(t, "people", "UK", maximum="50000")),
        "major",
        "a plausibility bound tightened, or a combination removed",
    ),
    "loosen a bound (bounds resource)": (
        edit_rows("bounds", lambda t: _bound(t, "people", "UK", maximum="80000000")),
        "minor",
        "a plausibility bound loosened, or a combination added",
    ),
    "remove a bound (bounds resource)": (
        edit_rows("bounds", lambda t: [r for r in t if (r["unit"], r["geography"]) != ("clicks", "")]),
        "major",
        "a plausibility bound tightened, or a combination removed",
    ),
    "add a unit and its bound": (
        lambda root: (
            edit_rows("units", lambda t: [*t, {**t[0], "unit": "texts", "nouns": "texts"}])(root),
            edit_rows("bounds", lambda t: [*t, {**_any(t, "raids"), "unit": "texts"}])(root),
        ),
        "minor",
        "a plausibility bound loosened, or a combination added",
    ),
    "add an area": (
        edit_rows(
            "areas",
            lambda t: [
                *t,
                {
                    **t[3],
                    "area": "Isles of Scilly",
                    "type": "local_authority",
                    "gss_code": "",
                    "parent": "South West",
                },
            ],
        ),
        "minor",
        "rows added",
    ),
    "change a primary key": (
        edit_schema("figures", lambda s: s.update(primaryKey=["figure_id", "source_id"])),
        "major",
        "a primary or foreign key changed",
    ),
    "edit a description": (
        edit_schema("figures", lambda s: field(s, "notes").update(description="Judgement calls.")),
        "patch",
        "a description, title or other metadata edited",
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_each_kind_of_change_gets_its_bump(name: str, package_dir: Path, tmp_path: Path) -> None:
    edit, bump, kind = CASES[name]
    new = copy_package(package_dir, tmp_path / "new")
    edit(new)
    diff = difference(from_folder(package_dir), from_folder(new))
    assert diff.bump == bump, [(c.kind, c.what) for c in diff.changes]
    assert kind in {c.kind for c in diff.changes}


def test_no_change_needs_no_bump(package_dir: Path) -> None:
    diff = difference(from_folder(package_dir), from_folder(package_dir))
    assert (diff.bump, diff.changes) == ("none", [])


def test_row_changes_are_keyed_and_field_by_field(package_dir: Path, tmp_path: Path) -> None:
    new = copy_package(package_dir, tmp_path / "new")
    edit_rows("figures", lambda t: _set(t, "fig-0008", per="month"))(new)
    diff = difference(from_folder(package_dir), from_folder(new))
    assert diff.rows["figures"].changed == [("fig-0008", [("per", "day", "month")])]


def _versioned(root: Path, version: str, changelog: str) -> None:
    path = root / "datapackage.json"
    text = path.read_text(encoding="utf-8")
    old = json.loads(text)["version"]
    path.write_text(text.replace(f'"version": "{old}"', f'"version": "{version}"', 1), encoding="utf-8")
    (root / "CHANGELOG.md").write_text(changelog + released_entries(), encoding="utf-8")


def released_entries() -> str:
    """The repository CHANGELOG's released entries, which every later version keeps as they are."""
    text = (REPO_ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    return "\n" + text[text.index("\n## [", text.index("## [Unreleased]")) + 1 :]


@pytest.mark.parametrize(
    ("step", "changelog", "code"),
    [
        ("same", "## [Unreleased]\n\n- Added a column.\n", 0),  # unreleased work, described
        ("same", "## [Unreleased]\n\n", 1),  # unreleased work, not described
        ("major", "## [{version}] - 2026-12-01\n\n- A major change.\n", 0),
        ("major", "## [Unreleased]\n\n- A major change.\n", 1),  # no entry for the new version
        ("minor", "## [{version}] - 2026-12-01\n\n- Not enough.\n", 1),  # a major change needs more
        ("lower", "## [{version}]\n\n- Down.\n", 1),
    ],
)
def test_the_version_must_fit_the_change(
    step: str,
    changelog: str,
    code: int,
    package_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A major change (a new column), against the shipped package's version and a new one."""
    from ukcsa_data.core import semver

    current = semver.parse(
        json.loads((package_dir / "datapackage.json").read_text(encoding="utf-8"))["version"]
    )
    assert current is not None
    versions = {
        "same": current,
        "major": semver.bumped(current, "major"),
        "minor": semver.bumped(current, "minor"),
        "lower": (current[0], current[1], current[2] - 1) if current[2] else (current[0] - 1, 9, 9),
    }
    version = semver.dotted(versions[step])
    new = copy_package(package_dir, tmp_path / "new")
    _add_column(new)
    _versioned(new, version, changelog.format(version=version))
    assert main(["diff", str(package_dir), str(new)]) == code
    assert ("OK:" in capsys.readouterr().out) is (code == 0)


def test_a_removed_id_needs_a_retired_row(
    package_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = copy_package(package_dir, tmp_path / "new")
    CASES["delete a figure"][0](new)
    assert main(["diff", str(package_dir), str(new)]) == 1
    assert "removed without a row in the retired table: figures fig-0010" in capsys.readouterr().out


def test_markdown_is_a_summary_with_counts_first(
    package_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = copy_package(package_dir, tmp_path / "new")
    edit_rows("figures", lambda t: [*t, *({**t[9], "figure_id": f"fig-{n:04d}"} for n in range(42, 92))])(new)
    main(["diff", str(package_dir), str(new), "--format", "markdown"])
    out = capsys.readouterr().out
    assert out.index("| figures | 50 | 0 | 0 |") < out.index("### <code>figures</code>")
    assert "| … | and 30 more |" in out
    payload = main(["diff", str(package_dir), str(new), "--format", "json"])
    assert payload in (0, 1)
    assert len(json.loads(capsys.readouterr().out)["rows"]["figures"]["added"]) == 50


def test_git_sides_work_in_a_fresh_clone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--since-release finds the last release from history alone; --base reads a commit with git show."""
    if shutil.which("git") is None or not (REPO_ROOT / ".git").exists():
        pytest.skip("needs git and the repository's history")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(REPO_ROOT), str(clone)], check=True)
    assert main(["diff", "--base", "HEAD", str(clone)]) == 0
    assert "no change needs a new version" in capsys.readouterr().out
    code = main(["diff", "--since-release", str(clone)])
    out = capsys.readouterr().out
    assert out.startswith("release ") and "required bump:" in out
    assert code == (0 if "OK:" in out else 1)


def test_a_side_that_cannot_be_read_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(tmp_path / "missing"), str(REPO_ROOT)]) == 2
    assert main(["diff", "--base", "not-a-ref-xyz", str(REPO_ROOT)]) == 2
    assert main(["diff", "--base=--upload-pack=x", str(REPO_ROOT)]) == 2
    err = capsys.readouterr().err
    assert "holds no datapackage.json" in err and "is not a commit" in err


def test_the_versioning_page_states_the_policy_the_code_applies() -> None:
    section = (
        (REPO_ROOT / "docs" / "versioning.md")
        .read_text(encoding="utf-8")
        .split("# Versioning\n", 1)[1]
        .split("\n## ", 1)[0]
    )
    for kind, bump in POLICY:
        assert f"- **{bump}**: {kind}" in section, (kind, bump)


def test_a_removed_id_with_a_retired_row_and_a_major_version_passes(
    package_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The retired-ID rule the other way: the same removal, retired and released as a major version."""
    from ukcsa_data.core import semver

    new = copy_package(package_dir, tmp_path / "new")
    CASES["delete a figure"][0](new)
    current = semver.parse(
        json.loads((package_dir / "datapackage.json").read_text(encoding="utf-8"))["version"]
    )
    assert current is not None
    major = semver.dotted(semver.bumped(current, "major"))
    retired = new / "dataset" / "retired.csv"
    retired.write_text(
        retired.read_text(encoding="utf-8")
        + f"fig-0010,figures,{major},A duplicate mention removed in review.,\n",
        encoding="utf-8",
    )
    _versioned(new, major, f"## [{major}] - 2026-12-01\n\n### Removed\n\n- fig-0010, retired.\n")
    assert main(["diff", str(package_dir), str(new)]) == 0
    out = capsys.readouterr().out
    assert "retired (key table, id): 1 added" in out and "+ figures | fig-0010" in out
    assert f"OK: {major} fits a major change" in out


def test_a_repeated_key_is_not_lost_silently(
    package_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = copy_package(package_dir, tmp_path / "new")
    edit_rows("figures", lambda t: [*t, dict(t[9])])(new)
    main(["diff", str(package_dir), str(new)])
    assert "1 row(s) repeat another row's key" in capsys.readouterr().out


def test_bound_rows_are_rules_not_data(package_dir: Path, tmp_path: Path) -> None:
    """A change to the bounds resource is classified as a rule (tightened or loosened), never as
    a row of data added, removed or corrected."""
    new = copy_package(package_dir, tmp_path / "new")
    edit_rows("bounds", lambda t: _bound(t, "people", "UK", maximum="60000000"))(new)
    diff = difference(from_folder(package_dir), from_folder(new))
    assert [(c.area, c.what) for c in diff.changes] == [
        ("rules", "bound people/level/UK: maximum 70000000 -> 60000000")
    ]


def test_a_base_with_the_library_plausibility_table_is_compared_with_the_bounds_resource(
    package_dir: Path, tmp_path: Path
) -> None:
    """A base older than 2.0.0 has no bounds resource, but the library's table
    src/ukcsa_data/rules/plausibility.csv: its rows are compared with the new bounds resource."""
    old = copy_package(package_dir, tmp_path / "old")
    descriptor = json.loads((old / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] != "bounds"]
    (old / "datapackage.json").write_text(json.dumps(descriptor, indent=2) + "\n", encoding="utf-8")
    legacy = old / "src" / "ukcsa_data" / "rules" / "plausibility.csv"
    legacy.parent.mkdir(parents=True)
    fields, table = rows(old / "dataset" / "bounds.csv")
    write(legacy, fields, [r for r in _bound(table, "people", "UK", maximum="50000") if r["unit"] != "hours"])
    (old / "dataset" / "bounds.csv").unlink()
    diff = difference(from_folder(old), from_folder(package_dir))
    found = {(c.area, c.what): c.kind for c in diff.changes}
    assert found[("resource", "resource added")] == "a resource added"
    assert found[("rules", "bound people/level/UK: maximum 50000 -> 70000000")] == (
        "a plausibility bound loosened, or a combination added"
    )
    assert (
        found[("rules", "bound hours/level/any added")]
        == "a plausibility bound loosened, or a combination added"
    )
    assert diff.bump == "minor"


def _exclusion_quote(old_quote: str, new_quote: str) -> Edit:
    def apply(root: Path) -> None:
        edit_rows(
            "exclusions", lambda t: [{**r, "quote": new_quote} if r["quote"] == old_quote else r for r in t]
        )(root)

    return apply


def test_a_corrected_exclusion_quote_is_a_patch(package_dir: Path, tmp_path: Path) -> None:
    """The quote of an exclusion is part of its key; a quote made shorter (the same text at the
    same place in the article) is one row changed, not one removed and one added."""
    new = copy_package(package_dir, tmp_path / "new")
    _exclusion_quote("in the last five years", "the last five years")(new)
    diff = difference(from_folder(package_dir), from_folder(new))
    rows = diff.rows["exclusions"]
    assert (rows.added, rows.removed) == ([], [])
    assert sorted(rows.changed) == [
        (
            f"{source} | in the last five years | 1 | five",
            [("quote", "in the last five years", "the last five years")],
        )
        for source in ("independent-2018", "sheffield-telegraph-2018")
    ]
    assert diff.bump == "patch"


def test_a_quote_typo_fixed_is_a_patch(package_dir: Path, tmp_path: Path) -> None:
    """An old quote that is not in its seed (a typo) cannot be placed: the one removed and the one
    added exclusion of that article and text are the same row corrected."""
    old = copy_package(package_dir, tmp_path / "old")
    _exclusion_quote("in the last five years", "in the lats five years")(old)
    diff = difference(from_folder(old), from_folder(package_dir))
    assert sorted(key for key, _ in diff.rows["exclusions"].changed) == [
        f"{source} | in the lats five years | 1 | five"
        for source in ("independent-2018", "sheffield-telegraph-2018")
    ]
    assert diff.bump == "patch"


def test_exclusions_at_different_places_are_not_one_row() -> None:
    from ukcsa_data.versioning.exclusion_pairs import _pair_group

    assert _pair_group({"a": 10}, {"b": 20}) == []  # the same text, elsewhere in the article
    assert _pair_group({"a": None}, {"b": 20}) == [("a", "b")]
    assert _pair_group({"a": 10, "c": 30}, {"b": 10}) == [("a", "b")]
    assert _pair_group({"a": None, "c": None}, {"b": 10}) == []  # which one: not said


def test_the_waiver_of_a_corrected_exclusion_follows_it(package_dir: Path, tmp_path: Path) -> None:
    """A waiver names an exclusion by its key: when the exclusion's quote is corrected, the waiver
    that names the new key is the same waiver changed, and the whole change is still a patch."""
    old, new = copy_package(package_dir, tmp_path / "old"), copy_package(package_dir, tmp_path / "new")
    _exclusion_quote("in the last five years", "the last five years")(new)
    for root, quote in ((old, "in the last five years"), (new, "the last five years")):
        waiver = {
            "resource": "exclusions",
            "key": f"sheffield-telegraph-2018 | {quote} | 1 | five",
            "code": "exclusion-period",
            "reason": "The article's words are odd here.",
        }
        edit_rows("waivers", lambda t, waiver=waiver: [*t, waiver])(root)  # type: ignore[misc]
    diff = difference(from_folder(old), from_folder(new))
    waivers = diff.rows["waivers"]
    assert (waivers.added, waivers.removed) == ([], [])
    assert waivers.changed == [
        (
            "exclusions | sheffield-telegraph-2018 | in the last five years | 1 | five | exclusion-period",
            [
                (
                    "key",
                    "sheffield-telegraph-2018 | in the last five years | 1 | five",
                    "sheffield-telegraph-2018 | the last five years | 1 | five",
                )
            ],
        )
    ]
    assert diff.bump == "patch"
