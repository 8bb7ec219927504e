"""``ukcsa-data plot``: the charts under docs/charts/ are what the data draws, byte for byte."""

from __future__ import annotations

import builtins
import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ukcsa_data.cli import main
from ukcsa_data.plot import CAVEAT, CHARTS, OKABE_ITO, QUALIFIERS, Data, draw, matplotlib_pyplot, read_data

REPO_ROOT = Path(__file__).resolve().parents[1]
COMMITTED = REPO_ROOT / "docs" / "charts"


def _rows(path: Path) -> list[dict[str, str]]:
    """The rows of a CSV table of the package, as text."""
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def _write_rows(path: Path, rows: list[dict[str, str]]) -> None:
    """Write ``rows`` back to the table at ``path``, as the package writes its CSV files."""
    text = io.StringIO(newline="")
    writer = csv.DictWriter(text, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(text.getvalue(), encoding="utf-8", newline="")


def test_the_committed_charts_are_current(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("matplotlib", reason="matplotlib is not installed (pip install 'ukcsa-data[plot]')")
    assert main(["plot", str(tmp_path), "--package-dir", str(REPO_ROOT)]) == 0
    assert capsys.readouterr().out.splitlines() == [str(tmp_path / name) for name in CHARTS]
    stale = [name for name in CHARTS if (tmp_path / name).read_bytes() != (COMMITTED / name).read_bytes()]
    assert not stale, f"docs/charts/{', '.join(stale)} stale: regenerate with `ukcsa-data plot docs/charts`"


def test_drawing_twice_gives_the_same_bytes(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib", reason="matplotlib is not installed (pip install 'ukcsa-data[plot]')")
    for run in ("a", "b"):
        assert main(["plot", str(tmp_path / run), "--package-dir", str(REPO_ROOT)]) == 0
    for name in CHARTS:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_without_matplotlib_a_one_line_message_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real_import = builtins.__import__

    def no_matplotlib(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "matplotlib" or name.startswith("matplotlib."):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_matplotlib)
    assert main(["plot", str(tmp_path / "out"), "--package-dir", str(REPO_ROOT)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip().splitlines() == [
        "ukcsa-data plot: matplotlib is not installed; "
        "install it with: python -m pip install 'ukcsa-data[plot]'"
    ]
    assert not (tmp_path / "out").exists()


def test_a_publisher_or_title_with_dollars_is_drawn_as_written(
    package_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 19: matplotlib read a "$" from the package as mathtext, and a VALID package whose
    publisher held an unbalanced one ended the plot command in an error. With the real matplotlib:
    every publisher and title holds mathtext, balanced and not; the package stays VALID and every
    chart is drawn."""
    pytest.importorskip("matplotlib", reason="matplotlib is not installed (pip install 'ukcsa-data[plot]')")

    rows = _rows(package_copy / "dataset" / "sources.csv")
    for row in rows:
        row["publisher"] = f"{row['publisher']} $\\frac{{a}}{{b}}$ $x^2$ $\\bogus{{$"
        row["title"] = f"$\\alpha$ {row['title']} $"
    _write_rows(package_copy / "dataset" / "sources.csv", rows)
    assert main(["rehash", str(package_copy)]) == 0
    assert main(["validate", str(package_copy)]) == 0
    capsys.readouterr()
    assert main(["plot", str(tmp_path / "charts"), "--package-dir", str(package_copy)]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert captured.out.splitlines() == [str(tmp_path / "charts" / name) for name in CHARTS]


@pytest.fixture(scope="module")
def drawn() -> Iterator[tuple[Data, dict[str, list[str]], dict[str, Any]]]:
    """The shipped package's data, every chart's texts (whitespace and wrapping undone) and figures."""
    pytest.importorskip("matplotlib", reason="matplotlib is not installed (pip install 'ukcsa-data[plot]')")
    from matplotlib.text import Text

    data = read_data(REPO_ROOT)
    with matplotlib_pyplot() as plt:
        figures = draw(plt, data)
        texts = {
            name: [" ".join(t.get_text().split()) for t in figure.findobj(Text) if t.get_text().strip()]
            for name, figure in figures.items()
        }
        yield data, texts, figures
        for figure in figures.values():
            plt.close(figure)


def _all(texts: list[str]) -> str:
    return "\n".join(texts)


def test_every_chart_carries_the_caveat_the_version_and_its_articles(
    drawn: tuple[Data, dict[str, list[str]], dict[str, Any]],
) -> None:
    """Each image says under it that its figures are as reported in the press, not official
    statistics, which package version drew it, and the publisher and date of every article whose
    figures it draws."""
    data, texts, _ = drawn
    assert list(texts) == list(CHARTS)
    assert CAVEAT == "Figures as reported in the press, not official statistics."
    for name, chart in texts.items():
        footer = [t for t in chart if t.startswith(CAVEAT)]
        assert len(footer) == 1, name
        assert f"ukcsa-data {data.version}," in footer[0], name
    monthly = data.figures[data.figures["per"] == "month"]
    for article in monthly.drop_duplicates("source_id").itertuples():
        assert f"{article.publisher}, {article.published_date:%Y-%m-%d}" in _all(texts["monthly.png"])


def test_no_chart_shows_an_identifier_or_a_file_name(
    drawn: tuple[Data, dict[str, list[str]], dict[str, Any]],
) -> None:
    """Titles, ticks and axis labels are in the data's words: no statistic_id, series_id or
    figure_id slug, no column or file name."""
    data, texts, _ = drawn
    slugs = set(data.figures["statistic_id"]) | set(data.series["series_id"]) | set(data.figures["figure_id"])
    for name, chart in texts.items():
        shown = _all(chart)
        assert not [slug for slug in slugs if slug in shown], name
        for word in ("statistic_id", "figures.csv", "series_id", "rows of"):
            assert word not in shown, (name, word)


def test_the_series_chart_has_a_panel_per_estimate_titled_with_its_wording(
    drawn: tuple[Data, dict[str, list[str]], dict[str, Any]],
) -> None:
    """The NCA estimates are worded differently, so each is its own panel, titled with its
    figures' ``measure`` wording, in the order first reported; no line joins them."""
    data, _, figures = drawn
    estimates = list(data.series.sort_values("position")["statistic_id"])
    wordings = [set(data.figures[data.figures["statistic_id"] == s]["measure"]) for s in estimates]
    assert len({frozenset(w) for w in wordings}) == len(estimates) == 3
    panels = [axes for axes in figures["series.png"].axes if axes.get_title(loc="left")]
    assert len(panels) == len(estimates)
    for axes, wording in zip(panels, wordings, strict=True):
        title = " ".join(axes.get_title(loc="left").split())
        assert all(w in title for w in wording), title
        assert all(len(line.get_xdata()) == 1 for line in axes.get_lines())


def test_each_monthly_bar_names_who_counted_and_what(
    drawn: tuple[Data, dict[str, list[str]], dict[str, Any]],
) -> None:
    """Under each bar of the monthly chart: its article, who the article attributes the figure to
    and the figure's ``measure`` (which says who counted: the NCA and UK police, or the NCA)."""
    data, _, figures = drawn
    monthly = data.figures[(data.figures["per"] == "month") & data.figures["value"].notna()]
    ticks = [
        " ".join(tick.get_text().split())
        for axes in figures["monthly.png"].axes
        for tick in axes.get_xticklabels()
    ]
    assert len(ticks) == len(monthly) == 4
    for row in monthly.itertuples():
        article = f"{row.publisher}, {row.published_date:%Y-%m-%d}"
        label = f"{article} according to {row.attributed_to} counts: {row.measure}"
        assert label in ticks, label


def test_context_figures_are_not_listed_as_statistics(
    drawn: tuple[Data, dict[str, list[str]], dict[str, Any]],
) -> None:
    """A figure of kind 'context' (an officer's years of service) is repeated in the articles,
    yet the chart of repeated statistics leaves it out; every repeated statistic is listed."""
    data, texts, _ = drawn
    counts = data.figures.groupby("statistic_id").size()
    repeated = data.figures[data.figures["statistic_id"].isin(counts[counts > 1].index)]
    context = repeated[repeated["kind"] == "context"]
    assert len(context), "the shipped data should have a repeated context figure for this test"
    shown = _all(texts["repetition.png"])
    for measure in context["measure"]:
        assert measure not in shown
    for statistic in repeated[repeated["kind"] == "statistic"].drop_duplicates("statistic_id").itertuples():
        assert statistic.measure in shown or any(
            m in shown for m in repeated[repeated["statistic_id"] == statistic.statistic_id]["measure"]
        )


def test_the_qualifier_colours_are_the_okabe_ito_palette_each_once() -> None:
    """One palette: every qualifier's colour is an Okabe–Ito colour, and no two qualifiers share one."""
    colours = [colour for _, _, colour in QUALIFIERS.values()]
    assert set(colours) <= set(OKABE_ITO.values())
    assert len(set(colours)) == len(colours)


def test_drawn_colours_are_from_the_palette(drawn: tuple[Data, dict[str, list[str]], dict[str, Any]]) -> None:
    """Every bar, marker and range drawn takes its colour from :data:`OKABE_ITO`."""
    from matplotlib.collections import LineCollection
    from matplotlib.colors import to_hex
    from matplotlib.patches import Rectangle

    palette = {colour.lower() for colour in OKABE_ITO.values()}
    seen = set()
    for figure in drawn[2].values():
        for axes in figure.axes:
            seen |= {to_hex(p.get_facecolor()) for p in axes.patches if isinstance(p, Rectangle)}
            seen |= {to_hex(line.get_color()) for line in axes.get_lines()}
            for collection in axes.collections:
                if isinstance(collection, LineCollection):
                    seen |= {to_hex(c) for c in collection.get_colors()}
    assert seen and seen <= palette, seen - palette


def test_a_monthly_figure_without_attribution_says_so(package_copy: Path, tmp_path: Path) -> None:
    """``attributed_to`` is optional: a monthly bar whose article names no source says so, rather
    than 'according to nan', and the chart is still drawn."""
    pytest.importorskip("matplotlib", reason="matplotlib is not installed (pip install 'ukcsa-data[plot]')")

    rows = _rows(package_copy / "dataset" / "figures.csv")
    for row in rows:
        if row["per"] == "month":
            row["attributed_to"] = ""
    _write_rows(package_copy / "dataset" / "figures.csv", rows)
    assert main(["rehash", str(package_copy)]) == 0
    with matplotlib_pyplot() as plt:
        charts = draw(plt, read_data(package_copy))
        monthly = charts["monthly.png"]
        ticks = [" ".join(t.get_text().split()) for axes in monthly.axes for t in axes.get_xticklabels()]
        for chart in charts.values():
            plt.close(chart)
    assert len(ticks) == 4
    assert all("the article names no source" in tick and "nan" not in tick for tick in ticks), ticks
