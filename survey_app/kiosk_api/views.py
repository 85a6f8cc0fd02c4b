"""The tablet's API: pairing, its campaign's questionnaire, responses (one or a batch), heartbeat.

Every response goes through record_response as channel "kiosk" with the device id;
a batch answers one status per item so the tablet knows what to drop and what to set aside.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask import Blueprint, abort, current_app, jsonify, request
from flask_babel import force_locale

from ..campaigns import campaign_state
from ..clock import utcnow
from ..db import db
from ..devices import PairingError, pair_device, record_heartbeat
from ..messages import message_for
from ..models import Campaign, Device
from ..recording import InvalidResponse, RecordingError, record_response
from . import payload
from .auth import current_device, device_required
from .shell import shell_version

bp = Blueprint("kiosk_api", __name__, url_prefix="/api/v1/kiosk")
IDLE_WARNING_SECONDS = 20
"""WCAG 2.2.1: at least 20 seconds to answer the "are you still there?" warning."""


def _json_body() -> Any:
    if not request.is_json:
        abort(415, description="send application/json")
    return request.get_json(silent=True)


def _invalid(errors: list[dict[str, str]]):
    db.session.rollback()
    return jsonify(error="invalid_response", errors=errors), 422


def _campaign(device: Device) -> Campaign:
    if device.campaign is None:
        abort(409, description="this tablet is not assigned to a campaign")
    return device.campaign


@bp.post("/pair")
def pair():
    body = _json_body()
    code = body.get("code") if isinstance(body, dict) else None
    if not isinstance(code, str) or not code:
        return _invalid([payload.field_error("code", "missing", "'code' is required")])
    try:
        device, token = pair_device(db.session, code)
    except PairingError as exc:
        db.session.rollback()
        return jsonify(error="pairing_invalid", message=str(exc)), 404
    db.session.commit()
    campaign = device.campaign
    return {
        "token": token,
        "device": {"id": device.id, "name": device.name},
        "campaign": campaign.slug if campaign else None,
    }


@bp.get("/questionnaire")
@device_required
def questionnaire():
    device = current_device()
    campaign = _campaign(device)
    version = campaign.questionnaire_version
    return {
        "campaign": {
            "slug": campaign.slug,
            "title": campaign.title,
            "state": campaign_state(campaign),
        },
        "version": version.version,
        "content_hash": version.content_hash,
        "questionnaire": version.content,
        "device": {"id": device.id, "name": device.name},
        "settings": {
            "idle_seconds": current_app.config["KIOSK_IDLE_SECONDS"],
            "idle_warning_seconds": IDLE_WARNING_SECONDS,
        },
    }


@bp.post("/responses")
@device_required
def post_response():
    body = _json_body()
    device = current_device()
    campaign = _campaign(device)
    now = utcnow()
    device.last_seen_at = now
    status, reply = _record_in_savepoint(device, campaign, body, now)
    db.session.commit()  # keeps last_seen_at even when the response was refused
    return jsonify(reply), status


@bp.post("/responses/batch")
@device_required
def post_batch():
    body = _json_body()
    items = body.get("responses") if isinstance(body, dict) else None
    if not isinstance(items, list) or not 1 <= len(items) <= payload.MAX_BATCH:
        message = f"'responses' must be a list of 1 to {payload.MAX_BATCH} responses"
        return _invalid([payload.field_error("responses", "not_a_batch", message)])
    device = current_device()
    campaign = _campaign(device)
    now = utcnow()
    device.last_seen_at = now
    results = []
    for item in items:
        status, reply = _record_in_savepoint(device, campaign, item, now)
        sent_id = item.get("id") if isinstance(item, dict) else None
        reply.pop("id", None)
        results.append(
            {"id": sent_id if isinstance(sent_id, str) else None, "status": status, **reply}
        )
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
    if errors:
        return _invalid(errors)
    device = current_device()
    record_heartbeat(
        device, queue_length=queue_length, rejected_count=rejected, app_version=app_version
    )
    campaign = device.campaign
    reply = {
        "server_time": utcnow().isoformat(timespec="seconds") + "Z",
        "shell_version": shell_version(),
        "campaign_state": campaign_state(campaign) if campaign else None,
        "content_hash": campaign.questionnaire_version.content_hash if campaign else None,
    }
    db.session.commit()
    return reply


def _record_in_savepoint(
    device: Device, campaign: Campaign, body: Any, now: datetime
) -> tuple[int, dict[str, Any]]:
    """Record one response; a refused one is rolled back alone, leaving the others in place."""
    savepoint = db.session.begin_nested()
    status, reply = _record(device, campaign, body, now)
    if status >= 400:
        savepoint.rollback()
    else:
        savepoint.commit()
    return status, reply


def _record(
    device: Device, campaign: Campaign, body: Any, now: datetime
) -> tuple[int, dict[str, Any]]:
    """(HTTP status, reply) for one response the tablet sends."""
    errors = payload.response_errors(body)
    moment, time_error = (None, None)
    if not errors:
        moment, time_error = payload.collected_at(body["collected_at"], now)
    if errors or time_error:
        return 422, {"error": "invalid_response", "errors": errors or [time_error]}
    try:
        response, created = record_response(
            db.session,
            campaign,
            response_id=body["id"],
            channel="kiosk",
            lang=body.get("lang", "fr"),
            answers=body["answers"],
            collected_at=moment,
            now=now,
            device_id=device.id,
            grace=timedelta(days=current_app.config["KIOSK_GRACE_DAYS"]),
        )
    except InvalidResponse as exc:
        with force_locale("en"):
            errors = [
                {"field": e.item, "code": e.code, "message": message_for(e)} for e in exc.errors
            ]
        return 422, {"error": "invalid_response", "errors": errors}
    except RecordingError as exc:
        return exc.status, {"error": type(exc).__name__, "message": str(exc)}
    return (201 if created else 200), {
        "id": response.id,
        "campaign": campaign.slug,
        "channel": response.channel,
        "received_at": response.received_at.isoformat(timespec="minutes"),
    }
