"""Every export a person opens in a spreadsheet neutralises formulas, whichever separator
the spreadsheet splits on: the raw responses (CSV, with codes or labels, and the XLSX
report's sheet), the comments, from the workspace and from `survey export`."""

from __future__ import annotations

import csv
import io

import pytest

from analysis.formulas import neutralise
from survey_app.core.campaigns import get_campaign
from survey_app.core.db import db
from survey_app.core.models import Answer
from tests.app.admin_helpers import record
from tests.helpers import FORMULA_PAYLOADS, formula_cells, formula_cells_xlsx


@pytest.fixture
def planted(app, world):
    """A comment per payload in campaign alpha. The write path trims leading tabs and
    drops carriage returns; a stored text may still hold them (an older version, a
    database edit), so the texts are set afterwards."""
    with app.app_context():
        alpha = get_campaign(db.session, "alpha")
        for payload in FORMULA_PAYLOADS:
            response = record(alpha, commentaire="à remplacer")
            db.session.get(Answer, (response.id, "commentaire")).text = payload
        db.session.commit()


def _cells(content: str, column: str, delimiter: str) -> list[str]:
    rows = csv.DictReader(io.StringIO(content.lstrip("\ufeff")), delimiter=delimiter)
    return [row[column] for row in rows]


# The workspace's CSV: for a French Excel by default (;), plain for tools on demand (,).
FORMS = pytest.mark.parametrize("form,delimiter", [("", ";"), ("format=plain", ",")])


@FORMS
def test_the_raw_responses_csv_of_the_workspace(planted, officer, form, delimiter):
    url = f"/admin/campaigns/alpha/results.responses.csv?{form}"
    content = officer.get(url).get_data(as_text=True)
    assert formula_cells(content) == []
    comments = _cells(content, "commentaire", delimiter)
    assert all(neutralise(payload) in comments for payload in FORMULA_PAYLOADS)


@FORMS
def test_the_comments_export(planted, officer, form, delimiter):
    content = officer.get(f"/admin/comments/export.csv?campaign=alpha&{form}").get_data(
        as_text=True
    )
    assert formula_cells(content) == []
    comments = _cells(content, "commentaire", delimiter)
    assert all(neutralise(payload) in comments for payload in FORMULA_PAYLOADS)


def test_the_xlsx_report_with_its_raw_responses_sheet(planted, officer):
    content = officer.get("/admin/campaigns/alpha/results.xlsx").get_data()
    assert formula_cells_xlsx(content) == []


@pytest.mark.parametrize("labels", [[], ["--labels"]])
def test_survey_export_with_codes_or_labels(planted, run, labels):
    result = run("export", "--campaign", "alpha", "--format", "csv", *labels)
    assert result.exit_code == 0, result.output
    assert formula_cells(result.stdout) == []
    comments = _cells(result.stdout, "commentaire", ",")  # the command writes the plain form
    assert all(neutralise(payload) in comments for payload in FORMULA_PAYLOADS)
