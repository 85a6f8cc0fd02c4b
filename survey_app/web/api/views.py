"""API v1 endpoints. Bodies are JSON; errors are JSON with a per-field list."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, jsonify, request

from ...collect.recording import InvalidResponse, RecordingError, Submission, record_responses
from ...collect.sources import web_source
from ...core.campaigns import get_campaign, recent_campaign_row
from ...core.db import db, locks_late
from ..inputs import json_object
from ..limits import limiter, rate
from .openapi import openapi_document
from .replies import answer_errors, invalid, questionnaire_document, refusal

bp = Blueprint("api", __name__, url_prefix="/api/v1")
PUBLIC_CHANNELS = ("web",)
"""Channels an anonymous client may post as; kiosk and paper need credentials."""
FIELDS = ("id", "channel", "lang", "answers")
"""A field outside these is refused: a typo such as "lng" must not pass silently."""


def _public(campaign, slug: str):
    """The campaign, unless there is none or it is a draft: then a 404."""
    if campaign is None or campaign.status == "draft":
        abort(404, description=f"no campaign '{slug}'")
    return campaign


def _campaign_or_404(slug: str):
    return _public(get_campaign(db.session, slug), slug)


@bp.get("/openapi.json")
def openapi():
    return openapi_document()


@bp.get("/campaigns/<slug>/questionnaire")
def questionnaire(slug: str):
    return questionnaire_document(_campaign_or_404(slug))


@bp.post("/campaigns/<slug>/responses")
@locks_late
@limiter.limit(rate("API_RATE_LIMIT"))
def post_response(slug: str):
    if not request.is_json:
        abort(415, description="send the response as application/json")
    body, body_error = json_object()
    if body is None:
        return invalid([body_error])
    # Core, kept 1 s: the hot path
    campaign = _public(recent_campaign_row(db.session, slug, db.engine), slug)
    field_errors = _shape_errors(body)
    if field_errors:
        return invalid(field_errors)
    submission = Submission(body["id"], body["channel"], body.get("lang", "fr"), body["answers"])
    [outcome] = record_responses(db.session, campaign, [submission], misuse=web_source(campaign.id))
    if isinstance(outcome, InvalidResponse):
        return invalid(answer_errors(outcome))
    if isinstance(outcome, RecordingError):
        db.session.rollback()
        return jsonify(refusal(outcome)), outcome.status
    db.session.commit()
    reply = {
        "id": outcome.response_id,
        "campaign": campaign.slug,
        "channel": outcome.channel,
        "received_at": outcome.received_at.isoformat(timespec="minutes"),
    }
    return jsonify(reply), 201 if outcome.created else 200


def _shape_errors(body: dict[str, Any]) -> list[dict[str, str]]:
    errors = [
        {"field": str(name)[:100], "code": "unknown_field", "message": "not a response field"}
        for name in body
        if name not in FIELDS
    ]
    for field in ("id", "channel", "answers"):
        if field not in body:
            errors.append({"field": field, "code": "missing", "message": f"'{field}' is required"})
    if "answers" in body and not isinstance(body["answers"], dict):
        errors.append(
            {
                "field": "answers",
                "code": "not_an_object",
                "message": "'answers' must be an object {item key: value}",
            }
        )
    if "channel" in body and body["channel"] not in PUBLIC_CHANNELS:
        errors.append(
            {
                "field": "channel",
                "code": "channel_not_allowed",
                "message": "anonymous clients may only post as 'web'",
            }
        )
    if not isinstance(body.get("lang", "fr"), str):
        errors.append({"field": "lang", "code": "not_text", "message": "'lang' must be a string"})
    return errors
