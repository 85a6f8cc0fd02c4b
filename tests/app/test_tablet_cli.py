"""`survey tablet enrol|pair|list|revoke`, run with click's CliRunner inside the test app."""

from __future__ import annotations

import re

from sqlalchemy import select

from survey_app.accounts.devices import hash_secret
from survey_app.core.db import db
from survey_app.core.models import AuditEvent, Device


def test_enrol_prints_a_one_time_pairing_link_and_a_qr_code(run, campaign):
    result = run("tablet", "enrol", "--name", "Hall, borne 1", "--campaign", campaign.slug)
    assert result.exit_code == 0, result.output
    code = re.search(r"http://127\.0\.0\.1:8000/kiosk/#pair=([\w-]+)", result.output).group(1)
    assert "█" in result.output  # the QR code, drawn in the terminal
    db.session.rollback()
    device = db.session.scalar(select(Device))
    assert device.pairing_code_hash == hash_secret(code)
    assert (device.name, device.campaign_id) == ("Hall, borne 1", campaign.id)


def test_list_shows_each_tablet_state_and_revoke_stops_it(run, campaign):
    run("tablet", "enrol", "--name", "Borne 1", "--campaign", campaign.slug)
    listed = run("tablet", "list").output
    assert "Borne 1" in listed and "waiting for pairing" in listed
    revoked = run("tablet", "revoke", "1")
    assert revoked.exit_code == 0
    assert "revoked" in revoked.output
    assert "already revoked" in run("tablet", "revoke", "1").output
    assert "revoked" in run("tablet", "list").output
    db.session.rollback()
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["tablet.enrol", "tablet.revoke"]
    refused = run("tablet", "pair", "1")
    assert refused.exit_code == 1 and "revoked" in refused.stderr


def test_pair_prints_a_new_link_for_an_existing_tablet(run, campaign):
    run("tablet", "enrol", "--name", "Borne 1", "--campaign", campaign.slug)
    result = run("tablet", "pair", "1")
    assert result.exit_code == 0
    assert "#pair=" in result.output


def test_unknown_campaign_or_tablet_is_a_clear_error(run, app_ctx):
    result = run("tablet", "enrol", "--name", "Borne", "--campaign", "nope")
    assert result.exit_code == 1 and "no campaign 'nope'" in result.stderr
    result = run("tablet", "revoke", "42")
    assert result.exit_code == 1 and "no tablet 42" in result.stderr
    assert "No tablet yet" in run("tablet", "list").output


def test_a_tablet_enrolled_for_the_site_follows_it_and_can_be_pinned(run, campaign):
    result = run("tablet", "enrol", "--name", "Hall")  # one site only: it is the one
    assert result.exit_code == 0, result.output
    assert "enrolled for site 'prefecture', showing the site's open campaign" in result.output
    assert re.search(
        r"Hall\s+waiting for pairing\s+prefecture\s+accueil-2026 ", run("tablet", "list").output
    )
    assert run("tablet", "pin", "1", campaign.slug).exit_code == 0
    assert re.search(r"prefecture\s+accueil-2026\* ", run("tablet", "list").output)
    assert "site's open campaign" in run("tablet", "follow", "1").output
    db.session.rollback()
    assert db.session.get(Device, 1).campaign_id is None


def test_an_unknown_site_or_campaign_is_a_clear_error(run, campaign):
    result = run("tablet", "enrol", "--name", "Hall", "--site", "nope")
    assert result.exit_code == 1 and "no site 'nope' (sites: prefecture)" in result.stderr
    run("tablet", "enrol", "--name", "Hall")
    result = run("tablet", "pin", "1", "nope")
    assert result.exit_code == 1 and "no campaign 'nope'" in result.stderr
