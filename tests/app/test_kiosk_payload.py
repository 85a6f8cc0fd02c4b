"""The tablet API takes what its OpenAPI document says is valid (found by the contract run)."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from survey_app.core.db import db
from survey_app.core.models import Device
from survey_app.web.kiosk_api import payload
from tests.app.hardening_helpers import KIOSK_HEARTBEAT, KIOSK_PAIR, bearer, tablet_token

NOW = datetime(2026, 3, 5, 12, 0)


@pytest.mark.parametrize(
    "value,expected",
    [
        ("2026-03-04t10:00:00z", datetime(2026, 3, 4, 10, 0)),  # RFC 3339 allows lowercase
        ("2026-03-04T10:00:00.5+01:00", datetime(2026, 3, 4, 9, 0, 0, 500000)),
        ("2026-03-04T23:59:60Z", datetime(2026, 3, 4, 23, 59, 59)),  # a leap second
    ],
)
def test_every_rfc3339_time_is_read(value, expected):
    assert payload.collected_at(value, NOW) == (expected, None)


@pytest.mark.parametrize("value", ["2026-03-04T10:00:00", "2026-03-04T25:00:00Z", "hier"])
def test_a_time_without_offset_or_impossible_is_refused(value):
    moment, error = payload.collected_at(value, NOW)
    assert moment is None and error["code"] == "invalid_time"


def test_heartbeat_counts_are_whole_numbers_written_either_way(client, campaign):
    token = tablet_token(client, campaign)
    reply = client.post(KIOSK_HEARTBEAT, json={"queue_length": 3.0}, headers=bearer(token))
    assert reply.status_code == 200
    db.session.rollback()
    assert db.session.scalar(select(Device.queue_length)) == 3
    for bad in (3.5, -1, payload.MAX_COUNT + 1, True, "3"):
        reply = client.post(KIOSK_HEARTBEAT, json={"queue_length": bad}, headers=bearer(token))
        assert reply.status_code == 422, bad
        assert reply.get_json()["errors"][0]["code"] == "not_a_count"


def test_a_pairing_code_with_a_lone_surrogate_is_an_unknown_code(client, campaign):
    reply = client.post(KIOSK_PAIR, data='{"code": "ab\\ud800"}', content_type="application/json")
    assert reply.status_code == 404
    assert reply.get_json()["error"] == "pairing_invalid"
