"""The digital fiche hall on the web form: apart from the questionnaire, never linked to a
response, the contact optional and explained, stored once, in the visitor's language."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from survey_app.core.db import db
from survey_app.core.models import RegisterEntry, Response

URL = "/s/accueil-2026/suggestion"


def _token_and_id(page: str) -> tuple[str, str]:
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    fiche_id = re.search(r'name="fiche_id" type="hidden" value="([^"]+)"', page).group(1)
    return token, fiche_id


def test_the_survey_and_its_thanks_page_link_to_the_fiche(client, campaign):
    assert URL + "?lang=fr" in client.get("/s/accueil-2026").get_data(as_text=True)
    assert URL in client.get("/s/accueil-2026/merci").get_data(as_text=True)


def test_a_visitor_leaves_a_suggestion_with_an_email_and_it_lands_in_the_register(client, campaign):
    page = client.get(URL).get_data(as_text=True)
    assert "effacés 365 jours après votre message" in page  # why and how long
    assert "Vos coordonnées ne sont enregistrées que si vous les indiquez." in page
    assert "Ce questionnaire est anonyme" not in page  # the survey's promise, not this page's
    token, fiche_id = _token_and_id(page)
    data = {"csrf_token": token, "fiche_id": fiche_id, "kind": "suggestion",
            "message": "Des chaises près du guichet 3", "contact": "lea@example.org"}  # fmt: skip
    reply = client.post(URL, data=data)
    assert reply.status_code == 303 and reply.headers["Location"].endswith(
        "/suggestion/merci?lang=fr"
    )
    assert client.post(URL, data=data).status_code == 303  # a double click: stored once
    entries = db.session.scalars(select(RegisterEntry)).all()
    assert len(entries) == 1
    entry = entries[0]
    assert (entry.channel, entry.kind, entry.status) == ("web", "suggestion", "open")
    assert (entry.summary, entry.contact) == ("Des chaises près du guichet 3", "lea@example.org")
    assert entry.site_id == campaign.site_id and entry.created_at.minute == 0
    assert db.session.scalar(select(func.count()).select_from(Response)) == 0


def test_an_empty_message_is_a_422_with_the_field_named_in_the_visitors_language(client, campaign):
    page = client.get(URL + "?lang=en").get_data(as_text=True)
    assert "Make a suggestion or a complaint" in page and "Your contact details (optional)" in page
    token, fiche_id = _token_and_id(page)
    data = {"csrf_token": token, "fiche_id": fiche_id, "kind": "reclamation", "message": "  "}
    reply = client.post(URL + "?lang=en", data=data)
    assert reply.status_code == 422
    assert "Write your message." in reply.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(RegisterEntry)) == 0


def test_the_fiche_of_a_campaign_without_the_web_channel_is_not_found(client, make_campaign):
    make_campaign(slug="borne-seule", channels=["kiosk"])
    assert client.get("/s/borne-seule/suggestion").status_code == 404
