"""The report's charts as PNG images for DOCX and PDF, drawn by matplotlib on the server.

No browser and no optional extra: a fresh install draws them. They show the same series,
labels and patterns as the interactive plotly charts (charts.py), readable in black and
white (a hatch per series), with every number written by analysis.french. Each report's
charts are drawn once and kept (by content) for its other documents and downloads: in
this process, and in the instance folder for the others (chart_store.py). `survey report`
draws them in a second process (chart_process.py) with the same loop, `drawn`.
"""

from __future__ import annotations

import io
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from ..french import format_number, format_percent
from . import chart_store
from .chart_store import content_key
from .model import Report
from .palette import BAR, HEATMAP_SCALE, MIN_LABELLED, SERIES
from .sentences import CHANNEL_NAMES

WIDTH_INCHES = 6.3
"""16 cm: the text width of an A4 page with 2.5 cm margins."""
DPI = 200
PNG_LEVEL = 3
INK = "#161616"
HATCHES = {"": "", "/": "///", ".": "...", "x": "xxx", "+": "++"}
"""plotly's pattern shapes as matplotlib hatches, so both renderings tell series apart alike."""
MAX_LABELLED_HOURS = 12
"""The heatmap writes its figures in the cells up to this many hours side by side."""
FONT = {"family": "DejaVu Sans", "size": 8.5}
"""Shipped inside matplotlib: the same drawing on every server, accents included."""


def _figure(rows: int, per_row: float = 0.32, extra: float = 0.9) -> Figure:
    figure = Figure(figsize=(WIDTH_INCHES, extra + per_row * rows), dpi=DPI)
    figure.set_layout_engine("constrained")
    return figure


def _axes(figure: Figure, title: str):
    axes = figure.add_subplot()
    axes.set_title(title, loc="left", fontsize=FONT["size"] + 2, fontweight="bold", color=INK)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.tick_params(colors=INK)
    return axes


def _percent_axis(axes) -> None:
    axes.set_xlim(0, 100)
    axes.xaxis.set_major_formatter(FuncFormatter(lambda x, _: format_percent(float(x) / 100, 0)))


def _wrapped(label: str, width: int = 38) -> str:
    words, lines, line = label.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "\n".join([*lines, line])


def channels(report: Report) -> Figure | None:
    """Responses per channel, with the participation rate in the label when visits exist."""
    shown = [c for c in report.channels if c.responses]
    if not shown:
        return None
    figure = _figure(len(shown), 0.4)
    axes = _axes(figure, "Réponses par canal")
    names = [CHANNEL_NAMES.get(c.channel, c.channel) for c in shown]
    bars = axes.barh(names, [c.responses for c in shown], color=BAR)
    labels = [
        format_number(c.responses)
        + (f" ({format_percent(c.participation_rate)} des visites)" if c.visits else "")
        for c in shown
    ]
    axes.bar_label(bars, labels, padding=3, color=INK)
    axes.invert_yaxis()
    axes.set_xlim(0, max(c.responses for c in shown) * 1.6)
    axes.set_xlabel("Réponses")
    axes.xaxis.set_major_formatter(FuncFormatter(lambda x, _: format_number(float(x))))
    return figure


def rates(report: Report) -> Figure | None:
    """Satisfaction rate per item with its 95 % Wilson interval, the threshold dashed."""
    rows = [row for row in report.items if row.result.n]
    if not rows:
        return None
    figure = _figure(len(rows), 0.36)
    axes = _axes(figure, "Taux de satisfaction par élément")
    rate = [row.result.satisfaction_rate * 100 for row in rows]
    # max(0, …): a rate of 100 % and its interval's top differ by a rounding error at most
    low = [max(0.0, r - row.result.interval[0] * 100) for row, r in zip(rows, rate, strict=True)]
    high = [max(0.0, row.result.interval[1] * 100 - r) for row, r in zip(rows, rate, strict=True)]
    small = [row.result.is_small_sample for row in rows]
    bars = axes.barh(
        [_wrapped(row.label) for row in rows],
        rate,
        color=BAR,
        edgecolor="#ffffff",
        hatch=[HATCHES["/"] if is_small else "" for is_small in small],
        xerr=[low, high],
        error_kw={"ecolor": INK, "capsize": 2, "elinewidth": 0.8},
    )
    labels = [
        format_percent(row.result.satisfaction_rate) + (" (faible effectif)" if is_small else "")
        for row, is_small in zip(rows, small, strict=True)
    ]
    for bar, label, value in zip(bars, labels, rate, strict=True):
        inside = value >= 35  # room for the label in the bar: white on blue, else ink after it
        axes.text(
            1.5 if inside else value + 1.5,
            bar.get_y() + bar.get_height() / 2,
            label,
            va="center",
            color="#ffffff" if inside else INK,
            # on a hatched (small sample) bar the label sits on a plain patch of the bar colour
            bbox={"facecolor": BAR, "edgecolor": "none", "pad": 1.5} if inside else None,
        )
    axes.axvline(report.threshold * 100, color=INK, linestyle="--", linewidth=0.9)
    axes.invert_yaxis()
    _percent_axis(axes)
    axes.set_xlabel("Taux de satisfaction")
    return figure


def _stacked(rows, title: str) -> Figure | None:
    rows = [row for row in rows if row.result.n]
    if not rows:
        return None
    figure = _figure(len(rows), 0.36, 1.3)
    axes = _axes(figure, title)
    names = [_wrapped(row.label) for row in rows]
    shares = [list(row.result.shown_distribution().values()) for row in rows]
    left = [0.0] * len(rows)
    for index, (_, label, _) in enumerate(rows[0].distribution):
        colour, pattern = SERIES[index % len(SERIES)]
        column = [float(row_shares[index]) * 100 for row_shares in shares]
        bars = axes.barh(
            names,
            column,
            left=left,
            label=label,
            color=colour,
            edgecolor="#ffffff",
            hatch=HATCHES[pattern],
            linewidth=0.5,
        )
        texts = [format_percent(s[index]) if s[index] >= MIN_LABELLED else "" for s in shares]
        for label in axes.bar_label(bars, texts, label_type="center", color="#ffffff"):
            # a plain patch of the series colour under the label, readable on the hatches
            label.set_bbox({"facecolor": colour, "edgecolor": "none", "pad": 1.2})
            label.set_fontsize(7.5)
        left = [a + b for a, b in zip(left, column, strict=True)]
    axes.invert_yaxis()
    _percent_axis(axes)
    axes.legend(
        loc="upper center",
        bbox_to_anchor=(0.5, -0.12),
        ncol=min(len(rows[0].distribution), 3),
        frameon=False,
    )
    return figure


def distribution(report: Report) -> Figure | None:
    """Share of each answer per item, stacked to 100 %."""
    return _stacked(report.items, "Répartition des avis par élément")


def overall(report: Report) -> Figure | None:
    """The overall item's answers as one stacked bar."""
    return _stacked([r for r in report.items if r.is_overall], "Satisfaction globale")


def heatmap(report: Report) -> Figure | None:
    """Satisfaction by weekday and hour; each cell says its rate and number of answers."""
    grid = report.heatmap
    if grid is None or not grid.cells:
        return None
    from matplotlib.colors import LinearSegmentedColormap

    scale = LinearSegmentedColormap.from_list(
        "bilan", [colour for _, colour in HEATMAP_SCALE]
    ).with_extremes(bad="#ffffff")
    figure = _figure(len(grid.weekdays), 0.42, 1.2)
    axes = _axes(figure, grid.title)
    values = [[grid.cell(w, h) for h in grid.hours] for w in grid.weekdays]
    z = [[c.rate * 100 if c else float("nan") for c in row] for row in values]
    image = axes.imshow(z, cmap=scale, vmin=0, vmax=100, aspect="auto")
    # past 12 hours a cell is too narrow for «33,3 % (3)»: colours only, the table below
    # gives the figures (and every other hour is named on the axis)
    labelled = len(grid.hours) <= MAX_LABELLED_HOURS
    for y, row in enumerate(values):
        for x, cell in enumerate(row):
            if cell and labelled:
                colour = INK if cell.rate >= 0.6 else "#ffffff"
                text = f"{format_percent(cell.rate)}\n({format_number(cell.n)})"
                axes.text(x, y, text, ha="center", va="center", color=colour, fontsize=6.5)
    step = 1 if labelled else 2
    hours = list(range(len(grid.hours)))[::step]
    axes.set_xticks(hours, [f"{grid.hours[i]} h" for i in hours])
    axes.set_yticks(range(len(grid.weekdays)), list(grid.weekday_names))
    colour_bar = figure.colorbar(image, ax=axes, fraction=0.03)
    colour_bar.ax.yaxis.set_major_formatter(
        FuncFormatter(lambda v, _: format_percent(float(v) / 100, 0))
    )
    return figure


FIGURES: dict[str, Callable[[Report], Figure | None]] = {
    "channels": channels,
    "overall": overall,
    "rates": rates,
    "distribution": distribution,
    "heatmap": heatmap,
}


def png_charts(
    report: Report, names: Iterable[str], folder: Path | None = None
) -> dict[str, bytes]:
    """The named charts as PNG bytes (a chart with nothing to draw is left out), drawn
    once per report content: the PDF after the DOCX, or a second download, reuses them;
    with `folder`, so do the instance's other processes (chart_store.py)."""
    names = tuple(names)
    key = content_key(report, names)
    with _LOCK:
        if key in _DRAWN:
            _DRAWN.move_to_end(key)
            return dict(_DRAWN[key])
    images = chart_store.load(folder, key)
    if images is None:
        images = _draw(report, names)
        chart_store.store(folder, key, images)
    if key is None:
        return images
    with _LOCK:
        _DRAWN[key] = images
        while len(_DRAWN) > CACHED_REPORTS:
            _DRAWN.popitem(last=False)
    return dict(images)


CACHED_REPORTS = 8
"""Reports whose charts are kept (about 0.5 MB each): a few campaigns being looked at."""
_DRAWN: OrderedDict[bytes, dict[str, bytes]] = OrderedDict()
_LOCK = threading.Lock()


def _draw(report: Report, names: tuple[str, ...]) -> dict[str, bytes]:
    return {name: png for name, png in drawn(report, names) if png is not None}


def drawn(report: Report, names: Iterable[str]) -> Iterator[tuple[str, bytes | None]]:
    """Each named chart as PNG bytes as soon as it is drawn, None for a chart with nothing
    to draw: this process's charts and chart_process.py's are drawn by this one loop."""
    import matplotlib

    with matplotlib.rc_context({"font.family": FONT["family"], "font.size": FONT["size"]}):
        for name in names:
            figure = FIGURES[name](report)
            yield name, None if figure is None else _png(figure)


def _png(figure: Figure) -> bytes:
    """The figure drawn once: `savefig` would run the constrained layout in a first
    pass without drawing, then again while drawing (a third of a chart's time)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    figure.patch.set_facecolor("#ffffff")
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    # opaque RGB: the same pixels as matplotlib's RGBA, a quarter less to compress here
    # and no alpha channel for fpdf2 to split off; zlib level 3 is faster than the default
    # 6 and, without the alpha, the file is still smaller than matplotlib's own PNG
    image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba())
    out = io.BytesIO()
    image.convert("RGB").save(out, format="png", dpi=(DPI, DPI), compress_level=PNG_LEVEL)
    return out.getvalue()


def warm_up() -> None:
    """Load what the first chart would load (the Agg canvas, Pillow, the fonts), for a
    process that has time to spare before its report arrives (chart_process.py)."""
    import matplotlib

    with matplotlib.rc_context({"font.family": FONT["family"], "font.size": FONT["size"]}):
        figure = _figure(1)
        _axes(figure, "Préparation").text(0.5, 0.5, "1 %")
        _png(figure)
