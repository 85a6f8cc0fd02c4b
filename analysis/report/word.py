"""DOCX (python-docx): headings, the bullet sentences, the tables and the charts as images,
ready to paste into the bilan qualité."""

from __future__ import annotations

import io

from docx import Document
from docx.shared import Cm, Pt

from .model import Report
from .outline import Bullets, Chart, Heading, Paragraph, TableBlock, blocks
from .tables import Table


def _caption(document, text: str) -> None:
    if text:
        document.add_paragraph().add_run(text).italic = True


def _table(document, table: Table, caption: str = "") -> None:
    header, rows = table
    _caption(document, caption)
    grid = document.add_table(rows=1 + len(rows), cols=len(header))
    grid.style = "Table Grid"
    for column, text in enumerate(header):
        cell = grid.rows[0].cells[column]
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for index, row in enumerate(rows, start=1):
        for column, text in enumerate(row):
            grid.rows[index].cells[column].text = text
    document.add_paragraph()


def _figures(report: Report, with_charts: bool) -> tuple[dict[str, bytes], str | None]:
    if not with_charts:
        return {}, None
    from .charts import figure
    from .images import png_images

    charts = [b for b in blocks(report) if isinstance(b, Chart)]
    figures = {c.name: fig for c in charts if (fig := figure(report, c.name)) is not None}
    return png_images(figures)


def render_docx(report: Report, with_charts: bool = True) -> bytes:
    """The report as a Word document (see docx_and_note)."""
    return docx_and_note(report, with_charts)[0]


def docx_and_note(report: Report, with_charts: bool = True) -> tuple[bytes, str | None]:
    """The document and, when charts were asked for but could not be drawn, the note saying
    what to install (also written at the top of the document; the tables are there anyway)."""
    images, missing = _figures(report, with_charts)
    document = Document()
    document.core_properties.title = report.title
    document.core_properties.language = "fr-FR"
    document.styles["Normal"].font.name = "Arial"
    document.styles["Normal"].font.size = Pt(10.5)
    for block in blocks(report):
        match block:
            case Heading(level=level, text=text):
                document.add_heading(text, level=0 if level == 1 else level - 1)
                if level == 1 and missing:
                    _caption(document, missing)
            case Paragraph(text=text):
                document.add_paragraph(text)
            case Bullets(items=items):
                for item in items:
                    document.add_paragraph(item, style="List Bullet")
            case TableBlock(caption=caption, table=table):
                _table(document, table, caption)
            case Chart(name=name, caption=caption, table=table):
                if name in images:
                    document.add_picture(io.BytesIO(images[name]), width=Cm(16))
                    _caption(document, caption)
                if table is not None:
                    _table(document, table, "" if name in images else caption)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue(), missing
