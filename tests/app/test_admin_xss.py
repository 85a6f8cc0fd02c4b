"""An XSS payload typed as a comment, a campaign title and a tablet name is shown as text
everywhere and neutralised in exports."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook
from sqlalchemy import select

from survey_app.core.db import db
from survey_app.core.models import Answer, Campaign, Device
from tests.app.admin_helpers import login, make_world

PAYLOAD = '=1+1<script>alert("xss")</script><img src=x onerror=alert(1)>'
ESCAPED = "&lt;script&gt;alert("


def _plant(app, world):
    with app.app_context():
        campaign = db.session.scalar(select(Campaign).filter_by(slug="alpha"))
        campaign.title = PAYLOAD
        db.session.get(Device, world["device_id"]).name = PAYLOAD
        db.session.get(Answer, (world["comment_id"], "commentaire")).text = PAYLOAD
        db.session.commit()


def test_the_payload_is_text_on_every_page(app):
    world = make_world(app)
    _plant(app, world)
    client = app.test_client()
    login(client, "officer_a")
    pages = [
        "/admin/",
        "/admin/campaigns/alpha",
        "/admin/campaigns/alpha/live",
        "/admin/campaigns/alpha/edit",
        "/admin/campaigns/alpha/qr",
        "/admin/campaigns/alpha/affiche",
        "/admin/campaigns/alpha/paper",
        "/admin/paper",
        "/admin/comments",
        f"/admin/comments/{world['comment_id']}/commentaire",
        "/admin/tablets",
        "/admin/campaigns/alpha/results",
        "/admin/campaigns/alpha/visits",
    ]
    for url in pages:
        body = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in body, url
        assert "<img src=x" not in body, url
        if not url.endswith("/live"):  # the numbers block names no title
            assert ESCAPED in body or "&amp;lt;script&amp;gt;" in body, url
    svg = client.get("/admin/campaigns/alpha/qr.svg")
    assert "<script>" not in svg.get_data(as_text=True)
    svg.close()
    with app.app_context():
        campaign = db.session.scalar(select(Campaign).filter_by(slug="alpha"))
        campaign.is_published, campaign.status = True, "closed"
        db.session.commit()
    public = app.test_client().get("/resultats").get_data(as_text=True)
    assert "<script>alert" not in public and ESCAPED in public


def test_the_payload_is_neutralised_in_exports(app):
    world = make_world(app)
    _plant(app, world)
    client = app.test_client()
    login(client, "officer_a")
    comments = client.get("/admin/comments/export.csv").get_data(as_text=True)
    text = io.StringIO(comments.lstrip("\ufeff"))
    cells = [cell for row in csv.reader(text, delimiter=";") for cell in row]  # for Excel
    assert "'" + PAYLOAD in cells and PAYLOAD not in cells
    raw = client.get("/admin/campaigns/alpha/results.responses.csv").get_data(as_text=True)
    raw_text = io.StringIO(raw.lstrip("\ufeff"))
    raw_cells = [cell for row in csv.reader(raw_text, delimiter=";") for cell in row]
    assert "'" + PAYLOAD in raw_cells and PAYLOAD not in raw_cells
    workbook = load_workbook(
        io.BytesIO(client.get("/admin/campaigns/alpha/results.xlsx").get_data())
    )
    formulas = [
        c.coordinate for s in workbook for row in s.iter_rows() for c in row if c.data_type == "f"
    ]
    assert formulas == []
