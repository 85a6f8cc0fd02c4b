"""The web form of a campaign closed, not yet open, draft or unknown."""

from __future__ import annotations

import html
import re
from datetime import timedelta

from babel.dates import format_date

from survey_app.core.clock import local_today
from survey_app.core.db import db
from survey_app.core.models import Campaign
from tests.app.web_form_helpers import QUESTIONNAIRE, stored_responses
from tests.app.web_form_helpers import slug_fixture as slug_fixture  # fixture "slug"
from tests.app.web_form_helpers import visitor_fixture as visitor_fixture  # fixture "visitor"
from tests.helpers import valid_answers


def test_a_closed_campaign_shows_a_410_page_and_stores_nothing(make_campaign, visitor):
    today = local_today("Europe/Paris")
    closes_on = today - timedelta(days=3)
    make_campaign(slug="ouverte")
    make_campaign(slug="fermee", opens_on=today - timedelta(days=30), closes_on=closes_on)
    db.session.commit()

    page = visitor.get("/s/fermee")
    assert page.status_code == 410
    text = html.unescape(page.text)
    assert "Cette enquête est terminée" in text
    assert format_date(closes_on, "long", locale="fr") in text
    assert "<form" not in page.text
    assert "Set-Cookie" not in page.headers  # no form, nothing to keep in the browser

    form = visitor.open_form("ouverte")  # a token and an id from an open page
    posted = visitor.submit("fermee", valid_answers(), form)
    assert posted.status_code == 410
    assert stored_responses() == []


def test_a_replay_after_the_campaign_closed_still_ends_on_the_thank_you_page(slug, visitor):
    form = visitor.open_form(slug)
    visitor.submit(slug, valid_answers(), form)
    [response] = stored_responses()
    db.session.get(Campaign, response.campaign_id).status = "closed"
    db.session.commit()
    replay = visitor.submit(slug, valid_answers(), form)
    assert replay.status_code == 200
    assert QUESTIONNAIRE.thanks["fr"] in html.unescape(replay.text)
    assert len(stored_responses()) == 1


def test_a_campaign_not_yet_open_shows_a_403_page_with_its_dates(make_campaign, visitor):
    opens_on = local_today("Europe/Paris") + timedelta(days=10)
    make_campaign(slug="bientot", opens_on=opens_on)
    db.session.commit()
    page = visitor.get("/s/bientot")
    assert page.status_code == 403
    text = html.unescape(page.text)
    assert "Cette enquête n'est pas encore ouverte." in text
    assert format_date(opens_on, "long", locale="fr") in text
    assert "<form" not in page.text


def test_a_draft_campaign_is_not_found(make_campaign, visitor):
    make_campaign(slug="brouillon", status="draft")
    db.session.commit()
    assert visitor.get("/s/brouillon").status_code == 404
    assert visitor.get("/s/brouillon/merci").status_code == 404


def test_an_unknown_slug_is_a_styled_404_page(app, visitor):
    page = visitor.get("/s/inconnue")
    assert page.status_code == 404
    text = html.unescape(page.text)
    assert "Page introuvable" in text
    assert re.search(r"<style>[^<]*--blue-france: #000091;", page.text)  # styled, inline
    assert 'class="skip-link" href="#contenu"' in page.text
    assert "<main" in page.text and "<footer" in page.text
