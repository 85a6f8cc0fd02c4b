"""The OpenAPI 3.1 document of API v1, tested against what the endpoints do."""

from __future__ import annotations

from typing import Any

ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {"type": "string"}, "message": {"type": "string"}},
}
TOO_MANY = {
    "description": "Too many requests from this address (see docs/security.md)",
    "headers": {
        "Retry-After": {
            "description": "Seconds to wait before trying again",
            "schema": {"type": "integer", "minimum": 1},
        }
    },
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["error", "message", "retry_after"],
                "properties": {
                    "error": {"const": "too_many_requests"},
                    "message": {"type": "string"},
                    "retry_after": {"type": "integer", "minimum": 1},
                },
            }
        }
    },
}
FIELD_ERRORS = {
    "type": "object",
    "required": ["error", "errors"],
    "properties": {
        "error": {"const": "invalid_response"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "code", "message"],
                "properties": {
                    "field": {"type": "string"},
                    "code": {"type": "string"},
                    "message": {"type": "string"},
                },
            },
        },
    },
}
STORED = {
    "type": "object",
    "required": ["id", "campaign", "channel", "received_at"],
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "campaign": {"type": "string"},
        "channel": {"type": "string"},
        "received_at": {"type": "string", "description": "UTC, to the hour"},
    },
}
NEW_RESPONSE = {
    "type": "object",
    "required": ["id", "channel", "answers"],
    "additionalProperties": False,
    "properties": {
        "id": {
            "type": "string",
            "format": "uuid",
            "description": "Chosen by the client; sending the same id again is safe.",
        },
        "channel": {"type": "string", "enum": ["web"]},
        "lang": {"type": "string", "default": "fr"},
        "answers": {
            "type": "object",
            "additionalProperties": {"type": "string"},
            "description": "Item key -> option value or free text.",
        },
    },
}
QUESTIONNAIRE = {
    "type": "object",
    "required": ["campaign", "version", "content_hash", "questionnaire"],
    "properties": {
        "campaign": {
            "type": "object",
            "required": ["slug", "title", "state"],
            "properties": {
                "slug": {"type": "string"},
                "title": {"type": "string"},
                "state": {"enum": ["open", "not_yet_open", "closed"]},
            },
        },
        "version": {"type": "integer"},
        "content_hash": {"type": "string"},
        "questionnaire": {"type": "object", "required": ["key", "languages", "items"]},
    },
}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


SLUG = {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}


def openapi_document() -> dict[str, Any]:
    from ..kiosk_api.fiches import fiche_paths
    from ..kiosk_api.openapi import SECURITY_SCHEMES, kiosk_paths

    return {
        "openapi": "3.1.0",
        "components": {"securitySchemes": SECURITY_SCHEMES},
        "info": {"title": "Survey API", "version": "1"},
        "paths": {
            "/api/v1/campaigns/{slug}/questionnaire": {
                "get": {
                    "summary": "The campaign's frozen questionnaire version, with translations",
                    "parameters": [SLUG],
                    "responses": {
                        "200": _json(QUESTIONNAIRE, "The questionnaire"),
                        "404": _json(ERROR, "Unknown campaign"),
                    },
                }
            },
            "/api/v1/campaigns/{slug}/responses": {
                "post": {
                    "summary": "Record one response (idempotent on its id)",
                    "parameters": [SLUG],
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": NEW_RESPONSE}},
                    },
                    "responses": {
                        "201": _json(STORED, "Recorded"),
                        "200": _json(STORED, "Exact repeat of a recorded response"),
                        "403": _json(ERROR, "Campaign not open yet"),
                        "404": _json(ERROR, "Unknown campaign"),
                        "409": _json(ERROR, "Same id already recorded with other content"),
                        "410": _json(ERROR, "Campaign closed"),
                        "413": _json(ERROR, "Body too large"),
                        "415": _json(ERROR, "Body is not application/json"),
                        "422": _json(FIELD_ERRORS, "Invalid answers, one error per field"),
                        "429": TOO_MANY,
                    },
                }
            },
            "/api/v1/openapi.json": {
                "get": {
                    "summary": "This document",
                    "responses": {"200": {"description": "OpenAPI 3.1 document"}},
                }
            },
            **kiosk_paths(),
            **fiche_paths(),
        },
    }
