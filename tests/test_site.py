"""``ukcsa-data site OUT`` (issue 17): a page for every article, statistic and table; every numeric
token of every seed marked exactly once on its article's page (as the validator located it); every
internal link resolving to a file and an anchor; hostile package text escaped or refused; OUT
refused inside the package or where it would overwrite other files; and the pages as a reader
sees them in headless Chromium: screenshots that are not blank, and axe-core's accessibility
rules with no serious or critical violation."""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli
from hypothesis import given
from hypothesis import strategies as st

from ukcsa_data.core.escaping import escape, page_text, unsafe
from ukcsa_data.core.package_files import RESOURCE_NAMES
from ukcsa_data.site import MARKER, SiteError, build_site
from ukcsa_data.site.content import page_id
from ukcsa_data.text.tokens import numeric_spans
from ukcsa_data.validation.runner import check_package

# --- reading the pages ----------------------------------------------------------------------------


class Page(HTMLParser):
    """One page as html.parser reads it: its tags, ids, links, the text of ``#article-text``
    without footnote labels, and the marks in it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.article: list[str] = []
        self.marks: list[dict[str, Any]] = []
        self.text: list[str] = []
        self._stack: list[tuple[str, bool, bool, dict[str, Any] | None]] = []

    def _state(self) -> tuple[bool, bool, dict[str, Any] | None]:
        return self._stack[-1][1:] if self._stack else (False, False, None)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append((tag, found))
        if found.get("id"):
            assert str(found["id"]) not in self.ids, f"two elements have the id {found['id']}"
            self.ids.add(str(found["id"]))
        for name in ("href", "src"):
            if found.get(name) is not None:
                self.links.append(str(found[name]))
        in_article, in_label, mark = self._state()
        in_article = in_article or found.get("id") == "article-text"
        in_label = in_label or "label" in str(found.get("class", "")).split()
        if in_article and "data-start" in found:
            mark = {"class": found["class"], "start": int(str(found["data-start"])), "text": ""}
            mark["end"] = int(str(found["data-end"]))
            mark["key"] = found["id"]
            self.marks.append(mark)
        if tag not in ("br", "meta", "link", "img", "input", "hr"):
            self._stack.append((tag, in_article, in_label, mark))

    def handle_endtag(self, tag: str) -> None:
        if self._stack and self._stack[-1][0] == tag:
            self._stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        in_article, in_label, mark = self._state()
        if in_article and not in_label:
            self.article.append(data)
            if mark is not None:
                mark["text"] += data


def read_page(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, package_dir: Path) -> Path:
    """The site of the bundled package, made by the real command."""
    out = tmp_path_factory.mktemp("site") / "site"
    code, stdout, stderr = run_cli(["site", str(out), "--package-dir", str(package_dir)])
    assert code == 0, stderr
    assert "index.html" in stdout
    return out


@pytest.fixture(scope="module")
def checked(package_dir: Path) -> Any:
    return check_package(package_dir)


def _column(checked: Any, table: str, column: str) -> list[Any]:
    return list(checked.tables[table].columns[column])


# --- what is there ------------------------------------------------------------------------------


def test_a_page_for_every_source_statistic_and_table(site: Path, checked: Any, package_dir: Path) -> None:
    for source_id in _column(checked, "sources", "source_id"):
        assert (site / "articles" / f"{source_id}.html").is_file(), source_id
    for statistic_id in set(_column(checked, "figures", "statistic_id")):
        assert (site / "statistics" / f"{statistic_id}.html").is_file(), statistic_id
    for name in RESOURCE_NAMES:
        assert (site / "tables" / f"{name}.html").is_file(), name
        csv_file = package_dir / "dataset" / f"{name}.csv"
        assert (site / "downloads" / f"{name}.csv").read_bytes() == csv_file.read_bytes()
    assert (site / "site.css").is_file() and (site / MARKER).is_file()


def test_the_index_says_what_the_data_is_and_links_every_page(site: Path, checked: Any) -> None:
    page = read_page(site / "index.html")
    text = " ".join(" ".join(page.text).split())
    assert "Content note." in text
    assert "Figures as reported in the press, not official statistics." in text
    assert re.search(r"Version \d+\.\d+\.\d+", text)
    links = set(page.links)
    expected = {f"articles/{s}.html" for s in _column(checked, "sources", "source_id")}
    expected |= {f"statistics/{s}.html" for s in _column(checked, "figures", "statistic_id")}
    expected |= {f"tables/{name}.html" for name in RESOURCE_NAMES}
    expected |= {f"downloads/{name}.csv" for name in RESOURCE_NAMES}
    assert expected <= links, expected - links
    assert not any(tag == "script" for tag, _ in page.tags)  # no JavaScript is needed to read it


def test_every_numeric_token_is_marked_exactly_once_on_its_article_page(
    site: Path, checked: Any, package_dir: Path
) -> None:
    """The page shows the seed's text whole (each line as ``page_text`` shows it), and each numeric
    token of the seed lies inside exactly one mark, a figure or an exclusion, whose text is the
    seed's at its offsets; there is one mark per located row of the source."""
    sources, figures = checked.tables["sources"], checked.tables["figures"]
    exclusions = checked.tables["exclusions"]
    total = 0
    for source_id, seed_file in zip(sources.columns["source_id"], sources.columns["seed_file"], strict=True):
        seed = (package_dir / seed_file).read_text(encoding="utf-8")
        page = read_page(site / "articles" / f"{source_id}.html")
        assert "".join(page.article) == "\n".join(page_text(line) for line in seed.split("\n"))
        for mark in page.marks:
            assert mark["text"] == page_text(seed[mark["start"] : mark["end"]]), mark
        for start, end in numeric_spans(seed):
            holding = [m for m in page.marks if m["start"] <= start and end <= m["end"]]
            assert len(holding) == 1, (source_id, seed[start:end], holding)
            total += 1
        kinds = [m["class"] for m in page.marks]
        assert kinds.count("fig") == list(figures.columns["source_id"]).count(source_id)
        assert kinds.count("excl") == list(exclusions.columns["source_id"]).count(source_id)
        for mark in page.marks:
            if mark["class"] == "fig":  # the figure's row is listed on the page, and linked
                assert mark["key"].removeprefix("at-") in page.ids and f"#{mark['key'][3:]}" in page.links
    assert total > 50


def links_resolve(site: Path) -> int:
    """Check that every internal link of every page of ``site`` (a page, a stylesheet, a download,
    with or without an anchor) names a file inside the site and, with an anchor, an id on that
    page; return how many links were checked."""
    pages = {path: read_page(path) for path in site.rglob("*.html")}
    checked_links = 0
    for path, page in pages.items():
        for link in page.links:
            if link.startswith(("http://", "https://")):
                continue
            target, _, anchor = link.partition("#")
            resolved = (path.parent / target).resolve() if target else path.resolve()
            assert resolved.is_relative_to(site.resolve()), (path, link)
            assert resolved.is_file(), (path.relative_to(site), link)
            if anchor:
                assert anchor in pages[resolved].ids, (path.relative_to(site), link)
            checked_links += 1
    return checked_links


def test_every_internal_link_resolves_to_a_file_and_anchor(site: Path) -> None:
    assert links_resolve(site) > 400


def test_a_statistic_page_lists_every_mention_and_the_series(site: Path, checked: Any) -> None:
    page = read_page(site / "statistics" / "nca-people-posing-sexual-threat-2020.html")
    figures = checked.tables["figures"]
    mentions = [
        figure_id
        for figure_id, statistic_id in zip(
            figures.columns["figure_id"], figures.columns["statistic_id"], strict=True
        )
        if statistic_id == "nca-people-posing-sexual-threat-2020"
    ]
    assert set(mentions) <= page.ids
    text = " ".join(" ".join(page.text).split())
    for basis in checked.tables["series"].columns["basis"]:
        assert " ".join(basis.split()) in text  # what the articles say about how each was made
    assert "nca-people-posing-online-sexual-threat-2018.html" in page.links
    assert "nca-people-posing-sexual-risk-2022.html" in page.links


def test_a_table_page_describes_every_column(site: Path) -> None:
    from ukcsa_data.describe import describe

    text = " ".join(" ".join(read_page(site / "tables" / "figures.html").text).split())
    for column in describe("figures").columns:
        assert " ".join(column.description.split()) in text, column.name


def test_with_exports_offers_every_export(tmp_path: Path, package_dir: Path) -> None:
    out = tmp_path / "site"
    code, _, stderr = run_cli(["site", str(out), "--package-dir", str(package_dir), "--with-exports"])
    assert code == 0, stderr
    exports = {p.name for p in (out / "downloads" / "exports").iterdir()}
    assert any(name.endswith(".json") for name in exports) and any(n.endswith(".xlsx") for n in exports)
    links = read_page(out / "index.html").links
    assert any(link.startswith("downloads/exports/") and link.endswith(".sqlite") for link in links)


# --- OUT ----------------------------------------------------------------------------------------


def test_out_inside_the_package_is_refused(package_copy: Path) -> None:
    for out in (package_copy / "_site", package_copy, package_copy / "dataset" / "x"):
        code, stdout, stderr = run_cli(["site", str(out), "--package-dir", str(package_copy)])
        assert (code, stdout) == (2, ""), stderr
        assert "inside the package" in stderr
    assert not (package_copy / "_site").exists() and not (package_copy / "dataset" / "x").exists()
    (package_copy.parent / MARKER).write_text("", encoding="utf-8")  # even a site's folder
    code, _, stderr = run_cli(["site", str(package_copy.parent), "--package-dir", str(package_copy)])
    assert code == 2 and "is inside" in stderr, stderr


def test_a_non_empty_folder_that_is_not_a_site_is_refused_and_left_alone(
    tmp_path: Path, package_dir: Path
) -> None:
    out = tmp_path / "notes"
    out.mkdir()
    (out / "index.html").write_text("mine", encoding="utf-8")
    code, _, stderr = run_cli(["site", str(out), "--package-dir", str(package_dir)])
    assert code == 2 and "is not a site written by 'ukcsa-data site'" in stderr
    assert [p.name for p in out.iterdir()] == ["index.html"]
    assert (out / "index.html").read_text(encoding="utf-8") == "mine"


def test_a_site_is_written_again_over_itself(tmp_path: Path, package_dir: Path) -> None:
    out = tmp_path / "site"
    build_site(out, package_dir)
    before = (out / "index.html").read_bytes()
    (out / "index.html").write_text("stale", encoding="utf-8")
    build_site(out, package_dir)
    assert (out / "index.html").read_bytes() == before


def test_a_page_no_longer_made_is_removed_and_nothing_else(
    tmp_path: Path, package_copy: Path, package_dir: Path
) -> None:
    """Written again from a package without a statistic, the site loses that statistic's page (it
    was listed in the site's marker); a file the site never wrote is kept."""
    out = tmp_path / "site"
    build_site(out, package_dir)
    (out / "statistics" / "mine.txt").write_text("kept", encoding="utf-8")
    figures = package_copy / "dataset" / "figures.csv"
    figures.write_text(
        figures.read_text(encoding="utf-8").replace("nca-open-web-clicks-2020", "nca-open-web-clicks"),
        "utf-8",
    )
    _rehash(package_copy)
    build_site(out, package_copy)
    assert not (out / "statistics" / "nca-open-web-clicks-2020.html").exists()
    assert (out / "statistics" / "nca-open-web-clicks.html").is_file()
    assert (out / "statistics" / "mine.txt").read_text(encoding="utf-8") == "kept"
    listed = (out / MARKER).read_text(encoding="utf-8").splitlines()[1:]
    assert sorted(listed) == sorted(
        p.relative_to(out).as_posix()
        for p in out.rglob("*")
        if p.is_file() and p.name not in (MARKER, "mine.txt")
    )


def test_a_link_or_a_file_at_out_is_refused(tmp_path: Path, package_dir: Path) -> None:
    target = tmp_path / "elsewhere"
    target.mkdir()
    (tmp_path / "link").symlink_to(target)
    (tmp_path / "file").write_text("x", encoding="utf-8")
    for name, words in (("link", "symbolic link"), ("file", "is a file")):
        code, _, stderr = run_cli(["site", str(tmp_path / name), "--package-dir", str(package_dir)])
        assert code == 2 and words in stderr, stderr
    assert list(target.iterdir()) == []


def test_a_link_planted_inside_a_site_is_never_written_through(tmp_path: Path, package_dir: Path) -> None:
    """A site folder whose ``articles`` (or a page) was replaced by a link: the writer refuses it
    (safe_write), exit 2, and nothing is written where the link points."""
    out = tmp_path / "site"
    build_site(out, package_dir)
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.rmtree(out / "articles")
    (out / "articles").symlink_to(outside)
    (out / "index.html").unlink()
    (out / "index.html").symlink_to(outside / "index.html")
    code, _, stderr = run_cli(["site", str(out), "--package-dir", str(package_dir)])
    assert code == 2 and "refusing to write" in stderr, stderr
    assert list(outside.iterdir()) == []


def test_an_invalid_package_makes_no_site(package_copy: Path, tmp_path: Path) -> None:
    figures = package_copy / "dataset" / "figures.csv"
    figures.write_text(figures.read_text(encoding="utf-8").replace("fig-0010,", "fig-0010x,", 1), "utf-8")
    code, _, stderr = run_cli(["site", str(tmp_path / "site"), "--package-dir", str(package_copy)])
    assert code == 2 and "is not valid" in stderr and "ukcsa-data validate" in stderr
    assert not (tmp_path / "site").exists()


# --- hostile text -------------------------------------------------------------------------------

#: Text that would be markup, a script, an attribute or reordered text if printed as it is (and no
#: digit, so it adds no numeric token to a seed).
HOSTILE = (
    "<script>alert(document)</script> \"onmouseover=alert(a) x=' <img src=x onerror=alert(b)> "
    "\u202eevil\u202c"
)


def _rewrite_seed(package: Path, source_id: str, edit: Any) -> None:
    sources = package / "dataset" / "sources.csv"
    lines = sources.read_text(encoding="utf-8").split("\n")
    for index, line in enumerate(lines):
        if line.startswith(f"{source_id},"):
            seed_file = re.search(r"seeds/[A-Za-z0-9_.-]+\.txt", line)
            assert seed_file
            seed = package / seed_file.group()
            old_hash = hashlib.sha256(seed.read_bytes()).hexdigest()
            seed.write_text(edit(seed.read_text(encoding="utf-8")), encoding="utf-8")
            lines[index] = line.replace(old_hash, hashlib.sha256(seed.read_bytes()).hexdigest())
    sources.write_text("\n".join(lines), encoding="utf-8")


def _rehash(package: Path) -> None:
    code, _, stderr = run_cli(["rehash", str(package)])
    assert code == 0, stderr


def test_hostile_text_in_a_seed_is_shown_as_text(package_copy: Path, tmp_path: Path) -> None:
    """Markup, an attribute and a bidi control written into an article (where they hold no number,
    so the package stays valid) are shown as text: no tag, attribute or control reaches a page."""
    _rewrite_seed(package_copy, "deeside-2020", lambda text: text.replace("\n", f"\n{HOSTILE}\n", 1))
    _rehash(package_copy)
    assert check_package(package_copy).report.valid, check_package(package_copy).report.errors
    out = tmp_path / "site"
    build_site(out, package_copy)
    raw = (out / "articles" / "deeside-2020.html").read_text(encoding="utf-8")
    page = read_page(out / "articles" / "deeside-2020.html")
    assert {tag for tag, _ in page.tags}.isdisjoint({"script", "img"})
    assert all(not name.startswith("on") for _, attrs in page.tags for name in attrs)
    assert "\u202e" not in raw and "\\u202eevil\\u202c" in "".join(page.article)
    assert "<script>alert(document)</script>" in "".join(page.article)  # shown, as text
    for path in out.rglob("*.html"):
        assert "\u202e" not in path.read_text(encoding="utf-8"), path


def test_hostile_text_in_cells_is_shown_as_text(package_copy: Path, tmp_path: Path) -> None:
    """The same text (without its bidi controls, which the validator refuses in a cell) in a
    figure's notes: escaped on every page it reaches, never markup or an attribute."""
    figures = package_copy / "dataset" / "figures.csv"
    lines = figures.read_text(encoding="utf-8").split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith("fig-0010,"))
    cells = next(csv.reader([lines[index]]))
    cells[-1] = HOSTILE.replace("\u202e", "").replace("\u202c", "")
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(cells)
    lines[index] = buffer.getvalue()
    figures.write_text("\n".join(lines), encoding="utf-8")
    _rehash(package_copy)
    report = check_package(package_copy).report
    assert report.valid, [p.code for p in report.errors]
    out = tmp_path / "site"
    build_site(out, package_copy)
    for path in out.rglob("*.html"):
        page = read_page(path)
        assert {tag for tag, _ in page.tags}.isdisjoint({"script", "img"}), path
        assert all(not name.startswith("on") for _, attrs in page.tags for name in attrs), path
    assert "<script>alert(document)</script>" in "".join(read_page(out / "tables" / "figures.html").text)


def test_an_id_named_like_a_heading_does_not_take_its_anchor(package_copy: Path, tmp_path: Path) -> None:
    """A source_id "rows" or "columns" anchors its row of the sources table; the page's headings
    have ids no source_id can have, so every anchor is unique and every link still resolves."""
    for old, new in (("deeside-2020", "rows"), ("independent-2018", "columns")):
        for path in (package_copy / "dataset").glob("*.csv"):
            path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    _rehash(package_copy)
    assert check_package(package_copy).report.valid
    out = tmp_path / "site"
    build_site(out, package_copy)
    page = read_page(out / "tables" / "sources.html")  # asserts that no id is given twice
    assert {"rows", "columns", "_rows", "_columns"} <= page.ids
    assert links_resolve(out) > 400


@given(st.text())
def test_page_text_shows_every_control_and_keeps_only_spaces(text: str) -> None:
    """Property: what ``page_text`` shows holds no character ``escape`` would escape except a space
    separator (Zs, which a browser shows as a space); it is ``escape``'s output once those spaces
    are escaped too; and it is idempotent."""
    import unicodedata

    shown = page_text(text)
    assert all(not unsafe(char) or unicodedata.category(char) == "Zs" for char in shown)
    assert escape(shown) == escape(text)
    assert page_text(shown) == shown


@pytest.mark.parametrize(
    "value", ["../evil", "a/b", "<x>", "Upper", "", "x" * 121, "fig-0001/../..", "a--b", None]
)
def test_an_id_that_cannot_name_a_page_is_refused(value: Any) -> None:
    with pytest.raises(SiteError, match="cannot name a page"):
        page_id(value, "source_id")


def test_a_source_id_with_a_path_is_refused_before_anything_is_written(
    package_copy: Path, tmp_path: Path
) -> None:
    for name in ("sources", "figures", "exclusions"):
        path = package_copy / "dataset" / f"{name}.csv"
        path.write_text(
            path.read_text(encoding="utf-8").replace("deeside-2020", "../../deeside-2020"), "utf-8"
        )
    _rehash(package_copy)
    out = tmp_path / "out" / "site"
    code, _, stderr = run_cli(["site", str(out), "--package-dir", str(package_copy)])
    assert code == 2 and "is not valid" in stderr
    assert not (tmp_path / "out").exists() and not (tmp_path / "deeside-2020.html").exists()


# --- in a browser -------------------------------------------------------------------------------

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
#: The pages looked at: the index, an article and a statistic with a series.
SHOWN = (
    "index.html",
    "articles/sheffield-telegraph-2018.html",
    "statistics/nca-people-posing-sexual-threat-2020.html",
)


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        program = shutil.which(name)
        if program is not None:
            return program
    pytest.skip("Chromium is not installed (Debian package chromium: apt-get install chromium)")


def _run_chromium(profile: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    program = _chromium()
    return subprocess.run(
        [program, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *arguments],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "HOME": str(profile)},
    )


@pytest.mark.slow
@pytest.mark.parametrize("relative", SHOWN)
def test_chromium_screenshots_are_not_blank(site: Path, tmp_path: Path, relative: str) -> None:
    """A full page of a reader's window, drawn by Chromium from the files alone (no server, no
    script): a PNG of the window's size with many colours (text, highlights, table rules)."""
    image_module = pytest.importorskip("PIL.Image")
    shot = tmp_path / "page.png"
    done = _run_chromium(
        tmp_path / "profile", "--window-size=1280,1600", f"--screenshot={shot}", (site / relative).as_uri()
    )
    assert done.returncode == 0 and shot.is_file(), done.stderr[-2000:]
    with image_module.open(shot) as image:
        assert image.size == (1280, 1600)
        colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
    assert colours is not None and len(colours) > 50, "the screenshot is blank or nearly so"
    most = max(count for count, _ in colours)
    assert most < 0.95 * 1280 * 1600, "one colour fills the screenshot"


def _axe_script() -> bytes:
    resources = pytest.importorskip("importlib.resources")
    try:
        return resources.files("axe_core_python").joinpath("axe.min.js").read_bytes()
    except ModuleNotFoundError:
        pytest.skip("axe-core is not installed (pip install axe-core-python; in the test extra)")


_RUN_AXE = """<script src="{axe}"></script><script>
axe.run(document).then(function (result) {{
  var out = document.createElement("pre"); out.id = "axe-result";
  out.textContent = JSON.stringify(result.violations.map(function (v) {{
    var nodes = v.nodes.map(function (n) {{ return n.html; }});
    return {{id: v.id, impact: v.impact, help: v.help, nodes: nodes}};
  }}));
  document.body.appendChild(out);
}}, function (error) {{
  var out = document.createElement("pre"); out.id = "axe-result"; out.textContent = "error: " + error;
  document.body.appendChild(out);
}});
</script></body>"""


def _axe_violations(site: Path, relative: str, tmp_path: Path) -> list[dict[str, Any]]:
    """axe-core's violations on a copy of the page (with axe.min.js and the call added at its end),
    as Chromium's DOM holds them once axe has run."""
    copy = tmp_path / "copy"
    if not copy.exists():
        shutil.copytree(site, copy)
        (copy / "axe.min.js").write_bytes(_axe_script())
    page = copy / relative
    checked = page.with_name(page.stem + ".axe.html")
    axe = os.path.relpath(copy / "axe.min.js", page.parent)
    checked.write_text(
        page.read_text(encoding="utf-8").replace("</body>", _RUN_AXE.format(axe=axe)), encoding="utf-8"
    )
    done = _run_chromium(tmp_path / "profile", "--virtual-time-budget=30000", "--dump-dom", checked.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    found = re.search(r'<pre id="axe-result">(.*?)</pre>', done.stdout, re.S)
    assert found, "axe-core did not report: " + done.stdout[-500:]
    result = html.unescape(found.group(1))
    assert not result.startswith("error"), result
    violations: list[dict[str, Any]] = json.loads(result)
    return violations


@pytest.mark.slow
def test_axe_core_finds_no_serious_violation(site: Path, tmp_path: Path) -> None:
    """axe-core (all its rules: WCAG 2 A and AA, best practices) on the index, an article, a
    statistic and the widest table: no violation at all, of any impact."""
    pages = [*SHOWN, "tables/figures.html"]
    found = {relative: _axe_violations(site, relative, tmp_path) for relative in pages}
    assert found == {relative: [] for relative in pages}


@pytest.mark.slow
def test_axe_core_finds_what_it_should(site: Path, tmp_path: Path) -> None:
    """The check above can fail: a page without a language, an image without alt text and text
    of too little contrast are each reported as serious or critical."""
    copy = tmp_path / "bad"
    shutil.copytree(site, copy)
    page = copy / "index.html"
    text = page.read_text(encoding="utf-8")
    text = text.replace('<html lang="en">', "<html>").replace(
        "<h1>", '<h1 style="color:#eee"><img src="x.png">'
    )
    page.write_text(text, encoding="utf-8")
    ids = {v["id"]: v["impact"] for v in _axe_violations(copy, "index.html", tmp_path)}
    assert {"html-has-lang", "image-alt", "color-contrast"} <= set(ids), ids
    assert {ids[i] for i in ("html-has-lang", "image-alt", "color-contrast")} <= {"serious", "critical"}
