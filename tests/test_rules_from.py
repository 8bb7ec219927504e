"""``validate --rules-from``: the data is checked against the base version's rules (schemas,
plausibility bounds, waivers), so a change cannot loosen a rule and rely on it at once."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO_ROOT, copy_package

from ukcsa_data.cli import main
from ukcsa_data.rehash import rehash
from ukcsa_data.versioning.snapshot import RULES_FILE


def _set_cell(root: Path, name: str, key: str, column: str, value: str) -> int:
    path = root / "dataset" / f"{name}.csv"
    reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))
    rows, fields = list(reader), list(reader.fieldnames or [])
    line = next(i for i, r in enumerate(rows, 2) if r[fields[0]] == key)
    rows[line - 2][column] = value
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return line


def _base_with_rules(package_dir: Path, target: Path, bounds: str | None = None) -> Path:
    """A base version in a folder: the package, and (optionally) its own bounds table."""
    base = copy_package(package_dir, target)
    if bounds is not None:
        (base / "dataset" / "bounds.csv").write_text(bounds, encoding="utf-8")
        rehash(base)
    return base


def _legacy_base(package_dir: Path, target: Path, bounds: str) -> Path:
    """A base older than 2.0.0: no bounds resource, the bounds in the library's table."""
    base = copy_package(package_dir, target)
    descriptor = json.loads((base / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] != "bounds"]
    (base / "datapackage.json").write_text(json.dumps(descriptor, indent=2) + "\n", encoding="utf-8")
    (base / RULES_FILE).parent.mkdir(parents=True)
    (base / RULES_FILE).write_text(bounds, encoding="utf-8")
    return base


SHIPPED_BOUNDS = (REPO_ROOT / "dataset" / "bounds.csv").read_text(encoding="utf-8")
TIGHTER = SHIPPED_BOUNDS.replace("people,level,UK,0,70000000,", "people,level,UK,0,50000,", 1)


@pytest.mark.parametrize("layout", ["bounds resource", "library table before 2.0.0"])
def test_a_bound_loosened_and_relied_on_is_caught(
    layout: str, package_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The base allowed at most 50,000 people in the UK; the change raised the bound (to the
    shipped 70 million) and relies on it for an 80,000 estimate. The base's bounds are its
    dataset/bounds.csv, or (a base older than 2.0.0) the library's rules/plausibility.csv."""
    assert TIGHTER != SHIPPED_BOUNDS
    if layout == "bounds resource":
        base = _base_with_rules(package_dir, tmp_path / "base", TIGHTER)
    else:
        base = _legacy_base(package_dir, tmp_path / "base", TIGHTER)
    new = copy_package(package_dir, tmp_path / "new")
    assert main(["validate", str(new)]) == 0
    capsys.readouterr()
    assert main(["validate", str(new), "--rules-from", str(base)]) == 1
    out = capsys.readouterr().out
    assert "implausible-value" in out and "80,000 people is outside 0 to 50,000" in out


def test_a_bound_added_with_its_figure_is_checked_against_the_base(
    package_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The bounds are rules: a bound row removed in the base (clicks) and present in the change
    does not let the change's figure in clicks pass under the base's rules."""
    without_clicks = "".join(
        line for line in SHIPPED_BOUNDS.splitlines(keepends=True) if not line.startswith("clicks,")
    )
    base = _base_with_rules(package_dir, tmp_path / "base", without_clicks)
    new = copy_package(package_dir, tmp_path / "new")
    assert main(["validate", str(new), "--rules-from", str(base)]) == 1
    assert "a level in clicks is not allowed" in capsys.readouterr().out


def test_a_schema_loosened_and_relied_on_is_caught(
    package_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = _base_with_rules(package_dir, tmp_path / "base")
    new = copy_package(package_dir, tmp_path / "new")
    schema_path = new / "schemas" / "figures.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    measure = next(f for f in schema["fields"] if f["name"] == "measure")
    measure["constraints"]["maxLength"] = 5000
    schema_path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    line = _set_cell(new, "figures", "fig-0010", "measure", ("suspects arrested " * 25).strip())
    rehash(new)
    assert main(["validate", str(new)]) == 0
    capsys.readouterr()
    assert main(["validate", str(new), "--rules-from", str(base)]) == 1
    assert f"dataset/figures.csv:{line}: measure: max-length" in capsys.readouterr().out


def test_a_waiver_added_to_silence_a_new_mistake_is_caught(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """In a fresh clone: the change records "at least 300,000" as exact and waives the check; with
    the rules of HEAD (no such waiver) the mistake shows."""
    if shutil.which("git") is None or not (REPO_ROOT / ".git").exists():
        pytest.skip("needs git and the repository's history")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(REPO_ROOT), str(clone)], check=True)
    line = _set_cell(clone, "figures", "fig-0022", "qualifier", "exact")
    with (clone / "dataset" / "waivers.csv").open("a", encoding="utf-8", newline="") as handle:
        handle.write("figures,fig-0022,qualifier-words,A waiver that relies on itself in the same change.\n")
    rehash(clone)
    assert main(["validate", str(clone)]) == 0
    capsys.readouterr()
    assert main(["validate", str(clone), "--rules-from", "HEAD"]) == 1
    out = capsys.readouterr().out
    assert f"dataset/figures.csv:{line}: qualifier: qualifier-words" in out
    assert "the waiver on dataset/waivers.csv line 5 does not count here" in out
    assert main(["validate", str(clone), "--rules-from", "no-such-ref-xyz"]) == 2


# --- Issue 16: the base comes from git only, and every valid change passes -------------------------

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def _table(root: Path, name: str) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.DictReader(io.StringIO((root / "dataset" / f"{name}.csv").read_text(encoding="utf-8")))
    return list(reader.fieldnames or []), list(reader)


def _write_table(root: Path, name: str, fields: list[str], rows: list[dict[str, str]]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (root / "dataset" / f"{name}.csv").write_text(buffer.getvalue(), encoding="utf-8")


def _edit_schema(root: Path, name: str, change: Callable[[dict[str, Any]], None]) -> None:
    path = root / "schemas" / f"{name}.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    change(schema)
    path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


@pytest.fixture
def repo(package_dir: Path, tmp_path: Path) -> Path:
    """A scratch git repository whose first commit (branch ``main``) is the shipped package."""
    root = copy_package(package_dir, tmp_path / "repo")
    _git(root, "init", "--quiet", "--initial-branch", "main")
    _commit(root, "base")
    return root


def _commit(root: Path, message: str) -> None:
    rehash(root)
    _git(root, "add", "--all")
    _git(root, "commit", "--quiet", "--message", message)


def _passes(root: Path, capsys: pytest.CaptureFixture[str], *rules: str) -> None:
    """The change is valid on its own and under the rules of each base given."""
    assert main(["validate", str(root)]) == 0, capsys.readouterr().out
    for base in rules:
        code = main(["validate", str(root), "--rules-from-ref", base])
        assert code == 0, capsys.readouterr().out
    capsys.readouterr()


def _remove_repeated_subheadline(root: Path) -> None:
    """fig-0003, the sub-headline printed a second time, removed with its waiver; the id retired;
    the number covered by an exclusion, which needs a waiver of its own (a new row and its waiver)."""
    fields, rows = _table(root, "figures")
    _write_table(root, "figures", fields, [r for r in rows if r["figure_id"] != "fig-0003"])
    fields, rows = _table(root, "retired")
    reason = "The repeated sub-headline is one mention of the estimate, not two."
    rows.append(
        {
            "id": "fig-0003",
            "table": "figures",
            "retired_in": "2.0.0",
            "reason": reason,
            "replaced_by": "fig-0002",
        }
    )
    _write_table(root, "retired", fields, rows)
    quote = "Around 80,000 people pose an online sexual threat to children"
    fields, rows = _table(root, "exclusions")
    rows.append(
        {
            "source_id": "sheffield-telegraph-2018",
            "text": "80,000",
            "quote": quote,
            "occurrence": "2",
            "reason": "boilerplate",
        }
    )
    _write_table(root, "exclusions", fields, rows)
    fields, rows = _table(root, "waivers")
    rows = [r for r in rows if r["key"] != "fig-0003"]
    rows.append(
        {
            "resource": "exclusions",
            "key": f"sheffield-telegraph-2018 | {quote} | 2 | 80,000",
            "code": "exclusion-boilerplate",
            "reason": "The sub-headline is printed twice; the second copy is page furniture.",
        }
    )
    _write_table(root, "waivers", fields, rows)


def _add_column(root: Path, name: str = "checked") -> None:
    """An optional column after the contract's columns of relations (CONTRIBUTING: a major change)."""
    _edit_schema(
        root,
        "relations",
        lambda s: s["fields"].append({"name": name, "type": "string", "constraints": {"maxLength": 20}}),
    )
    fields, rows = _table(root, "relations")
    _write_table(root, "relations", [*fields, name], [{**r, name: "yes"} for r in rows])


def _rename_column(root: Path, old: str, new: str) -> None:
    _edit_schema(
        root, "relations", lambda s: next(f for f in s["fields"] if f["name"] == old).update(name=new)
    )
    fields, rows = _table(root, "relations")
    renamed = [new if f == old else f for f in fields]
    _write_table(
        root, "relations", renamed, [{(new if k == old else k): v for k, v in r.items()} for r in rows]
    )


def _add_unit_with_bound(root: Path) -> None:
    """A unit the base did not have, with its bound (CONTRIBUTING: a new unit needs its bounds)."""
    fields, rows = _table(root, "units")
    arrests = next(r for r in rows if r["unit"] == "arrests")
    _write_table(root, "units", fields, [*rows, {**arrests, "unit": "texts", "nouns": "texts|text messages"}])
    fields, rows = _table(root, "bounds")
    bound = next(
        r for r in rows if (r["unit"], r["measure_type"], r["geography"]) == ("arrests", "level", "")
    )
    _write_table(root, "bounds", fields, [*rows, {**bound, "unit": "texts"}])


@needs_git
@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            _remove_repeated_subheadline, id="remove a row with a waiver, add a row with its waiver"
        ),
        pytest.param(_add_column, id="add an optional column"),
        pytest.param(_add_unit_with_bound, id="add a unit with its bound"),
    ],
)
def test_a_valid_change_passes_under_the_base_rules(
    change: Callable[[Path], None], repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The base's rules apply to what the base had: a removed row's waiver is not stale, a new row's
    waiver counts, a new column is judged by its own schema, a new unit's bound counts."""
    change(repo)
    _commit(repo, "change")
    _passes(repo, capsys, "main~1")


@needs_git
def test_a_renamed_column_is_judged_by_the_new_schema(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Renaming a column (a major change) passes against a base that had the old name."""
    _add_column(repo)
    _commit(repo, "add a column")
    _rename_column(repo, "checked", "reviewed")
    _commit(repo, "rename it")
    _passes(repo, capsys, "main~1", "main~2")


@needs_git
def test_the_base_constraints_still_hold_on_what_the_base_had(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The column added in the base keeps the base's maxLength when the change loosens it and
    relies on it; a bound of an existing unit raised in the change does not count either."""
    _add_column(repo)
    _commit(repo, "add a column")
    _edit_schema(repo, "relations", lambda s: s["fields"][-1]["constraints"].update(maxLength=200))
    fields, rows = _table(repo, "relations")
    _write_table(
        repo, "relations", fields, [{**r, "checked": "checked twice by two reviewers"} for r in rows]
    )
    _commit(repo, "loosen and rely")
    assert main(["validate", str(repo)]) == 0
    capsys.readouterr()
    assert main(["validate", str(repo), "--rules-from-ref", "main~1"]) == 1
    assert "relations.csv:2: checked: max-length" in capsys.readouterr().out


@needs_git
def test_a_folder_named_like_the_ref_never_supplies_the_base(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The attack: the change commits a folder origin/main/ with loosened bounds and relies on them.
    --rules-from-ref reads the commit; --rules-from refuses the folder inside the package, and a
    name that is both a folder (outside) and a commit."""
    _git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    fields, rows = _table(repo, "bounds")
    _write_table(
        repo, "bounds", fields, [{**r, "maximum": "1"} if r["unit"] == "arrests" else r for r in rows]
    )
    _commit(repo, "tighten (the base of the attack)")
    _git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    shadow = copy_package(repo, repo / "origin" / "main")
    fields, rows = _table(shadow, "bounds")
    _write_table(shadow, "bounds", fields, [{**r, "maximum": ""} for r in rows])
    rehash(shadow)
    monkeypatch.chdir(repo)
    assert main(["validate", ".", "--rules-from-ref", "origin/main"]) == 1
    out, err = capsys.readouterr()
    commit = _git(repo, "rev-parse", "origin/main").strip()
    assert (
        "implausible-value" in out and f"checking with the rules of commit {commit[:12]} (origin/main" in err
    )
    assert main(["validate", ".", "--rules-from", "origin/main"]) == 2
    assert "a folder inside the package being validated" in capsys.readouterr().err
    outside = copy_package(shadow, tmp_path / "elsewhere" / "origin" / "main")
    monkeypatch.chdir(tmp_path / "elsewhere")
    assert main(["validate", str(repo), "--rules-from", "origin/main"]) == 2
    err = capsys.readouterr().err
    assert "names both a folder and a git commit" in err and "--rules-from-ref origin/main" in err
    assert (
        main(["validate", str(repo), "--rules-from", f"./{outside.relative_to(tmp_path / 'elsewhere')}"]) == 0
    )


@pytest.mark.parametrize("value", ["", "--", "-", "--output=/tmp/x", " "])
@pytest.mark.parametrize("option", ["validate --rules-from", "validate --rules-from-ref", "diff --base"])
def test_an_empty_or_option_like_ref_is_refused(
    option: str, value: str, package_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Exit 2 and a message, never the package's own rules (an empty --rules-from was once ignored)."""
    command, flag = option.split()
    assert main([command, str(package_copy), f"{flag}={value}"]) == 2
    err = capsys.readouterr().err
    assert flag in err and ("names no commit" in err or "is not a git ref" in err)


@needs_git
@pytest.mark.parametrize("target_exists", [True, False])
def test_a_schema_link_is_never_written_through(
    target_exists: bool, repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The attack: a schema that is a symbolic link to a file outside; --rules-from once wrote the
    base's schema through it (creating it if missing). Now the link is reported, nothing written."""
    target = tmp_path / "outside.json"
    if target_exists:
        target.write_text("outside, unchanged\n", encoding="utf-8")
    schema = repo / "schemas" / "relations.schema.json"
    schema.unlink()
    schema.symlink_to(target)
    assert main(["validate", str(repo), "--rules-from-ref", "main"]) == 1
    assert "schemas/relations.schema.json: -: symlink:" in capsys.readouterr().out
    assert (target.read_text(encoding="utf-8") if target_exists else None) == (
        "outside, unchanged\n" if target_exists else None
    )
    assert target.exists() == target_exists


@needs_git
def test_fifos_are_never_read(repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A listed table that is a FIFO, and an unlisted FIFO in dataset/: --rules-from reports them
    (nothing blocks) and diff refuses to read the listed one."""
    os.mkfifo(repo / "dataset" / "unlisted.csv")
    (repo / "dataset" / "series.csv").unlink()
    os.mkfifo(repo / "dataset" / "series.csv")
    assert main(["validate", str(repo), "--rules-from-ref", "main"]) == 1
    out = capsys.readouterr().out
    assert "not a regular file" in out and "unlisted-file" in out
    assert main(["diff", "--base", "main", str(repo)]) == 2
    assert "refusing to read 'dataset/series.csv'" in capsys.readouterr().err


def test_the_working_copy_holds_only_what_the_package_lists(package_copy: Path, tmp_path: Path) -> None:
    """Files the package does not list are never read or copied; an unlisted CSV under dataset/
    stands in as an empty file, so that the copy's report names it as the package's does."""
    from ukcsa_data.versioning import working_copy

    (package_copy / "private.key").write_text("not part of the package\n", encoding="utf-8")
    (package_copy / "schemas" / "unused.schema.json").write_text("{}\n", encoding="utf-8")
    (package_copy / "dataset" / "old.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    working_copy.build(package_copy, tmp_path / "copy")
    copied = {
        p.relative_to(tmp_path / "copy").as_posix() for p in (tmp_path / "copy").rglob("*") if p.is_file()
    }
    assert "private.key" not in copied and "schemas/unused.schema.json" not in copied
    assert (tmp_path / "copy" / "dataset" / "old.csv").read_bytes() == b""
    assert "datapackage.json" in copied and "dataset/figures.csv" in copied
    assert any(name.startswith("seeds/") for name in copied)


def test_the_bounds_are_the_base_rows_and_the_new_units_rows(package_dir: Path, tmp_path: Path) -> None:
    """merged_bounds: a bound of a unit the base had stays the base's (raising it does not count);
    the bound of a unit the base did not have counts."""
    from ukcsa_data.core.plausibility import parse_bounds
    from ukcsa_data.versioning.rules_from import merged_bounds
    from ukcsa_data.versioning.snapshot import from_folder

    base = copy_package(package_dir, tmp_path / "base")
    new = copy_package(package_dir, tmp_path / "new")
    _add_unit_with_bound(new)
    fields, rows = _table(new, "bounds")
    raised = [
        {**r, "maximum": "80000000"} if (r["unit"], r["geography"]) == ("people", "UK") else r for r in rows
    ]
    _write_table(new, "bounds", fields, raised)
    merged = merged_bounds(from_folder(base), from_folder(new))
    assert merged is not None
    bounds = {(b.unit, b.measure_type, b.geography): b for b in parse_bounds(merged)}
    assert bounds["people", "level", "UK"].maximum == 70_000_000
    assert ("texts", "level", "") in bounds
    assert len(bounds) == len(parse_bounds(SHIPPED_BOUNDS)) + 1


@needs_git
def test_diff_never_reads_through_a_link(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """diff reads a folder's listed files only, none through a link."""
    target = tmp_path / "outside.json"
    target.write_text("{}", encoding="utf-8")
    schema = repo / "schemas" / "series.schema.json"
    schema.unlink()
    schema.symlink_to(target)
    assert main(["diff", "--base", "main", str(repo)]) == 2
    assert "refusing to read 'schemas/series.schema.json'" in capsys.readouterr().err


def _link_out(root: Path, relative: str) -> None:
    path = root / relative
    target = root.parent / "outside" / path.name
    target.parent.mkdir(exist_ok=True)
    if path.is_dir():
        shutil.copytree(path, target)
        shutil.rmtree(path)
    else:
        target.write_bytes(path.read_bytes())
        path.unlink()
    path.symlink_to(target)


def _fifo(root: Path, relative: str) -> None:
    (root / relative).unlink()
    os.mkfifo(root / relative)


LAYOUTS: dict[str, Callable[[Path], None]] = {
    "a schema linked out": lambda root: _link_out(root, "schemas/series.schema.json"),
    "the dataset folder linked out": lambda root: _link_out(root, "dataset"),
    "a seed linked out": lambda root: _link_out(root, "seeds/" + sorted(os.listdir(root / "seeds"))[0]),
    "a table that is a FIFO": lambda root: _fifo(root, "dataset/series.csv"),
    "unlisted files": lambda root: (
        (root / "dataset" / "extra.csv").write_text("a\n1\n", encoding="utf-8"),
        (root / "seeds" / "extra.txt").write_text("12 unlisted\n", encoding="utf-8"),
        os.mkfifo(root / "dataset" / "pipe.csv"),
    ),
}


@needs_git
@pytest.mark.parametrize("layout", list(LAYOUTS))
@pytest.mark.parametrize("limit", [[], ["--limit", "csv_bytes=20000"]])
def test_the_working_copy_is_reported_as_the_package_is(
    layout: str, limit: list[str], repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Links, FIFOs, unlisted and oversized files stand in for themselves in the working copy: the
    problems --rules-from-ref reports on the unchanged rules are the ones validate reports."""
    LAYOUTS[layout](repo)
    found = []
    for base in ([], ["--rules-from-ref", "main"]):
        code = main(["validate", str(repo), "--format", "json", *limit, *base])
        problems = json.loads(capsys.readouterr().out)["problems"]
        found.append((code, sorted((p["path"], p["line"], p["field"], p["code"]) for p in problems)))
    assert found[0] == found[1]
    assert found[0][0] == 1


def test_one_base_at_a_time(package_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--rules-from-ref and --rules-from name the same thing: both at once is a usage error."""
    with pytest.raises(SystemExit) as stopped:
        main(["validate", str(package_copy), "--rules-from-ref", "main", "--rules-from", "main"])
    assert stopped.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err


@needs_git
def test_a_link_committed_in_the_base_is_refused(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A base read from git is read as blobs: a schema committed as a symbolic link is refused,
    never followed (diff --base and validate --rules-from-ref both exit 2)."""
    schema = repo / "schemas" / "series.schema.json"
    schema.unlink()
    schema.symlink_to("/etc/passwd")
    _git(repo, "add", "--all")
    _git(repo, "commit", "--quiet", "--message", "a link")
    _git(repo, "checkout", "--quiet", "main~1", "--", "schemas/series.schema.json")
    assert main(["diff", "--base", "main", str(repo)]) == 2
    assert "not a regular file" in capsys.readouterr().err
    assert main(["validate", str(repo), "--rules-from-ref", "main"]) == 2
    assert "not a regular file" in capsys.readouterr().err


def test_a_major_schema_change_is_judged_by_the_new_schema() -> None:
    """merged_schema: the same columns and keys keep the base's constraints; columns or keys
    changed (here: an enum dropped for a foreign key, as 2.0.0 did for figures.unit) take the new
    schema whole."""
    from ukcsa_data.versioning.rules_from import merged_schema

    base = {
        "fields": [{"name": "unit", "type": "string", "constraints": {"enum": ["people"], "maxLength": 10}}],
        "primaryKey": ["unit"],
        "missingValues": [""],
    }
    loosened = {**base, "fields": [{"name": "unit", "type": "string", "constraints": {"maxLength": 99}}]}
    assert merged_schema(base, loosened)["fields"][0]["constraints"] == {"enum": ["people"], "maxLength": 10}
    keyed = {
        **loosened,
        "foreignKeys": [{"fields": "unit", "reference": {"resource": "units", "fields": "unit"}}],
    }
    assert merged_schema(base, keyed) == keyed
    renamed = {**loosened, "fields": [{"name": "units", "type": "string"}]}
    assert merged_schema(base, renamed) == renamed
