"""Output that a hostile package cannot forge or break (issue 11, classes 3 and 4).

The escaping rule itself; every command's output escaped; ``validate`` in every format under an
ASCII or C-locale stdout, into a full disk and into a closed pipe; and ``validate --limit``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import IO

import pytest
import report_shape
from conftest import run_cli

from ukcsa_data.core.escaping import ERRORS, escape, unsafe
from ukcsa_data.core.problems import show
from ukcsa_data.validation.output import github_data, github_property

Run = subprocess.CompletedProcess[bytes]
FORGED = "\nVALID: 0 error(s), 0 warning(s) in 0 file(s); rows checked: none"
FORMS = ("text", "json", "github")
#: Characters docs/validation.md promises to escape, one of each kind.
INVISIBLE = (
    "\x00\x1b\x7f\x85\u00a0\u00ad\u034f\u061c\u115f\u180b\u180e\u200b\u200d\u200e\u2028\u2029"
    "\u202a\u202e\u2060\u2064\u2066\u2069\u3000\u3164\ufe0f\ufeff\uffa0\ud800\ue000"
    "\U000e0001\U000e0100\U0010ffff"
)


# --- the escaping rule ----------------------------------------------------------------------------


def test_every_promised_character_is_escaped() -> None:
    for char in INVISIBLE:
        shown = escape(char)
        assert shown.startswith("\\") and shown.isascii(), (hex(ord(char)), shown)
    assert escape("\u202e") == "\\u202e"
    assert escape("\x1b") == "\\u001b"
    assert escape("\U000e0001") == "\\U000e0001"


def test_visible_text_is_unchanged() -> None:
    text = "Police recorded £600,000 – “80,000” in Zürich, 東京 and القاهرة \\ \" ' :: % 😀"
    assert escape(text) == text


def test_escape_is_idempotent_and_leaves_nothing_unsafe() -> None:
    """Applied again to its own output (a message that quotes an escaped value), it changes nothing."""
    text = "".join(chr(code) for code in range(0, 0x3400)) + INVISIBLE
    once = escape(text)
    assert escape(once) == once
    assert not any(unsafe(char) for char in once)


def test_the_rule_is_the_categories_plus_the_listed_code_points() -> None:
    """Every code point: unsafe exactly when its category is Cc, Cf, Cs, Co, Cn, Zl, Zp or Zs (but
    the space), or it is a listed default-ignorable one."""
    categories = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs"}
    listed = {0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x2800, 0x3164, 0xFFA0}
    listed |= {*range(0x180B, 0x1810), *range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)}
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        expected = code != 0x20 and (unicodedata.category(char) in categories or code in listed)
        assert unsafe(char) is expected, hex(code)


def test_show_quotes_a_value_with_backslashes_doubled() -> None:
    assert show("a\\u00a0b\u00a0c") == '"a\\\\u00a0b\\u00a0c"'
    assert show("x" + FORGED) == '"x\\u000aVALID: 0 error(s), 0 warning(s) in 0 file(s); rows checked: none"'


def test_github_escaping_as_documented() -> None:
    assert github_data("50% a\r\nb, c: d") == "50%25 a\\u000d\\u000ab, c: d"
    assert github_property("a,b:c%") == "a%2Cb%3Ac%25"


def test_unencodable_characters_are_written_escaped() -> None:
    assert "é \ud800 😀".encode("ascii", ERRORS) == b"\\u00e9 \\ud800 \\U0001f600"


# --- a hostile package, through the command ----------------------------------------------------------


@pytest.fixture
def hostile(package_copy: Path) -> Path:
    """The package with a forged line in a schema field name and in a file name (non-ASCII too),
    and a value with an ANSI escape and a bidi override in the schema's enum."""
    schema_path = package_copy / "schemas" / "figures.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    schema["fields"].append({"name": "extrá\x1b[2J" + FORGED, "type": "nonsense"})
    qualifier = next(f for f in schema["fields"] if f["name"] == "qualifier")
    qualifier["constraints"]["enum"].append("exact\x1b[31m\u202e" + FORGED)
    schema_path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (package_copy / "dataset" / ("é\u2066" + FORGED + "::error::x.csv")).write_bytes(b"a\n1\n")
    return package_copy


def _assert_not_forged(output: str, form: str) -> None:
    report_shape.check(output, form)
    verdicts = [line for line in output.splitlines() if line.lstrip('" ').startswith(("VALID", "INVALID"))]
    assert verdicts == ([] if form == "json" else [output.splitlines()[-1]]), verdicts
    assert "\x1b" not in output and "\u202e" not in output


@pytest.mark.parametrize("form", FORMS)
def test_no_forged_line_in_any_format(hostile: Path, form: str) -> None:
    code, out, err = run_cli(["validate", str(hostile), "--format", form])
    assert (code, err) == (1, "")
    _assert_not_forged(out, form)
    assert "\\u000aVALID: 0 error(s)" in out.replace("\\\\", "\\")


def _subprocess(argv: list[str], env: dict[str, str], stdout: int | IO[bytes] = subprocess.PIPE) -> Run:
    return subprocess.run(
        [sys.executable, "-m", "ukcsa_data.cli", *argv],
        stdout=stdout,
        stderr=subprocess.PIPE,
        env={**os.environ, **env},
        check=False,
    )


ENCODINGS = {
    "ascii": {"PYTHONIOENCODING": "ascii"},
    "c-locale": {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": ""},
}


@pytest.mark.slow
@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
@pytest.mark.parametrize("form", FORMS)
def test_any_stdout_encoding(hostile: Path, encoding: str, form: str) -> None:
    """Under an ASCII stdout, what ASCII cannot hold is printed escaped: no traceback, exit 1."""
    result = _subprocess(["validate", str(hostile), "--format", form], ENCODINGS[encoding])
    assert (result.returncode, result.stderr) == (1, b"")
    out = result.stdout.decode("ascii")
    assert "extr\\u00e1" in out
    if form == "json":
        assert json.loads(out)["valid"] is False  # \u00e1 in a JSON string is still JSON
    else:
        _assert_not_forged(out, form)


@pytest.mark.slow
@pytest.mark.parametrize("argv", [["validate"], ["validate", "--format", "json"], ["info"], ["--help"]])
def test_full_disk_is_one_line_and_exit_2(argv: list[str]) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    with open("/dev/full", "wb") as full:
        result = _subprocess(argv, {}, stdout=full)
    assert result.returncode == 2
    assert result.stderr.decode().splitlines() == [
        "ukcsa-data: cannot write the output: No space left on device"
    ]


@pytest.mark.slow
def test_closed_pipe_is_quiet_and_exit_2() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "ukcsa_data.cli", "validate"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader has gone before the first line
    assert process.stderr.read() == b""
    assert process.wait() == 2  # the output was not delivered


# --- other commands print package content escaped ---------------------------------------------------


def test_info_escapes_what_the_package_holds(package_copy: Path) -> None:
    sources = package_copy / "dataset" / "sources.csv"
    lines = sources.read_text(encoding="utf-8").split("\n")
    cells = lines[1].split(",")
    cells[1] = "Evil\u202e\x1b[2JTimes"
    lines[1] = ",".join(cells)
    sources.write_text("\n".join(lines), encoding="utf-8")
    code, out, _ = run_cli(["info", str(package_copy)])
    assert code == 0
    assert "Evil\\u202e\\u001b[2JTimes" in out
    assert all(escape(line) == line for line in out.splitlines())


def test_diff_escapes_keys_in_text_and_json(package_dir: Path, package_copy: Path) -> None:
    figures = package_copy / "dataset" / "figures.csv"
    text = figures.read_text(encoding="utf-8")
    figures.write_text(text.replace("fig-0010,", "fig-0010\u2066\x1b[2J,", 1), encoding="utf-8")
    for form in ("text", "json", "markdown"):
        _, out, err = run_cli(["diff", str(package_dir), str(package_copy), "--format", form])
        assert err == ""
        assert all(escape(line) == line for line in out.splitlines()), form
        shown = json.dumps(json.loads(out)) if form == "json" else out
        shown = shown.replace("\\\\", "\\")
        shown = shown.replace("\\[", "[") if form == "markdown" else shown  # markdown escapes "["
        assert "fig-0010\\u2066\\u001b[2J" in shown, form


def test_info_and_diff_print_a_line_break_in_a_cell_escaped(package_dir: Path, package_copy: Path) -> None:
    """A quoted cell with a line break (publisher, figure_id) cannot start a line of its own."""
    sources = package_copy / "dataset" / "sources.csv"
    text = sources.read_text(encoding="utf-8")
    publisher = text.split("\n")[1].split(",")[1]
    sources.write_text(text.replace(publisher, '"Evil' + FORGED + '"', 1), encoding="utf-8")
    figures = package_copy / "dataset" / "figures.csv"
    text = figures.read_text(encoding="utf-8")
    figures.write_text(text.replace("fig-0010,", '"fig-0010' + FORGED + '",', 1), encoding="utf-8")
    outputs = [run_cli(["info", str(package_copy)])[1]]
    outputs += [
        run_cli(["diff", str(package_dir), str(package_copy), "--format", f])[1] for f in ("text", "markdown")
    ]
    for out in outputs:
        assert "\\u000aVALID: 0 error(s)" in out.replace("VALID\\:", "VALID:").replace("\\\\", "\\")
        assert not any(line.startswith("VALID") for line in out.splitlines())


# --- validate --limit ----------------------------------------------------------------------------------


def test_limit_option_lowers_a_limit(package_dir: Path) -> None:
    code, out, err = run_cli(["validate", "--limit", "cell_chars=5", "--limit", "rows=1000"])
    assert (code, err) == (1, "")
    assert ": cell-too-large: " in out
    assert run_cli(["validate", "--limit", "cell-chars=100000"])[0] == 0


@pytest.mark.parametrize(
    ("option", "words"),
    [
        ("nope=5", "unknown limit 'nope'"),
        ("cell_chars=0", "whole number from 1"),
        ("rows", "NAME=VALUE"),
        ("number_digits=" + "9" * 5000, "from 1 to 4,300"),  # once an internal error (issue 19)
        ("number_digits=4301", "from 1 to 4,300"),
        ("number_digits=" + "0" * 5000, "not 0000"),
        ("seed_tokens=99999999999999999999", "from 1 to 1,000,000,000,000,000"),
        ("number_digits=-1", "whole number"),
        ("number_digits=1.5", "whole number"),
        ("number_digits=1e3", "whole number"),
        ("number_digits=١٢", "whole number"),
        ("=5", "unknown limit ''"),
    ],
)
def test_bad_limit_is_one_line_and_exit_2(option: str, words: str) -> None:
    code, out, err = run_cli(["validate", "--limit", option])
    assert (code, out) == (2, "")
    assert len(err.splitlines()) == 1 and words in err
    assert err.startswith("ukcsa-data validate: --limit: ")


def test_every_limit_at_its_maximum_runs(package_dir: Path) -> None:
    """Every limit raised to the most ``--limit`` allows: the bundled package still VALID, no
    internal error (``seed_tokens`` at 10**20 once ended in one, from ``islice``)."""
    from dataclasses import fields

    from ukcsa_data.core.limits import Limits

    options = [f"--limit={f.name}={f.metadata['maximum']}" for f in fields(Limits)]
    code, out, err = run_cli(["validate", str(package_dir), *options])
    assert (code, err) == (0, "")
    assert out.splitlines()[-1].startswith("VALID")


def test_a_complaint_is_one_line_whatever_it_quotes(tmp_path: Path) -> None:
    """Found by review: stderr quoted a name with its line break (CI reads stderr for workflow
    commands too)."""
    name = tmp_path / "x\n::error file=a::forged\u202e"
    code, out, err = run_cli(["validate", str(name)])
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and "\\u000a::error" in err and "\u202e" not in err


def test_the_summary_counts_the_problems_past_the_per_code_limit() -> None:
    """Found by review: 350k uncovered tokens were summarised as "804 error(s)"."""
    from ukcsa_data.core.problems import Report
    from ukcsa_data.validation.output import as_json, summary

    report = Report("pkg", limit_per_code=200)
    for line in range(250):
        report.add("seeds/a.txt", line + 1, None, "token-uncovered", "uncovered")
    report.add("seeds/a.txt", 1, None, "statistic-disagreement", "differs", severity="warning")
    report.close()
    assert len(report.errors) == 201  # 200 listed and the "… and 50 more" line
    assert summary(report).startswith("INVALID: 250 error(s), 1 warning(s) in 1 file(s)")
    assert json.loads(as_json(report))["errors"] == 250


def test_diff_markdown_shows_cells_as_plain_text(package_dir: Path, package_copy: Path) -> None:
    """Found by review: a pull-request summary passed mentions, images and HTML from cells."""
    figures = package_copy / "dataset" / "figures.csv"
    text = figures.read_text(encoding="utf-8")
    figures.write_text(
        text.replace("fig-0010,", "fig-0010 @github/security ![x](http://e/x.png) <details>,", 1)
    )
    _, out, _ = run_cli(["diff", str(package_dir), str(package_copy), "--format", "markdown"])
    assert "\\@&#8203;github/security \\!\\[x\\](http\\://e/x.png) &lt;details&gt;" in out
    assert "<details>" not in out and "![" not in out
