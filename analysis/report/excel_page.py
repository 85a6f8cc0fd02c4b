"""How the workbooks' sheets print: A4, every column on the page's width (as many pages
down as the rows need), landscape when the columns are wider than a portrait page, the
header row repeated on every page of a table, the sheet's name and page number below.

A streamed sheet writes its properties with its first row, so `print_setup` is called
after the columns are sized and before the first row is appended.
"""

from __future__ import annotations

import math

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from ..formulas import neutralise

PORTRAIT_WIDTH = 100
"""Column width units (the width of a «0») an A4 portrait page holds at 100 % between
margins of 1.3 cm; wider sheets print landscape, still scaled to the page's width."""
LANDSCAPE_WIDTH = 147
"""The same for an A4 landscape page (27.1 cm between the margins against 18.4 cm)."""
NARROWEST_TEXT = 24
"""A text column of a table too wide for a landscape page is narrowed to no less than this,
its cells wrapped: the labels take two or three lines, the page prints larger."""
DEFAULT_COLUMN_WIDTH = 8.43
MARGINS = PageMargins(left=0.5, right=0.5, top=0.6, bottom=0.7, header=0.3, footer=0.3)
"""Inches (openpyxl's unit): 1.3 cm at the sides, room for the footer below."""
FOOTER = "&A – page &P sur &N"
LINE_HEIGHT = 15.0
"""Points per line of 11 pt text, Excel's and LibreOffice's default row height."""
WRAPPED = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
HEADER = Alignment(wrap_text=True, vertical="bottom")


def sheet_width(sheet: WriteOnlyWorksheet, columns: int) -> float:
    """The width of the first `columns` columns, in column width units."""
    widths = []
    for index in range(1, columns + 1):
        dimension = sheet.column_dimensions.get(get_column_letter(index))
        widths.append(dimension.width if dimension and dimension.width else DEFAULT_COLUMN_WIDTH)
    return sum(widths)


def print_setup(sheet: WriteOnlyWorksheet, columns: int, title_rows: int = 0) -> None:
    """Print the sheet's `columns` on the page's width, landscape when they are wider than
    a portrait page; with `title_rows`, those first rows are repeated on every page."""
    is_wide = sheet_width(sheet, columns) > PORTRAIT_WIDTH
    setup = sheet.page_setup
    setup.paperSize = Worksheet.PAPERSIZE_A4
    setup.orientation = (
        Worksheet.ORIENTATION_LANDSCAPE if is_wide else Worksheet.ORIENTATION_PORTRAIT
    )
    setup.fitToWidth = 1
    setup.fitToHeight = 0  # as many pages down as the rows need
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_margins = MARGINS
    sheet.print_options.horizontalCentered = False
    if title_rows:
        sheet.print_title_rows = f"1:{title_rows}"
    sheet.oddFooter.center.text = FOOTER
    sheet.oddFooter.center.size = 9


def narrowed(widths: list[float], text_columns: set[int]) -> list[float]:
    """`widths` (one per column, 0-based) with the widest text columns cut down, to no less
    than NARROWEST_TEXT, until the table fits a landscape page or none can give more. The
    items' sheet (labels and a dozen figures, 213 units) became 178 units wide: it prints a
    fifth larger (checked through LibreOffice)."""
    excess = sum(widths) - LANDSCAPE_WIDTH
    if excess <= 0:
        return widths
    cut = sorted((w for i, w in enumerate(widths) if i in text_columns), reverse=True)
    cap = max(cut, default=0)
    while cut and cap > NARROWEST_TEXT:  # lower the cap until the cut columns give enough
        given = sum(max(0, w - cap) for w in cut)
        if given >= excess:
            break
        cap -= 1
    cap = max(cap, NARROWEST_TEXT)
    return [min(w, cap) if i in text_columns else w for i, w in enumerate(widths)]


def header_height(header: list[str], widths: list[float]) -> float:
    """The height of a header row whose names wrap at their word breaks in columns of
    `widths`: the columns are as wide as their numbers, not as their names."""
    lines = 1
    for name, width in zip(header, widths, strict=True):
        count, used = 1, 0
        for word in name.split(" "):  # a no-break space holds
            if used and used + 1 + len(word) > width - 1:
                count, used = count + 1, len(word)
            else:
                used += len(word) + (1 if used else 0)
        lines = max(lines, count)
    return lines * LINE_HEIGHT


def text_rows(text: str, width: float, size: float = 11) -> int:
    """How many lines `text` takes once wrapped in cells `width` units wide (a little more
    than it needs rather than less: a row too short hides the end of the sentence)."""
    per_line = max(1, int(width * 11 / size))
    return max(1, math.ceil(len(text) / per_line))


def row_height(text: str, width: float, size: float = 11) -> float | None:
    """The height of a row holding `text` wrapped across `width` units; None for one line
    (the default height)."""
    lines = text_rows(text, width, size)
    return None if lines == 1 else lines * LINE_HEIGHT * size / 11


class SheetText:
    """Rows appended to a streamed sheet, counted, where a sentence spans the sheet's first
    `columns` (merged, wrapped, as tall as its lines need): it prints within the page
    instead of running past its right edge, and reads the same on screen."""

    def __init__(self, sheet: WriteOnlyWorksheet, columns: int):
        self.sheet, self.columns, self.rows = sheet, columns, 0
        self.width = sheet_width(sheet, columns)

    def row(self, cells: list) -> None:
        self.sheet.append(cells)
        self.rows += 1

    def line(self, text: str, font: Font | None = None) -> None:
        self.rows += 1
        height = row_height(text, self.width, font.size if font and font.size else 11)
        if height:
            self.sheet.row_dimensions[self.rows].height = height
        if self.columns > 1:
            last = get_column_letter(self.columns)
            self.sheet.merged_cells.add(f"A{self.rows}:{last}{self.rows}")
        written = WriteOnlyCell(self.sheet, value=neutralise(text))
        written.alignment = WRAPPED
        if font is not None:
            written.font = font
        self.sheet.append([written])
