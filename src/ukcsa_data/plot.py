"""Charts of the data as the articles report it: ``ukcsa-data plot OUTDIR``.

Three PNG charts, drawn with matplotlib's Agg backend at a fixed size, resolution and font, and
saved without a software or date stamp, so that drawing them again gives the same bytes. Text
is drawn as written: a ``$`` from the package never starts mathtext.

- ``series.png``: the estimates of a series (``dataset/series.csv``), a panel each, titled with
  the estimate's own ``measure`` wording (the wordings differ, so the estimates are not drawn as
  one line); each qualifier its own marker, a range a vertical bar from its low to its high value;
- ``monthly.png``: the figures given per month (arrests, children safeguarded), each bar labelled
  with its article, who the article attributes it to and what it counts, in the ``measure``'s words;
- ``repetition.png``: how often each statistic (``kind`` ``statistic``; context figures are left
  out) mentioned more than once is repeated, and with which qualifiers.

Every chart says under it which articles it draws on, the package's version and
:data:`CAVEAT`. Colours are the Okabe–Ito palette (:data:`OKABE_ITO`), told apart by colour-blind
readers; markers and hatching repeat the qualifier for those who see no colour.

matplotlib is an optional dependency (``pip install 'ukcsa-data[plot]'``).
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import pandas as pd

from ukcsa_data.core.package_files import bundled_package_dir
from ukcsa_data.core.package_version import package_version
from ukcsa_data.core.safe_write import make_folder, replace_file
from ukcsa_data.loader import load

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: The charts, in the order they are written.
CHARTS = ("series.png", "monthly.png", "repetition.png")

#: The caveat every chart carries.
CAVEAT = "Figures as reported in the press, not official statistics."

#: The Okabe–Ito palette (Okabe and Ito, "Color Universal Design", 2008): colours that readers
#: with the common forms of colour blindness tell apart. The only colours the charts use.
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

#: How each qualifier is drawn: its words, marker and colour (the same in every chart).
QUALIFIERS: dict[str, tuple[str, str, str]] = {
    "exact": ("no qualifier", "o", OKABE_ITO["black"]),
    "at_least": ("at least", "^", OKABE_ITO["bluish_green"]),
    "more_than": ("more than", ">", OKABE_ITO["orange"]),
    "around": ("around", "D", OKABE_ITO["blue"]),
    "almost": ("almost", "<", OKABE_ITO["sky_blue"]),
    "up_to": ("up to", "v", OKABE_ITO["vermillion"]),
    "under": ("under", "x", OKABE_ITO["yellow"]),
    "range": ("range (low to high)", "_", OKABE_ITO["reddish_purple"]),
}

#: The colour of grid lines (a light grey, not a data colour).
_GRID = "#dddddd"

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
    """The tables the charts draw: figures with their article's publisher and date, series, and
    the package's version."""

    figures: pd.DataFrame
    series: pd.DataFrame
    version: str


def read_data(package_dir: str | Path | None = None) -> Data:
    """The figures (each with ``publisher`` and ``published_date`` of its article), series and
    version."""
    sources = load("sources", package_dir)[["source_id", "publisher", "published_date"]]
    figures = load("figures", package_dir).merge(sources, on="source_id", how="left", validate="many_to_one")
    version = package_version(bundled_package_dir() if package_dir is None else package_dir)
    return Data(figures, load("series", package_dir), version)


def source_line(data: Data, mentions: pd.DataFrame) -> str:
    """What a chart drawn from ``mentions`` says under it: :data:`CAVEAT`, the articles (publisher
    and date, in date order) and the package's version."""
    articles = mentions.drop_duplicates("source_id").sort_values(["published_date", "publisher"])
    named = "; ".join(f"{a.publisher}, {a.published_date:%Y-%m-%d}" for a in _rows(articles))
    count = f"{len(articles)} article{'s' if len(articles) != 1 else ''}"
    return f"{CAVEAT} Source: ukcsa-data {data.version}, from {count}: {named}."


def _footer(figure: Figure, text: str) -> None:
    """``text`` under the whole figure, wrapped, left-aligned (constrained layout makes room)."""
    figure.supxlabel(textwrap.fill(text, 150), x=0.01, ha="left", fontsize=7, color="#333333")


def _wrap(text: str, width: int) -> str:
    return textwrap.fill(text, width, break_long_words=False)


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
def matplotlib_pyplot() -> Iterator[Any]:
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


def _label_estimate(axes: Axes, mentions: pd.DataFrame, high: float) -> None:
    """One panel of a series: its estimate's label above its highest mark, its ``measure``
    wordings and first date as the title, no x axis."""
    axes.annotate(
        _series_label(mentions),
        (0, high),
        xytext=(0, 10),
        textcoords="offset points",
        ha="center",
        va="bottom",
        fontsize=8,
    )
    wordings = sorted(set(mentions["measure"]))
    axes.set_title(
        "\n".join(_wrap(w, 34) for w in wordings)
        + f"\n(first reported {mentions['published_date'].min():%Y-%m-%d})",
        fontsize=8.5,
        loc="left",
    )
    axes.set_xticks([])
    axes.set_xlim(-0.6, 0.6)
    axes.grid(axis="y", color=_GRID, linewidth=0.6)
    axes.set_axisbelow(True)


def _series_chart(plt: Any, data: Data, series_id: str) -> Figure:
    """A panel per estimate of the series, titled with its ``measure`` wording and first date; the
    panels share the value axis, so sizes compare, but no line joins them."""
    rows = data.series[data.series["series_id"] == series_id].sort_values("position")
    estimates = [data.figures[data.figures["statistic_id"] == s] for s in rows["statistic_id"]]
    estimates.sort(key=lambda mentions: mentions["published_date"].min())
    figure, axes_list = plt.subplots(
        1, len(estimates), figsize=(9, 6), layout="constrained", sharey=True, squeeze=False
    )
    tops = [_draw_estimate(axes, 0, mentions) for axes, mentions in zip(axes_list[0], estimates, strict=True)]
    for axes, mentions, high in zip(axes_list[0], estimates, tops, strict=True):
        _label_estimate(axes, mentions, high)
    first = axes_list[0][0]
    first.set_ylim(0, max(tops) * 1.3)
    _thousands(first)
    first.set_ylabel(f"{estimates[0]['unit'].iloc[0]}, as reported")
    present = set().union(*(set(m["qualifier"]) for m in estimates))
    _qualifier_legend(first, _ordered(present), loc="upper left", fontsize=8)
    figure.suptitle(
        f"{len(estimates)} successive estimates, each worded differently: "
        "a panel each, in the articles' words",
        fontsize=11,
    )
    _footer(figure, source_line(data, pd.concat(estimates)))
    return cast("Figure", figure)


def _monthly_label(row: Any) -> str:
    """A bar's label: its article, who the article attributes the figure to, and what it counts."""
    return "\n".join(
        [
            f"{row.publisher}, {row.published_date:%Y-%m-%d}",
            _wrap(
                f"according to {row.attributed_to}"
                if pd.notna(row.attributed_to) and row.attributed_to
                else "the article names no source",
                30,
            ),
            _wrap(f"counts: {row.measure}", 30),
        ]
    )


def _monthly_panel(axes: Axes, mentions: pd.DataFrame) -> None:
    mentions = mentions.sort_values(["published_date", "figure_id"])
    positions = range(len(mentions))
    bars = axes.bar(
        positions,
        mentions["value"],
        color=[QUALIFIERS[q][2] for q in mentions["qualifier"]],
        width=0.55,
        edgecolor="white",
    )
    for bar, qualifier in zip(bars, mentions["qualifier"], strict=True):
        bar.set_hatch(_hatch(qualifier))
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
    axes.set_xticks(list(positions), [_monthly_label(row) for row in _rows(mentions)], fontsize=7)
    axes.set_xlim(-0.7, len(mentions) - 0.3)
    axes.set_ylim(0, mentions["value"].max() * 1.2)
    axes.set_ylabel(f"{' or '.join(sorted(set(mentions['unit'])))} per month, as reported")
    _thousands(axes)
    axes.grid(axis="y", color=_GRID, linewidth=0.6)
    axes.set_axisbelow(True)


def _hatch(qualifier: str) -> str:
    """Bars of a bound ('more than', 'at least', 'up to') are hatched; others are plain."""
    return "" if qualifier in ("exact", "around", "almost") else "//"


def _bar_legend(axes: Axes, qualifiers: list[str]) -> None:
    from matplotlib.patches import Patch

    handles = [Patch(facecolor=QUALIFIERS[q][2], hatch=_hatch(q), edgecolor="white") for q in qualifiers]
    axes.legend(handles, [QUALIFIERS[q][0] for q in qualifiers], title="qualifier", loc="upper left")


def _monthly_chart(plt: Any, data: Data) -> Figure:
    monthly = data.figures[(data.figures["per"] == "month") & data.figures["value"].notna()]
    children = monthly["unit"] == "children"
    panels = [(monthly[~children], "Arrests"), (monthly[children], "Children safeguarded")]
    panels = [panel for panel in panels if len(panel[0])]
    figure, axes_list = plt.subplots(1, len(panels), figsize=(9, 6), layout="constrained", squeeze=False)
    for axes, (mentions, title) in zip(axes_list[0], panels, strict=True):
        _monthly_panel(axes, mentions)
        axes.set_title(title, fontsize=10)
    figure.suptitle(
        "Figures given per month: each bar with its article and who counted, in its words", fontsize=11
    )
    _bar_legend(axes_list[0][0], _ordered(set(monthly["qualifier"])))
    _footer(figure, source_line(data, monthly))
    return cast("Figure", figure)


def _statistic_label(mentions: pd.DataFrame) -> str:
    """A statistic's label: its ``measure`` wording and its period (or, without one, the date it was
    first reported), which tells apart two statistics of the same wording."""
    first = mentions.sort_values(["published_date", "figure_id"]).iloc[0]
    start, end = first["period_start"], first["period_end"]
    if pd.notna(start) and pd.notna(end):
        when = f"{start:%Y-%m-%d} to {end:%Y-%m-%d}"
    else:
        when = f"first reported {mentions['published_date'].min():%Y-%m-%d}"
    return f"{_wrap(str(first['measure']), 48)}\n({when})"


def _repetition_chart(plt: Any, data: Data) -> Figure:
    statistics = data.figures[data.figures["kind"] == "statistic"]
    counts = statistics.groupby(["statistic_id", "qualifier"], observed=True).size().unstack(fill_value=0)
    counts = counts[counts.sum(axis=1) > 1]
    counts = counts.loc[counts.sum(axis=1).sort_values(kind="stable").index]
    repeated = statistics[statistics["statistic_id"].isin(counts.index)]
    qualifiers = _ordered({q for q in counts.columns if counts[q].sum() > 0})
    articles = {str(k): int(v) for k, v in repeated.groupby("statistic_id")["source_id"].nunique().items()}
    labels = [_statistic_label(repeated[repeated["statistic_id"] == s]) for s in counts.index]
    figure, axes = plt.subplots(figsize=(9, 0.6 * len(counts) + 2.2), layout="constrained")
    positions = list(range(len(counts)))
    left = pd.Series(0, index=counts.index)
    for qualifier in qualifiers:
        words, _, colour = QUALIFIERS[qualifier]
        axes.barh(positions, counts[qualifier], left=left, color=colour, label=words, height=0.6)
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
    axes.set_yticks(positions, labels)
    axes.set_xlim(0, left.max() * 1.25)
    axes.set_xlabel("mentions in the articles")
    axes.tick_params(axis="y", labelsize=7.5)
    axes.set_title("Statistics mentioned more than once, by qualifier (context figures left out)")
    axes.legend(title="qualifier", loc="lower right")
    axes.grid(axis="x", color=_GRID, linewidth=0.6)
    axes.set_axisbelow(True)
    _footer(figure, source_line(data, repeated))
    return cast("Figure", figure)


def draw(plt: Any, data: Data) -> dict[str, Figure]:
    """The charts as matplotlib figures, by file name in :data:`CHARTS` order (``series.png`` only
    when the package has a series); the caller closes them."""
    figures: dict[str, Figure] = {}
    series_ids = sorted(set(data.series["series_id"]))
    if series_ids:
        figures[CHARTS[0]] = _series_chart(plt, data, series_ids[0])
    figures[CHARTS[1]] = _monthly_chart(plt, data)
    figures[CHARTS[2]] = _repetition_chart(plt, data)
    return figures


def plot(outdir: str | Path, package_dir: str | Path | None = None) -> list[Path]:
    """Write the charts into ``outdir`` (created); the files written. :class:`PlotUnavailable` if
    matplotlib cannot be imported."""
    out = Path(outdir)
    data = read_data(package_dir)
    with matplotlib_pyplot() as plt:
        make_folder(out)
        written = []
        for name, figure in draw(plt, data).items():
            _save(figure, out / name)
            plt.close(figure)
            written.append(out / name)
    return written
