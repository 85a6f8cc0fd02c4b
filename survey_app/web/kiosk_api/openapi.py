"""The kiosk endpoints' part of the OpenAPI document (merged by survey_app/web/api/openapi.py)."""

from __future__ import annotations

from typing import Any

from ..api.openapi import ERROR, FIELD_ERRORS, QUESTIONNAIRE, STORED, TOO_MANY

BEARER = [{"tablet": []}]
SECURITY_SCHEMES = {
    "tablet": {
        "type": "http",
        "scheme": "bearer",
        "description": "The device token a tablet received when it was paired.",
    }
}
KIOSK_RESPONSE = {
    "type": "object",
    "required": ["id", "answers", "collected_at"],
    "properties": {
        "id": {"type": "string", "format": "uuid", "description": "Chosen by the tablet."},
        "lang": {"type": "string", "default": "fr"},
        "campaign": {
            "type": "string",
            "description": "Slug of the campaign the visitor answered (one of the tablet's "
            "site); without it, the campaign the tablet shows now.",
        },
        "answers": {"type": "object", "additionalProperties": {"type": "string"}},
        "collected_at": {
            "type": "string",
            "format": "date-time",
            "description": "When the visitor finished, with its offset; judges late responses.",
        },
    },
}
ITEM_RESULT = {
    "type": "object",
    "required": ["id", "status"],
    "properties": {
        "id": {"type": ["string", "null"]},
        "status": {
            "enum": [200, 201, 403, 409, 410, 422],
            "description": "200/201: stored, drop it. 403/409/410/422: refused for good, "
            "keep it aside as rejected.",
        },
        "error": {"type": "string"},
        "message": {"type": "string"},
        "errors": FIELD_ERRORS["properties"]["errors"],
    },
}
KIOSK_QUESTIONNAIRE = {
    **QUESTIONNAIRE,
    "required": [*QUESTIONNAIRE["required"], "device", "settings"],
    "properties": {
        **QUESTIONNAIRE["properties"],
        "campaign": {
            **QUESTIONNAIRE["properties"]["campaign"],
            "properties": {
                **QUESTIONNAIRE["properties"]["campaign"]["properties"],
                "state": {"enum": ["open", "not_yet_open", "closed", "draft"]},
            },
        },
        "device": {"type": "object", "required": ["id", "name"]},
        "settings": {
            "type": "object",
            "required": ["idle_seconds", "idle_warning_seconds"],
            "properties": {
                "idle_seconds": {"type": "integer"},
                "idle_warning_seconds": {"type": "integer"},
            },
        },
    },
}
NO_CAMPAIGN = {
    "type": "object",
    "required": ["campaign", "device", "settings"],
    "properties": {
        "campaign": {"type": "null"},
        "languages": {
            "type": "array",
            "items": {"type": "string"},
            "description": "The languages the tablet can say so in, French first.",
        },
        "device": KIOSK_QUESTIONNAIRE["properties"]["device"],
        "settings": KIOSK_QUESTIONNAIRE["properties"]["settings"],
    },
}
UNAUTHORISED = {
    "description": "Unknown or revoked token",
    "content": {"application/json": {"schema": ERROR}},
}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def kiosk_paths() -> dict[str, Any]:
    return {
        "/api/v1/kiosk/pair": {
            "post": {
                "summary": "Exchange a one-time pairing code for the tablet's token",
                "requestBody": _body(
                    {
                        "type": "object",
                        "required": ["code"],
                        "properties": {"code": {"type": "string"}},
                    }
                ),
                "responses": {
                    "200": _json(
                        {
                            "type": "object",
                            "required": ["token", "device", "campaign"],
                            "properties": {
                                "token": {"type": "string"},
                                "device": {"type": "object"},
                                "campaign": {"type": ["string", "null"]},
                            },
                        },
                        "Paired: keep the token, it is shown only this once",
                    ),
                    "404": _json(ERROR, "Code unknown, already used or expired"),
                    "415": _json(ERROR, "Body is not application/json"),
                    "422": _json(FIELD_ERRORS, "No code in the body"),
                    "429": TOO_MANY,
                },
            }
        },
        "/api/v1/kiosk/questionnaire": {
            "get": {
                "summary": "The tablet's campaign questionnaire and kiosk settings",
                "security": BEARER,
                "responses": {
                    "200": _json(
                        {"oneOf": [KIOSK_QUESTIONNAIRE, NO_CAMPAIGN]},
                        "The questionnaire of the campaign the tablet shows (its pinned one, "
                        "else its site's open one), or campaign null when there is none",
                    ),
                    "401": UNAUTHORISED,
                },
            }
        },
        "/api/v1/kiosk/responses": {
            "post": {
                "summary": "Record one response as channel kiosk (idempotent on its id)",
                "security": BEARER,
                "requestBody": _body(KIOSK_RESPONSE),
                "responses": {
                    "201": _json(STORED, "Recorded"),
                    "200": _json(STORED, "Exact repeat of a recorded response"),
                    "401": UNAUTHORISED,
                    "403": _json(ERROR, "Campaign not open yet, or no campaign to file it in"),
                    "409": _json(ERROR, "Same id already recorded with other content"),
                    "410": _json(ERROR, "Campaign closed (and the grace period is over)"),
                    "415": _json(ERROR, "Body is not application/json"),
                    "422": _json(FIELD_ERRORS, "Invalid response, one error per field"),
                },
            }
        },
        "/api/v1/kiosk/responses/batch": {
            "post": {
                "summary": "Record a tablet's queue at once; one status per response",
                "security": BEARER,
                "requestBody": _body(
                    {
                        "type": "object",
                        "required": ["responses"],
                        "properties": {
                            "responses": {"type": "array", "items": KIOSK_RESPONSE, "maxItems": 100}
                        },
                    }
                ),
                "responses": {
                    "200": _json(
                        {
                            "type": "object",
                            "required": ["results"],
                            "properties": {"results": {"type": "array", "items": ITEM_RESULT}},
                        },
                        "One result per response, in the order sent",
                    ),
                    "401": UNAUTHORISED,
                    "413": _json(ERROR, "Body too large: send fewer responses at once"),
                    "415": _json(ERROR, "Body is not application/json"),
                    "422": _json(FIELD_ERRORS, "Not a list of 1 to 100 responses"),
                },
            }
        },
        "/api/v1/kiosk/heartbeat": {
            "post": {
                "summary": "The tablet is alive: its queue length, rejected count and version",
                "security": BEARER,
                "requestBody": _body(
                    {
                        "type": "object",
                        "properties": {
                            "queue_length": {"type": "integer", "minimum": 0},
                            "rejected_count": {"type": "integer", "minimum": 0},
                            "app_version": {"type": "string"},
                        },
                    }
                ),
                "responses": {
                    "200": _json(
                        {
                            "type": "object",
                            "required": ["server_time", "shell_version", "campaign_state"],
                            "properties": {
                                "server_time": {"type": "string"},
                                "shell_version": {"type": "string"},
                                "campaign": {
                                    "type": ["string", "null"],
                                    "description": "Slug of the campaign the tablet must show",
                                },
                                "campaign_state": {"type": ["string", "null"]},
                                "content_hash": {"type": ["string", "null"]},
                            },
                        },
                        "Recorded",
                    ),
                    "401": UNAUTHORISED,
                    "415": _json(ERROR, "Body is not application/json"),
                    "422": _json(FIELD_ERRORS, "A count is not a whole number"),
                },
            }
        },
    }
