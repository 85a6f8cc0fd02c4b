"""Campaigns in the workspace: create, edit, open, close, visits, the live page, QR codes."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET

from sqlalchemy import select

from survey_app.core.db import db
from survey_app.core.models import AuditEvent, Campaign
from tests.app.admin_helpers import post, record


def _campaign(app, slug):
    with app.app_context():
        return db.session.scalar(select(Campaign).filter_by(slug=slug))


def test_create_a_campaign_with_a_slug_taken_from_the_title(app, world, officer):
    reply = post(
        officer,
        "/admin/campaigns/new",
        {
            "title": "Enquête accueil 2027",
            "site": world["staff"] and "1",
            "questionnaire": "qualepref-accueil",
            "opens_on": "2027-01-04",
            "closes_on": "2027-12-18",
            "channels": ["kiosk", "paper"],
            "target_responses": "400",
        },
        token_from="/admin/campaigns/new",
    )
    assert reply.status_code == 303
    assert reply.headers["Location"] == "/admin/campaigns/enquete-accueil-2027"
    created = _campaign(app, "enquete-accueil-2027")
    assert created.status == "draft" and created.channels == ["kiosk", "paper"]
    assert created.target_responses == 400 and created.site_id == 1
    page = officer.get(reply.headers["Location"]).get_data(as_text=True)
    assert "Enquête accueil 2027" in page and "version 1" in page


def test_bad_campaign_input_is_named_on_its_field(app, world, officer):
    reply = post(
        officer,
        "/admin/campaigns/new",
        {
            "title": "",
            "site": "1",
            "questionnaire": "qualepref-accueil",
            "slug": "Pas Bon",
            "opens_on": "2027-05-01",
            "closes_on": "2027-04-01",
            "target_responses": "-3",
        },
        token_from="/admin/campaigns/new",
    )
    assert reply.status_code == 422
    page = reply.get_data(as_text=True)
    for message in (
        "Ce champ est obligatoire.",
        "Lettres minuscules sans accent",
        "Le dernier jour précède le premier jour.",
        "Choisissez au moins un canal.",
        "Un nombre entier de 1 à 10",
    ):
        assert message in page
    duplicate = post(
        officer,
        "/admin/campaigns/new",
        {
            "title": "Autre",
            "slug": "alpha",
            "site": "1",
            "questionnaire": "qualepref-accueil",
            "channels": ["web"],
        },
        token_from="/admin/campaigns/new",
    )
    assert duplicate.status_code == 422
    assert "Une enquête utilise déjà cette adresse courte" in duplicate.get_data(as_text=True)


def test_an_officer_cannot_create_a_campaign_on_another_site(app, world, officer):
    reply = post(
        officer,
        "/admin/campaigns/new",
        {
            "title": "Intrus",
            "site": str(2),
            "questionnaire": "qualepref-accueil",
            "channels": ["web"],
        },
        token_from="/admin/campaigns/new",
    )
    assert reply.status_code == 422  # site B is not among the choices
    assert _campaign(app, "intrus") is None


def test_edit_open_and_close_are_saved_and_logged(app, world, officer):
    reply = post(
        officer,
        "/admin/campaigns/alpha/edit",
        {
            "title": "Campagne Alpha modifiée",
            "channels": ["web", "paper"],
            "is_published": "y",
            "target_responses": "150",
        },
        token_from="/admin/campaigns/alpha/edit",
    )
    assert reply.status_code == 303
    edited = _campaign(app, "alpha")
    assert edited.title == "Campagne Alpha modifiée" and edited.is_published
    assert edited.channels == ["web", "paper"]
    post(officer, "/admin/campaigns/alpha/status", {"status": "closed"})
    assert _campaign(app, "alpha").status == "closed"
    post(officer, "/admin/campaigns/alpha/status", {"status": "open"})
    assert _campaign(app, "alpha").status == "open"
    bad = post(officer, "/admin/campaigns/alpha/status", {"status": "archived"})
    assert bad.status_code == 400
    with app.app_context():
        actions = db.session.scalars(
            select(AuditEvent.action).filter_by(target="campaign:alpha")
        ).all()
        assert actions == ["campaign.edit", "campaign.close", "campaign.open"]


def test_the_campaign_page_shows_counts_participation_margin_and_progress(app, world, officer):
    with app.app_context():
        campaign = db.session.scalar(select(Campaign).filter_by(slug="alpha"))
        campaign.target_responses = 10
        db.session.commit()
        for _ in range(3):
            record(campaign, channel="kiosk", courtoisie="peu_satisfait")
    page = officer.get("/admin/campaigns/alpha").get_data(as_text=True)
    assert "5\u00a0réponses" not in page  # pluralize writes a normal space before the word
    assert "5 réponses" in page
    assert "Tablette à l&#39;accueil" in page
    assert "1\u00a0%" in page  # 3 kiosk responses for 300 visits
    assert "50\u00a0%" in page  # 5 of 10
    assert "±43,8\u00a0points" in page  # 1.96 * sqrt(0.25 / 5)
    assert "La courtoisie et la disponibilité des agents de l&#39;accueil" in page
    fragment = officer.get("/admin/campaigns/alpha/live")
    assert fragment.headers["Cache-Control"] == "no-store"
    assert "<html" not in fragment.get_data(as_text=True)
    assert "5 réponses" in fragment.get_data(as_text=True)


def test_visits_per_day_and_in_total_feed_the_participation_rate(app, world, officer):
    url = "/admin/campaigns/alpha/visits"
    assert post(officer, url, {"channel": "web", "visits": "40"}, token_from=url).status_code == 303
    assert post(officer, url, {"channel": "web", "visits": "50"}, token_from=url).status_code == 303
    bad = post(officer, url, {"channel": "web", "visits": "-1"}, token_from=url)
    assert bad.status_code == 422 and "Un nombre entier de 0" in bad.get_data(as_text=True)
    page = officer.get(url).get_data(as_text=True)
    assert ">50<" in page and ">40<" not in page  # typing the total again corrects it


def test_qr_codes_are_a_real_png_and_svg_of_the_public_link(app, world, officer):
    png = officer.get("/admin/campaigns/alpha/qr.png?download=1")
    assert png.mimetype == "image/png"
    assert png.headers["Content-Disposition"].startswith("attachment")
    data = png.get_data()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert width == height >= 500
    svg = officer.get("/admin/campaigns/alpha/qr.svg")
    root = ET.fromstring(svg.get_data())
    assert root.tag.endswith("svg") and root.get("viewBox").startswith("0 0 ")
    page = officer.get("/admin/campaigns/alpha/qr").get_data(as_text=True)
    assert "http://localhost/s/alpha" in page
    assert "&lt;a href=&#34;http://localhost/s/alpha&#34;&gt;" in page  # the snippet, escaped
    png.close()
    svg.close()


def test_the_qr_code_carries_the_base_url_setting(app, world, officer):
    app.config["BASE_URL"] = "https://avis.prefecture.example/"
    page = officer.get("/admin/campaigns/alpha/affiche").get_data(as_text=True)
    assert "avis.prefecture.example/s/alpha" in page
    assert "https://" not in page.split("poster__link")[1][:200]  # written out short
    assert 'lang="ar"' in page and "Campagne Alpha" in page


def test_the_responses_by_day_are_the_sites_local_days(app, world, officer):
    """Paris is UTC+1 in March: 23:00 UTC on 3 March is already 4 March there."""
    import re
    import uuid
    from datetime import datetime

    from questionnaires import bundled_path, load_questionnaire
    from survey_app.collect.recording import record_response
    from survey_app.core.campaigns import create_campaign, get_campaign
    from tests.helpers import valid_answers

    with app.app_context():
        site = get_campaign(db.session, "alpha").site
        gamma = create_campaign(
            db.session,
            slug="gamma",
            title="Campagne Gamma",
            site=site,
            questionnaire=load_questionnaire(bundled_path()),
            status="open",
        )
        for utc_hour in (
            datetime(2026, 3, 3, 23),
            datetime(2026, 3, 4, 22),
            datetime(2026, 3, 4, 23),
        ):
            record_response(
                db.session,
                gamma,
                response_id=str(uuid.uuid4()),
                channel="web",
                lang="fr",
                answers=valid_answers(),
                collected_at=utc_hour,
            )
        db.session.commit()
    page = officer.get("/admin/campaigns/gamma/live").get_data(as_text=True)
    rows = re.findall(
        r'<time datetime="([\d-]+)">([^<]+)</time>.*?<td class="num">(\d+)</td></tr>', page
    )
    assert rows == [("2026-03-05", "5 mars 2026", "1"), ("2026-03-04", "4 mars 2026", "2")]
