"""The kiosk endpoints' part of the OpenAPI document (merged by survey_app/web/api/openapi.py)."""

from __future__ import annotations

from typing import Any

from ...accounts.devices import APP_VERSION_MAX
from ...core.campaigns import SLUG
from ..api import examples
from ..api.schemas import (
    ALREADY_RECORDED,
    ANSWERS,
    ERROR,
    FIELD_ERRORS,
    LANG,
    NO_NUL,
    QUESTIONNAIRE,
    STORED,
    TOO_MANY,
    UUID,
    common,
    error,
    json_reply,
)
from . import payload

BEARER = [{"tablet": []}]
SECURITY_SCHEMES = {
    "tablet": {
        "type": "http",
        "scheme": "bearer",
        "description": "The device token a tablet received when it was paired.",
    }
}
SKEW_MINUTES = int(payload.CLOCK_SKEW.total_seconds() // 60)
CLOCK_RULE = (
    "When the visitor finished, by the tablet's clock, with its offset (RFC 3339). "
    f"Up to {SKEW_MINUTES} minutes ahead of the server's clock is taken as now; further "
    f"ahead is refused (422 `in_future`), and so is a time more than {payload.MAX_AGE.days} "
    "days ago (422 `too_old`). A response collected while the campaign was open but "
    "received after it closed is accepted for SURVEY_KIOSK_GRACE_DAYS days (default 7), "
    "then refused with 410."
)
KIOSK_RESPONSE = {
    "type": "object",
    "required": ["id", "answers", "collected_at"],
    "properties": {
        "id": UUID,
        "lang": LANG,
        "campaign": {
            "type": ["string", "null"],
            "pattern": SLUG.pattern,
            "description": "Slug of the campaign the visitor answered (one of the tablet's "
            "site's); without it, the campaign the tablet shows now. Another site's campaign "
            "or a value that is not a slug is refused (422 `campaign`).",
        },
        "answers": ANSWERS,
        "collected_at": {"type": "string", "format": "date-time", "description": CLOCK_RULE},
    },
}
ITEM_RESULT = {
    "type": "object",
    "required": ["id", "status"],
    "properties": {
        "id": {"type": ["string", "null"], "description": "The id sent (null if not a string)"},
        "status": {
            "enum": [200, 201, 403, 409, 410, 422],
            "description": "200/201: stored, drop it. 403/409/410/422: refused for good, "
            "keep it aside as rejected. The other fields are those of the same status "
            "of POST /api/v1/kiosk/responses, without `id`.",
        },
        "campaign": {"type": "string"},
        "channel": {"const": "kiosk"},
        "received_at": STORED["properties"]["received_at"],
        "error": {"type": "string"},
        "message": {"type": "string"},
        "errors": FIELD_ERRORS["properties"]["errors"],
    },
}
DEVICE = {
    "type": "object",
    "required": ["id", "name"],
    "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
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
        "device": DEVICE,
        "settings": {
            "type": "object",
            "required": ["idle_seconds", "idle_warning_seconds"],
            "properties": {
                "idle_seconds": {"type": "integer", "minimum": 1},
                "idle_warning_seconds": {"type": "integer", "minimum": 1},
            },
        },
    },
}
COUNT = {"type": "integer", "minimum": 0, "maximum": payload.MAX_COUNT}
UNAUTHORISED = json_reply(
    ERROR,
    "Unknown or revoked token",
    headers={"WWW-Authenticate": {"schema": {"type": "string", "pattern": "^Bearer "}}},
)
NO_CAMPAIGN = {
    "type": "object",
    "required": ["campaign", "languages", "device", "settings"],
    "properties": {
        "campaign": {"type": "null"},
        "languages": {
            "type": "array",
            "items": {"type": "string"},
            "description": "The languages the tablet can say «no survey» in, French first.",
        },
        "device": DEVICE,
        "settings": KIOSK_QUESTIONNAIRE["properties"]["settings"],
    },
}
"""The questionnaire answer while the tablet has no campaign to show (its site has none open
and it is not pinned): it shows «Pas d'enquête en cours» and asks again at its heartbeat."""


def _body(schema: dict[str, Any], examples_: dict[str, Any] | None = None) -> dict[str, Any]:
    media: dict[str, Any] = {"schema": schema}
    if examples_:
        media["examples"] = examples_
    return {"required": True, "content": {"application/json": media}}


def _tablet(max_bytes: int | None, **replies: Any) -> dict[str, Any]:
    """The replies of a tablet route: its own, 401, and 429 for an invalid token's flood."""
    return {**replies, "401": UNAUTHORISED, "429": TOO_MANY, **common(max_bytes)}


def kiosk_paths(max_bytes: int) -> dict[str, Any]:
    return {
        "/api/v1/kiosk/pair": {"post": _pair(max_bytes)},
        "/api/v1/kiosk/questionnaire": {
            "get": {
                "summary": "The tablet's campaign questionnaire and kiosk settings",
                "operationId": "getKioskQuestionnaire",
                "description": "The campaign the tablet shows: the one an officer pinned it "
                "to, else its site's open campaign (the one opened last when several are), "
                "else none (campaign null).",
                "security": BEARER,
                "responses": _tablet(
                    None,
                    **{
                        "200": json_reply(
                            {"oneOf": [KIOSK_QUESTIONNAIRE, NO_CAMPAIGN]},
                            "The questionnaire, or campaign null when there is none to show",
                        ),
                    },
                ),
            }
        },
        "/api/v1/kiosk/responses": {"post": _response(max_bytes)},
        "/api/v1/kiosk/responses/batch": {"post": _batch(max_bytes)},
        "/api/v1/kiosk/heartbeat": {"post": _heartbeat(max_bytes)},
    }


def _pair(max_bytes: int) -> dict[str, Any]:
    code = {"type": "string", "minLength": 1, "description": "From the pairing link #pair=…"}
    reply = {
        "type": "object",
        "required": ["token", "device", "campaign"],
        "properties": {
            "token": {"type": "string", "minLength": 1},
            "device": DEVICE,
            "campaign": {"type": ["string", "null"]},
        },
    }
    return {
        "summary": "Exchange a one-time pairing code for the tablet's token",
        "operationId": "pairTablet",
        "description": "Rate limited per address (setting SURVEY_KIOSK_RATE_LIMIT).",
        "requestBody": _body(
            {"type": "object", "required": ["code"], "properties": {"code": code}}, examples.PAIR
        ),
        "responses": {
            "200": json_reply(reply, "Paired: keep the token, it is shown only this once"),
            "404": error("Code unknown, already used or expired"),
            "422": json_reply(FIELD_ERRORS, "No code in the body, or not JSON"),
            "429": TOO_MANY,
            **common(max_bytes),
        },
    }


def _response(max_bytes: int) -> dict[str, Any]:
    return {
        "summary": "Record one response as channel kiosk (idempotent on its id)",
        "operationId": "postKioskResponse",
        "security": BEARER,
        "requestBody": _body(KIOSK_RESPONSE),
        "responses": _tablet(
            max_bytes,
            **{
                "201": json_reply(STORED, "Recorded"),
                "200": json_reply(STORED, ALREADY_RECORDED),
                "403": error("Campaign not open yet, or no campaign to file it in"),
                "409": error("Same id already recorded with other content"),
                "410": error("Campaign closed (and the grace period is over)"),
                "422": json_reply(FIELD_ERRORS, "Invalid response, one error per field"),
            },
        ),
    }


def _batch(max_bytes: int) -> dict[str, Any]:
    batch = {
        "type": "object",
        "required": ["responses"],
        "properties": {
            "responses": {
                "type": "array",
                "items": KIOSK_RESPONSE,
                "minItems": 1,
                "maxItems": payload.MAX_BATCH,
            }
        },
    }
    results = {
        "type": "object",
        "required": ["results"],
        "properties": {"results": {"type": "array", "items": ITEM_RESULT}},
    }
    return {
        "summary": "Record a tablet's queue at once; one status per response",
        "operationId": "postKioskBatch",
        "description": "Each response is judged as by POST /api/v1/kiosk/responses; a "
        "refused one does not stop the others.",
        "security": BEARER,
        "requestBody": _body(batch, examples.KIOSK_BATCH),
        "responses": _tablet(
            max_bytes,
            **{
                "200": json_reply(
                    results,
                    "One result per response, in the order sent",
                    examples=examples.KIOSK_RESULTS,
                ),
                "422": json_reply(
                    FIELD_ERRORS, f"Not a list of 1 to {payload.MAX_BATCH} responses"
                ),
            },
        ),
    }


def _heartbeat(max_bytes: int) -> dict[str, Any]:
    app_version = {
        "type": ["string", "null"],
        "pattern": NO_NUL,
        "description": f"The tablet's shell version; kept to its first {APP_VERSION_MAX} "
        "characters.",
    }
    beat = {
        "type": "object",
        "properties": {
            "queue_length": {**COUNT, "default": 0},
            "rejected_count": {**COUNT, "default": 0},
            "app_version": app_version,
        },
    }
    reply = {
        "type": "object",
        "required": ["server_time", "shell_version", "campaign_state", "content_hash"],
        "properties": {
            "server_time": {"type": "string", "format": "date-time"},
            "shell_version": {"type": "string"},
            "campaign": {
                "type": ["string", "null"],
                "description": "Slug of the campaign the tablet must show now (null: none)",
            },
            "campaign_state": {"enum": ["open", "not_yet_open", "closed", "draft", None]},
            "content_hash": {"type": ["string", "null"]},
        },
    }
    return {
        "summary": "The tablet is alive: its queue length, rejected count and version",
        "operationId": "kioskHeartbeat",
        "security": BEARER,
        "requestBody": _body(beat, examples.HEARTBEAT),
        "responses": _tablet(
            max_bytes,
            **{
                "200": json_reply(reply, "Recorded"),
                "422": json_reply(FIELD_ERRORS, "A count or the version is not valid"),
            },
        ),
    }
