"""`survey export --labels --lang --codebook` and the XLSX report's raw responses sheet."""

from __future__ import annotations

import csv
import io
import json
import uuid

from openpyxl import load_workbook

from survey_app.collect.recording import record_response
from survey_app.core.db import db
from tests.app.hardening_helpers import flag_stored
from tests.helpers import valid_answers


def record(campaign, **answers) -> str:
    response, _ = record_response(
        db.session, campaign, response_id=str(uuid.uuid4()), channel="kiosk", lang="fr",
        answers=valid_answers(**answers),
    )  # fmt: skip
    db.session.commit()
    return response.id


def test_export_with_labels_writes_french_labels_instead_of_codes(run, campaign):
    record(campaign, commentaire="=1+1")
    result = run("export", "--campaign", campaign.slug, "--labels")
    assert result.exit_code == 0, result.stderr
    (row,) = csv.DictReader(io.StringIO(result.stdout))
    assert row["courtoisie"] == "Très satisfait" and row["attente"] == "De 10 à 20 minutes"
    assert row["profil"] == "Un particulier" and row["appel_prealable"] == "Oui"
    assert row["commentaire"] == "'=1+1"  # free text as typed, still neutralised
    assert row["channel"] == "kiosk"  # the fixed columns keep their codes


def test_export_labels_in_another_language_and_as_json(run, campaign):
    record(campaign)
    result = run("export", "--campaign", campaign.slug, "--labels", "--lang", "en",
                 "--format", "json")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    answers = json.loads(result.stdout)[0]["answers"]
    assert answers["courtoisie"] == "Very satisfied" and answers["info_telephone"] == (
        "No opinion / Not applicable"
    )


def test_export_without_labels_keeps_the_codes(run, campaign):
    record(campaign)
    (row,) = csv.DictReader(io.StringIO(run("export", "--campaign", campaign.slug).stdout))
    assert row["courtoisie"] == "tres_satisfait"


def test_export_codebook_lists_every_code_of_every_item(run, campaign, tmp_path):
    codebook = tmp_path / "codebook.csv"
    result = run("export", "--campaign", campaign.slug, "--codebook", codebook)
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(codebook.read_text(encoding="utf-8"))))
    assert list(rows[0]) == ["item_key", "type", "question", "value", "label"]
    courtoisie = [r for r in rows if r["item_key"] == "courtoisie"]
    assert [r["value"] for r in courtoisie] == ["tres_satisfait", "satisfait", "peu_satisfait",
                                               "pas_du_tout_satisfait", "sans_avis"]  # fmt: skip
    assert courtoisie[0]["label"] == "Très satisfait" and courtoisie[0]["type"] == "rating"
    assert courtoisie[0]["question"] == "La courtoisie et la disponibilité des agents de l'accueil"
    assert [r for r in rows if r["item_key"] == "commentaire"] == [
        {"item_key": "commentaire", "type": "text", "question": "Vos remarques et suggestions",
         "value": "", "label": ""}
    ]  # fmt: skip


def test_export_refuses_a_language_the_questionnaire_does_not_offer(run, campaign):
    result = run("export", "--campaign", campaign.slug, "--labels", "--lang", "de")
    assert result.exit_code == 2
    assert "language 'de' is not offered by this questionnaire (fr, en, ar" in result.stderr


def test_xlsx_report_has_every_response_with_labels_and_the_codebook(run, campaign, tmp_path):
    first = record(campaign, commentaire='=HYPERLINK("http://x")')
    flagged = record(campaign, courtoisie="peu_satisfait", commentaire=None)
    flag_stored([flagged])
    path = tmp_path / "bilan.xlsx"
    result = run("report", "--campaign", campaign.slug, "--format", "xlsx", "--output", path)
    assert result.exit_code == 0, result.output
    book = load_workbook(path)
    assert book.sheetnames[-2:] == ["Réponses", "Dictionnaire des codes"]
    header, *rows = book["Réponses"].iter_rows(values_only=True)
    assert {row[0] for row in rows} == {first, flagged}
    row = next(r for r in rows if r[0] == first)
    answers = dict(zip(header, row, strict=True))
    assert answers["Canal"] == "Accueil (tablette)" and answers["courtoisie"] == "Très satisfait"
    assert answers["commentaire"] == '\'=HYPERLINK("http://x")'  # text, not a formula
    codes = list(book["Dictionnaire des codes"].iter_rows(values_only=True))
    assert codes[0] == ("Clé", "Type", "Question", "Code", "Libellé")
    assert ("profil", "choix unique", "Vous êtes\u00a0:", "particulier", "Un particulier") in codes
    run("report", "--campaign", campaign.slug, "--format", "xlsx", "--output", path,
        "--exclude-flagged")  # fmt: skip
    ids = [r[0] for r in load_workbook(path)["Réponses"].iter_rows(min_row=2, values_only=True)]
    assert ids == [first]  # the raw sheet says the same as the summary
