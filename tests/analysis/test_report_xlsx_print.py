"""The workbooks print as documents: every sheet on the page's width (A4, as many pages down
as needed), landscape when wider than a portrait page, a table's header row repeated on
each page, and the summary's sentences wrapped within its columns instead of running past
the right edge of the page."""

from __future__ import annotations

import dataclasses
import io
from datetime import date

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from analysis.report import render
from analysis.report.excel_page import (
    LANDSCAPE_WIDTH,
    NARROWEST_TEXT,
    PORTRAIT_WIDTH,
    header_height,
    narrowed,
    text_rows,
)
from tests.analysis.test_report_golden import golden_report
from tests.analysis.test_report_xlsx_raw import response

TABLES = ["Éléments", "Répartition", "Choix", "Groupes", "Jour et heure", "Réponses",
          "Dictionnaire des codes"]  # fmt: skip


@pytest.fixture(scope="module")
def book():
    report = dataclasses.replace(golden_report(), year=2026, edited_on=date(2026, 12, 1))
    rows = [response(n) for n in range(3)]
    return load_workbook(io.BytesIO(render(report, "xlsx", responses=rows)))


def width(sheet) -> float:
    return sum(
        sheet.column_dimensions[get_column_letter(c)].width or 8.43
        for c in range(1, sheet.max_column + 1)
    )


def test_every_sheet_prints_on_the_width_of_an_a4_page(book):
    assert book.sheetnames == ["Synthèse", *TABLES]
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), sheet.title
        assert setup.paperSize == 9, sheet.title  # A4
        wide = width(sheet) > PORTRAIT_WIDTH
        assert setup.orientation == ("landscape" if wide else "portrait"), sheet.title
        assert sheet.page_margins.left == sheet.page_margins.right == 0.5, sheet.title
        assert "&P" in sheet.oddFooter.center.text, sheet.title
    assert book["Synthèse"].page_setup.orientation == "portrait"
    assert book["Éléments"].page_setup.orientation == "landscape"


def test_a_table_repeats_its_header_row_on_every_printed_page(book):
    for title in TABLES:
        assert book[title].print_title_rows == "$1:$1", title
    assert book["Synthèse"].print_title_rows is None


def test_the_summarys_sentences_wrap_within_its_four_columns(book):
    sheet = book["Synthèse"]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    sentences = [
        c for c in sheet["A"] if isinstance(c.value, str) and sheet[f"B{c.row}"].value is None
    ]
    long = [c for c in sentences if len(c.value) > 100]
    assert long, "the golden report has sentences longer than the page is wide"
    for cell in sentences:
        assert f"A{cell.row}:D{cell.row}" in merged and cell.alignment.wrap_text, cell.value
    for cell in long:  # tall enough for its lines: a merged row does not grow by itself
        lines = text_rows(cell.value, width(sheet))
        assert lines > 1 and sheet.row_dimensions[cell.row].height == lines * 15


def test_a_header_wraps_at_its_spaces_and_keeps_no_break_spaces_together():
    assert header_height(["Avis exprimés"], [10]) == 30  # «Avis» / «exprimés»
    assert header_height(["Borne basse (95\u00a0%)"], [10]) == 45  # «(95 %)» on one line
    assert header_height(["Clé", "Site"], [10, 10]) == 15


def test_a_table_too_wide_for_a_landscape_page_wraps_its_labels_to_print_larger(book):
    """The items' table (labels and a dozen figures) was scaled down to about two thirds to
    fit the page's width: its label column is narrowed and wrapped, so it prints larger."""
    sheet = book["Éléments"]
    header = [c.value for c in sheet[1]]
    label = get_column_letter(header.index("Élément") + 1)
    labels = [c for c in sheet[label][1:] if c.value]
    assert max(len(c.value) for c in labels) + 2 > NARROWEST_TEXT  # it was wider
    assert sheet.column_dimensions[label].width == NARROWEST_TEXT
    assert width(sheet) > LANDSCAPE_WIDTH  # the figures alone are wider: no cap below 24
    for cell in labels:
        assert cell.alignment.wrap_text, cell.value
        lines = text_rows(cell.value, NARROWEST_TEXT)
        height = sheet.row_dimensions[cell.row].height
        assert (height or 15) == max(1, lines) * 15, cell.value
    # A table that fits keeps its columns as wide as their contents, unwrapped.
    shares = book["Répartition"]
    assert width(shares) <= LANDSCAPE_WIDTH
    assert not any(c.alignment.wrap_text for c in shares["A"][1:])


def test_narrowing_cuts_the_widest_text_columns_first_and_no_further_than_needed():
    figures = [12.0] * 8  # 96 units of figures
    assert narrowed([30.0, 20.0, *figures], {0, 1}) == [30.0, 20.0, *figures]  # 146: fits
    # 29 units too wide: the widest text column gives them, the other keeps its width.
    assert narrowed([60.0, 20.0, *figures], {0, 1}) == [31, 20.0, *figures]
    # Much too wide: every text column stops at NARROWEST_TEXT, figures untouched.
    wide = narrowed([60.0, 50.0, 30.0, *figures, *figures], {0, 1, 2})
    assert wide == [NARROWEST_TEXT] * 3 + [*figures, *figures]
