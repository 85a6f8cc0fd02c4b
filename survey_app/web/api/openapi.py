"""The OpenAPI 3.1 document of API v1 (/api/v1/openapi.json).

Its schemas (schemas.py) are hand-written and checked against the running app by
tests/app/test_api_contract.py; its examples (examples.py) are the ones docs/api.md shows.
"""

from __future__ import annotations

from typing import Any

from flask import current_app

from . import examples
from .schemas import (
    ALREADY_RECORDED,
    ANSWERS,
    FIELD_ERRORS,
    LANG,
    QUESTIONNAIRE,
    QUESTIONNAIRE_LINK,
    STORED,
    TOO_MANY,
    UUID,
    common,
    error,
    json_reply,
)

NEW_RESPONSE = {
    "type": "object",
    "required": ["id", "channel", "answers"],
    "additionalProperties": False,
    "properties": {
        "id": UUID,
        "channel": {"enum": ["web"], "description": "Kiosk and paper need credentials."},
        "lang": LANG,
        "answers": ANSWERS,
    },
}
SLUG = {
    "name": "slug",
    "in": "path",
    "required": True,
    "description": "The campaign's slug, as in its public address /s/{slug}",
    "schema": {"type": "string", "minLength": 1},
}
DESCRIPTION = f"""Satisfaction surveys: the questionnaire of a campaign, and its responses.

Every body is JSON. An error answers `{{"error": code, "message": text}}`, or for refused
fields `{{"error": "invalid_response", "errors": [{{"field", "code", "message"}}]}}`.
What a response's answers must be (items, required items, options, `show_if` conditions,
text lengths, languages) depends on the campaign's questionnaire: read it first at
`{QUESTIONNAIRE_LINK}`. Integrator's guide: docs/api.md."""


def openapi_document() -> dict[str, Any]:
    """The whole document; body limits are this app's configured ones."""
    from ..kiosk_api.fiches import fiche_paths
    from ..kiosk_api.openapi import SECURITY_SCHEMES, kiosk_paths
    from .visits_openapi import INTEGRATION_SCHEME, put_visits

    max_bytes = current_app.config["MAX_REQUEST_BYTES"]
    return {
        "openapi": "3.1.0",
        "info": {"title": "Survey API", "version": "1", "description": DESCRIPTION},
        "components": {"securitySchemes": SECURITY_SCHEMES | INTEGRATION_SCHEME},
        "paths": {
            "/api/v1/campaigns/{slug}/questionnaire": {
                "get": {
                    "summary": "The campaign's frozen questionnaire version, with translations",
                    "operationId": "getQuestionnaire",
                    "parameters": [SLUG],
                    "responses": {
                        "200": json_reply(
                            QUESTIONNAIRE, "The questionnaire", examples=examples.QUESTIONNAIRE
                        ),
                        "404": error("No such campaign (or not published yet)"),
                        **common(),
                    },
                }
            },
            "/api/v1/campaigns/{slug}/responses": {
                "post": _post_response(max_bytes),
            },
            "/api/v1/campaigns/{slug}/visits": {"put": put_visits(max_bytes)},
            "/api/v1/openapi.json": {
                "get": {
                    "summary": "This document",
                    "operationId": "getOpenAPI",
                    "responses": {
                        "200": json_reply({"type": "object"}, "OpenAPI 3.1 document"),
                        **common(),
                    },
                }
            },
            **kiosk_paths(max_bytes),
            **fiche_paths(max_bytes),
        },
    }


def _post_response(max_bytes: int) -> dict[str, Any]:
    return {
        "summary": "Record one visitor's response (idempotent on its id)",
        "operationId": "postResponse",
        "description": "Validated against the campaign's questionnaire (items, options, "
        f"`show_if`: see `{QUESTIONNAIRE_LINK}`); nothing is stored unless all is valid. "
        "Posting the same id with the same content again answers 200; with other "
        "content, 409. Rate limited per address (setting SURVEY_API_RATE_LIMIT).",
        "parameters": [SLUG],
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": NEW_RESPONSE, "examples": examples.NEW_RESPONSE}
            },
        },
        "responses": {
            "201": json_reply(STORED, "Recorded", examples=examples.STORED),
            "200": json_reply(STORED, ALREADY_RECORDED),
            "403": error("Campaign not open yet"),
            "404": error("No such campaign (or not published yet)"),
            "409": error("Same id already recorded with other content"),
            "410": error("Campaign closed"),
            "422": json_reply(
                FIELD_ERRORS,
                "Refused, one error per field (answers: per the questionnaire)",
                examples=examples.FIELD_ERRORS,
            ),
            "429": TOO_MANY,
            **common(max_bytes),
        },
    }
