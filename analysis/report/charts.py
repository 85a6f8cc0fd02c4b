"""The report's charts as plotly figure specifications, readable in black and white.

Every bar carries its value as text and every series a fill pattern, so a greyscale print
tells them apart; the colours only add. Numbers are written in French («96,8 %»).
A figure is the plain dict plotly.js draws ({"data": [...], "layout": {...}}): building
plotly's graph objects validated every property again on each change, which made a chart
cost a tenth of a second; plotly still checks these in the tests (tests/analysis).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from ..french import format_number, format_percent
from .model import Report
from .palette import BAR, FONT, HEATMAP_SCALE, MIN_LABELLED, SERIES, SMALL_PATTERN
from .sentences import CHANNEL_NAMES

Figure = dict[str, Any]


def _figure(data: list[dict], title: str, height: int, xaxis: dict, **extra) -> Figure:
    layout = {
        "title": {"text": title, "x": 0, "xanchor": "left"},
        "font": FONT,
        "separators": ", ",  # decimal comma, space between thousands
        "height": height,
        "margin": {"l": 10, "r": 20, "t": 60, "b": 40},
        "xaxis": xaxis,
        "yaxis": {"autorange": "reversed", "automargin": True},
        **extra,
    }
    return {"data": data, "layout": layout}


def channels(report: Report) -> Figure | None:
    """Responses per channel, with the participation rate in the label when visits exist."""
    shown = [c for c in report.channels if c.responses]
    if not shown:
        return None
    labels = [
        format_number(c.responses)
        + (f" ({format_percent(c.participation_rate)} des visites)" if c.visits else "")
        for c in shown
    ]
    bar = {
        "type": "bar",
        "y": [CHANNEL_NAMES.get(c.channel, c.channel) for c in shown],
        "x": [c.responses for c in shown],
        "orientation": "h",
        "text": labels,
        "textposition": "outside",
        "cliponaxis": False,  # a long label stays whole on a narrow phone
        "marker": {"color": BAR, "pattern": {"shape": ""}},
        "hovertemplate": "%{y} : %{x} réponses<extra></extra>",
    }
    xaxis = {"title": {"text": "Réponses"}, "range": [0, max(c.responses for c in shown) * 1.6]}
    return _figure([bar], "Réponses par canal", 120 + 45 * len(shown), xaxis, showlegend=False)


def rates(report: Report) -> Figure | None:
    """Satisfaction rate per item with its 95 % Wilson interval as error bars."""
    rows = [row for row in report.items if row.result.n]
    if not rows:
        return None
    rate = [row.result.satisfaction_rate * 100 for row in rows]
    high = [row.result.interval[1] * 100 - r for row, r in zip(rows, rate, strict=True)]
    low = [r - row.result.interval[0] * 100 for row, r in zip(rows, rate, strict=True)]
    small = [row.result.is_small_sample for row in rows]
    bar = {
        "type": "bar",
        "y": [row.label for row in rows],
        "x": rate,
        "orientation": "h",
        "error_x": {"type": "data", "array": high, "arrayminus": low, "color": "#161616"},
        "text": [
            format_percent(row.result.satisfaction_rate)
            + (" (faible effectif)" if is_small else "")
            for row, is_small in zip(rows, small, strict=True)
        ],
        "textposition": "inside",
        "insidetextanchor": "start",
        "textfont": {"color": "#ffffff"},
        "marker": {"color": BAR, "pattern": {"shape": [SMALL_PATTERN if x else "" for x in small]}},
        "customdata": [format_percent(row.result.satisfaction_rate) for row in rows],
        "hovertemplate": "%{y} : %{customdata}<extra></extra>",  # the label's figure
    }
    xaxis = {"range": [0, 100], "title": {"text": "Taux de satisfaction (%)"}, "ticksuffix": " %"}
    return _figure(
        [bar],
        "Taux de satisfaction par élément",
        120 + 40 * len(rows),
        xaxis,
        showlegend=False,
        shapes=[threshold_line(float(report.threshold * 100))],
    )


def threshold_line(x: float) -> dict[str, Any]:
    """A dashed vertical line across the plot at `x` (the template draws shapes unlined)."""
    return {
        "type": "line", "x0": x, "x1": x, "xref": "x", "y0": 0, "y1": 1, "yref": "y domain",
        "line": {"color": "#161616", "dash": "dash", "width": 2}, "opacity": 1,
    }  # fmt: skip


def _stacked(rows, title: str) -> Figure | None:
    rows = [row for row in rows if row.result.n]
    if not rows:
        return None
    bars = []
    values = rows[0].distribution
    shares = [list(row.result.shown_distribution().values()) for row in rows]
    for index, (_, label, _) in enumerate(values):
        colour, pattern = SERIES[index % len(SERIES)]
        column = [float(row_shares[index]) * 100 for row_shares in shares]
        bars.append(
            {
                "type": "bar",
                "name": label,
                "y": [row.label for row in rows],
                "x": column,
                "orientation": "h",
                "text": [
                    format_percent(s[index]) if s[index] >= MIN_LABELLED else "" for s in shares
                ],
                "textposition": "inside",
                "insidetextanchor": "middle",
                "marker": {"color": colour, "pattern": {"shape": pattern, "fgcolor": "#ffffff"}},
                "customdata": [
                    format_percent(s[index]) if s[index] is not None else "" for s in shares
                ],
                "hovertemplate": f"%{{y}} — {label} : %{{customdata}}<extra></extra>",
            }
        )
    return _figure(
        bars,
        title,
        190 + 40 * len(rows),
        {"range": [0, 100], "ticksuffix": " %"},
        barmode="stack",
        # Below the axis's labels, at the foot of the figure, whatever its height.
        legend={
            "orientation": "h",
            "yref": "container",
            "y": 0,
            "yanchor": "bottom",
            "x": 0,
            "traceorder": "normal",
        },
        margin={"l": 10, "r": 20, "t": 60, "b": 70},
    )


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
    z, text = [], []
    for weekday in grid.weekdays:
        cells = [grid.cell(weekday, hour) for hour in grid.hours]
        z.append([c.rate * 100 if c else None for c in cells])
        text.append(
            [f"{format_percent(c.rate)}<br>({format_number(c.n)})" if c else "" for c in cells]
        )
    cells = {
        "type": "heatmap",
        "z": z,
        "x": [f"{h} h" for h in grid.hours],
        "y": list(grid.weekday_names),
        "text": text,
        "texttemplate": "%{text}",
        "colorscale": HEATMAP_SCALE,
        "zmin": 0,
        "zmax": 100,
        "colorbar": {"title": {"text": "%"}, "ticksuffix": " %"},
        "customdata": [[t.replace("<br>", " ") for t in row] for row in text],
        "hovertemplate": "%{y} %{x} : %{customdata}<extra></extra>",
        "xgap": 2,
        "ygap": 2,
    }
    return _figure([cells], grid.title, 140 + 50 * len(grid.weekdays), {})


FIGURES = {
    "channels": channels,
    "overall": overall,
    "rates": rates,
    "distribution": distribution,
    "heatmap": heatmap,
}


def figure(report: Report, name: str) -> Figure | None:
    """The named chart of the report, None when there is nothing to draw (without its
    template: `drawable` adds it)."""
    return FIGURES[name](report)


@cache
def _template() -> dict[str, Any]:
    import plotly.io as pio

    return pio.templates["simple_white"].to_plotly_json()


def drawable(fig: Figure) -> Figure:
    """The figure as plotly.js draws it, in plotly's simple_white template."""
    return {"data": fig["data"], "layout": {**fig["layout"], "template": _template()}}
