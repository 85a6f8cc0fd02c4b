"""Shared by the hardening tests: a paired tablet, a web form ready to post, what was stored."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime

from sqlalchemy import func, select, update

from survey_app.accounts.devices import enrol_device
from survey_app.core.db import db
from survey_app.core.models import Answer, Device, Response
from survey_app.counts.folding import unfold
from tests.helpers import valid_answers

API = "/api/v1/campaigns/{slug}/responses"
KIOSK_PAIR = "/api/v1/kiosk/pair"
KIOSK_RESPONSES = "/api/v1/kiosk/responses"
KIOSK_BATCH = "/api/v1/kiosk/responses/batch"
KIOSK_HEARTBEAT = "/api/v1/kiosk/heartbeat"
HIDDEN = re.compile(r'<input[^>]*name="(csrf_token|response_id|lang)"[^>]*value="([^"]*)"')


def api_body(**overrides) -> dict:
    body = {"id": str(uuid.uuid4()), "channel": "web", "lang": "fr", "answers": valid_answers()}
    body.update(overrides)
    return body


def kiosk_item(**overrides) -> dict:
    item = {
        "id": str(uuid.uuid4()),
        "lang": "fr",
        "answers": valid_answers(),
        "collected_at": datetime.now(UTC).isoformat(),
    }
    item.update(overrides)
    return item


def tablet_token(client, campaign, name: str = "Hall, borne 1") -> str:
    """Enrol a tablet for the campaign and pair it: its bearer token."""
    _, code = enrol_device(db.session, name=name, campaign=campaign)
    db.session.commit()
    reply = client.post(KIOSK_PAIR, json={"code": code})
    assert reply.status_code == 200, reply.get_data(as_text=True)
    return reply.get_json()["token"]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def form_fields(client, slug: str) -> dict[str, str]:
    """The hidden fields a browser sends back (CSRF token, response id, language)."""
    page = client.get(f"/s/{slug}")
    assert page.status_code == 200
    fields = dict(HIDDEN.findall(page.get_data(as_text=True)))
    assert "csrf_token" in fields and "response_id" in fields
    return fields


def response_count() -> int:
    db.session.rollback()  # a fresh snapshot: the requests committed in their own sessions
    return db.session.scalar(select(func.count()).select_from(Response)) or 0


def stored_texts() -> list[str]:
    """Every stored free text and tablet version: what must never hold a NUL byte."""
    db.session.rollback()
    texts = db.session.scalars(select(Answer.text).where(Answer.text.is_not(None))).all()
    versions = db.session.scalars(select(Device.app_version).where(Device.app_version.is_not(None)))
    return [*texts, *versions.all()]


def flags_of(response_ids: list[str]) -> list[bool]:
    """is_flagged of these stored responses, in the order given."""
    db.session.rollback()
    rows = db.session.execute(
        select(Response.id, Response.is_flagged).where(Response.id.in_(response_ids))
    )
    flagged = dict(rows.all())
    return [flagged[response_id] for response_id in response_ids]


def flag_stored(response_ids: list[str]) -> None:
    """Flag stored responses afterwards, as anything changing a response must: unfolded
    first (survey_app/counts/folding.py), then the response and its answers' copy of the flag.
    Commits."""
    ids = list(response_ids)
    campaigns = db.session.scalars(
        select(Response.campaign_id).where(Response.id.in_(ids)).distinct()
    ).all()
    for campaign_id in campaigns:
        unfold(db.session, campaign_id, ids)
    db.session.execute(update(Response).where(Response.id.in_(ids)).values(is_flagged=True))
    db.session.execute(update(Answer).where(Answer.response_id.in_(ids)).values(is_flagged=True))
    db.session.commit()
