"""The tablet's API: pairing once, bearer tokens, kiosk responses, batches, late responses."""

from __future__ import annotations

import gzip
import json
import uuid
from datetime import UTC, date, datetime, timedelta

import jsonschema
import pytest
from openapi_spec_validator import validate
from sqlalchemy import func, select

from survey_app.accounts.devices import enrol_device, hash_secret, new_pairing_code, revoke_device
from survey_app.core.clock import local_today, utcnow
from survey_app.core.db import db
from survey_app.core.models import Device, Response
from tests.helpers import valid_answers

PAIR = "/api/v1/kiosk/pair"
RESPONSES = "/api/v1/kiosk/responses"
BATCH = "/api/v1/kiosk/responses/batch"
HEARTBEAT = "/api/v1/kiosk/heartbeat"
QUESTIONNAIRE = "/api/v1/kiosk/questionnaire"


@pytest.fixture
def spec(client):
    document = client.get("/api/v1/openapi.json").get_json()
    validate(document)
    return document


def check(spec, path, method, response):
    """The status is documented for this operation and the body matches its schema."""
    documented = spec["paths"][path][method]["responses"]
    assert str(response.status_code) in documented, f"{response.status_code} not documented"
    content = documented[str(response.status_code)].get("content")
    if content:
        jsonschema.validate(response.get_json(), content["application/json"]["schema"])


def enrol(campaign, name="Hall, borne 1", **kwargs):
    device, code = enrol_device(db.session, name=name, campaign=campaign, **kwargs)
    db.session.commit()
    return device, code


@pytest.fixture
def token(client, campaign):
    _, code = enrol(campaign)
    return client.post(PAIR, json={"code": code}).get_json()["token"]


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def item(**overrides):
    data = {
        "id": str(uuid.uuid4()),
        "lang": "fr",
        "answers": valid_answers(),
        "collected_at": datetime.now(UTC).isoformat(),
    }
    data.update(overrides)
    return data


def count(**filters):
    db.session.rollback()  # end the test's read transaction: see what the requests committed
    return db.session.scalar(select(func.count()).select_from(Response).filter_by(**filters))


def test_enrolment_stores_only_hashes_of_the_pairing_code_and_the_token(client, spec, campaign):
    device, code = enrol(campaign)
    assert device.pairing_code_hash == hash_secret(code)
    reply = client.post(PAIR, json={"code": code})
    assert reply.status_code == 200
    check(spec, PAIR, "post", reply)
    token = reply.get_json()["token"]
    db.session.rollback()
    stored = db.session.get(Device, device.id)
    assert stored.token_hash == hash_secret(token)
    assert stored.pairing_code_hash is None and stored.paired_at is not None
    columns = [getattr(stored, c.name) for c in Device.__table__.columns]
    assert code not in columns and token not in columns


def test_pairing_code_works_once_only(client, spec, campaign):
    _, code = enrol(campaign)
    assert client.post(PAIR, json={"code": code}).status_code == 200
    again = client.post(PAIR, json={"code": code})
    assert again.status_code == 404
    check(spec, PAIR, "post", again)
    assert again.get_json()["error"] == "pairing_invalid"


def test_expired_or_malformed_pairing_code_is_refused(client, spec, campaign):
    _, code = enrol(campaign, now=utcnow() - timedelta(hours=25))
    assert client.post(PAIR, json={"code": code}).status_code == 404
    missing = client.post(PAIR, json={})
    assert missing.status_code == 422
    check(spec, PAIR, "post", missing)


def test_a_new_pairing_link_replaces_the_tablet_token_once_used(client, campaign, token):
    device = db.session.scalar(select(Device))
    code = new_pairing_code(db.session, device)
    db.session.commit()
    new_token = client.post(PAIR, json={"code": code}).get_json()["token"]
    assert client.get(QUESTIONNAIRE, headers=bearer(token)).status_code == 401
    assert client.get(QUESTIONNAIRE, headers=bearer(new_token)).status_code == 200


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer forged-token"}, {"Authorization": "Basic YWRtaW46YWRtaW4="}],
    ids=["no header", "forged token", "not bearer"],
)
def test_unknown_or_missing_token_is_401_json(client, spec, campaign, headers):
    reply = client.post(RESPONSES, json=item(), headers=headers)
    assert reply.status_code == 401
    check(spec, RESPONSES, "post", reply)
    assert reply.headers["WWW-Authenticate"].startswith("Bearer")
    assert client.get(QUESTIONNAIRE, headers=headers).status_code == 401
    assert count() == 0


def test_revoked_tablet_gets_401_everywhere(client, spec, campaign, token):
    device = db.session.scalar(select(Device))
    revoke_device(db.session, device)
    db.session.commit()
    for path, body in ((RESPONSES, item()), (BATCH, {"responses": [item()]}), (HEARTBEAT, {})):
        reply = client.post(path, json=body, headers=bearer(token))
        assert reply.status_code == 401, path
        check(spec, path, "post", reply)
    assert client.get(QUESTIONNAIRE, headers=bearer(token)).status_code == 401
    assert count() == 0


def test_revoked_tablet_cannot_be_paired_again(client, campaign):
    device, code = enrol(campaign)
    revoke_device(db.session, device)
    db.session.commit()
    assert client.post(PAIR, json={"code": code}).status_code == 404


def test_web_visitors_cannot_post_as_a_kiosk(client, campaign, token):
    body = {"id": str(uuid.uuid4()), "channel": "kiosk", "lang": "fr", "answers": valid_answers()}
    url = f"/api/v1/campaigns/{campaign.slug}/responses"
    for headers in ({}, bearer(token), {"X-Device-Token": token}):
        reply = client.post(url, json=body, headers=headers)
        assert reply.status_code == 422
        assert reply.get_json()["errors"][0]["code"] == "channel_not_allowed"
    assert count() == 0


def test_kiosk_response_is_recorded_as_kiosk_for_the_device(client, spec, campaign, token):
    collected = datetime.now(UTC) - timedelta(hours=2)
    body = item(collected_at=collected.isoformat())
    reply = client.post(RESPONSES, json=body, headers=bearer(token))
    assert reply.status_code == 201
    check(spec, RESPONSES, "post", reply)
    db.session.rollback()
    stored = db.session.get(Response, body["id"])
    device = db.session.scalar(select(Device))
    assert (stored.channel, stored.device_id) == ("kiosk", device.id)
    assert stored.collected_at == collected.replace(tzinfo=None, minute=0, second=0, microsecond=0)
    assert stored.received_at > stored.collected_at
    repeat = client.post(RESPONSES, json=body, headers=bearer(token))
    assert repeat.status_code == 200 and count() == 1


def test_questionnaire_is_the_tablet_campaign_with_its_idle_settings(
    client, spec, app, campaign, token
):
    app.config["KIOSK_IDLE_SECONDS"] = 45
    reply = client.get(QUESTIONNAIRE, headers=bearer(token))
    assert reply.status_code == 200
    check(spec, QUESTIONNAIRE, "get", reply)
    data = reply.get_json()
    assert data["campaign"]["slug"] == campaign.slug
    assert data["settings"] == {"idle_seconds": 45, "idle_warning_seconds": 20}
    assert data["content_hash"] == campaign.questionnaire_version.content_hash
    # The tablet's largest download on its first load: compressed for a browser that takes it.
    packed = client.get(QUESTIONNAIRE, headers={**bearer(token), "Accept-Encoding": "gzip"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(packed.get_data())) == data


def test_batch_is_idempotent_with_one_status_per_item(client, spec, campaign, token):
    first = item()
    conflicting = {**first, "answers": valid_answers(courtoisie="satisfait")}
    invalid = item(answers=valid_answers(courtoisie="ravi"))
    bad_time = item(collected_at="2026-03-04T10:00")  # no offset
    batch = {"responses": [first, first, conflicting, invalid, bad_time, item()]}
    reply = client.post(BATCH, json=batch, headers=bearer(token))
    assert reply.status_code == 200
    check(spec, BATCH, "post", reply)
    results = reply.get_json()["results"]
    assert [r["status"] for r in results] == [201, 200, 409, 422, 422, 201]
    assert [r["id"] for r in results] == [b["id"] for b in batch["responses"]]
    assert results[3]["errors"][0]["field"] == "courtoisie"
    assert results[4]["errors"][0]["code"] == "invalid_time"
    assert count(channel="kiosk") == 2
    again = client.post(BATCH, json=batch, headers=bearer(token)).get_json()["results"]
    assert [r["status"] for r in again] == [200, 200, 409, 422, 422, 200]
    assert count(channel="kiosk") == 2


@pytest.mark.parametrize(
    "body",
    [{"responses": []}, {"responses": "x"}, {"responses": [{}] * 101}, ["not", "an", "object"]],
    ids=["empty", "not a list", "too many", "not an object"],
)
def test_malformed_batch_is_422(client, spec, campaign, token, body):
    reply = client.post(BATCH, json=body, headers=bearer(token))
    assert reply.status_code == 422
    check(spec, BATCH, "post", reply)


def test_collection_time_must_be_plausible(client, campaign, token):
    now = datetime.now(UTC)
    cases = {
        (now + timedelta(hours=1)).isoformat(): "in_future",
        (now - timedelta(days=500)).isoformat(): "too_old",
        "yesterday": "invalid_time",
    }
    for value, code in cases.items():
        reply = client.post(RESPONSES, json=item(collected_at=value), headers=bearer(token))
        assert reply.status_code == 422
        assert reply.get_json()["errors"][0]["code"] == code
    slightly_ahead = item(collected_at=(now + timedelta(minutes=3)).isoformat())
    assert client.post(RESPONSES, json=slightly_ahead, headers=bearer(token)).status_code == 201


def _collected_on(day: date) -> str:
    return f"{day.isoformat()}T10:00:00+01:00"


def test_late_offline_response_is_accepted_within_grace_and_refused_after(
    client, spec, app, make_campaign
):
    today = local_today("Europe/Paris")
    closed = make_campaign(opens_on=today - timedelta(days=30), closes_on=today - timedelta(days=3))
    _, code = enrol(closed)
    token = client.post(PAIR, json={"code": code}).get_json()["token"]
    last_day = today - timedelta(days=3)
    within = item(collected_at=_collected_on(last_day))
    reply = client.post(RESPONSES, json=within, headers=bearer(token))
    assert reply.status_code == 201
    after_closing = item(collected_at=_collected_on(last_day + timedelta(days=1)))
    assert client.post(RESPONSES, json=after_closing, headers=bearer(token)).status_code == 410
    app.config["KIOSK_GRACE_DAYS"] = 2
    late = client.post(
        RESPONSES, json=item(collected_at=_collected_on(last_day)), headers=bearer(token)
    )
    assert late.status_code == 410
    check(spec, RESPONSES, "post", late)
    web = {"id": str(uuid.uuid4()), "channel": "web", "answers": valid_answers()}
    assert client.post(f"/api/v1/campaigns/{closed.slug}/responses", json=web).status_code == 410
    assert count() == 1 and db.session.get(Response, within["id"]).collected_at.date() == last_day


def test_campaign_closed_by_hand_takes_recent_offline_responses_only(client, campaign, token):
    campaign.status = "closed"
    db.session.commit()
    now = datetime.now(UTC)
    recent = item(collected_at=(now - timedelta(hours=5)).isoformat())
    old = item(collected_at=(now - timedelta(days=8)).isoformat())
    reply = client.post(BATCH, json={"responses": [recent, old]}, headers=bearer(token))
    assert [r["status"] for r in reply.get_json()["results"]] == [201, 410]


def test_heartbeat_is_stored_for_the_admin(client, spec, campaign, token):
    body = {"queue_length": 3, "rejected_count": 1, "app_version": "0123abcd"}
    reply = client.post(HEARTBEAT, json=body, headers=bearer(token))
    assert reply.status_code == 200
    check(spec, HEARTBEAT, "post", reply)
    assert reply.get_json()["campaign_state"] == "open"
    db.session.rollback()
    device = db.session.scalar(select(Device))
    assert (device.queue_length, device.rejected_count, device.app_version) == (3, 1, "0123abcd")
    assert utcnow() - device.last_seen_at < timedelta(minutes=1)
    bad = client.post(HEARTBEAT, json={"queue_length": -1}, headers=bearer(token))
    assert bad.status_code == 422
    check(spec, HEARTBEAT, "post", bad)


def test_kiosk_endpoints_need_json(client, spec, campaign, token):
    reply = client.post(RESPONSES, data="x", headers=bearer(token))
    assert reply.status_code == 415
    check(spec, RESPONSES, "post", reply)


def test_enrolment_refuses_a_campaign_without_the_kiosk_channel(make_campaign):
    from survey_app.accounts.devices import DeviceError

    web_only = make_campaign(channels=["web"])
    with pytest.raises(DeviceError, match="kiosk channel is not enabled"):
        enrol_device(db.session, name="Hall", campaign=web_only)
