"""The tablet's API: pairing, its campaign's questionnaire, responses (one or a batch), heartbeat.

Every response goes through the write path (record_responses) as channel "kiosk" with the
device id; a batch is recorded in one go and answers one status per item, so the tablet
knows what to drop and what to set aside.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Blueprint, abort, current_app, jsonify, make_response, request

from ...accounts.devices import PairingError, pair_device, record_heartbeat
from ...accounts.tablet_campaign import shown_campaign
from ...core.campaigns import campaign_state
from ...core.clock import utcnow
from ...core.db import db, locks_late, take_write_lock
from ...core.models import Device
from ..api.replies import invalid, questionnaire_document
from ..inputs import has_unstorable, json_object
from ..limits import limiter, rate
from . import payload
from .auth import current_device, device_required, is_enrolled_tablet
from .filing import file_responses
from .shell import kiosk_languages, shell_version

bp = Blueprint("kiosk_api", __name__, url_prefix="/api/v1/kiosk")
# A script without a valid token is limited on every tablet endpoint together; tablets never.
limiter.shared_limit(rate("KIOSK_RATE_LIMIT"), scope="kiosk", exempt_when=is_enrolled_tablet)(bp)
IDLE_WARNING_SECONDS = 20
"""WCAG 2.2.1: at least 20 seconds to answer the "are you still there?" warning."""


def _json_body() -> Any:
    """The JSON body (an object), or a 415/422 answer that ends the request."""
    if not request.is_json:
        abort(415, description="send application/json")
    body, error = json_object()
    if body is None:
        abort(make_response(invalid([error])))
    return body


@bp.post("/pair")
def pair():
    body = _json_body()
    code = body.get("code") if isinstance(body, dict) else None
    if not isinstance(code, str) or not code:
        return invalid([payload.field_error("code", "missing", "'code' is required")])
    if has_unstorable(code):  # no code has one, and a lone surrogate cannot even be hashed
        code = "\x00"
    try:
        device, token = pair_device(db.session, code)
    except PairingError as exc:
        db.session.rollback()
        return jsonify(error="pairing_invalid", message=str(exc)), 404
    db.session.commit()
    campaign = shown_campaign(db.session, device)
    return {
        "token": token,
        "device": {"id": device.id, "name": device.name},
        "campaign": campaign.slug if campaign else None,
    }


@bp.get("/questionnaire")
@device_required
def questionnaire():
    device = current_device()
    campaign = shown_campaign(db.session, device)
    return {
        # No campaign open for its site: the tablet says so, and asks again at its heartbeat.
        **(
            questionnaire_document(campaign)
            if campaign
            else {"campaign": None, "languages": kiosk_languages()}
        ),
        "device": {"id": device.id, "name": device.name},
        "settings": {
            "idle_seconds": current_app.config["KIOSK_IDLE_SECONDS"],
            "idle_warning_seconds": IDLE_WARNING_SECONDS,
        },
    }


@bp.post("/responses")
@locks_late
@device_required
def post_response():
    body = _json_body()
    device = current_device()
    now = utcnow()
    [(status, reply)] = file_responses(device, [body], now)
    _seen(device, now)
    db.session.commit()
    return jsonify(reply), status


@bp.post("/responses/batch")
@locks_late
@device_required
def post_batch():
    body = _json_body()
    items = body.get("responses") if isinstance(body, dict) else None
    if not isinstance(items, list) or not 1 <= len(items) <= payload.MAX_BATCH:
        message = f"'responses' must be a list of 1 to {payload.MAX_BATCH} responses"
        return invalid([payload.field_error("responses", "not_a_batch", message)])
    device = current_device()
    now = utcnow()
    results = []
    for item, (status, reply) in zip(items, file_responses(device, items, now), strict=True):
        sent_id = item.get("id") if isinstance(item, dict) else None
        reply.pop("id", None)
        results.append(
            {"id": sent_id if isinstance(sent_id, str) else None, "status": status, **reply}
        )
    _seen(device, now)
    db.session.commit()
    return jsonify(results=results)


@bp.post("/heartbeat")
@device_required
def heartbeat():
    body = _json_body()
    if not isinstance(body, dict):
        body = {}
    queue_length, error1 = payload.count(body.get("queue_length", 0), "queue_length")
    rejected, error2 = payload.count(body.get("rejected_count", 0), "rejected_count")
    app_version = body.get("app_version")
    errors = [e for e in (error1, error2) if e]
    if app_version is not None and not isinstance(app_version, str):
        errors.append(payload.field_error("app_version", "not_text", "'app_version': a string"))
    elif has_unstorable(app_version):  # stored: PostgreSQL refuses NUL, SQLite would keep it
        errors.append(payload.field_error("app_version", "nul_byte", "'app_version': no NUL"))
    if errors:
        return invalid(errors)
    device = current_device()
    record_heartbeat(
        device, queue_length=queue_length, rejected_count=rejected, app_version=app_version
    )
    campaign = shown_campaign(db.session, device)
    reply = {
        "server_time": utcnow().isoformat(timespec="seconds") + "Z",
        "shell_version": shell_version(),
        "campaign": campaign.slug if campaign else None,
        "campaign_state": campaign_state(campaign) if campaign else None,
        "content_hash": campaign.questionnaire_version.content_hash if campaign else None,
    }
    db.session.commit()
    return reply


def _seen(device: Device, now: datetime) -> None:
    """Record the tablet's visit, kept even when every response it sent was refused."""
    take_write_lock(db.session)  # no-op when the responses took it
    device.last_seen_at = now
