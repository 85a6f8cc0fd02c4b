"""A past year as it really comes: a SPHINX export with kiosk, website and paper rows, skipped
required questions and telephone ratings after «Non», imported with the bundled mapping, plus
daily visits. Its report must read as computed by hand from the file (below, written out),
before and after the counts are folded, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from analysis.report import render
from survey_app.collect.importing.bundled import bundled_mappings
from survey_app.collect.visits import set_visits
from survey_app.core.db import db
from survey_app.core.models import ImportedResponse, KeptApartAnswer, Response, ResponseImport
from survey_app.counts.folding import fold_pending, unfold
from survey_app.counts.reading import iter_responses
from survey_app.outputs.reporting import campaign_report

FIXTURE = Path(__file__).parent / "samples" / "sphinx-accueil-2023-canaux.csv"
MAPPING = bundled_mappings()["sphinx-qualepref-accueil"].path
NBSP = "\u00a0"

# --- The hand computation: what the file says, read by eye and by plain csv code ---------
# 64 rows: «Mode de recueil» Borne 30, Internet 20, Papier 14.
# Q1 «Vous êtes» (required) is empty on rows 7, 23, 41 and 58: stored, kept apart as
# «non répondu»; not in profil's counts.
# Q12 «Information téléphonique» is only asked after «Oui» to Q11: rows 5, 19, 33, 47, 60
# («Non») and 12 («Non réponse») rate it anyway: kept apart, not in info_telephone's rate.
# «Non concerné» where Q12 was not asked is no answer; where it was asked, «Sans avis».
# Satisfaction rate = (Très satisfait + Plutôt satisfait) / (the four expressed answers).
HAND = {
    # item: (très satisfait, plutôt satisfait, plutôt pas, pas du tout, sans avis/non concerné)
    "horaires": (23, 9, 13, 4, 9),  # 32 / 49 = 65,3 %
    "signaletique": (18, 13, 11, 4, 12),  # 31 / 46 = 67,4 %
    "confort": (18, 19, 8, 3, 5),  # 37 / 48 = 77,1 %
    "confidentialite": (23, 17, 10, 7, 3),  # 40 / 57 = 70,2 %
    "courtoisie": (23, 16, 9, 5, 4),  # 39 / 53 = 73,6 %
    "langage": (22, 12, 9, 6, 8),  # 34 / 49 = 69,4 %
    "file_attente": (16, 13, 12, 4, 7),  # 29 / 45 = 64,4 %
    "info_telephone": (6, 9, 2, 0, 4),  # 15 / 17 = 88,2 % (the 6 ratings kept apart: out)
    "site_internet": (19, 19, 6, 3, 9),  # 38 / 47 = 80,9 %
    "satisfaction_globale": (28, 20, 11, 0, 5),  # 48 / 59 = 81,4 %
}
HAND_RATES = {
    "horaires": "65,3",
    "signaletique": "67,4",
    "confort": "77,1",
    "confidentialite": "70,2",
    "courtoisie": "73,6",
    "langage": "69,4",
    "file_attente": "64,4",
    "info_telephone": "88,2",
    "site_internet": "80,9",
    "satisfaction_globale": "81,4",
}
HAND_PROFIL = {"particulier": 49, "association": 8, "professionnel": 3}  # 4 blank: 60 answers
HAND_APPEL = {"non": 33, "oui": 24}  # 7 «Non réponse»
# Daily visits counted at the reception (kiosk) and the website's visits for the campaign.
KIOSK_VISITS = {
    date(2024, 3, 4): 20,
    date(2024, 3, 5): 18,
    date(2024, 3, 6): 22,
    date(2024, 3, 7): 19,
    date(2024, 3, 8): 19,
}  # fmt: skip  (98 visits)
WEB_VISITS = 400
COLLECTION = (
    f"64 réponses collectées{NBSP}: 30 réponses à l'accueil sur 98 visites, 20 réponses sur "
    "le site internet sur 400 visites et 14 réponses sur questionnaire papier."
)
RATES = (
    f"Taux de participation à l'accueil{NBSP}: 30,6{NBSP}%.",  # 30 / 98 = 0,3061
    f"Taux de participation sur le site internet{NBSP}: 5{NBSP}%.",  # 20 / 400
)
SATISFACTION_COLUMNS = {
    "horaires": "Q3 Horaires d'ouverture", "signaletique": "Q4 Signalétique",
    "confort": "Q5 Confort des locaux", "confidentialite": "Q6 Confidentialité",
    "courtoisie": "Q7 Accueil", "langage": "Q8 Langage", "file_attente": "Q9 File d'attente",
    "info_telephone": "Q12 Information téléphonique", "site_internet": "Q13 Site internet",
    "satisfaction_globale": "Q14 Satisfaction globale",
}  # fmt: skip
LABELS = ("Très satisfait", "Plutôt satisfait", "Plutôt pas satisfait", "Pas du tout satisfait")


def test_the_hand_computation_is_what_the_file_says():
    """The figures above, recounted from the file with the csv module alone."""
    with FIXTURE.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    assert len(rows) == 64
    assert Counter(r["Mode de recueil"] for r in rows) == {"Borne": 30, "Internet": 20,
                                                           "Papier": 14}  # fmt: skip
    for key, column in SATISFACTION_COLUMNS.items():
        counted = [r for r in rows if key != "info_telephone" or r["Q11 Appel préalable"] == "Oui"]
        values = Counter(r[column] for r in counted)
        no_opinion = values["Sans avis"] + values["Non concerné"]
        assert (*(values[label] for label in LABELS), no_opinion) == HAND[key], key
    hidden = [r["N°"] for r in rows if r["Q11 Appel préalable"] != "Oui"
              and r["Q12 Information téléphonique"] not in ("", "Non concerné")]  # fmt: skip
    assert hidden == ["5", "12", "19", "33", "47", "60"]
    assert [r["N°"] for r in rows if not r["Q1 Vous êtes"]] == ["7", "23", "41", "58"]
    assert Counter(r["Q1 Vous êtes"] for r in rows if r["Q1 Vous êtes"]) == {
        "Particulier": 49, "Association": 8, "Professionnel": 3}  # fmt: skip
    assert sum(KIOSK_VISITS.values()) == 98


@pytest.fixture
def past(make_campaign):
    return make_campaign("accueil-2023", status="closed", title="Enquête accueil 2023")


def _check_report(campaign) -> None:
    report = campaign_report(db.session, campaign)
    assert report.responses == 64
    assert report.participation == COLLECTION
    assert report.participation_rates == RATES
    rows = {row.item_key: row for row in report.items}
    for key, (very, rather, rather_not, not_at_all, no_opinion) in HAND.items():
        result = rows[key].result
        assert result.distribution == {"tres_satisfait": very, "satisfait": rather,
                                       "peu_satisfait": rather_not,
                                       "pas_du_tout_satisfait": not_at_all}, key  # fmt: skip
        assert result.no_opinion == no_opinion, key
        assert f"{result.shown_rate * 100:.1f}".replace(".", ",") == HAND_RATES[key], key
    profil = report.results.choice("profil")
    assert {k: v for k, v in profil.counts.items() if v} == HAND_PROFIL
    appel = report.results.choice("appel_prealable")
    assert {k: v for k, v in appel.counts.items() if v} == HAND_APPEL
    assert report.results.kept_apart == {"hidden": 6, "required": 4}
    assert (
        f"Questionnaires pris tels qu'ils ont été remplis{NBSP}: 6 réponses donnaient un avis "
        "à une question qui ne se posait pas"
    ) in " ".join(report.notes)
    assert "4 réponses laissaient sans réponse une question obligatoire" in " ".join(report.notes)


def test_a_past_year_imported_with_its_channels_reads_as_computed_by_hand(run, past):
    result = run("import", "--campaign", past.slug, FIXTURE, "--mapping", MAPPING)
    assert result.exit_code == 0, result.output
    assert f"Imported 64 responses into 'accueil-2023' from {FIXTURE}" in result.stdout
    assert "By channel: 30 kiosk, 14 paper, 20 web." in result.stdout
    assert "6 with an answer to a question not asked; 4 with a required question" in (result.stdout)
    db.session.rollback()  # this test's read began before the import and its counts
    for day, visits in KIOSK_VISITS.items():
        set_visits(db.session, past, "kiosk", day, visits)
    set_visits(db.session, past, "web", None, WEB_VISITS)
    db.session.commit()
    _check_report(past)  # from the counts the import folded
    ids = db.session.scalars(select(Response.id).filter_by(campaign_id=past.id)).all()
    assert unfold(db.session, past.id, ids) == 64
    db.session.commit()
    _check_report(past)  # the same from the answers counted one by one
    assert fold_pending(db.session, [past.id], at_least=1) == 64
    db.session.expire_all()
    _check_report(past)  # and folded again
    # The XLSX's «Synthèse» says it too, and «Réponses» lists what was kept apart.
    workbook = render(
        campaign_report(db.session, past), "xlsx", responses=iter_responses(db.session, past)
    )
    book = load_workbook(io.BytesIO(workbook))
    summary = [row[0] for row in book["Synthèse"].iter_rows(values_only=True) if row]
    assert COLLECTION in summary and any("6 réponses donnaient" in str(s) for s in summary)
    kept_cells = [row[-1] for row in book["Réponses"].iter_rows(min_row=2, values_only=True)]
    assert sum("obligatoire, sans réponse" in str(c) for c in kept_cells) == 4
    assert sum("ne se posait pas" in str(c) for c in kept_cells) == 6
    # Kept apart: stored as given, never dropped.
    kept = db.session.execute(
        select(KeptApartAnswer.code, KeptApartAnswer.item_key, func.count())
        .filter_by(campaign_id=past.id)
        .group_by(KeptApartAnswer.code, KeptApartAnswer.item_key)
    ).all()
    assert sorted(kept) == [("hidden", "info_telephone", 6), ("required", "profil", 4)]
    # Provenance apart from the channel: the file, the time, who.
    (provenance,) = db.session.scalars(select(ResponseImport).filter_by(campaign_id=past.id))
    assert provenance.file_name == str(FIXTURE) and provenance.created == 64
    assert provenance.imported_by.startswith("cli:")
    linked = select(func.count()).select_from(ImportedResponse)
    assert db.session.scalar(linked.filter_by(import_id=provenance.id)) == 64
    channels = select(Response.channel, func.count()).filter_by(campaign_id=past.id)
    assert dict(db.session.execute(channels.group_by(Response.channel)).all()) == {
        "kiosk": 30, "web": 20, "paper": 14}  # fmt: skip


def test_channel_option_sets_every_row_s_channel(run, past):
    result = run("import", "--campaign", past.slug, FIXTURE, "--mapping", MAPPING,
                 "--channel", "paper")  # fmt: skip
    assert result.exit_code == 0, result.output
    report = campaign_report(db.session, past)
    assert report.participation == "64 réponses collectées sur questionnaire papier."
