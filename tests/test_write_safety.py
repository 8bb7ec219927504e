"""Commands write only where they are told (issue 16): inside their target, never through a
symbolic link or onto a FIFO, with file names from fixed parts or checked package values; and the
URLs they turn into links are http(s) only."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ukcsa_data.cli import main
from ukcsa_data.core.safe_write import WriteRefused, append_file, replace_file
from ukcsa_data.rehash import rehash

OUTSIDE_TEXT = "outside, never written\n"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A file outside every target, which no command may change."""
    path = tmp_path / "outside" / "victim.txt"
    path.parent.mkdir()
    path.write_text(OUTSIDE_TEXT, encoding="utf-8")
    return path


def _set_descriptor(package: Path, **values: str) -> None:
    path = package / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor.update(values)
    path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")}


# --- the writer ----------------------------------------------------------------------------------


def test_the_writer_refuses_links_fifos_and_folders_on_the_way(tmp_path: Path, outside: Path) -> None:
    """replace_file and append_file never write through a link (at the name or on the way) and
    never onto a FIFO; a regular file is replaced whole, keeping its permissions."""
    root = tmp_path / "root"
    (root / "sub").mkdir(parents=True)
    (root / "link.txt").symlink_to(outside)
    (root / "linked").symlink_to(outside.parent, target_is_directory=True)
    os.mkfifo(root / "pipe.txt")
    for name in ("link.txt", "linked/victim.txt", "pipe.txt"):
        with pytest.raises(WriteRefused):
            replace_file(root, name, b"x")
        with pytest.raises(WriteRefused):
            append_file(root, name, b"x")
    for name in ("../outside/victim.txt", "/etc/passwd", "sub/../../x"):
        with pytest.raises(WriteRefused):
            replace_file(root, name, b"x")
    assert outside.read_text(encoding="utf-8") == OUTSIDE_TEXT
    (root / "sub" / "plain.txt").write_bytes(b"old")
    (root / "sub" / "plain.txt").chmod(0o640)
    replace_file(root, "sub/plain.txt", b"new")
    assert (root / "sub" / "plain.txt").read_bytes() == b"new"
    assert (root / "sub" / "plain.txt").stat().st_mode & 0o777 == 0o640
    assert sorted(os.listdir(root / "sub")) == ["plain.txt"]  # no temporary file left


# --- export --------------------------------------------------------------------------------------


def test_export_all_with_a_version_that_climbs_out_is_refused(
    package_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The attack: "version": "../../x" made `export --format all` write outside OUT."""
    _set_descriptor(package_copy, version="../../escaped-1.0.0")
    out = tmp_path / "deep" / "out"
    before = _files(tmp_path)
    assert main(["export", str(out), "--format", "all", "--package-dir", str(package_copy)]) == 2
    assert "cannot name the files" in capsys.readouterr().err
    assert _files(tmp_path) - before <= {"deep", "deep/out"}
    assert not list(tmp_path.rglob("escaped-*"))
    assert main(["validate", str(package_copy)]) == 1
    assert "version: descriptor-invalid" in capsys.readouterr().out


@pytest.mark.parametrize("fmt", ["json", "sqlite", "xlsx"])
def test_export_never_writes_through_a_link_at_out(
    fmt: str, package_copy: Path, tmp_path: Path, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("openpyxl")
    out = tmp_path / f"out.{fmt}"
    out.symlink_to(outside)
    assert main(["export", str(out), "--format", fmt, "--package-dir", str(package_copy), "--force"]) == 2
    assert "symbolic link" in capsys.readouterr().err
    assert outside.read_text(encoding="utf-8") == OUTSIDE_TEXT and out.is_symlink()


def test_export_never_writes_through_a_link_inside_out(
    package_copy: Path, tmp_path: Path, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file of `--format all` (or Datasette's metadata.json) planted as a link is refused."""
    pytest.importorskip("openpyxl")
    out = tmp_path / "out"
    out.mkdir()
    (out / "metadata.json").symlink_to(outside)
    assert main(["export", str(out), "--format", "all", "--package-dir", str(package_copy), "--force"]) == 2
    assert "metadata.json" in capsys.readouterr().err
    assert outside.read_text(encoding="utf-8") == OUTSIDE_TEXT
    linked = tmp_path / "linked-out"
    linked.symlink_to(outside.parent, target_is_directory=True)
    assert (
        main(["export", str(linked), "--format", "all", "--package-dir", str(package_copy), "--force"]) == 2
    )
    assert _files(outside.parent) == {"victim.txt"}


def test_export_refuses_a_fifo_at_out(
    package_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.json"
    os.mkfifo(out)
    assert main(["export", str(out), "--format", "json", "--package-dir", str(package_copy)]) == 2
    assert "not a regular file" in capsys.readouterr().err


# --- the contributor commands --------------------------------------------------------------------


def test_rehash_and_release_never_write_through_a_link(
    package_copy: Path, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    descriptor = package_copy / "datapackage.json"
    moved = outside.parent / "datapackage.json"
    descriptor.rename(moved)
    descriptor.symlink_to(moved)
    before = moved.read_bytes()
    assert main(["rehash", str(package_copy)]) == 2
    assert "symbolic link" in capsys.readouterr().err
    assert main(["release", "9.0.0", str(package_copy)]) == 2
    capsys.readouterr()
    assert moved.read_bytes() == before


def test_scan_and_add_source_never_append_through_a_link(
    package_copy: Path, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for table in ("figures", "sources"):
        path = package_copy / "dataset" / f"{table}.csv"
        path.unlink()
        path.symlink_to(outside)
    seed = next((package_copy / "seeds").iterdir())
    assert main(["scan", str(seed), str(package_copy), "--write"]) == 2
    new_seed = package_copy / "seeds" / "new.txt"
    new_seed.write_text("A new article with 12 numbers.\n", encoding="utf-8")
    arguments = ["--publisher", "P", "--title", "T", "--date", "2021-01-01", "--date-basis", "stated"]
    assert main(["add-source", str(new_seed), "--package-dir", str(package_copy), *arguments]) == 2
    capsys.readouterr()
    assert outside.read_text(encoding="utf-8") == OUTSIDE_TEXT


def test_plot_never_writes_through_a_link(
    package_copy: Path, tmp_path: Path, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("matplotlib", reason="matplotlib is not installed (pip install 'ukcsa-data[plot]')")
    linked = tmp_path / "charts-link"
    linked.symlink_to(outside.parent, target_is_directory=True)
    assert main(["plot", str(linked), "--package-dir", str(package_copy)]) == 2
    charts = tmp_path / "charts"
    charts.mkdir()
    (charts / "monthly.png").symlink_to(outside)
    assert main(["plot", str(charts), "--package-dir", str(package_copy)]) == 2
    assert "monthly.png" in capsys.readouterr().err
    assert _files(outside.parent) == {"victim.txt"}
    assert outside.read_text(encoding="utf-8") == OUTSIDE_TEXT


# --- URLs ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("homepage", "linked"),
    [
        ("https://example.org/ukcsa", True),
        ("javascript:alert(document.cookie)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("file:///etc/passwd", False),
    ],
)
def test_datasette_links_only_an_http_homepage(package_copy: Path, homepage: str, linked: bool) -> None:
    """Datasette renders ``source_url`` as a link on every page: a homepage that is not http(s) is
    left out (the validator rejects it as url-scheme)."""
    from ukcsa_data.exports.datasette import datasette_metadata
    from ukcsa_data.exports.tables import read_package

    _set_descriptor(package_copy, homepage=homepage)
    rehash(package_copy)
    metadata = datasette_metadata(read_package(package_copy), "ukcsa")
    assert ("source_url" in metadata) is linked
    assert homepage not in json.dumps(metadata) or linked


def test_the_exports_state_the_licence_the_descriptor_states(package_copy: Path, tmp_path: Path) -> None:
    """The licence is read from datapackage.json, not written into the exports: a changed licence
    reaches Datasette's metadata and the workbook's README, and an address that is not http(s) is
    no link in Datasette."""
    openpyxl = pytest.importorskip("openpyxl")
    from ukcsa_data.exports.datasette import datasette_metadata
    from ukcsa_data.exports.tables import read_package

    licence = {"name": "ODC-BY-1.0", "path": "https://opendatacommons.org/licenses/by/1-0/"}
    path = package_copy / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["licenses"] = [licence]
    path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    rehash(package_copy)
    metadata = datasette_metadata(read_package(package_copy), "ukcsa")
    assert (metadata["license"], metadata["license_url"]) == (licence["name"], licence["path"])
    out = tmp_path / "book.xlsx"
    assert main(["export", str(out), "--format", "xlsx", "--package-dir", str(package_copy)]) == 0
    readme = {row[0]: row[1] for row in openpyxl.load_workbook(out)["README"].iter_rows(values_only=True)}
    assert readme["licence"] == f"{licence['name']} ({licence['path']})"
    assert "Licensed ODC-BY-1.0." in readme["how to cite"]
    descriptor["licenses"] = [{"name": "CC-BY-4.0", "path": "javascript:alert(1)"}]
    path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    rehash(package_copy)
    metadata = datasette_metadata(read_package(package_copy), "ukcsa")
    assert "license_url" not in metadata and "javascript" not in json.dumps(metadata)


def test_the_workbook_has_no_hyperlinks(package_copy: Path, tmp_path: Path) -> None:
    """The XLSX export makes no cell a hyperlink: a URL (http or not) is plain text."""
    openpyxl = pytest.importorskip("openpyxl")
    _set_descriptor(package_copy, homepage="javascript:alert(1)")
    out = tmp_path / "book.xlsx"
    assert main(["export", str(out), "--format", "xlsx", "--package-dir", str(package_copy)]) == 0
    book = openpyxl.load_workbook(out)
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.hyperlink is not None]
    assert any(cell.value == "javascript:alert(1)" and cell.data_type == "s" for cell in cells)


# --- properties ----------------------------------------------------------------------------------

VERSIONISH = st.one_of(st.text(), st.from_regex(r"[0-9.]{1,8}[-+./a-z0-9]{0,12}", fullmatch=True))
URLISH = st.one_of(
    st.text(),
    st.from_regex(r"(?i)(https?|javascript|data|file)?:?/{0,3}[\w\s./:@\\-]{0,20}", fullmatch=True),
)


@given(VERSIONISH)
def test_a_version_that_validates_names_one_file(text: str) -> None:
    """Property: whatever ``VERSION`` accepts (what validate accepts and export --format all names
    files with) holds no path separator, no ``..``, and starts with a digit: it stays one file
    name inside OUT."""
    from ukcsa_data.core.package_files import VERSION

    if VERSION.fullmatch(text):
        assert "/" not in text and "\\" not in text and ".." not in text and text[0].isdigit()


@given(URLISH)
def test_a_url_that_validates_is_http(text: str) -> None:
    """Property: whatever ``is_web_url`` accepts (the URLs validate allows and Datasette links)
    starts with http:// or https:// in lowercase, then a host, and holds no whitespace or control
    character."""
    from ukcsa_data.validation.l1_descriptor.urls import is_web_url

    if is_web_url(text):
        assert text.startswith(("http://", "https://"))
        host = text.split("://", 1)[1]
        assert host and host[0] not in "/?#"
        assert not any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in text)
