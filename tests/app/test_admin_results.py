"""Results in the browser and their downloads; the opt-in public /resultats page."""

from __future__ import annotations

import io
import json

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from survey_app.core.db import db
from survey_app.core.models import Campaign
from tests.app.admin_helpers import login, record


@pytest.fixture
def reader(app, world):
    client = app.test_client()
    login(client, "reader_a")
    return client


def test_a_reader_sees_the_report_with_its_sentences_and_tables(app, world, reader):
    page = reader.get("/admin/campaigns/alpha/results").get_data(as_text=True)
    assert "réponses collectées" in page
    assert "Taux de satisfaction" in page
    assert "data-figure=" in page  # charts drawn by admin.js from the same figures
    assert "<script>" not in page  # nothing inline: the CSP stays strict


def test_comparison_with_an_earlier_campaign_adds_its_columns(app, world):
    admin = app.test_client()
    login(admin, "admin")
    page = admin.get("/admin/campaigns/alpha/results?compare=beta").get_data(as_text=True)
    assert "Campagne Beta" in page and "Évolution" in page
    same = admin.get("/admin/campaigns/alpha/results?compare=alpha")
    assert same.status_code == 400


@pytest.mark.slow
def test_every_download_opens_with_its_own_library(app, world, reader):
    base = "/admin/campaigns/alpha/results"
    docx = reader.get(f"{base}.docx")
    assert docx.headers["Content-Disposition"] == 'attachment; filename="resultats-alpha.docx"'
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.get_data())).paragraphs)
    assert "Campagne Alpha" in text
    pdf = reader.get(f"{base}.pdf")
    assert pdf.mimetype == "application/pdf" and pdf.get_data().startswith(b"%PDF-")
    assert "Campagne Alpha" in PdfReader(io.BytesIO(pdf.get_data())).pages[0].extract_text()
    html = reader.get(f"{base}.html")
    assert html.headers["Content-Disposition"] == 'attachment; filename="resultats-alpha.html"'
    assert "Campagne Alpha" in html.get_data(as_text=True)
    workbook = load_workbook(io.BytesIO(reader.get(f"{base}.xlsx").get_data()))
    assert workbook.sheetnames
    data = json.loads(reader.get(f"{base}.json").get_data(as_text=True))
    assert data["responses"] == 2
    summary = reader.get(f"{base}.csv").get_data(as_text=True)
    assert summary.startswith("\ufeff") and "courtoisie" in summary.lower()
    raw = reader.get(f"{base}.responses.csv").get_data(as_text=True)
    assert "[courriel masqué]" in raw and "a@b.fr" not in raw
    assert reader.get(f"{base}.exe").status_code == 404


def _publish_and_close(app, slug="alpha"):
    with app.app_context():
        campaign = db.session.scalar(select(Campaign).filter_by(slug=slug))
        campaign.is_published = True
        campaign.status = "closed"
        db.session.commit()


def test_public_results_are_hidden_until_a_campaign_is_published_and_closed(app, world):
    client = app.test_client()
    reply = client.get("/resultats")
    assert reply.status_code == 404
    assert "Aucun résultat n'est publié" in reply.get_data(as_text=True)
    with app.app_context():
        campaign = db.session.scalar(select(Campaign).filter_by(slug="alpha"))
        campaign.is_published = True  # published but still open: not shown yet
        db.session.commit()
    assert client.get("/resultats").status_code == 404


def test_public_results_show_the_overall_and_per_item_rates_in_french(app, world):
    with app.app_context():
        campaign = db.session.scalar(select(Campaign).filter_by(slug="alpha"))
        record(campaign, satisfaction_globale="peu_satisfait")
    _publish_and_close(app)
    page = app.test_client().get("/resultats").get_data(as_text=True)
    assert "Campagne Alpha" in page and "3 réponses" in page
    assert "66,7\u00a0%" in page  # 2 of 3 globally satisfied
    assert "100\u00a0%" in page
    assert "faible effectif" in page
    assert "Commentaire" not in page  # no free text on the public page
