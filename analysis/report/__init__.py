"""The annual report: a Report built from results, rendered to every format the quality
officer needs. Renderers are imported on demand, so a text report never loads plotly."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import DEFAULT_THRESHOLD, Report, build_report

TEXT_FORMATS = ("text", "markdown", "json", "csv")
"""Formats rendered to a str (printable on standard output)."""
FILE_FORMATS = ("html", "docx", "pdf", "xlsx")
"""Formats written to a file only."""
FORMATS = (*TEXT_FORMATS, *FILE_FORMATS)


def render(
    report: Report,
    fmt: str,
    responses: Iterable[dict] | None = None,
    responses_limit: int | None = None,
    chart_folder: Path | None = None,
    charts: Mapping[str, bytes] | None = None,
    with_charts: bool = True,
) -> str | bytes:
    """The report in `fmt`: str for text formats and html, bytes for docx, pdf and xlsx.

    `responses` (xlsx only), streamed rows as survey_app.counts.reading.iter_responses gives them,
    add the raw responses sheet and its codebook; above `responses_limit` responses the sheet
    only says where to find them (excel.render_xlsx). DOCX and PDF keep their charts in
    `chart_folder`, when given, for the next document of the same figures (chart_store.py);
    `charts`, images drawn elsewhere (chart_process.py); `with_charts=False`, tables only.
    """
    if fmt == "text":
        from .text import render_text

        return render_text(report)
    if fmt == "markdown":
        from .text import render_markdown

        return render_markdown(report)
    if fmt == "json":
        from .data import render_json

        return render_json(report)
    if fmt == "csv":
        from .data import render_csv

        return render_csv(report)
    if fmt == "html":
        from .html import render_html

        return render_html(report)
    if fmt == "docx":
        from .word import render_docx

        return render_docx(report, with_charts, charts, chart_folder)
    if fmt == "pdf":
        from .pdf import render_pdf

        return render_pdf(report, with_charts, charts, chart_folder)
    if fmt == "xlsx":
        from .excel import render_xlsx

        return render_xlsx(report, responses, responses_limit)
    raise ValueError(f"unknown report format {fmt!r}: use one of {', '.join(FORMATS)}")


def __getattr__(name: str):
    """The model's names, loaded on first use: `survey report` starts its chart-drawing
    process (chart_process.py) before the model and the questionnaires load."""
    if name in ("DEFAULT_THRESHOLD", "Report", "build_report"):
        from . import model

        return getattr(model, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["DEFAULT_THRESHOLD", "FORMATS", "Report", "build_report", "render"]
