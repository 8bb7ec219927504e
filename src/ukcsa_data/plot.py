"""Charts of the data as the articles report it: ``ukcsa-data plot OUTDIR``.

Three PNG charts, drawn with matplotlib's Agg backend at a fixed size, resolution and font, and
saved without a software or date stamp, so that drawing them again gives the same bytes. Text
is drawn as written: a ``$`` from the package never starts mathtext.

- ``series.png``: the estimates of each series (``dataset/series.csv``) in order, each qualifier
  its own marker, a range a vertical bar from its low to its high value;
- ``monthly.png``: the figures given per month (arrests, children safeguarded), by article and
  qualifier;
- ``repetition.png``: how often each statistic mentioned more than once is repeated, and with
  which qualifiers.

matplotlib is an optional dependency (``pip install 'ukcsa-data[plot]'``).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import pandas as pd

from ukcsa_data.loader import load
from ukcsa_data.safe_write import make_folder, replace_file

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: The charts, in the order they are written.
CHARTS = ("series.png", "monthly.png", "repetition.png")

#: How each qualifier is drawn: its words, marker and colour (the same in every chart).
QUALIFIERS: dict[str, tuple[str, str, str]] = {
    "exact": ("no qualifier", "o", "#4d4d4d"),
    "at_least": ("at least", "^", "#1b7837"),
    "more_than": ("more than", ">", "#5aae61"),
    "around": ("around", "D", "#2166ac"),
    "almost": ("almost", "<", "#92c5de"),
    "up_to": ("up to", "v", "#b2182b"),
    "under": ("under", "x", "#f4a582"),
    "range": ("range (low to high)", "_", "#762a83"),
}

_DPI = 100
_RC = {
    # Text from the package is never markup: a publisher "$x^2$" is drawn as written, not as
    # mathtext (which once ended an unbalanced "$" in an internal error). The charts' own text
    # has no "$" either, so this holds for every piece of text they draw.
    "text.parse_math": False,
    "text.usetex": False,
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.titlesize": 11,
    "svg.hashsalt": "ukcsa-data",
    "path.simplify": False,
}


class PlotUnavailable(RuntimeError):
    """matplotlib cannot be imported."""


@dataclass(frozen=True)
class Data:
    """The tables the charts draw: figures with their article's publisher and date, and series."""

    figures: pd.DataFrame
    series: pd.DataFrame


def read_data(package_dir: str | Path | None = None) -> Data:
    """The figures (each with ``publisher`` and ``published_date`` of its article) and series."""
    sources = load("sources", package_dir)[["source_id", "publisher", "published_date"]]
    figures = load("figures", package_dir).merge(sources, on="source_id", how="left", validate="many_to_one")
    return Data(figures, load("series", package_dir))


def _rows(frame: pd.DataFrame) -> list[Any]:
    """The rows of ``frame`` as named tuples (typed loosely: their fields are the columns)."""
    return list(frame.itertuples())


def _words(value: float) -> str:
    return f"{value:,.0f}"


def _as_reported(row: Any) -> str:
    """A figure as the article qualifies it: 'at least 300,000', '550,000 – 850,000'."""
    if row.qualifier == "range":
        return f"{_words(row.value_low)} – {_words(row.value_high)}"
    words = QUALIFIERS[row.qualifier][0]
    prefix = "" if row.qualifier == "exact" else f"{words} "
    return f"{prefix}{_words(row.value)}"


@contextmanager
def _matplotlib() -> Iterator[Any]:
    """pyplot on the Agg backend with fixed settings, or :class:`PlotUnavailable`."""
    try:
        import matplotlib
    except ImportError as error:
        raise PlotUnavailable(
            "matplotlib is not installed; install it with: python -m pip install 'ukcsa-data[plot]'"
        ) from error
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with matplotlib.rc_context(cast(Any, _RC)):
        yield plt


def _save(figure: Figure, path: Path) -> None:
    """Draw ``figure`` as PNG into ``path`` (never through a link: ``safe_write``)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, dpi=_DPI, format="png", metadata={"Software": None})
    replace_file(path.parent, path.name, buffer.getvalue())


def _thousands(axes: Axes) -> None:
    from matplotlib.ticker import FuncFormatter

    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))


def _qualifier_legend(axes: Axes, qualifiers: list[str], **where: Any) -> None:
    from matplotlib.lines import Line2D

    handles = [
        Line2D([], [], marker=QUALIFIERS[q][1], color=QUALIFIERS[q][2], linestyle="", markersize=8)
        if q != "range"
        else Line2D([], [], color=QUALIFIERS[q][2], linewidth=3)
        for q in qualifiers
    ]
    axes.legend(handles, [QUALIFIERS[q][0] for q in qualifiers], title="qualifier", **where)


def _ordered(present: set[str]) -> list[str]:
    return [q for q in QUALIFIERS if q in present]


def _draw_estimate(axes: Axes, x: float, mentions: pd.DataFrame) -> float:
    """One estimate's distinct qualified values side by side around ``x``; its highest value."""
    distinct = mentions.drop_duplicates(["qualifier", "value", "value_low", "value_high"])
    distinct = distinct.assign(order=distinct["qualifier"].map(list(QUALIFIERS).index)).sort_values("order")
    width = 0.12
    offsets = [(i - (len(distinct) - 1) / 2) * width for i in range(len(distinct))]
    top = 0.0
    for offset, row in zip(offsets, _rows(distinct), strict=True):
        _, marker, colour = QUALIFIERS[row.qualifier]
        if row.qualifier == "range":
            axes.vlines(x + offset, row.value_low, row.value_high, color=colour, linewidth=6)
            top = max(top, row.value_high)
        else:
            axes.plot(x + offset, row.value, marker=marker, color=colour, markersize=9, linestyle="")
            top = max(top, row.value)
    return top


def _series_label(mentions: pd.DataFrame) -> str:
    """Which articles give an estimate, when, and how: 'Sheffield Telegraph, 2018-09-03' and
    '80,000: no qualifier, at least'."""
    articles = mentions.drop_duplicates("source_id").sort_values(["published_date", "publisher"])
    lines = [f"{a.publisher}, {a.published_date:%Y-%m-%d}" for a in _rows(articles)]
    ranges = mentions[mentions["qualifier"] == "range"]
    single = mentions[mentions["qualifier"] != "range"]
    lines += sorted({_as_reported(row) for row in _rows(ranges)})
    for value, group in single.groupby("value", sort=True):
        if len(set(group["qualifier"])) == 1:
            lines.append(_as_reported(_rows(group)[0]))
        else:
            lines.append(
                f"{_words(cast(float, value))}: "
                + ", ".join(QUALIFIERS[q][0] for q in _ordered(set(group["qualifier"])))
            )
    return "\n".join(lines)


def _series_chart(plt: Any, data: Data, series_id: str, path: Path) -> None:
    rows = data.series[data.series["series_id"] == series_id].sort_values("position")
    figure, axes = plt.subplots(figsize=(9, 5.5), layout="constrained")
    estimates = [data.figures[data.figures["statistic_id"] == s] for s in rows["statistic_id"]]
    estimates.sort(key=lambda mentions: mentions["published_date"].min())
    tops = [_draw_estimate(axes, x, mentions) for x, mentions in enumerate(estimates)]
    top = max(tops)
    for x, (mentions, high) in enumerate(zip(estimates, tops, strict=True)):
        axes.annotate(
            _series_label(mentions),
            (x, high),
            xytext=(0, 10),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=8,
        )
    axes.set_xticks(
        range(len(estimates)),
        [
            f"{m['statistic_id'].iloc[0]}\n(first reported {m['published_date'].min():%Y-%m-%d})"
            for m in estimates
        ],
        fontsize=7.5,
    )
    axes.set_xlim(-0.6, len(estimates) - 0.4)
    axes.set_ylim(0, top * 1.3)
    _thousands(axes)
    axes.set_ylabel(f"{data.figures.loc[estimates[0].index[0], 'unit']} (as reported)")
    axes.set_xlabel("estimate, in the order first reported")
    axes.set_title(f"Successive estimates as reported: {series_id}")
    present = set().union(*(set(m["qualifier"]) for m in estimates))
    _qualifier_legend(axes, _ordered(present), loc="upper left")
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    _save(figure, path)
    plt.close(figure)


def _monthly_panel(axes: Axes, mentions: pd.DataFrame, unit_label: str) -> None:
    mentions = mentions.sort_values(["published_date", "figure_id"])
    labels, colours, hatches = [], [], []
    for row in _rows(mentions):
        labels.append(f"{row.publisher}\n{row.published_date:%Y-%m-%d}\n{row.figure_id}")
        colours.append(QUALIFIERS[row.qualifier][2])
        hatches.append(_hatch(row.qualifier))
    positions = range(len(mentions))
    bars = axes.bar(positions, mentions["value"], color=colours, width=0.55, edgecolor="white")
    for bar, hatch in zip(bars, hatches, strict=True):
        bar.set_hatch(hatch)
    for x, row in zip(positions, _rows(mentions), strict=True):
        axes.annotate(
            _as_reported(row),
            (x, row.value),
            ha="center",
            va="bottom",
            xytext=(0, 3),
            textcoords="offset points",
            fontsize=8,
        )
    axes.set_xticks(list(positions), labels, fontsize=7.5)
    axes.set_xlim(-0.7, len(mentions) - 0.3)
    axes.set_ylim(0, mentions["value"].max() * 1.2)
    axes.set_ylabel(f"number per month, as reported ({unit_label})")
    _thousands(axes)
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)


def _hatch(qualifier: str) -> str:
    """Bars of a bound ('more than', 'at least', 'up to') are hatched; others are plain."""
    return "" if qualifier in ("exact", "around", "almost") else "//"


def _bar_legend(axes: Axes, qualifiers: list[str]) -> None:
    from matplotlib.patches import Patch

    handles = [Patch(facecolor=QUALIFIERS[q][2], hatch=_hatch(q), edgecolor="white") for q in qualifiers]
    axes.legend(handles, [QUALIFIERS[q][0] for q in qualifiers], title="qualifier", loc="upper left")


def _monthly_chart(plt: Any, data: Data, path: Path) -> None:
    monthly = data.figures[(data.figures["per"] == "month") & data.figures["value"].notna()]
    children = monthly["unit"] == "children"
    panels = [
        (monthly[~children], "arrests", " or ".join(sorted(set(monthly[~children]["unit"])))),
        (monthly[children], "children safeguarded", "children"),
    ]
    panels = [panel for panel in panels if len(panel[0])]
    figure, axes_list = plt.subplots(1, len(panels), figsize=(9, 5), layout="constrained", squeeze=False)
    for axes, (mentions, title, unit_label) in zip(axes_list[0], panels, strict=True):
        _monthly_panel(axes, mentions, unit_label)
        axes.set_title(title.capitalize(), fontsize=10)
    figure.suptitle("Figures reported per month, by article and qualifier", fontsize=11)
    _bar_legend(axes_list[0][0], _ordered(set(monthly["qualifier"])))
    _save(figure, path)
    plt.close(figure)


def _repetition_chart(plt: Any, data: Data, path: Path) -> None:
    counts = data.figures.groupby(["statistic_id", "qualifier"], observed=True).size().unstack(fill_value=0)
    counts = counts[counts.sum(axis=1) > 1]
    counts = counts.loc[counts.sum(axis=1).sort_values(kind="stable").index]
    qualifiers = _ordered({q for q in counts.columns if counts[q].sum() > 0})
    articles = {
        str(k): int(v) for k, v in data.figures.groupby("statistic_id")["source_id"].nunique().items()
    }
    figure, axes = plt.subplots(figsize=(9, 0.45 * len(counts) + 1.8), layout="constrained")
    left = pd.Series(0, index=counts.index)
    for qualifier in qualifiers:
        words, _, colour = QUALIFIERS[qualifier]
        axes.barh(counts.index, counts[qualifier], left=left, color=colour, label=words, height=0.6)
        left = left + counts[qualifier]
    for y, (statistic_id, total) in enumerate(left.items()):
        n = articles[str(statistic_id)]
        axes.annotate(
            f"{total} in {n} article{'s' if n > 1 else ''}",
            (total, y),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
        )
    axes.set_xlim(0, left.max() * 1.25)
    axes.set_xlabel("mentions (rows of figures.csv)")
    axes.set_ylabel("statistic_id")
    axes.tick_params(axis="y", labelsize=8)
    axes.set_title("Statistics mentioned more than once, by qualifier")
    axes.legend(title="qualifier", loc="lower right")
    axes.grid(axis="x", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    _save(figure, path)
    plt.close(figure)


def plot(outdir: str | Path, package_dir: str | Path | None = None) -> list[Path]:
    """Write the charts into ``outdir`` (created); the files written. :class:`PlotUnavailable` if
    matplotlib cannot be imported."""
    out = Path(outdir)
    data = read_data(package_dir)
    with _matplotlib() as plt:
        make_folder(out)
        written = []
        series_ids = sorted(set(data.series["series_id"]))
        if series_ids:
            _series_chart(plt, data, series_ids[0], out / CHARTS[0])
            written.append(out / CHARTS[0])
        _monthly_chart(plt, data, out / CHARTS[1])
        _repetition_chart(plt, data, out / CHARTS[2])
        written.extend([out / CHARTS[1], out / CHARTS[2]])
    return written
