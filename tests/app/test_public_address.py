"""The public address: set by an administrator in the browser (SURVEY_BASE_URL wins), used
by every outside link (QR code, poster, website snippet, tablet pairing link), with a
warning on each of those pages while it is unset or a loopback address."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from survey_app.core.db import db
from survey_app.core.models import AuditEvent
from survey_app.web.admin.qrcodes import qr_svg
from tests.app.admin_helpers import login, make_world, post

PUBLIC = "https://enquetes.prefecture.example"
WARNING = "Adresse publique à vérifier"


@pytest.fixture
def world(app):
    return make_world(app)


@pytest.fixture
def admin(app, world):
    client = app.test_client()
    login(client, "admin")
    return client


def _outside_pages(client) -> dict[str, str]:
    enrolled = post(client, "/admin/tablets", {"name": "Borne 2", "campaign": "alpha"})
    return {
        "qr": client.get("/admin/campaigns/alpha/qr").get_data(as_text=True),
        "poster": client.get("/admin/campaigns/alpha/affiche").get_data(as_text=True),
        "pairing": enrolled.get_data(as_text=True),
    }


def test_while_the_address_is_unset_every_outside_link_page_warns(app, admin):
    pages = _outside_pages(admin)
    for name, page in pages.items():
        assert WARNING in page, name
    # The test client is reached at http://localhost/: a loopback, named as such.
    assert "seul ce serveur" in pages["qr"]


def test_the_address_saved_by_an_administrator_is_in_every_outside_link(app, admin):
    reply = post(admin, "/admin/public-address", {"url": PUBLIC + "/"})
    assert reply.status_code == 303
    pages = _outside_pages(admin)
    for name, page in pages.items():
        assert WARNING not in page, name
    link = f"{PUBLIC}/s/alpha"
    assert f'href="{link}"' in pages["qr"]  # the link and the website snippet
    assert "enquetes.prefecture.example/s/alpha" in pages["poster"]
    assert f"{PUBLIC}/kiosk/#pair=" in pages["pairing"]
    svg = admin.get("/admin/campaigns/alpha/qr.svg").get_data(as_text=True)
    assert svg == qr_svg(link, "QR code du questionnaire « Campagne Alpha »")
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).filter_by(action="settings.public_address"))
        assert event.details == {"before": "", "after": PUBLIC}


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("enquetes.prefecture.example", "commençant par https://"),
        ("ftp://enquetes.prefecture.example", "commençant par https://"),
        ("https://enquetes.prefecture.example/?a=1", "ni « ? »"),
        ("https://" + "a" * 200 + ".fr", "200 caractères au plus"),
    ],
)
def test_a_bad_address_is_refused_with_a_message_and_nothing_changes(app, admin, typed, message):
    reply = post(admin, "/admin/public-address", {"url": typed})
    assert reply.status_code == 422 and message in reply.get_data(as_text=True)
    assert WARNING in admin.get("/admin/campaigns/alpha/qr").get_data(as_text=True)


def test_a_loopback_address_saved_still_warns(app, admin):
    post(admin, "/admin/public-address", {"url": "http://127.0.0.1:8000"})
    page = admin.get("/admin/campaigns/alpha/qr").get_data(as_text=True)
    assert WARNING in page and "http://127.0.0.1:8000/s/alpha" in page


def test_survey_base_url_wins_and_the_page_says_so(make_app, admin):
    other = make_app(BASE_URL="https://from-the-server.example")
    client = other.test_client()
    login(client, "admin")
    page = client.get("/admin/public-address").get_data(as_text=True)
    assert "https://from-the-server.example" in page and "SURVEY_BASE_URL" in page
    assert post(client, "/admin/public-address", {"url": PUBLIC}).status_code == 409
    qr = client.get("/admin/campaigns/alpha/qr").get_data(as_text=True)
    assert "https://from-the-server.example/s/alpha" in qr and WARNING not in qr


def test_the_command_line_pairing_link_uses_the_address_and_warns_without_it(app, run, admin):
    unset = run("tablet", "enrol", "--name", "Borne CLI", "--campaign", "alpha")
    assert unset.exit_code == 0 and "Warning: the public address is not set" in unset.output
    post(admin, "/admin/public-address", {"url": PUBLIC})
    saved = run("tablet", "enrol", "--name", "Borne CLI 2", "--campaign", "alpha")
    assert f"{PUBLIC}/kiosk/#pair=" in saved.output and "Warning" not in saved.output


def test_the_serve_banner_says_how_to_set_the_address_until_it_is_public(app, admin):
    from survey_app.cli.serve import address_warning_lines

    with app.app_context():
        banner = "\n".join(address_warning_lines())
    assert "/admin/public-address" in banner and "SURVEY_BASE_URL" in banner
    post(admin, "/admin/public-address", {"url": PUBLIC})
    with app.app_context():
        assert address_warning_lines() == []
