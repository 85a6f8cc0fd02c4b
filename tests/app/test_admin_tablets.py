"""Tablets in the workspace: enrol with a one-time link, rename, revoke, silent ones in red."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from survey_app.accounts.devices import device_for_token, pair_device
from survey_app.core.db import db
from survey_app.core.models import AuditEvent, Device
from survey_app.core.setting_values import parse_opening_hours
from tests.app.admin_helpers import login, post


def test_enrolment_shows_a_one_time_pairing_link_that_pairs_the_tablet(app, world, officer):
    reply = post(
        officer,
        "/admin/tablets",
        {"name": "Borne 2", "campaign": "alpha"},
        token_from="/admin/tablets",
    )
    assert reply.status_code == 201
    assert reply.headers["Cache-Control"] == "no-store"
    page = reply.get_data(as_text=True)
    code = page.split("/kiosk/#pair=")[1].split('"')[0]
    assert "<svg" in page  # the QR code of the link
    assert code not in officer.get("/admin/tablets").get_data(as_text=True)  # shown once
    with app.app_context():
        device, token = pair_device(db.session, code)
        db.session.commit()
        assert device.name == "Borne 2" and device_for_token(db.session, token) is not None


def test_enrolment_input_errors_are_named(app, world, officer):
    reply = post(
        officer, "/admin/tablets", {"name": "", "campaign": "alpha"}, token_from="/admin/tablets"
    )
    assert reply.status_code == 422
    assert "Ce champ est obligatoire." in reply.get_data(as_text=True)
    other_site = post(
        officer, "/admin/tablets", {"name": "x", "campaign": "beta"}, token_from="/admin/tablets"
    )
    assert other_site.status_code == 422  # beta is not among officer_a's choices


def test_rename_and_revoke_are_applied_and_logged(app, world, officer):
    device_id = world["device_id"]
    assert (
        post(officer, f"/admin/tablets/{device_id}/rename", {"name": "Borne du hall"}).status_code
        == 303
    )
    too_long = post(officer, f"/admin/tablets/{device_id}/rename", {"name": "x" * 101})
    assert too_long.status_code == 422
    assert "100 caractères au plus." in too_long.get_data(as_text=True)
    assert post(officer, f"/admin/tablets/{device_id}/revoke").status_code == 303
    page = officer.get("/admin/tablets").get_data(as_text=True)
    assert "Borne du hall" in page and "Révoquée" in page
    with app.app_context():
        device = db.session.get(Device, device_id)
        assert device.revoked_at is not None
        actions = db.session.scalars(
            select(AuditEvent.action).filter_by(target=f"device:{device_id}")
        ).all()
        assert "tablet.rename" in actions and "tablet.revoke" in actions


def test_queue_and_rejected_counts_are_shown(app, world, officer):
    with app.app_context():
        device = db.session.get(Device, world["device_id"])
        device.token_hash = "x" * 64
        device.queue_length, device.rejected_count = 7, 2
        device.last_seen_at = datetime(2026, 1, 5, 9, 0)
        db.session.commit()
    page = officer.get("/admin/tablets").get_data(as_text=True)
    assert '<td class="num">7</td>' in page and "<strong>2</strong>" in page


def test_silence_counts_only_from_todays_opening():
    hours = parse_opening_hours("mon-fri 08:30-16:30")
    monday_9 = datetime(2026, 1, 5, 9, 0)
    assert hours.silent_minutes(datetime(2026, 1, 2, 16, 0), monday_9) == 30
    assert hours.silent_minutes(datetime(2026, 1, 5, 8, 50), monday_9) == 10
    assert hours.silent_minutes(None, datetime(2026, 1, 5, 9, 45)) == 75
    assert hours.silent_minutes(None, datetime(2026, 1, 10, 11, 0)) is None  # Saturday
    assert hours.silent_minutes(None, datetime(2026, 1, 5, 17, 0)) is None  # closed


def test_a_tablet_silent_too_long_in_opening_hours_is_shown_in_red(
    app, world, officer, monkeypatch
):
    # A fixed moment inside opening hours: silence is only counted from today's opening,
    # so with the real clock this would depend on the time the suite runs (just after
    # midnight, nothing is silent yet).
    now = datetime(2026, 3, 4, 10, 0)  # a Wednesday, 11:00 in Paris
    monkeypatch.setattr("survey_app.web.admin.tablets.utcnow", lambda: now)
    app.config["OPENING_HOURS"] = "mon-sun 00:00-23:59"
    app.config["TABLET_SILENT_MINUTES"] = 30
    with app.app_context():
        device = db.session.get(Device, world["device_id"])
        device.token_hash = "y" * 64
        device.last_seen_at = now - timedelta(hours=2)
        db.session.commit()
    page = officer.get("/admin/tablets").get_data(as_text=True)
    assert 'class="row--alert"' in page and "Silencieuse depuis" in page
    with app.app_context():
        device = db.session.get(Device, world["device_id"])
        device.last_seen_at = now
        db.session.commit()
    assert "row--alert" not in officer.get("/admin/tablets").get_data(as_text=True)


@pytest.mark.parametrize("value", ["lun-ven 8h-17h", "fri-mon 08:00-12:00", "mon 12:00-08:00"])
def test_bad_opening_hours_stop_start_up_with_a_message(value):
    with pytest.raises(ValueError):
        parse_opening_hours(value)


def _device(app, device_id):
    with app.app_context():
        device = db.session.get(Device, device_id)
        return device.site_id, device.campaign.slug if device.campaign else None


def test_a_tablet_enrolled_for_a_site_follows_it_and_can_be_pinned_then_freed(app, world, officer):
    reply = post(officer, "/admin/tablets", {"name": "Borne 3", "campaign": ""}, "/admin/tablets")
    assert reply.status_code == 201  # officer_a has one site: it is chosen for them
    with app.app_context():
        device = db.session.scalar(select(Device).filter_by(name="Borne 3"))
        device_id, site_a = device.id, device.site_id
    assert _device(app, device_id) == (site_a, None)
    page = officer.get("/admin/tablets").get_data(as_text=True)
    assert "Suit l&#39;enquête ouverte du site" in page or "Suit l'enquête ouverte du site" in page

    assert (
        post(officer, f"/admin/tablets/{device_id}/campaign", {"campaign": "alpha"}).status_code
        == 303
    )
    assert _device(app, device_id) == (site_a, "alpha")
    assert "Épinglée à cette enquête" in officer.get("/admin/tablets").get_data(as_text=True)
    # Another site's campaign is not among the choices: refused, nothing changed.
    refused = post(officer, f"/admin/tablets/{device_id}/campaign", {"campaign": "beta"})
    assert refused.status_code == 422
    assert _device(app, device_id) == (site_a, "alpha")
    assert (
        post(officer, f"/admin/tablets/{device_id}/campaign", {"campaign": ""}).status_code == 303
    )
    assert _device(app, device_id) == (site_a, None)
    with app.app_context():
        actions = db.session.scalars(
            select(AuditEvent.action).filter_by(target=f"device:{device_id}")
        ).all()
    assert actions == ["tablet.enrol", "tablet.pin", "tablet.follow_site"]


def test_an_officer_cannot_enrol_a_tablet_for_another_site(app, world, officer):
    with app.app_context():
        site_b = db.session.get(Device, world["device_b"]).site_id
    reply = post(
        officer, "/admin/tablets", {"name": "Intrus", "site": str(site_b)}, "/admin/tablets"
    )
    assert reply.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(Device).filter_by(name="Intrus")) is None


def test_an_administrator_cannot_pin_a_tablet_to_another_sites_campaign(app, world):
    admin = app.test_client()
    login(admin, "admin")
    device_id = world["device_id"]  # on site A, pinned to alpha by make_world
    assert (
        post(admin, f"/admin/tablets/{device_id}/campaign", {"campaign": "beta"}).status_code == 422
    )
    assert _device(app, device_id)[1] == "alpha"
    mismatch = post(
        admin,
        "/admin/tablets",
        {"name": "Mauvais site", "site": str(_device(app, device_id)[0]), "campaign": "beta"},
        "/admin/tablets",
    )
    assert mismatch.status_code == 422
    assert "Cette enquête n&#39;est pas sur le site choisi." in mismatch.get_data(as_text=True)


def test_the_page_says_whether_silent_tablets_are_also_alerted_by_email(app, world, officer):
    assert "ne sont pas activées" in officer.get("/admin/tablets").get_data(as_text=True)
    app.config.update(SMTP_HOST="smtp.prefecture.example")  # SMTP, but nobody receives them
    page = officer.get("/admin/tablets").get_data(as_text=True)
    assert "Personne ne reçoit les alertes par courriel du site « Préfecture »" in page
    assert "et par un courriel d'alerte" not in page
    with app.app_context():
        from survey_app.accounts.users import set_email
        from survey_app.core.models import User

        set_email(db.session, db.session.get(User, world["staff"]["officer_a"]), "a@sp.example")
        db.session.commit()
    page = officer.get("/admin/tablets").get_data(as_text=True)
    assert "et par un courriel d'alerte (un seul par silence)" in page
    assert "Personne ne reçoit" not in page
    app.config.update(ALERT_TO="qualite@prefecture.example")  # the server administrator's copy
    with app.app_context():
        db.session.get(User, world["staff"]["officer_a"]).email = None
        db.session.commit()
    page = officer.get("/admin/tablets").get_data(as_text=True)
    assert "et par un courriel d'alerte (un seul par silence)" in page


def test_a_tablet_pinned_to_a_closed_campaign_says_what_it_shows(app, world, officer):
    with app.app_context():
        from survey_app.core.campaigns import get_campaign

        get_campaign(db.session, "alpha").status = "closed"  # Borne Alpha is pinned to it
        db.session.commit()
    page = officer.get("/admin/tablets").get_data(as_text=True)
    assert "Campagne Alpha (pas ouverte : la tablette affiche « Pas d'enquête en cours »)" in page
    assert '<option selected value="alpha">Campagne Alpha</option>' in page
