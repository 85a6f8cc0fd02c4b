"""One self-contained HTML file: the report text, its tables and interactive charts.

plotly.js is embedded, never loaded from a CDN, so the file opens offline and makes no
request to another host: a bundle with only the traces the report draws (vendor/, 1.3 MB
instead of 4.8 MB), or the plotly package's whole one if it lacks a trace or is of another
version. Each chart has a caption and a table (or the table just above it) saying the
same in text.
"""

from __future__ import annotations

import re
from functools import cache
from html import escape
from importlib.resources import files

import plotly.io as pio
from plotly.offline import get_plotlyjs

from .charts import drawable, figure
from .model import Report
from .outline import Bullets, Chart, Heading, Paragraph, TableBlock
from .printed import body as report_body
from .printed import cover
from .tables import Table

CONFIG = {"displaylogo": False, "responsive": True}
STYLE = """
body { font-family: Marianne, Arial, sans-serif; color: #161616; margin: 0; line-height: 1.5; }
main { max-width: 60rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.8rem; } h2 { font-size: 1.35rem; margin-top: 2rem; } h3 { font-size: 1.1rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: .9rem; }
th, td { border: 1px solid #929292; padding: .25rem .5rem; text-align: left; }
td.num { text-align: right; white-space: nowrap; }
caption { text-align: left; font-style: italic; padding-bottom: .25rem; }
figure { margin: 1rem 0 2rem; } figcaption { font-style: italic; }
.cover { border-block-end: 2px solid #000091; margin-block-end: 1.5rem; }
.cover p { margin: .25rem 0; } .cover .organisation { font-weight: 700; text-transform: uppercase; }
.cover h1 { margin: .5rem 0 .25rem; } .cover .subtitle { font-size: 1.2rem; }
@media print { details { display: block; } .chart { break-inside: avoid; } }
"""


VENDORED = "vendor/plotly-report.min.js"
# The banner build.js writes: "plotly.js v4.1.1 (core, bar, heatmap)".
_BANNER = re.compile(r"plotly\.js v(\d+\.\d+\.\d+)(?: \(([a-z0-9, ]+)\))?")


def bundle_banner(source: str) -> tuple[str | None, frozenset[str]]:
    """The plotly.js version of a bundle and the traces it names (none for the full one)."""
    found = _BANNER.search(source[:300])
    if found is None:
        return None, frozenset()
    traces = found.group(2) or ""
    return found.group(1), frozenset(t.strip() for t in traces.split(",") if t.strip())


@cache
def _partial() -> str:
    return files(__package__).joinpath(VENDORED).read_text(encoding="utf-8")


def report_plotlyjs(traces: frozenset[str]) -> str:
    """The plotly.js to embed: the vendored partial bundle when it draws every trace of the
    report and is the plotly package's version (the figures' JSON is written for it)."""
    full = get_plotlyjs()
    version, drawn = bundle_banner(_partial())
    if version == bundle_banner(full)[0] and traces <= drawn:
        return _partial()
    return full


def _table(table: Table, caption: str = "") -> str:
    header, rows = table
    parts = ["<table>"]
    if caption:
        parts.append(f"<caption>{escape(caption)}</caption>")
    parts.append("<thead><tr>" + "".join(f'<th scope="col">{escape(c)}</th>' for c in header))
    parts.append("</tr></thead><tbody>")
    for row in rows:
        first, *rest = row
        cells = "".join(
            f'<td class="num">{escape(c)}</td>'
            if c[:1].isdigit() or c[:1] in ("+", "−")
            else f"<td>{escape(c)}</td>"
            for c in rest
        )
        parts.append(f'<tr><th scope="row">{escape(first)}</th>{cells}</tr>')
    parts.append("</tbody></table>")
    return "".join(parts)


def _chart(report: Report, block: Chart, index: int, traces: set[str]) -> str:
    fig = figure(report, block.name)
    if fig is not None:
        traces.update(trace["type"] for trace in fig["data"])
    if fig is None:
        return _table(block.table, block.caption) if block.table else ""
    div = pio.to_html(
        drawable(fig),
        validate=False,  # checked against plotly's schema in tests/analysis
        full_html=False,
        include_plotlyjs=False,
        config=CONFIG,
        div_id=f"chart-{block.name}-{index}",
        default_height=f"{fig['layout']['height']}px",
    )
    alternative = (
        f"<details><summary>Données du graphique (tableau)</summary>{_table(block.table)}</details>"
        if block.table
        else "<p><small>Les valeurs de ce graphique figurent dans le texte ou le tableau qui "
        "le précède.</small></p>"
    )
    return (
        f'<figure class="chart"><figcaption>{escape(block.caption)}</figcaption>'
        f'<div role="img" aria-label="{escape(block.caption)}">{div}</div>'
        f"{alternative}</figure>"
    )


def _cover(report: Report) -> str:
    """The title block the printed documents open with: organisation, «Bilan qualité 2026 —
    Enquête de satisfaction», the campaign, its period and the edition date."""
    block = cover(report)
    lines = (
        [f'<p class="organisation">{escape(block.organisation)}</p>'] if block.organisation else []
    )
    lines += [
        f"<h1>{escape(block.title)}</h1>",
        f'<p class="subtitle">{escape(block.subtitle)}</p>',
    ]
    lines += [f"<p>{escape(block.period)}.</p>"] if block.period else []
    lines += [f"<p>{escape(block.edition)}</p>"] if block.edition else []
    return '<header class="cover">' + "".join(lines) + "</header>"


def render_html(report: Report) -> str:
    """The whole report as one HTML page (UTF-8, French, works offline)."""
    body = [_cover(report)]
    traces: set[str] = set()
    for index, block in enumerate(report_body(report)):
        match block:
            case Heading(level=level, text=text):
                body.append(f"<h{level}>{escape(text)}</h{level}>")
            case Paragraph(text=text):
                body.append(f"<p>{escape(text)}</p>")
            case Bullets(items=items):
                body.append("<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>")
            case TableBlock(caption=caption, table=table):
                body.append(_table(table, caption))
            case Chart():
                body.append(_chart(report, block, index, traces))
    return (
        '<!DOCTYPE html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(cover(report).title)} — {escape(report.title)}</title>\n"
        f"<style>{STYLE}</style>\n"
        f"<script>{report_plotlyjs(frozenset(traces))}</script>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )
