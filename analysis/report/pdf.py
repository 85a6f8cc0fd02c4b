"""PDF (fpdf2): the bilan as the members of the users' committee receive it.

The same title block, blocks, tables and charts as the DOCX (printed.py, static_charts.py),
on A4 pages numbered «page 2 sur 7». Fonts are the DejaVu files matplotlib ships, so every
server writes the same accents, no-break spaces and minus signs without system fonts.
"""

from __future__ import annotations

import importlib.util
import io
import struct
from collections.abc import Mapping
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from .model import Report
from .outline import Bullets, Chart, Heading, Paragraph, TableBlock
from .palette import BAR
from .printed import (
    NUMBER,
    Captions,
    body,
    chart_images,
    column_widths,
    cover,
    footer_text,
)
from .tables import Table

FAMILY = "DejaVu"
MARGIN = 25
WIDTH = 210 - 2 * MARGIN
LINE = 5
BLUE = tuple(int(BAR[i : i + 2], 16) for i in (1, 3, 5))
HEADING_SIZES = {2: 13, 3: 11}


def _fonts() -> dict[str, Path]:
    """matplotlib's DejaVu files, found without importing matplotlib (half a second in a
    `survey report --no-charts`, or when the charts were drawn before)."""
    spec = importlib.util.find_spec("matplotlib")
    folder = Path(spec.origin).with_name("mpl-data") / "fonts" / "ttf"
    return {
        "": folder / "DejaVuSans.ttf",
        "B": folder / "DejaVuSans-Bold.ttf",
        "I": folder / "DejaVuSans-Oblique.ttf",
    }


class _Document(FPDF):
    def __init__(self, footer: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.footer_line = footer
        for style, path in _fonts().items():
            self.add_font(FAMILY, style, str(path))
        self.set_margins(MARGIN, 22, MARGIN)
        self.set_auto_page_break(True, margin=20)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(FAMILY, "", 8)
        self.cell(0, 6, f"{self.footer_line} — page {self.page_no()} sur {{nb}}", align="C")


def _text(pdf: _Document, text: str, style: str = "", size: float = 10) -> None:
    pdf.set_font(FAMILY, style, size)
    pdf.multi_cell(0, LINE, text, align="L", new_x="LMARGIN", new_y="NEXT")


def _cover(pdf: _Document, report: Report) -> None:
    block = cover(report)
    if block.organisation:
        _text(pdf, block.organisation.upper(), "B", 11)
        pdf.ln(4)
    pdf.set_text_color(*BLUE)
    pdf.set_font(FAMILY, "B", 20)
    pdf.multi_cell(0, 9, block.title, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0)
    _text(pdf, block.subtitle, "", 13)
    pdf.ln(2)
    for line in (block.period, block.edition):
        if line:
            _text(pdf, line + ("." if line == block.period else ""))
    pdf.ln(4)


def _heading(pdf: _Document, level: int, text: str) -> None:
    if pdf.will_page_break(40):
        pdf.add_page()
    pdf.ln(3)
    pdf.set_text_color(*BLUE)
    _text(pdf, text, "B", HEADING_SIZES.get(level, 11))
    pdf.set_text_color(0)
    pdf.ln(1)


def _bullets(pdf: _Document, items: tuple[str, ...]) -> None:
    pdf.set_font(FAMILY, "", 10)
    for item in items:
        pdf.set_x(MARGIN + 2)
        pdf.cell(4, LINE, "•")
        pdf.multi_cell(0, LINE, item, align="L", new_x="LMARGIN", new_y="NEXT")


def _caption(pdf: _Document, captions: Captions, kind: str, text: str) -> None:
    if kind == "Tableau" and pdf.will_page_break(25):
        pdf.add_page()  # a table's caption stays with its header and first rows
    pdf.set_font(FAMILY, "I", 8.5)
    written = Captions.written(*captions.next(kind, text))
    pdf.multi_cell(0, 4.5, written, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


def _table(pdf: _Document, table: Table) -> None:
    header, rows = table
    columns = len(header)
    widths = tuple(_widths(pdf, header, rows))
    align = ["LEFT"] + [
        "RIGHT" if all(NUMBER.match(r[c] or "—") for r in rows) and rows else "LEFT"
        for c in range(1, columns)
    ]
    with pdf.table(
        col_widths=widths,
        text_align=tuple(align),
        headings_style=FontFace(emphasis="BOLD", fill_color=(235, 235, 245)),
        line_height=4.2,
        repeat_headings=1,
        width=WIDTH,
    ) as grid:
        for row in [header, *rows]:
            cells = grid.row()
            for text in row:
                cells.cell(text)
    pdf.ln(4)


def _widths(pdf: _Document, header: list[str], rows: list[list[str]]) -> list[float]:
    """Widths from the font's own metrics; the font shrinks a little for wide tables."""

    def measure(text: str, bold: bool) -> float:
        pdf.set_font(FAMILY, "B" if bold else "", pdf.font_size_pt)
        width = pdf.get_string_width(text)
        pdf.set_font(FAMILY, "", pdf.font_size_pt)
        return width

    for size in (8.5, 8, 7.5, 7, 6.5):
        pdf.set_font(FAMILY, "", size)
        widths, squeezed = column_widths(header, rows, WIDTH, measure, padding=2.5)
        if not squeezed:
            break
    return widths


def _image(pdf: _Document, png: bytes, captions: Captions, caption: str) -> None:
    width, height = struct.unpack(">II", png[16:24])  # the PNG's IHDR
    shown = WIDTH * height / width
    if pdf.will_page_break(shown + 10):
        pdf.add_page()
    pdf.image(io.BytesIO(png), x=MARGIN, w=WIDTH)
    _caption(pdf, captions, "Figure", caption)


def render_pdf(
    report: Report,
    with_charts: bool = True,
    charts: Mapping[str, bytes] | None = None,
    chart_folder: Path | None = None,
) -> bytes:
    """The report as an A4 PDF, with the same content and charts as the DOCX (`with_charts`,
    `charts` and `chart_folder` as render_docx takes them)."""
    images = chart_images(report, with_charts, charts, chart_folder)
    pdf = _Document(footer_text(report))
    pdf.set_lang("fr-FR")
    pdf.set_title(cover(report).title)
    pdf.set_subject(report.title)
    pdf.set_author(report.organisation or "")
    pdf.set_creator("survey-app")
    pdf.add_page()
    _cover(pdf, report)
    captions, last_heading = Captions(), report.title
    for block in body(report):
        match block:
            case Heading(level=level, text=text):
                _heading(pdf, level, text)
                last_heading = text.rstrip(" :\u00a0")
            case Paragraph(text=text):
                _text(pdf, text)
                pdf.ln(1)
            case Bullets(items=items):
                _bullets(pdf, items)
                pdf.ln(1)
            case TableBlock(caption=caption, table=table):
                _caption(pdf, captions, "Tableau", caption or last_heading)
                _table(pdf, table)
            case Chart(name=name, caption=caption, table=table):
                if name in images:
                    _image(pdf, images[name], captions, caption)
                if table is not None:
                    _caption(pdf, captions, "Tableau", caption)
                    _table(pdf, table)
    return bytes(pdf.output())
