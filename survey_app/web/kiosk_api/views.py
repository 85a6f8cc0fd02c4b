"""The tablet's API: pairing, its campaign's questionnaire, responses (one or a batch), heartbeat.

Every response goes through the write path (record_responses) as channel "kiosk" with the
device id; a batch is recorded in one go and answers one status per item, so the tablet
knows what to drop and what to set aside.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask import Blueprint, abort, current_app, jsonify, make_response, request

from ...accounts.devices import PairingError, pair_device, record_heartbeat
from ...collect.recording import (
    InvalidResponse,
    Recorded,
    RecordingError,
    Submission,
    record_responses,
)
from ...collect.sources import device_source
from ...core.campaigns import campaign_state
from ...core.clock import utcnow
from ...core.db import db, locks_late, take_write_lock
from ...core.models import Campaign, Device
from ..api.replies import answer_errors, invalid, questionnaire_document, refusal
from ..inputs import has_unstorable, json_object
from ..limits import limiter, rate
from . import payload
from .auth import current_device, device_required, is_enrolled_tablet
from .shell import shell_version

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


def _campaign(device: Device) -> Campaign:
    if device.campaign is None:
        abort(409, description="this tablet is not assigned to a campaign")
    return device.campaign


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
    return {
        **questionnaire_document(_campaign(device)),
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
    campaign = _campaign(device)
    now = utcnow()
    [(status, reply)] = _record(device, campaign, [body], now)
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
    campaign = _campaign(device)
    now = utcnow()
    results = []
    for item, (status, reply) in zip(items, _record(device, campaign, items, now), strict=True):
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
    campaign = device.campaign
    reply = {
        "server_time": utcnow().isoformat(timespec="seconds") + "Z",
        "shell_version": shell_version(),
        "campaign_state": campaign_state(campaign) if campaign else None,
        "content_hash": campaign.questionnaire_version.content_hash if campaign else None,
    }
    db.session.commit()
    return reply


def _seen(device: Device, now: datetime) -> None:
    """Record the tablet's visit, kept even when every response it sent was refused."""
    take_write_lock(db.session)  # no-op when the responses took it
    device.last_seen_at = now


def _record(
    device: Device, campaign: Campaign, bodies: list[Any], now: datetime
) -> list[tuple[int, dict[str, Any]]]:
    """(HTTP status, reply) for each response the tablet sends, recorded in one go.

    A refused response writes nothing (record_responses validates before it inserts),
    so the others stay in place without a savepoint each.
    """
    replies: list[tuple[int, dict[str, Any]] | None] = []
    submissions = []
    for body in bodies:
        errors = payload.response_errors(body)
        moment, time_error = (None, None)
        if not errors:
            moment, time_error = payload.collected_at(body["collected_at"], now)
        if errors or time_error:
            replies.append((422, {"error": "invalid_response", "errors": errors or [time_error]}))
            continue
        replies.append(None)
        submissions.append(
            Submission(body["id"], "kiosk", body.get("lang", "fr"), body["answers"], moment)
        )
    outcomes = iter(
        record_responses(
            db.session,
            campaign,
            submissions,
            now=now,
            device_id=device.id,
            grace=timedelta(days=current_app.config["KIOSK_GRACE_DAYS"]),
            misuse=device_source(device.id),
        )
    )
    return [reply or _reply(campaign, next(outcomes)) for reply in replies]


def _reply(campaign: Campaign, outcome: Recorded | RecordingError) -> tuple[int, dict[str, Any]]:
    if isinstance(outcome, InvalidResponse):
        return 422, {"error": "invalid_response", "errors": answer_errors(outcome)}
    if isinstance(outcome, RecordingError):
        return outcome.status, refusal(outcome)
    return (201 if outcome.created else 200), {
        "id": outcome.response_id,
        "campaign": campaign.slug,
        "channel": outcome.channel,
        "received_at": outcome.received_at.isoformat(timespec="minutes"),
    }
