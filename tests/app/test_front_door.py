"""The front door / and the workspace's «Aide» page (the officer guide)."""

from __future__ import annotations

from sqlalchemy import select

from survey_app.core.db import db
from survey_app.core.models import Campaign
from tests.app.admin_helpers import login, make_world


def test_the_front_door_lists_open_campaigns_per_site_with_their_form(app):
    make_world(app)
    page = app.test_client().get("/")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Préfecture" in text and "Sous-préfecture" in text
    assert 'href="/s/alpha"' in text and 'href="/s/beta"' in text
    assert 'href="/s/alpha?lang=en" lang="en"' in text and ">English<" in text
    assert 'href="/admin/"' in text


def test_closed_draft_or_web_less_campaigns_are_not_on_the_front_door(app):
    make_world(app)
    with app.app_context():
        alpha = db.session.scalar(select(Campaign).filter_by(slug="alpha"))
        beta = db.session.scalar(select(Campaign).filter_by(slug="beta"))
        alpha.status = "closed"
        beta.channels = ["kiosk", "paper"]
        db.session.commit()
    text = app.test_client().get("/").get_data(as_text=True)
    assert "/s/alpha" not in text and "/s/beta" not in text
    assert "Aucune enquête n'est en cours" in text


def test_the_help_page_shows_the_officer_guide_to_every_role(app):
    make_world(app)
    client = app.test_client()
    login(client, "reader_b")
    reply = client.get("/admin/aide")
    text = reply.get_data(as_text=True)
    assert reply.status_code == 200
    assert "<h1>Guide du responsable qualité</h1>" in text
    assert '<h2 id="1-comptes-et-connexion">' in text and 'href="#1-comptes-et-connexion"' in text
    assert '<table class="table">' in text
    assert 'href="/admin/aide"' in client.get("/admin/").get_data(as_text=True)
