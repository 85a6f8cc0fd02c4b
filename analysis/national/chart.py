"""The national view's chart: each site's rate with its interval, the national rate as a line.

Small samples are drawn hatched and labelled «faible effectif», after the ranked sites, so
a bar built on 12 answers never looks like a precise result. Readable in black and white,
like the report's charts.
"""

from __future__ import annotations

from ..french import NBSP, format_number, format_percent
from ..report.charts import Figure, threshold_line
from ..report.palette import BAR, FONT, SMALL_PATTERN
from .sites import NationalResults


def national_figure(results: NationalResults) -> Figure | None:
    """Horizontal bars in display order (ranked, then small samples); None without answers.
    A plain plotly.js figure, like the report's (analysis.report.charts.drawable draws it)."""
    sites = [s for s in results.sites if s.main is not None and s.main.n]
    if not sites:
        return None
    rates = [s.main.satisfaction_rate * 100 for s in sites]
    labels = [
        (f"{s.rank}. " if s.rank else "") + f"{s.name} (n = {format_number(s.main.n)})"
        for s in sites
    ]
    bar = {
        "type": "bar",
        "y": labels,
        "x": rates,
        "orientation": "h",
        "error_x": {
            "type": "data",
            "array": [s.main.interval[1] * 100 - r for s, r in zip(sites, rates, strict=True)],
            "arrayminus": [r - s.main.interval[0] * 100 for s, r in zip(sites, rates, strict=True)],
            "color": "#161616",
        },
        "text": [
            format_percent(s.main.satisfaction_rate)
            + (" (faible effectif)" if s.is_small_sample else "")
            for s in sites
        ],
        "textposition": "inside",
        "insidetextanchor": "start",
        "textfont": {"color": "#ffffff"},
        "marker": {
            "color": [BAR if not s.is_small_sample else "#6a6af4" for s in sites],
            "pattern": {"shape": [SMALL_PATTERN if s.is_small_sample else "" for s in sites]},
        },
        "hovertemplate": "%{y} : %{x:.1f} %<extra></extra>",
    }
    layout = {
        "title": {
            "text": f"Satisfaction par site, intervalle à 95{NBSP}%",
            "x": 0,
            "xanchor": "left",
        },
        "font": FONT,
        "separators": ", ",  # decimal comma, space between thousands
        "height": 140 + 32 * len(sites),
        "margin": {"l": 10, "r": 20, "t": 70, "b": 40},
        "showlegend": False,
        "xaxis": {
            "range": [0, 100],
            "title": {"text": "Taux de satisfaction (%)"},
            "ticksuffix": " %",
        },
        "yaxis": {"autorange": "reversed", "automargin": True},
    }
    national = results.total.main
    if national is not None and national.n:
        x = float(national.satisfaction_rate * 100)
        layout["shapes"] = [threshold_line(x)]
        text = f"Ensemble{NBSP}: {format_percent(national.satisfaction_rate)}"
        layout["annotations"] = [
            {"showarrow": False, "text": text, "x": x, "xanchor": "center", "xref": "x",
             "y": 1, "yanchor": "bottom", "yref": "y domain"}
        ]  # fmt: skip
    return {"data": [bar], "layout": layout}
