"""Sites in the workspace: create, rename (stored responses untouched), the time zone fixed
once responses exist, opening hours per site for the tablet alert, public results on/off;
and `--site-name` on the command line never renames in passing."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from survey_app.core.db import db
from survey_app.core.models import Answer, AuditEvent, Campaign, Device, Response, Site
from tests.app.admin_helpers import login, make_world, post, record


@pytest.fixture
def world(app):
    return make_world(app)


@pytest.fixture
def admin(app, world):
    client = app.test_client()
    login(client, "admin")
    return client


def _site(app, slug: str) -> Site | None:
    with app.app_context():
        site = db.session.scalar(select(Site).filter_by(slug=slug))
        if site is not None:
            db.session.expunge(site)
        return site


FORM = {
    "name": "Préfecture",
    "kind": "prefecture",
    "timezone": "Europe/Paris",
    "is_results_public": "y",
}


def test_an_administrator_adds_a_sous_prefecture(app, admin):
    reply = post(
        admin,
        "/admin/sites",
        {
            "name": "Sous-préfecture de Brive",
            "slug": "sp-brive",
            "kind": "sous_prefecture",
            "timezone": "Europe/Paris",
            "opening_hours": "lun-ven 09:00-12:00",
            "is_results_public": "y",
        },
    )
    assert reply.status_code == 303
    site = _site(app, "sp-brive")
    assert (site.name, site.kind, site.opening_hours) == (
        "Sous-préfecture de Brive",
        "sous_prefecture",
        "lun-ven 09:00-12:00",
    )
    assert "Sous-préfecture de Brive" in admin.get("/admin/sites").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(AuditEvent.action).filter_by(target="site:sp-brive"))


def test_site_input_errors_are_named_and_nothing_is_stored(app, admin):
    reply = post(
        admin,
        "/admin/sites",
        {"name": "", "slug": "Brive!", "kind": "prefecture", "timezone": "Europe/Paris",
         "opening_hours": "8h-17h"},
    )  # fmt: skip
    page = reply.get_data(as_text=True)
    assert reply.status_code == 422
    assert "Ce champ est obligatoire" in page and "Lettres minuscules" in page
    assert "Horaires non compris" in page
    taken = post(admin, "/admin/sites", {**FORM, "slug": "prefecture"})
    assert taken.status_code == 422 and "existe déjà" in taken.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Site.id))) == 2


def test_renaming_a_site_rewrites_no_stored_response(app, world, admin):
    with app.app_context():
        before = db.session.execute(select(Response.id, Response.content_hash)).all()
    site_id = _site(app, "prefecture").id
    reply = post(admin, f"/admin/sites/{site_id}", {**FORM, "name": "Préfecture du Rhône"})
    assert reply.status_code == 303
    with app.app_context():
        assert db.session.execute(select(Response.id, Response.content_hash)).all() == before
        event = db.session.scalar(select(AuditEvent).filter_by(action="site.update"))
        assert event.details["before"] == {"name": "Préfecture"}
    poster = admin.get("/admin/campaigns/alpha/affiche").get_data(as_text=True)
    assert "Préfecture du Rhône" in poster  # reports and posters use the new name


def test_the_time_zone_changes_until_the_site_has_responses_then_is_refused(app, world, admin):
    site_a, site_b = _site(app, "prefecture").id, _site(app, "sous-prefecture").id
    refused = post(admin, f"/admin/sites/{site_a}", {**FORM, "timezone": "Indian/Reunion"})
    assert refused.status_code == 422
    assert "ne peut plus changer" in refused.get_data(as_text=True)
    assert _site(app, "prefecture").timezone == "Europe/Paris"
    # Site B's campaign holds one response: without it, its zone may change, and the
    # local hour of what it receives next is counted in the new zone.
    with app.app_context():
        db.session.execute(
            Response.__table__.delete().where(
                Response.campaign_id.in_(select(Campaign.id).filter_by(site_id=site_b))
            )
        )
        db.session.commit()
    changed = post(
        admin,
        f"/admin/sites/{site_b}",
        {"name": "Sous-préfecture", "kind": "sous_prefecture", "timezone": "Indian/Reunion"},
    )
    assert changed.status_code == 303
    with app.app_context():
        beta = db.session.scalar(select(Campaign).filter_by(slug="beta"))
        response = record(beta)
        hour = db.session.scalar(
            select(Answer.collected_week_hour).filter_by(response_id=response.id).limit(1)
        )
        local = response.collected_at + timedelta(hours=4)  # Réunion: UTC+4, no summer time
        assert hour == local.weekday() * 24 + local.hour


def test_an_officer_edits_their_own_site_only_and_creates_none(app, world):
    officer = app.test_client()
    login(officer, "officer_a")
    page = officer.get("/admin/sites").get_data(as_text=True)
    assert "Préfecture" in page and "Sous-préfecture" not in page
    assert "Ajouter un site" not in page
    site_a, site_b = _site(app, "prefecture").id, _site(app, "sous-prefecture").id
    hours = {**FORM, "opening_hours": "lun-ven 08:00-17:00"}
    assert post(officer, f"/admin/sites/{site_a}", hours).status_code == 303
    assert post(officer, f"/admin/sites/{site_b}", hours).status_code == 404
    assert _site(app, "sous-prefecture").opening_hours is None


def test_the_sites_own_opening_hours_drive_the_tablet_alert(app, world, monkeypatch):
    now = datetime(2026, 3, 4, 10, 0)  # a Wednesday, 11:00 in Paris
    monkeypatch.setattr("survey_app.web.admin.tablets.utcnow", lambda: now)
    app.config["OPENING_HOURS"] = "mon-sun 00:00-23:59"
    with app.app_context():
        device = db.session.get(Device, world["device_id"])
        device.token_hash = "y" * 64
        device.last_seen_at = now - timedelta(hours=2)
        site_id = device.site_id
        db.session.commit()
    officer = app.test_client()
    login(officer, "officer_a")
    assert "row--alert" in officer.get("/admin/tablets").get_data(as_text=True)
    with app.app_context():
        db.session.get(Site, site_id).opening_hours = "sam 09:00-12:00"
        db.session.commit()
    page = officer.get("/admin/tablets").get_data(as_text=True)
    assert "row--alert" not in page  # closed on Wednesdays: not silent
    assert "sam 09:00-12:00" in page


def test_a_site_whose_results_are_not_public_stays_off_the_public_page(app, world, admin):
    with app.app_context():
        campaign = db.session.scalar(select(Campaign).filter_by(slug="alpha"))
        campaign.is_published, campaign.status = True, "closed"
        db.session.commit()
    assert app.test_client().get("/resultats").status_code == 200
    site_id = _site(app, "prefecture").id
    unticked = {k: v for k, v in FORM.items() if k != "is_results_public"}
    assert post(admin, f"/admin/sites/{site_id}", unticked).status_code == 303
    assert app.test_client().get("/resultats").status_code == 404


def test_site_name_on_the_command_line_never_renames_an_existing_site(app, run, world):
    other = run("campaign", "create", "gamma", "--title", "G", "--site-name", "Autre nom")
    assert other.exit_code == 1 and "rename it at /admin/sites" in other.output
    same = run("campaign", "create", "gamma", "--title", "G", "--site-name", "Préfecture")
    assert same.exit_code == 0, same.output
    unnamed = run("campaign", "create", "delta", "--title", "D", "--site", "sp-tulle")
    assert unnamed.exit_code == 1 and "add --site-name" in unnamed.output
    assert _site(app, "prefecture").name == "Préfecture" and _site(app, "sp-tulle") is None
    assert run("init", "--site-name", "Préfecture de Corrèze").exit_code == 1
    assert _site(app, "prefecture").name == "Préfecture"
