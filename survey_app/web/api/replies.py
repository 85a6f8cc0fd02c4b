"""JSON replies shared by the public API (/api/v1) and the tablet API (/api/v1/kiosk).

Both answer the same questionnaire document and the same error shapes, so a client
(the tablet, or anyone reading the OpenAPI document) parses one format.
"""

from __future__ import annotations

from typing import Any

from flask import jsonify
from flask_babel import force_locale

from ...collect.recording import InvalidResponse, RecordingError
from ...core.campaigns import campaign_state
from ...core.db import db
from ...core.models import Campaign
from ..messages import message_for


def questionnaire_document(campaign: Campaign) -> dict[str, Any]:
    """The campaign's frozen questionnaire version, with the campaign's slug, title and state."""
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
    }


def answer_errors(exc: InvalidResponse) -> list[dict[str, str]]:
    """The refused answers as {field, code, message}; API messages are in English."""
    with force_locale("en"):
        return [{"field": e.item, "code": e.code, "message": message_for(e)} for e in exc.errors]


def refusal(exc: RecordingError) -> dict[str, str]:
    """The body that says why a response was not recorded (closed campaign, conflict...)."""
    return {"error": type(exc).__name__, "message": str(exc)}


def invalid(errors: list[dict[str, str]]):
    """A 422 reply listing the field errors; nothing of the request is kept."""
    db.session.rollback()
    return jsonify(error="invalid_response", errors=errors), 422
