"""PUT /api/v1/campaigns/<slug>/visits: a queue-management system sets the visits it counted."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from survey_app.core.db import db
from survey_app.core.models import CampaignVisits
from tests.app.openapi_helpers import assert_documented

TOKEN = "q" * 40
PATH = "/api/v1/campaigns/{slug}/visits"


@pytest.fixture
def integrator(app):
    app.config["API_VISITS_TOKEN"] = TOKEN
    return {"Authorization": f"Bearer {TOKEN}"}


def put(client, slug, body, headers):
    return client.put(PATH.format(slug=slug), json=body, headers=headers)


def stored(campaign_id):
    db.session.rollback()  # see what the requests committed
    rows = db.session.scalars(select(CampaignVisits).filter_by(campaign_id=campaign_id))
    return sorted((r.channel, r.day, r.visits) for r in rows)


def test_a_day_is_set_then_corrected_and_a_total_kept_apart(client, campaign, integrator):
    day = {"channel": "kiosk", "day": "2026-12-01", "visits": 212}
    first = put(client, campaign.slug, day, integrator)
    assert first.status_code == 201
    assert_documented(client, PATH, first)
    assert first.get_json() == {"campaign": campaign.slug, **day}
    again = put(client, campaign.slug, {**day, "visits": 215}, integrator)
    assert again.status_code == 200
    assert_documented(client, PATH, again)
    total = put(client, campaign.slug, {"channel": "web", "visits": 1000}, integrator)
    assert total.status_code == 201 and total.get_json()["day"] is None
    assert stored(campaign.id) == [("kiosk", date(2026, 12, 1), 215), ("web", None, 1000)]


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer " + "x" * 40}, {"Authorization": f"Basic {TOKEN}"}],
    ids=["no token", "wrong token", "not bearer"],
)
def test_without_the_token_nothing_is_set(client, campaign, integrator, headers):
    reply = put(client, campaign.slug, {"channel": "kiosk", "visits": 3}, headers)
    assert reply.status_code == 401
    assert reply.headers["WWW-Authenticate"].startswith("Bearer")
    assert_documented(client, PATH, reply)
    assert stored(campaign.id) == []


def test_the_route_is_off_until_a_token_is_configured(client, campaign):
    empty = {"Authorization": "Bearer "}
    assert put(client, campaign.slug, {"channel": "kiosk", "visits": 3}, empty).status_code == 401


@pytest.mark.parametrize(
    "body,field,code",
    [
        ({"channel": "phone", "visits": 3}, "channel", "invalid_channel"),
        ({"channel": "web", "day": "2026-W48-1", "visits": 3}, "day", "invalid_date"),
        ({"channel": "web", "day": "2026-02-30", "visits": 3}, "day", "invalid_date"),
        ({"channel": "web", "visits": -1}, "visits", "not_a_count"),
        ({"channel": "web", "visits": True}, "visits", "not_a_count"),
        ({"channel": "web", "visits": 3, "jour": "2026-12-01"}, "jour", "unknown_field"),
    ],
)
def test_a_bad_field_is_422_naming_it(client, campaign, integrator, body, field, code):
    reply = put(client, campaign.slug, body, integrator)
    assert reply.status_code == 422
    assert_documented(client, PATH, reply)
    assert {"field": field, "code": code} in [
        {"field": e["field"], "code": e["code"]} for e in reply.get_json()["errors"]
    ]
    assert stored(campaign.id) == []


def test_unknown_or_draft_campaign_is_404(client, make_campaign, integrator):
    draft = make_campaign(slug="brouillon", status="draft")
    for slug in ("nope", draft.slug):
        reply = put(client, slug, {"channel": "web", "visits": 3}, integrator)
        assert reply.status_code == 404
        assert_documented(client, PATH, reply)


def test_the_token_setting_refuses_a_short_secret():
    from survey_app.core.setting_values import token as _token

    assert _token("") == ""
    with pytest.raises(ValueError, match="at least 32"):
        _token("secret")


def test_visits_put_by_the_queue_system_are_those_the_officer_sees(app, client, integrator):
    """Same rows as the workspace's Visites page: putting the kiosk total corrects the one
    typed in there, and the participation rate on the campaign page follows."""
    from tests.app.admin_helpers import login, make_world, record

    make_world(app)  # campaign "alpha", 300 kiosk visits typed in by the officer
    with app.app_context():
        from survey_app.core.models import Campaign

        alpha = db.session.scalar(select(Campaign).filter_by(slug="alpha"))
        for _ in range(3):
            record(alpha, channel="kiosk")
    reply = put(client, "alpha", {"channel": "kiosk", "day": None, "visits": 600}, integrator)
    assert reply.status_code == 200  # corrected, not a second total
    officer = app.test_client()
    login(officer, "officer_a")
    page = officer.get("/admin/campaigns/alpha").get_data(as_text=True)
    assert "0,5\u00a0%" in page  # 3 kiosk responses for 600 visits
    assert "600" in officer.get("/admin/campaigns/alpha/visits").get_data(as_text=True)


@pytest.mark.parametrize(
    "day,said",
    [
        ("2026-03-01", "2026-03-01 is before the campaign's first day (2026-03-02)"),
        ("2026-03-28", "2026-03-28 is after the campaign's last day (2026-03-27)"),
    ],
    ids=["before", "after"],
)
def test_a_day_outside_the_campaign_is_422_naming_its_dates(
    client, make_campaign, integrator, day, said
):
    mars = make_campaign("mars", opens_on=date(2026, 3, 2), closes_on=date(2026, 3, 27))
    reply = put(client, "mars", {"channel": "kiosk", "day": day, "visits": 5}, integrator)
    assert reply.status_code == 422
    assert_documented(client, PATH, reply)
    [error] = reply.get_json()["errors"]
    assert error["field"] == "day" and error["code"] == "outside_campaign"
    assert error["message"] == f"{said}; the campaign runs from 2026-03-02 to 2026-03-27"
    assert stored(mars.id) == []
    inside = put(client, "mars", {"channel": "kiosk", "day": "2026-03-27", "visits": 5}, integrator)
    assert inside.status_code == 201


def test_an_open_ended_campaign_takes_any_day_after_its_first(client, make_campaign, integrator):
    open_ended = make_campaign("suivi", opens_on=date(2026, 3, 2))
    later = put(client, "suivi", {"channel": "web", "day": "2030-01-01", "visits": 5}, integrator)
    assert later.status_code == 201
    early = put(client, "suivi", {"channel": "web", "day": "2026-03-01", "visits": 5}, integrator)
    assert early.get_json()["errors"][0]["message"].endswith("the campaign runs from 2026-03-02")
    assert stored(open_ended.id) == [("web", date(2030, 1, 1), 5)]


def test_the_write_path_itself_refuses_a_day_outside_the_campaign(make_campaign):
    from survey_app.collect.visits import set_visits

    mars = make_campaign("mars", opens_on=date(2026, 3, 2), closes_on=date(2026, 3, 27))
    with pytest.raises(ValueError, match="2026-03-28 is after the campaign's last day"):
        set_visits(db.session, mars, "kiosk", date(2026, 3, 28), 5)
    assert stored(mars.id) == []
