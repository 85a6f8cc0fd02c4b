"""DOCX (python-docx): the bilan as a French administrative document, ready to hand over.

A4 with 2.5 cm margins, language fr-FR (the spell-checker reads French), a title block,
page numbers, Word's own heading and caption styles (the officer can restyle them), tables
and charts numbered and captioned; charts drawn by matplotlib (static_charts.py).
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from functools import partial
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor, Twips

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

FONT = "Arial"


def _language(document, tag: str = "fr-FR") -> None:
    """fr-FR on the document defaults and the Normal style, so Word checks French."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for holder in (r_pr, document.styles["Normal"].element.get_or_add_rPr()):
        lang = holder.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            holder.append(lang)
        for attribute in ("w:val", "w:eastAsia", "w:bidi"):
            lang.set(qn(attribute), tag)


def _page(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Twips(11906), Twips(16838)  # A4
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.2)
    section.different_first_page_header_footer = False


def _styles(document) -> None:
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(10.5)
    normal.paragraph_format.space_after = Pt(4)
    colour = RGBColor.from_string(BAR.lstrip("#"))
    sizes = (("Title", 22), ("Subtitle", 13), ("Heading 1", 15), ("Heading 2", 12.5),
             ("Heading 3", 11))  # fmt: skip
    for name, size in sizes:
        style = document.styles[name]
        _plain_font(style)
        style.font.size, style.font.color.rgb = Pt(size), colour
        style.font.bold, style.font.italic = name != "Subtitle", False
        style.paragraph_format.keep_with_next = True
    document.styles["Subtitle"].font.color.rgb = RGBColor(0x16, 0x16, 0x16)
    caption = document.styles["Caption"]
    _plain_font(caption)
    caption.font.size, caption.font.italic = Pt(9), True
    caption.font.bold = False
    caption.font.color.rgb = RGBColor(0x16, 0x16, 0x16)


def _plain_font(style) -> None:
    """Arial, and no theme font: a theme font in a style would win over the name."""
    style.font.name = FONT
    fonts = style.element.get_or_add_rPr().find(qn("w:rFonts"))
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    style.font.name = FONT


def _field(paragraph, instruction: str, shown: str) -> None:
    """A Word field (PAGE, NUMPAGES, SEQ) showing `shown` until Word updates it; a complex
    field, so its value is a plain run that every reader of the document sees."""

    def mark(kind: str):
        run = OxmlElement("w:r")
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        run.append(char)
        return run

    paragraph._p.append(mark("begin"))
    run = OxmlElement("w:r")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    run.append(code)
    paragraph._p.append(run)
    paragraph._p.append(mark("separate"))
    paragraph.add_run(shown)
    paragraph._p.append(mark("end"))


def _footer(document, report: Report) -> None:
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.style = document.styles["Footer"]
    paragraph.add_run(f"{footer_text(report)} — page ")
    _field(paragraph, "PAGE", "1")
    paragraph.add_run(" sur ")
    _field(paragraph, "NUMPAGES", "1")
    for run in paragraph.runs:
        run.font.size, run.font.name = Pt(8.5), FONT


def _cover(document, report: Report) -> None:
    block = cover(report)
    if block.organisation:
        run = document.add_paragraph().add_run(block.organisation.upper())
        run.bold, run.font.size = True, Pt(12)
    document.add_paragraph(block.title, style="Title")
    document.add_paragraph(block.subtitle, style="Subtitle")
    for line in (block.period, block.edition):
        if line:
            document.add_paragraph(line + ("." if line == block.period else ""))


def _caption(document, captions: Captions, kind: str, text: str) -> None:
    kind, number, text = captions.next(kind, text)
    paragraph = document.add_paragraph(style="Caption")
    paragraph.paragraph_format.keep_with_next = kind == "Tableau"
    paragraph.add_run(f"{kind} ")
    _field(paragraph, f"SEQ {kind} \\* ARABIC", str(number))
    paragraph.add_run(Captions.written(kind, number, text)[len(f"{kind} {number}") :])


def _width_cm(text: str, bold: bool, size: float) -> float:
    """About how wide Arial writes `text` (Word measures the real thing when it lays out)."""
    return len(text) * size * (0.62 if bold else 0.55) * 2.54 / 72


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _table(document, table: Table) -> None:
    header, rows = table
    grid = document.add_table(rows=1 + len(rows), cols=len(header))
    grid.style = "Table Grid"
    grid.autofit = False
    _repeat_header(grid.rows[0])
    for size in (9, 8.5, 8, 7.5, 7):
        widths, squeezed = column_widths(
            header, rows, 16.0, partial(_width_cm, size=size), padding=0.45
        )
        if not squeezed:
            break
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = Cm(width)  # the grid LibreOffice reads; cells below for Word
    for index, row in enumerate([header, *rows]):
        for column, text in enumerate(row):
            cell = grid.rows[index].cells[column]
            cell.width = Cm(widths[column])
            paragraph = cell.paragraphs[0]
            run = paragraph.add_run(text)
            run.font.size = Pt(size)
            run.bold = index == 0
            if index and column and NUMBER.match(text or "—"):
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph()


def render_docx(
    report: Report,
    with_charts: bool = True,
    charts: Mapping[str, bytes] | None = None,
    chart_folder: Path | None = None,
) -> bytes:
    """The report as a Word document; `with_charts=False` leaves the images out (tables stay);
    `charts`, the images drawn elsewhere, `chart_folder`, where they are kept on disk
    (printed.chart_images)."""
    images = chart_images(report, with_charts, charts, chart_folder)
    document = Document()
    document.core_properties.title = cover(report).title
    document.core_properties.subject = report.title
    document.core_properties.author = report.organisation or ""
    document.core_properties.language = "fr-FR"
    _page(document)
    _styles(document)
    _language(document)
    _footer(document, report)
    _cover(document, report)
    captions, last_heading = Captions(), report.title
    for block in body(report):
        match block:
            case Heading(level=level, text=text):
                document.add_heading(text, level=max(1, level - 1))
                last_heading = text.rstrip(" :\u00a0")
            case Paragraph(text=text):
                document.add_paragraph(text)
            case Bullets(items=items):
                for item in items:
                    document.add_paragraph(item, style="List Bullet")
            case TableBlock(caption=caption, table=table):
                _caption(document, captions, "Tableau", caption or last_heading)
                _table(document, table)
            case Chart(name=name, caption=caption, table=table):
                if name in images:
                    document.add_picture(io.BytesIO(images[name]), width=Cm(16))
                    document.paragraphs[-1].paragraph_format.keep_with_next = True
                    _caption(document, captions, "Figure", caption)
                if table is not None:
                    _caption(document, captions, "Tableau", caption)
                    _table(document, table)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
