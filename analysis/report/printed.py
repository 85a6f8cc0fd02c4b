"""What the documents add to the outline: a title block (DOCX, PDF, HTML), numbered
captions and a running footer (DOCX, PDF). They read them from here, so they say the same."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .model import Report
from .outline import Block, Chart, Heading, Paragraph, blocks
from .sentences import COLON, format_day

NUMBER = re.compile(r"^[\d\u202f\u00a0,.+\u2212 %()–—]+( points?)?$|^—$")
"""A table cell that holds a number, a rate, a change or a dash: aligned right."""


@dataclass(frozen=True)
class Cover:
    organisation: str | None
    title: str
    """«Bilan qualité 2026 — Enquête de satisfaction»."""
    subtitle: str
    """The campaign's own title."""
    period: str | None
    edition: str | None
    """«Édité le 6 décembre 2026»."""


def cover(report: Report) -> Cover:
    year = f" {report.year}" if report.year else ""
    return Cover(
        organisation=report.organisation,
        title=f"Bilan qualité{year} — Enquête de satisfaction",
        subtitle=report.title,
        period=report.period,
        edition=f"Édité le {format_day(report.edited_on)}" if report.edited_on else None,
    )


def footer_text(report: Report) -> str:
    """«Préfecture du Rhône — Bilan qualité 2026», followed by the page number."""
    parts = [report.organisation, f"Bilan qualité {report.year}" if report.year else None]
    return " — ".join(p for p in parts if p) or report.title


def body(report: Report) -> list[Block]:
    """The outline without its title and period, which the title block already gives."""
    out = blocks(report)
    if out and isinstance(out[0], Heading) and out[0].level == 1:
        out = out[1:]
    if report.period and out and out[0] == Paragraph(report.period + "."):
        out = out[1:]
    return out


def column_widths(
    header: list[str],
    rows: list[list[str]],
    total: float,
    measure: Callable[[str, bool], float],
    padding: float,
) -> tuple[list[float], bool]:
    """Column widths that break no figure and no word: lines break at plain spaces only, so
    «96,2 %» (a no-break space) stays whole and «aucune réponse» may take two lines. The
    first column (the item's wording, which wraps) takes the rest, at least a quarter; the
    flag says whether the others had to be squeezed to leave it that. `padding` is what a
    cell's margins take, in the unit of `total`."""
    needed = []
    for column in range(1, len(header)):
        cells = [_widest(row[column], measure, False) for row in rows if column < len(row)]
        needed.append(max([*cells, _widest(header[column], measure, True)]) + padding)
    first = total * FIRST_COLUMN
    if total - sum(needed) >= first:
        return [total - sum(needed), *needed], False
    scale = (total - first) / sum(needed)
    return [first, *(n * scale for n in needed)], True


FIRST_COLUMN = 0.22
"""The least share of a table's width left to its first column, the one that wraps: the
compared item table (8 columns) then fits at 7 pt without breaking a header word."""


def _widest(text: str, measure: Callable[[str, bool], float], bold: bool) -> float:
    return max((measure(word, bold) for word in text.split(" ")), default=0.0)


def chart_names(report: Report) -> list[str]:
    return [b.name for b in blocks(report) if isinstance(b, Chart)]


def chart_images(
    report: Report,
    with_charts: bool,
    charts: Mapping[str, bytes] | None,
    folder: Path | None = None,
) -> Mapping[str, bytes]:
    """The PNG of each chart the document shows: `charts` when given (chart_process.py draws
    them meanwhile), else drawn here or found in `folder` (chart_store.py); none without
    charts."""
    if not with_charts:
        return {}
    if charts is not None:
        return charts
    from .static_charts import png_charts

    return png_charts(report, chart_names(report), folder)


class Captions:
    """«Tableau 1 : …», «Figure 2 : …», numbered in the order they appear."""

    def __init__(self) -> None:
        self.counts = {"Tableau": 0, "Figure": 0}

    def next(self, kind: str, text: str) -> tuple[str, int, str]:
        """(kind, number, text) of the next caption of that kind."""
        self.counts[kind] += 1
        return kind, self.counts[kind], text

    @staticmethod
    def written(kind: str, number: int, text: str) -> str:
        return f"{kind} {number}{COLON} {text}"
