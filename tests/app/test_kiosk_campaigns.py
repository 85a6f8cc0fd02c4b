"""Tablets belong to a site: they show its open campaign, switch by themselves, say so between
campaigns, may be pinned; a queue kept across a change of campaign is filed where it was
answered."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from questionnaires import bundled_path, load_questionnaire
from survey_app.accounts.devices import DeviceError, enrol_device, record_heartbeat
from survey_app.accounts.tablet_campaign import pin_device, shown_campaign
from survey_app.core.campaigns import create_campaign, get_campaign, get_or_create_site
from survey_app.core.db import db
from survey_app.core.models import Device, Response
from tests.app.test_kiosk_api import (
    BATCH,
    HEARTBEAT,
    PAIR,
    QUESTIONNAIRE,
    bearer,
    check,
    count,
    item,
)
from tests.app.test_kiosk_api import spec as spec  # noqa: F401 - the fixture, shared


def _site():
    return get_or_create_site(db.session, "prefecture", "Préfecture", "Europe/Paris")


@pytest.fixture
def new_campaign(make_campaign):
    """make_campaign after the requests' writes (a read begun before them could not write)."""

    def make(*args, **kwargs):
        db.session.rollback()
        return make_campaign(*args, **kwargs)

    return make


@pytest.fixture
def site_tablet(client, make_campaign):
    """A tablet enrolled for the site, with no campaign named: (device id, token)."""
    make_campaign("brouillon", status="draft")  # creates the site, shown to nobody
    device, code = enrol_device(db.session, name="Hall", site=_site())
    db.session.commit()
    device_id = device.id
    db.session.rollback()
    token = client.post(PAIR, json={"code": code}).get_json()["token"]
    return device_id, token


def _shown(client, token):
    return client.get(QUESTIONNAIRE, headers=bearer(token)).get_json()["campaign"]


def _heartbeat(client, token):
    return client.post(HEARTBEAT, json={"queue_length": 0}, headers=bearer(token)).get_json()


def _set_status(slug, status):
    db.session.rollback()
    get_campaign(db.session, slug).status = status
    db.session.commit()


def test_a_site_tablet_follows_the_open_campaign_and_says_when_there_is_none(
    client, spec, new_campaign, site_tablet
):
    _, token = site_tablet
    reply = client.get(QUESTIONNAIRE, headers=bearer(token))
    check(spec, QUESTIONNAIRE, "get", reply)
    assert reply.get_json()["campaign"] is None
    assert reply.get_json()["languages"][0] == "fr" and "ar" in reply.get_json()["languages"]
    assert _heartbeat(client, token)["campaign"] is None

    new_campaign("accueil-2026")
    assert _heartbeat(client, token)["campaign"] == "accueil-2026"
    reply = client.get(QUESTIONNAIRE, headers=bearer(token))
    check(spec, QUESTIONNAIRE, "get", reply)
    assert reply.get_json()["campaign"]["slug"] == "accueil-2026"
    assert "items" in reply.get_json()["questionnaire"]

    _set_status("accueil-2026", "closed")
    assert _heartbeat(client, token)["campaign"] is None
    assert _shown(client, token) is None

    new_campaign("accueil-2027", title="Enquête accueil 2027")
    heartbeat = client.post(HEARTBEAT, json={}, headers=bearer(token))
    check(spec, HEARTBEAT, "post", heartbeat)
    assert heartbeat.get_json()["campaign"] == "accueil-2027"
    assert _shown(client, token)["slug"] == "accueil-2027"


def test_a_queue_kept_across_a_change_of_campaign_is_filed_where_it_was_answered(
    client, new_campaign, site_tablet
):
    device_id, token = site_tablet
    new_campaign("accueil-2026")
    answered_before = item(campaign="accueil-2026")  # kept offline while the campaign changed
    _set_status("accueil-2026", "closed")
    new_campaign("accueil-2027")
    answered_after = item(campaign="accueil-2027")
    untagged = item()  # from a shell that did not name campaigns: the one shown now
    reply = client.post(
        BATCH,
        json={"responses": [answered_before, answered_after, untagged]},
        headers=bearer(token),
    )
    assert [r["status"] for r in reply.get_json()["results"]] == [201, 201, 201]
    db.session.rollback()
    filed = dict(
        db.session.execute(
            select(Response.id, Response.campaign_id).where(Response.device_id == device_id)
        ).all()
    )
    before, after = (
        get_campaign(db.session, "accueil-2026"),
        get_campaign(db.session, "accueil-2027"),
    )
    assert filed == {
        answered_before["id"]: before.id,
        answered_after["id"]: after.id,
        untagged["id"]: after.id,
    }


def test_a_response_for_another_sites_campaign_or_for_no_campaign_is_refused_for_good(
    client, new_campaign, site_tablet
):
    _, token = site_tablet
    other = get_or_create_site(db.session, "sp-nord", "Sous-préfecture du Nord", "Europe/Paris")
    create_campaign(
        db.session,
        slug="nord-2026",
        title="Nord",
        site=other,
        questionnaire=load_questionnaire(bundled_path()),
        status="open",
    )
    db.session.commit()
    reply = client.post(
        BATCH,
        json={"responses": [item(campaign="nord-2026"), item(campaign="nope"), item()]},
        headers=bearer(token),
    )
    results = reply.get_json()["results"]
    assert [r["status"] for r in results] == [422, 422, 403]
    assert results[0]["errors"][0]["field"] == "campaign"
    assert results[2]["error"] == "no_campaign"  # the kiosk keeps it aside as rejected
    assert count() == 0


def test_several_open_campaigns_show_the_one_opened_last_unless_the_tablet_is_pinned(
    client, new_campaign, site_tablet
):
    device_id, token = site_tablet
    today = date.today()
    new_campaign("annuelle", opens_on=today - timedelta(days=60))
    new_campaign("titres", opens_on=today - timedelta(days=2))
    assert _shown(client, token)["slug"] == "titres"
    db.session.rollback()
    device = db.session.get(Device, device_id)
    pin_device(db.session, device, get_campaign(db.session, "annuelle"))
    db.session.commit()
    assert _shown(client, token)["slug"] == "annuelle"
    new_campaign("nouvelle")  # another opens: a pinned tablet stays
    assert _heartbeat(client, token)["campaign"] == "annuelle"
    pin_device(db.session, db.session.get(Device, device_id), None)
    db.session.commit()
    assert _shown(client, token)["slug"] in ("titres", "nouvelle")


def test_a_tablet_cannot_be_pinned_to_another_sites_or_a_kiosk_less_campaign(new_campaign):
    web_only = new_campaign("web-seul", channels=["web"])
    device, _ = enrol_device(db.session, name="Hall", site=_site())
    with pytest.raises(DeviceError, match="kiosk channel"):
        pin_device(db.session, device, web_only)
    other = get_or_create_site(db.session, "sp-nord", "Sous-préfecture du Nord", "Europe/Paris")
    nord = create_campaign(
        db.session,
        slug="nord",
        title="Nord",
        site=other,
        questionnaire=load_questionnaire(bundled_path()),
        status="open",
    )
    with pytest.raises(DeviceError, match="not on the tablet's site"):
        pin_device(db.session, device, nord)
    assert shown_campaign(db.session, device) is None


def test_heartbeats_note_since_when_responses_wait_to_be_sent(make_campaign):
    device, _ = enrol_device(db.session, name="Hall", site=_site())
    start = device.created_at
    record_heartbeat(device, queue_length=3, rejected_count=0, app_version=None, now=start)
    later = start + timedelta(minutes=5)
    record_heartbeat(device, queue_length=5, rejected_count=0, app_version=None, now=later)
    assert device.queue_since_at == start  # still waiting since the first report
    record_heartbeat(device, queue_length=0, rejected_count=0, app_version=None, now=later)
    assert device.queue_since_at is None


@pytest.mark.parametrize(
    "campaign", ["\x00", "\ud800", "accueil-2026\n", 5, "", "x" * 65, {"slug": "accueil-2026"}]
)
def test_a_malformed_campaign_is_a_field_error_and_nothing_is_stored(
    client, new_campaign, site_tablet, campaign
):
    _, token = site_tablet
    new_campaign("accueil-2026")
    reply = client.post(BATCH, json={"responses": [item(campaign=campaign)]}, headers=bearer(token))
    [result] = reply.get_json()["results"]
    assert result["status"] == 422 and result["errors"][0]["field"] == "campaign"
    assert count() == 0
