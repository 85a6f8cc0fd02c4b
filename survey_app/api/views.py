"""API v1 endpoints. Bodies are JSON; errors are JSON with a per-field list."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, jsonify, request

from ..campaigns import get_campaign
from ..db import db, locks_late
from ..inputs import json_object
from ..limits import limiter, rate
from ..recording import InvalidResponse, RecordingError, record_response
from ..sources import web_source
from .openapi import openapi_document
from .replies import answer_errors, invalid, questionnaire_document, refusal

bp = Blueprint("api", __name__, url_prefix="/api/v1")
PUBLIC_CHANNELS = ("web",)
"""Channels an anonymous client may post as; kiosk and paper need credentials."""
FIELDS = ("id", "channel", "lang", "answers")
"""A field outside these is refused: a typo such as "lng" must not pass silently."""


def _campaign_or_404(slug: str):
    campaign = get_campaign(db.session, slug)
    if campaign is None or campaign.status == "draft":
        abort(404, description=f"no campaign '{slug}'")
    return campaign


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
    campaign = _campaign_or_404(slug)
    field_errors = _shape_errors(body)
    if field_errors:
        return invalid(field_errors)
    try:
        response, created = record_response(
            db.session,
            campaign,
            response_id=body["id"],
            channel=body["channel"],
            lang=body.get("lang", "fr"),
            answers=body["answers"],
            misuse=web_source(campaign.id),
        )
    except InvalidResponse as exc:
        return invalid(answer_errors(exc))
    except RecordingError as exc:
        db.session.rollback()
        return jsonify(refusal(exc)), exc.status
    # The reply is built before the commit: after it, reading the expired objects would
    # open a second transaction (and on SQLite take the write lock again).
    body = {
        "id": response.id,
        "campaign": campaign.slug,
        "channel": response.channel,
        "received_at": response.received_at.isoformat(timespec="minutes"),
    }
    db.session.commit()
    return jsonify(body), 201 if created else 200


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
