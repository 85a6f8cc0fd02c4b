"""The hall poster and the QR page invite visitors in the questionnaire's languages:
French, English and Arabic side by side on the A4 sheet, the others below, «1er» dates."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
from sqlalchemy import select

from survey_app.core.db import db
from survey_app.core.models import Campaign
from survey_app.web.admin.poster_texts import INVITATIONS, ordered, period
from survey_app.web.i18n import UI_LANGUAGES
from tests.app.admin_helpers import login, make_world


@pytest.fixture
def officer(app):
    make_world(app)
    with app.app_context():
        alpha = db.session.scalar(select(Campaign).filter_by(slug="alpha"))
        alpha.opens_on, alpha.closes_on = date(2027, 1, 1), date(2027, 12, 20)
        db.session.commit()
    client = app.test_client()
    login(client, "officer_a")
    return client


def page(client, path) -> str:
    return html.unescape(client.get(path).get_data(as_text=True))


def test_the_poster_invites_in_french_english_and_arabic_side_by_side(officer):
    poster = page(officer, "/admin/campaigns/alpha/affiche")
    first = re.findall(r'<section class="poster__invitation" lang="(\w+)" dir="(\w+)">', poster)
    assert first == [("fr", "ltr"), ("en", "ltr"), ("ar", "rtl")]
    for lang in ("fr", "en", "ar"):
        assert INVITATIONS[lang]["invite"] in poster
    others = re.findall(r'<div class="poster__others">(.*?)</div>', poster, re.S)[0]
    assert re.findall(r'<p lang="(\w+)"', others) == ["es", "pt", "ru", "tr", "uk"]


def test_the_poster_dates_say_1er_in_french_and_keep_each_date_whole(officer):
    poster = page(officer, "/admin/campaigns/alpha/affiche")
    assert "Du 1er\u00a0janvier\u00a02027 au 20\u00a0décembre\u00a02027" in poster
    assert "From 1\u00a0January\u00a02027 to 20\u00a0December\u00a02027" in poster
    assert "من 1\u00a0يناير\u00a02027 إلى 20\u00a0ديسمبر\u00a02027" in poster


def test_the_qr_page_and_the_snippet_offer_each_language(officer):
    qr = page(officer, "/admin/campaigns/alpha/qr")
    assert re.findall(r'<li lang="(\w+)" dir="\w+"><strong>', qr)[:3] == ["fr", "en", "ar"]
    assert 'href="http://localhost/s/alpha?lang=ar" hreflang="ar" lang="ar" dir="rtl"' in qr
    assert "أجب بالعربية" in qr


def test_every_interface_language_has_every_poster_text():
    assert set(INVITATIONS) == set(UI_LANGUAGES)
    for lang, texts in INVITATIONS.items():
        assert set(texts) == set(INVITATIONS["fr"]), lang
        assert period(lang, date(2027, 1, 1), None)
    assert ordered(["es", "ar", "fr", "xx"]) == ["fr", "ar", "es"]
