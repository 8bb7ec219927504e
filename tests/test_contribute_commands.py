"""The contributor commands, run for real on a copy of the package: rehash, add-source, and the
value_text messages that name the fix."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from ukcsa_data import load
from ukcsa_data.cli import main
from ukcsa_data.core.writer import table_to_csv
from ukcsa_data.text.number_phrases import NumberPhraseError, parse_value_text
from ukcsa_data.validation.runner import validate_package

DESCRIPTOR = "datapackage.json"
ARTICLE = (
    "Example Gazette, 4 May 2019\n"
    "Police said on Friday that 120 people had been arrested in a week of raids, and that "
    "more than 40 children had been safeguarded.\n"
)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _resource(package: Path, name: str) -> dict[str, object]:
    descriptor = json.loads((package / DESCRIPTOR).read_text(encoding="utf-8"))
    resource: dict[str, object] = next(r for r in descriptor["resources"] if r["name"] == name)
    return resource


def _snapshot(package: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(package)): path.read_bytes()
        for path in sorted(package.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


def _codes(package: Path) -> set[str]:
    return {problem.code for problem in validate_package(package).problems}


def _console_script() -> str:
    script = shutil.which("ukcsa-data", path=str(Path(sys.executable).parent)) or shutil.which("ukcsa-data")
    assert script is not None, "the ukcsa-data console script is not installed"
    return script


# rehash ------------------------------------------------------------------------------------------


def test_rehash_after_editing_a_csv_fixes_exactly_that_resource(
    package_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    relations = package_copy / "dataset" / "relations.csv"
    relations.write_bytes(relations.read_bytes().replace(b"The article says", b"The article states"))
    before = (package_copy / DESCRIPTOR).read_text(encoding="utf-8")
    old_hash, old_bytes = (
        _resource(package_copy, "relations")["hash"],
        _resource(package_copy, "relations")["bytes"],
    )
    report = validate_package(package_copy)
    stale = [p for p in report.problems if p.code in ("resource-hash", "resource-bytes")]
    assert {p.code for p in stale} == {"resource-hash", "resource-bytes"}
    assert all("run 'ukcsa-data rehash' to update datapackage.json" in p.message for p in stale)

    assert main(["rehash", str(package_copy)]) == 0

    new_hash, new_bytes = f"sha256:{_sha256(relations)}", relations.stat().st_size
    assert capsys.readouterr().out == (
        f"relations: hash {old_hash} -> {new_hash}; bytes {old_bytes} -> {new_bytes}\n"
    )
    assert before.count(f'"bytes": {old_bytes},') == 1
    expected = before.replace(f'"hash": "{old_hash}"', f'"hash": "{new_hash}"').replace(
        f'"bytes": {old_bytes},', f'"bytes": {new_bytes},'
    )
    assert (package_copy / DESCRIPTOR).read_text(encoding="utf-8") == expected
    report = validate_package(package_copy)
    assert not {"resource-hash", "resource-bytes"} & {p.code for p in report.problems}
    assert report.valid


def test_rehash_on_an_unchanged_package_writes_nothing(
    package_copy: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _snapshot(package_copy)
    stat = (package_copy / DESCRIPTOR).stat()
    monkeypatch.chdir(package_copy)
    assert main(["rehash"]) == 0  # the current directory, since it holds datapackage.json
    assert capsys.readouterr().out == "nothing to update\n"
    assert _snapshot(package_copy) == before
    after = (package_copy / DESCRIPTOR).stat()
    assert (after.st_ino, after.st_mtime_ns) == (stat.st_ino, stat.st_mtime_ns)


def test_rehash_never_picks_the_bundled_package(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["rehash"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("ukcsa-data rehash: no datapackage.json in the current directory")
    assert err.count("\n") == 1


def _invalid_json(package: Path) -> None:
    (package / DESCRIPTOR).write_text('{"resources": [}\n', encoding="utf-8")


def _set_path(path: str) -> Callable[[Path], None]:
    def edit(package: Path) -> None:
        descriptor_path = package / DESCRIPTOR
        text = descriptor_path.read_text(encoding="utf-8")
        descriptor_path.write_text(
            text.replace('"path": "dataset/figures.csv"', f'"path": {json.dumps(path)}'), encoding="utf-8"
        )

    return edit


def _symlinked_csv(package: Path) -> None:
    figures = package / "dataset" / "figures.csv"
    real = package / "figures-real.csv"
    figures.rename(real)
    figures.symlink_to(real)


def _no_descriptor(package: Path) -> None:
    (package / DESCRIPTOR).unlink()


@pytest.mark.parametrize(
    ("break_package", "words"),
    [
        (_no_descriptor, "no datapackage.json in"),
        (_invalid_json, "datapackage.json is not valid JSON"),
        (_set_path("dataset/missing.csv"), "does not exist"),
        (_set_path("/etc/passwd"), "must be a relative path"),
        (_set_path("dataset/../../outside.csv"), "'..' is not allowed"),
        (_symlinked_csv, "symbolic link"),
    ],
    ids=["no-descriptor", "invalid-json", "missing-file", "absolute", "dot-dot", "symlink"],
)
def test_rehash_cannot_run_is_one_line_and_exit_2(
    package_copy: Path,
    capsys: pytest.CaptureFixture[str],
    break_package: Callable[[Path], None],
    words: str,
) -> None:
    break_package(package_copy)
    before = _snapshot(package_copy)
    assert main(["rehash", str(package_copy)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("ukcsa-data rehash: ") and captured.err.count("\n") == 1
    assert words in captured.err
    assert "Traceback" not in captured.err
    assert _snapshot(package_copy) == before


def test_rehash_keeps_any_layout_of_datapackage_json(package_copy: Path) -> None:
    """Only the two values change, whatever the layout: compact, CRLF, escaped non-ASCII."""
    descriptor_path = package_copy / DESCRIPTOR
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    compact = json.dumps(descriptor, separators=(",\r\n", " : ")).replace('"figures"', '"figur\\u0065s"', 1)
    compact += "\r\n"
    old_bytes = _resource(package_copy, "exclusions")["bytes"]
    compact = compact.replace(f'"bytes" : {old_bytes},', '"bytes" : 7,', 1)
    assert compact.count('"bytes" : 7,') == 1 and "\\u2018" in compact
    descriptor_path.write_bytes(compact.encode("utf-8"))
    assert main(["rehash", str(package_copy)]) == 0
    assert descriptor_path.read_bytes() == compact.replace('"bytes" : 7,', f'"bytes" : {old_bytes},').encode()


def test_rehash_names_a_missing_field(package_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    descriptor_path = package_copy / DESCRIPTOR
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    del descriptor["resources"][0]["bytes"]
    descriptor_path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert main(["rehash", str(package_copy)]) == 2
    assert f'resource {descriptor["resources"][0]["name"]} has no "bytes"' in capsys.readouterr().err


@pytest.mark.slow
def test_console_script_rehash(package_copy: Path) -> None:
    figures = package_copy / "dataset" / "figures.csv"
    old = _resource(package_copy, "figures")
    figures.write_bytes(figures.read_bytes().replace(b"Headline. Estimate", b"Headline. The estimate"))
    result = subprocess.run(
        [_console_script(), "rehash"], cwd=package_copy, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    new_hash, new_bytes = f"sha256:{_sha256(figures)}", figures.stat().st_size
    assert (
        result.stdout == f"figures: hash {old['hash']} -> {new_hash}; bytes {old['bytes']} -> {new_bytes}\n"
    )
    assert (_resource(package_copy, "figures")["hash"], _resource(package_copy, "figures")["bytes"]) == (
        new_hash,
        new_bytes,
    )
    assert validate_package(package_copy).valid

    broken = subprocess.run(
        [_console_script(), "rehash", str(package_copy / "nowhere")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert broken.returncode == 2
    assert broken.stderr.startswith("ukcsa-data rehash: ") and "Traceback" not in broken.stderr


# add-source --------------------------------------------------------------------------------------


def _add_source_args(seed: Path | str, package: Path, *extra: str) -> list[str]:
    return [
        "add-source",
        str(seed),
        "--package-dir",
        str(package),
        "--publisher",
        "Example Gazette",
        "--title",
        'Police: "120 arrested", say officers',
        "--date",
        "2019-05-04",
        "--date-basis",
        "stated",
        *extra,
    ]


def test_add_source_appends_the_row_and_rehashes(
    package_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed = package_copy / "seeds" / "900_fixture.txt"
    seed.write_bytes(ARTICLE.encode("utf-8"))
    sources = package_copy / "dataset" / "sources.csv"
    before = sources.read_bytes()

    code = main(
        _add_source_args(seed, package_copy, "--url", "https://example.org/a", "--author", "A. Reporter")
    )

    out = capsys.readouterr().out
    assert code == 0, out
    digest = hashlib.sha256(ARTICLE.encode("utf-8")).hexdigest()
    row = (
        'example-gazette-2019,Example Gazette,"Police: ""120 arrested"", say officers",https://example.org/a,'
        f"2019-05-04,stated,seeds/900_fixture.txt,{digest},A. Reporter,\n"
    )
    assert sources.read_bytes() == before + row.encode("utf-8")
    assert seed.read_bytes() == ARTICLE.encode("utf-8")
    assert out.splitlines()[:2] == ["added to dataset/sources.csv line 6:", row.rstrip("\n")]
    assert f"sources: hash sha256:{hashlib.sha256(before).hexdigest()} -> sha256:{_sha256(sources)}" in out
    assert _resource(package_copy, "sources")["bytes"] == len(before) + len(row.encode("utf-8"))
    # The package dialect: loading and writing the table reproduces its bytes.
    assert table_to_csv(load("sources", package_copy), "sources", package_copy) == sources.read_bytes()
    # All that is left to do is to cover the new seed's numbers.
    problems = validate_package(package_copy).problems
    errors = [p for p in problems if p.severity == "error"]
    assert errors and {(p.path, p.code) for p in errors} == {("seeds/900_fixture.txt", "token-uncovered")}


def test_add_source_with_a_relative_seed_path_and_the_current_directory(
    package_copy: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (package_copy / "seeds" / "901_fixture.txt").write_text(ARTICLE, encoding="utf-8")
    monkeypatch.chdir(package_copy)
    args = [
        "add-source",
        "seeds/901_fixture.txt",
        "--publisher",
        "The Example Gazette",
        "--title",
        "Arrests",
        "--date",
        "2019-05-04",
        "--date-basis",
        "inferred",
        "--notes",
        "The text gives the day of the week only; the date is that of the print edition.",
        "--source-id",
        "gazette-2019",
    ]
    assert main(args) == 0
    last = (package_copy / "dataset" / "sources.csv").read_text(encoding="utf-8").splitlines()[-1]
    assert last.startswith(
        "gazette-2019,The Example Gazette,Arrests,,2019-05-04,inferred,seeds/901_fixture.txt,"
    )
    assert "resource-hash" not in _codes(package_copy)


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (
            ["--source-id", "sheffield-telegraph-2018"],
            'source_id "sheffield-telegraph-2018" is already listed',
        ),
        (["--date", "2019-02-30"], "no such calendar date"),
        (["--date", "4 May 2019"], "not a date in the form YYYY-MM-DD"),
        (["--date", "2999-01-01"], "is not between 1990-01-01 and today"),
        (["--date-basis", "guessed"], "is not one of stated, url, external, inferred"),
        (["--date-basis", "inferred"], "needs --notes"),
        (["--source-id", "Not A Slug"], "does not match"),
        (["--url", "example.org/a"], "url:"),
        (["--title", "=HYPERLINK(1)"], "formula"),
    ],
    ids=[
        "duplicate-id",
        "impossible-date",
        "date-format",
        "future-date",
        "date-basis",
        "inferred-no-notes",
        "bad-slug",
        "bad-url",
        "formula",
    ],
)
def test_add_source_refuses_with_one_line_and_exit_2(
    package_copy: Path, capsys: pytest.CaptureFixture[str], extra: list[str], words: str
) -> None:
    seed = package_copy / "seeds" / "900_fixture.txt"
    seed.write_text(ARTICLE, encoding="utf-8")
    before = _snapshot(package_copy)
    assert main(_add_source_args(seed, package_copy, *extra)) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("ukcsa-data add-source: ") and captured.err.count("\n") == 1
    assert words in captured.err
    assert "Traceback" not in captured.err
    assert _snapshot(package_copy) == before


def test_add_source_refuses_a_seed_outside_seeds_or_already_listed(
    package_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "article.txt"
    outside.write_text(ARTICLE, encoding="utf-8")
    nested = package_copy / "seeds" / "more"
    nested.mkdir()
    (nested / "902_fixture.txt").write_text(ARTICLE, encoding="utf-8")
    before = _snapshot(package_copy)
    for seed, words in (
        (outside, "save the article text there first"),
        (nested / "902_fixture.txt", "save the article text there first"),
        (
            package_copy / "seeds" / "000_f2dd73dc15060fa3.txt",
            'seed_file "seeds/000_f2dd73dc15060fa3.txt" is',
        ),
        (package_copy / "seeds" / "nothing.txt", "is not a file"),
    ):
        assert main(_add_source_args(seed, package_copy)) == 2, seed
        err = capsys.readouterr().err
        assert err.startswith("ukcsa-data add-source: ") and words in err, err
        assert "Traceback" not in err
    assert outside.read_text(encoding="utf-8") == ARTICLE
    assert _snapshot(package_copy) == before


def test_add_source_refuses_a_copy_of_a_listed_seed(
    package_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = package_copy / "seeds" / "903_copy.txt"
    copy.write_bytes((package_copy / "seeds" / "002_a0a1a0e47717c5b5.txt").read_bytes())
    assert main(_add_source_args(copy, package_copy)) == 2
    err = capsys.readouterr().err
    assert "already listed" in err and 'source_id "deeside-2020"' in err


@pytest.mark.slow
def test_console_script_add_source_error_has_no_traceback(package_copy: Path, tmp_path: Path) -> None:
    outside = tmp_path / "article.txt"
    outside.write_text(ARTICLE, encoding="utf-8")
    result = subprocess.run(
        [_console_script(), *_add_source_args(outside, package_copy)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONWARNINGS": "error"},
    )
    assert result.returncode == 2
    assert result.stderr.startswith("ukcsa-data add-source: ") and "Traceback" not in result.stderr


def test_add_source_help_states_the_date_basis_decision(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["add-source", "--help"])
    assert exit_info.value.code == 0
    assert "required, no default" in " ".join(capsys.readouterr().out.split())


def test_add_source_keeps_the_validators_date_bound() -> None:
    from ukcsa_data.add_source import EARLIEST_PUBLICATION
    from ukcsa_data.validation.l4_semantics.semantics import EARLIEST_PUBLICATION as VALIDATOR_BOUND

    assert EARLIEST_PUBLICATION == VALIDATOR_BOUND


# value_text messages that name the fix -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("25 years", ['is not a number phrase: write only the number: "25"', 'put "years" in unit (years)']),
        ("at least 300,000", ['write only the number: "300,000"', 'put "at least" in qualifier (at_least)']),
        ("300,000 people", ['write only the number: "300,000"', 'put "people" in unit (people)']),
        ("more than 500 a month", ['"500"', "qualifier (more_than)", '"a month" in per (month)']),
        ("one in five or six", ["holds more than one number", '"one in five", "six"']),
        ("one or two", ["holds more than one number", '"one", "two"']),
    ],
)
def test_value_text_messages_name_the_fix(text: str, words: list[str]) -> None:
    with pytest.raises(NumberPhraseError) as error:
        parse_value_text(text)
    message = str(error.value)
    assert message.startswith(f'value_text "{text}" ')
    for word in words:
        assert word in message


def test_value_text_without_a_number_keeps_its_plain_message() -> None:
    with pytest.raises(NumberPhraseError, match="is not a number or a range"):
        parse_value_text("per cent")


def test_hint_words_name_values_of_the_schema(package_dir: Path) -> None:
    """The words the hints (and layer 8, and scan) read name values the schema allows."""
    from ukcsa_data.core.table_schema import load_table_schema
    from ukcsa_data.reading.qualifier import AFTER, BEFORE
    from ukcsa_data.reading.vocabulary import bundled_vocabulary

    schema = load_table_schema("figures", package_dir)
    qualifiers = set(BEFORE) | {v for v in AFTER.values() if v}
    assert qualifiers <= set(schema.field("qualifier").enum or [])
    assert set(bundled_vocabulary().noun_units.values()) <= set(load("units", package_dir)["unit"])


def test_validate_reports_the_fix_for_a_value_text(
    package_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    figures = package_copy / "dataset" / "figures.csv"
    text = figures.read_text(encoding="utf-8")
    officer = (
        "fig-0006,sheffield-telegraph-2018,who had previously worked in counter-terrorism for over 20 years"
    )
    for old, new in (
        (
            'in the UK who pose a sexual threat to children",1,"300,000",',
            'in the UK who pose a sexual threat to children",1,"at least 300,000",',
        ),
        (f"{officer},1,20,", f"{officer},1,20 years,"),
    ):
        assert text.count(old) == 1
        text = text.replace(old, new, 1)
    figures.write_text(text, encoding="utf-8")
    assert main(["validate", str(package_copy)]) == 1
    out = capsys.readouterr().out
    assert (
        'value_text: value-text-unparseable: fig-0022: value_text "at least 300,000" is not a number phrase: '
        'write only the number: "300,000", and put "at least" in qualifier (at_least)'
    ) in out
    assert 'value_text "20 years" is not a number phrase: write only the number: "20"' in out
    assert "run 'ukcsa-data rehash' to update datapackage.json" in out
