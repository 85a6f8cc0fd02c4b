"""The register's figures and the bilan's section in every report format."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from analysis.campaign import campaign_results
from analysis.register import EntryFacts, register_figures
from analysis.report import FORMATS, build_report, render
from analysis.tally import Tally
from questionnaires import bundled_path, load_questionnaire

NBSP = "\u00a0"
TODAY = date(2021, 3, 1)


def _entry(channel: str, day: int = 2, **changes) -> EntryFacts:
    received = date(2020, 3, day)
    facts = EntryFacts(
        received_on=received,
        channel=channel,
        kind="reclamation",
        is_in_scope=True,
        themes=(),
        status="answered",
        due_on=date(2020, 3, 23),
        replied_on=date(2020, 3, 10),
    )
    return replace(facts, **changes)


def the_42() -> list[EntryFacts]:
    return [_entry("courriel")] * 24 + [_entry("courrier")] * 15 + [_entry("fiche_hall")] * 3


def test_the_bilan_table_from_42_entries_adds_to_100_percent_by_largest_remainder():
    figures = register_figures(the_42(), 2020, TODAY, previous_total=78)
    assert [(c.channel, c.n, c.share) for c in figures.channels] == [
        ("courriel", 24, Decimal("0.57")),
        ("courrier", 15, Decimal("0.36")),  # 35.7 rounds up: the largest remainder
        ("fiche_hall", 3, Decimal("0.07")),
    ]
    assert figures.total == 42 and figures.previous_total == 78


def test_shares_add_to_100_where_rounding_each_would_not():
    # 1/3 each: rounded one by one, 33 + 33 + 33 = 99 %; the largest remainder gives 34 to
    # the first (ties: the earlier channel).
    entries = [_entry("courriel"), _entry("courrier"), _entry("telephone")]
    figures = register_figures(entries, 2020, TODAY)
    assert [c.share for c in figures.channels] == [Decimal("0.34"), Decimal("0.33"),
                                                   Decimal("0.33")]  # fmt: skip


def test_out_of_scope_entries_are_counted_apart_and_in_nothing_else():
    entries = [*the_42(), _entry("courriel", is_in_scope=False, kind="information")]
    figures = register_figures(entries, 2020, TODAY)
    assert figures.total == 42 and figures.out_of_scope == 1
    assert dict(figures.kinds) == {"reclamation": 42}
    from analysis.report.requests import scope_note

    assert scope_note(figures) == (
        "1 demande hors du champ du label (recours contentieux, intervention d'un élu, "
        "suivi d'un dossier…) n'est pas comptée."
    )


def test_deadlines_share_mean_delay_kinds_and_themes():
    entries = [
        # 2 March + 6 working days = 10 March: in time (due 23 March).
        _entry("courriel", themes=("horaires d'ouverture trop restreints",)),
        # late: replied after its due date.
        _entry("courrier", replied_on=date(2020, 3, 30), kind="suggestion"),
        # still open, past its due date: overdue.
        _entry("courriel", status="open", replied_on=None, kind="information",
               themes=("horaires d'ouverture trop restreints", "autres administrations")),
        # closed without a reply: in no deadline figure.
        _entry("fiche_hall", status="closed", replied_on=None, kind="suggestion"),
    ]  # fmt: skip
    figures = register_figures(entries, 2020, TODAY)
    assert (figures.answered, figures.answered_in_time, figures.open_overdue) == (2, 1, 1)
    assert figures.in_time_share == pytest.approx(1 / 3)
    assert figures.mean_delay == (6 + 20) / 2  # 2 -> 10 March: 6; 2 -> 30 March: 20
    assert dict(figures.kinds) == {"reclamation": 1, "suggestion": 2, "information": 1}
    assert figures.themes[0] == ("horaires d'ouverture trop restreints", 2)


def test_an_entry_of_another_year_is_refused():
    with pytest.raises(ValueError, match="not of 2021"):
        register_figures([_entry("courriel")], 2021, TODAY)


@pytest.fixture(scope="module")
def report():
    questionnaire = load_questionnaire(bundled_path())
    results = campaign_results(
        questionnaire, Tally.from_rows([("satisfaction_globale", "satisfait", 9)], {"kiosk": 9})
    )
    figures = register_figures(the_42(), 2020, TODAY, previous_total=78)
    return replace(build_report(questionnaire, results, title="Enquête 2020"), requests=figures)


ROWS = [("COURRIEL", "24", f"57{NBSP}%"), ("COURRIER", "15", f"36{NBSP}%"),
        ("FICHES HALL", "3", f"7{NBSP}%"), ("TOTAL", "42", "")]  # fmt: skip
HEADING = "Demandes d'information – réclamations – suggestions"


def _docx_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = archive.read("word/document.xml").decode()
    import re

    return " ".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml))


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "docx", "pdf"])
def test_every_document_format_has_the_section_the_table_and_the_comparison(report, fmt):
    content = render(report, fmt) if fmt not in ("docx", "pdf") else None
    if fmt == "docx":
        from analysis.report.word import render_docx

        content = _docx_text(render_docx(report, with_charts=False))
    if fmt == "pdf":
        from pypdf import PdfReader

        from analysis.report.pdf import render_pdf

        pages = PdfReader(io.BytesIO(render_pdf(report, with_charts=False))).pages
        content = " ".join(page.extract_text() for page in pages)
    content = content.replace("&#x27;", "'").replace("&#39;", "'")
    assert HEADING in content
    assert "Questions et réclamations 2020" in content
    assert "42 pour 78 en 2019." in content
    content = content.replace(NBSP, " ")  # a PDF's text reads a no-break space as a space
    position = 0
    for row in ROWS:
        for cell in filter(None, row):
            position = content.index(cell.replace(NBSP, " "), position)


def test_json_csv_and_xlsx_carry_the_same_numbers(report):
    data = json.loads(render(report, "json"))["requests"]
    assert [(c["channel"], c["n"], c["share"]) for c in data["channels"]] == [
        ("courriel", 24, 0.57), ("courrier", 15, 0.36), ("fiche_hall", 3, 0.07)
    ]  # fmt: skip
    assert data["total"] == 42 and data["previous_total"] == 78
    assert data["text"]["comparison"] == "42 pour 78 en 2019."
    assert data["text"]["table"][1:] == [list(row) for row in ROWS]

    text = render(report, "csv")
    tail = text.split("\n\n", 1)[1]
    rows = list(csv.reader(io.StringIO(tail)))
    assert rows[1:] == [
        ["2020", "courriel", "COURRIEL", "24", "0.57"],
        ["2020", "courrier", "COURRIER", "15", "0.36"],
        ["2020", "fiche_hall", "FICHES HALL", "3", "0.07"],
        ["2020", "total", "TOTAL", "42", "1.00"],
        ["2019", "total", "TOTAL", "78", ""],
    ]

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(render(report, "xlsx")))
    sheet = book["Demandes"]
    values = [[c.value for c in row] for row in sheet.iter_rows(max_row=6)]
    assert values[0] == ["Questions et réclamations 2020", "Nombre", "Part"]
    assert values[1:6] == [["COURRIEL", 24, 0.57], ["COURRIER", 15, 0.36],
                           ["FICHES HALL", 3, 0.07], ["TOTAL", 42, None],
                           ["TOTAL 2019", 78, None]]  # fmt: skip
    assert sheet["C2"].number_format == "0%"  # «57 %», as the bilan writes it
    assert sheet["A8"].value == "42 pour 78 en 2019."  # wraps within the table's width:
    assert "A8:C8" in {str(r) for r in sheet.merged_cells.ranges}  # never past the page
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1


def test_a_report_without_register_figures_has_no_section(report):
    plain = replace(report, requests=None)
    for fmt in ("text", "json"):
        assert "42 pour 78" not in render(plain, fmt) and HEADING not in render(plain, fmt)
    assert set(FORMATS) == {"text", "markdown", "json", "csv", "html", "docx", "pdf", "xlsx"}
