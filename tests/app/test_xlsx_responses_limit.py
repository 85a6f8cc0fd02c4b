"""Above SURVEY_XLSX_RESPONSES_LIMIT the Excel download leaves the responses out and says so:
a workbook that would pass the worker timeout must never end as a 500."""

from __future__ import annotations

import io

from openpyxl import load_workbook

RESULTS = "/admin/campaigns/alpha/results"  # Campagne Alpha: 2 responses


def _sheets(officer):
    reply = officer.get(f"{RESULTS}.xlsx")
    assert reply.status_code == 200
    return load_workbook(io.BytesIO(reply.get_data()))


def test_above_the_limit_the_workbook_points_to_the_responses_csv(app, officer):
    app.config["XLSX_RESPONSES_LIMIT"] = 1
    book = _sheets(officer)
    assert "Synthèse" in book.sheetnames and "Dictionnaire des codes" in book.sheetnames
    note = [row[0] for row in book["Réponses"].iter_rows(values_only=True)]
    assert note[0] == "Les 2 réponses ne sont pas listées dans ce classeur."
    assert any("«\u00a0CSV des réponses brutes\u00a0»" in line for line in note)
    assert any("survey report --format xlsx" in line for line in note)
    page = officer.get(RESULTS).get_data(as_text=True)
    assert "Excel (résultats seuls, sans les réponses une à une)" in page
    assert "le classeur Excel ne liste pas les réponses une à une" in page


def test_up_to_the_limit_the_workbook_lists_every_response(app, officer):
    app.config["XLSX_RESPONSES_LIMIT"] = 2
    sheet = _sheets(officer)["Réponses"]
    assert sheet["A1"].value == "Identifiant" and sheet.max_row == 3
    page = officer.get(RESULTS).get_data(as_text=True)
    assert "résultats seuls" not in page and "ne liste pas les réponses" not in page
