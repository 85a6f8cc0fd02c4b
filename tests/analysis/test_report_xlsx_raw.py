"""The XLSX report's raw responses and codebook sheets, and the codebook itself (pure)."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from openpyxl import Workbook, load_workbook

from analysis.campaign import campaign_results
from analysis.codebook import codebook, labeller
from analysis.report import build_report, render
from analysis.report.excel_raw import response_sheets
from analysis.tally import Tally
from questionnaires import bundled_path, load_questionnaire

QUESTIONNAIRE = load_questionnaire(bundled_path())


def response(number: int, **answers) -> dict:
    return {
        "id": f"00000000-0000-4000-8000-{number:012d}",
        "channel": "import",
        "lang": "fr",
        "collected_at": datetime(2024, 3, 4, 8),
        "received_at": datetime(2026, 1, 5, 14),
        "answers": {"profil": "particulier", "courtoisie": "satisfait", **answers},
    }


@pytest.fixture(scope="module")
def report():
    tally = Tally.from_rows([("courtoisie", "satisfait", 3)], {"import": 3})
    return build_report(QUESTIONNAIRE, campaign_results(QUESTIONNAIRE, tally), title="Bilan")


def test_raw_sheet_streams_responses_with_french_labels_and_real_dates(report):
    rows = (response(n, commentaire="+33 6 12") for n in range(3))  # a generator, read once
    book = load_workbook(io.BytesIO(render(report, "xlsx", responses=rows)))
    sheet = book["Réponses"]
    header = [c.value for c in sheet[1]]
    assert header[:5] == ["Identifiant", "Canal", "Langue", "Collectée le (UTC)",
                          "Reçue le (UTC)"]  # fmt: skip
    assert header[5:] == [item.key for item in QUESTIONNAIRE.items]
    assert sheet.max_row == 4
    second = {h: c for h, c in zip(header, sheet[3], strict=True)}
    assert second["Canal"].value == "Import" and second["profil"].value == "Un particulier"
    assert second["courtoisie"].value == "Satisfait" and second["motif"].value is None
    assert second["commentaire"].value == "'+33 6 12"  # would be a formula otherwise
    assert second["Collectée le (UTC)"].value == datetime(2024, 3, 4, 8)
    assert second["Collectée le (UTC)"].number_format == "yyyy-mm-dd hh:mm"


def test_without_responses_the_workbook_has_no_raw_sheet(report):
    book = load_workbook(io.BytesIO(render(report, "xlsx")))
    assert "Réponses" not in book.sheetnames and "Dictionnaire des codes" not in book.sheetnames


def test_a_campaign_larger_than_a_sheet_continues_on_the_next_one():
    book = Workbook(write_only=True)
    written = response_sheets(book, QUESTIONNAIRE, (response(n) for n in range(5)), 2)
    out = io.BytesIO()
    book.save(out)
    reread = load_workbook(out)
    assert written == 5
    assert reread.sheetnames == ["Réponses", "Réponses (2)", "Réponses (3)"]
    assert [reread[name].max_row for name in reread.sheetnames] == [3, 3, 2]  # header each
    assert reread["Réponses (3)"]["A2"].value == response(4)["id"]


def test_codebook_has_one_row_per_option_and_one_per_free_text_item():
    rows = codebook(QUESTIONNAIRE, "fr")
    options = sum(len(item.options) for item in QUESTIONNAIRE.items)
    texts = sum(1 for item in QUESTIONNAIRE.items if item.type == "text")
    assert len(rows) == options + texts
    attente = [(r.value, r.label) for r in rows if r.item_key == "attente"]
    assert attente[1] == ("10_20", "De 10 à 20 minutes")


def test_labeller_translates_codes_and_leaves_text_and_unknown_codes_alone():
    label = labeller(QUESTIONNAIRE, "uk")
    answers = {"courtoisie": "satisfait", "commentaire": "satisfait", "courtoisie_old": "x"}
    assert label({**answers, "attente": "ancien_code"}) == {
        "courtoisie": "Задоволений",
        "commentaire": "satisfait",
        "courtoisie_old": "x",
        "attente": "ancien_code",
    }


def test_a_language_the_questionnaire_does_not_offer_is_refused():
    with pytest.raises(ValueError, match="language 'de' is not offered"):
        codebook(QUESTIONNAIRE, "de")


def test_above_the_limit_the_raw_sheet_says_where_the_responses_are(report):
    rows = (response(n) for n in range(3))
    book = load_workbook(io.BytesIO(render(report, "xlsx", responses=rows, responses_limit=2)))
    lines = [row[0] for row in book["Réponses"].iter_rows(values_only=True)]
    assert lines[0] == "Les 3 réponses ne sont pas listées dans ce classeur."
    assert "Au-delà de 2 réponses" in lines[1]
    assert "Dictionnaire des codes" in book.sheetnames
