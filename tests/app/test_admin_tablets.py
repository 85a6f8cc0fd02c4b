"""Tablets in the workspace: enrol with a one-time link, rename, revoke, silent ones in red."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from survey_app.accounts.devices import device_for_token, pair_device
from survey_app.core.db import db
from survey_app.core.models import AuditEvent, Device
from survey_app.core.setting_values import parse_opening_hours
from tests.app.admin_helpers import post


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
