"""The JSON Schemas of API v1's bodies and the replies every route shares.

Hand-written, and kept exact by tests/app/test_api_contract.py (a property-based run of
schemathesis against the app): a bound the server enforces and this file does not state,
or a status it answers and this file does not list, fails the suite. Numbers come from
the constants the validators use, so the two cannot say different things.
"""

from __future__ import annotations

from typing import Any

QUESTIONNAIRE_LINK = "/api/v1/campaigns/{slug}/questionnaire"
QUESTIONNAIRE_CODES = (
    "unknown_item",
    "required",
    "hidden",
    "invalid_option",
    "too_long",
    "language_not_offered",
    "channel_not_enabled",
)
"""Field error codes whose rule comes from the campaign's questionnaire (or its channels),
not from this document: which items exist and are required, their options, `show_if`,
a text item's `max_length`, the languages and channels offered."""
CLOCK_CODES = ("in_future", "too_old")
"""Field error codes of the kiosk's clock rule (relative to the server's time)."""
CAMPAIGN_CODES = ("unknown_campaign", "outside_campaign")
"""Field error codes that depend on the campaigns: a slug of another site than the tablet's,
a visits day before the campaign's first day or after its last."""
SHAPE_CODES = (
    "invalid_utf8",
    "too_deep",
    "invalid_json",
    "not_an_object",
    "unknown_field",
    "missing",
    "not_text",
    "nul_byte",
    "invalid_id",
    "invalid_time",
    "channel_not_allowed",
    "not_a_count",
    "not_a_batch",
    "invalid_channel",
    "invalid_date",
    "not_a_slug",
    "invalid",
)
"""Field error codes of rules this document states (a request valid by it never gets one)."""
NO_NUL = "^[^\\u0000]*$"
"""No NUL character: no database stores it (PostgreSQL refuses it, SQLite would keep it)."""

FIELD_ERROR = {
    "type": "object",
    "required": ["field", "code", "message"],
    "properties": {
        "field": {
            "type": "string",
            "description": "The field (an item key for an answer; `body` for the whole body).",
        },
        "code": {
            "enum": [*SHAPE_CODES, *QUESTIONNAIRE_CODES, *CLOCK_CODES, *CAMPAIGN_CODES],
            "description": "Stable code. "
            + ", ".join(f"`{c}`" for c in QUESTIONNAIRE_CODES)
            + " depend on the campaign's questionnaire (see its questionnaire endpoint); "
            + ", ".join(f"`{c}`" for c in CLOCK_CODES)
            + " on the kiosk clock rule; `unknown_campaign` on the campaigns of the tablet's "
            + "site; `outside_campaign` on the campaign's first and last days; the others on "
            + "the rules stated in this document.",
        },
        "message": {"type": "string", "description": "In English, for a developer."},
    },
}
FIELD_ERRORS = {
    "type": "object",
    "required": ["error", "errors"],
    "properties": {
        "error": {"const": "invalid_response"},
        "errors": {"type": "array", "minItems": 1, "items": FIELD_ERROR},
    },
}
ERROR = {
    "type": "object",
    "required": ["error", "message"],
    "properties": {
        "error": {"type": "string", "description": "Stable code, e.g. `not_found`."},
        "message": {"type": "string", "description": "In English, for a developer."},
    },
}
SECONDS = {"type": "integer", "minimum": 1}


def json_reply(
    schema: dict[str, Any],
    description: str,
    *,
    examples: dict[str, Any] | None = None,
    headers: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An OpenAPI response object with a JSON body (and its examples, its headers)."""
    media: dict[str, Any] = {"schema": schema}
    if examples:
        media["examples"] = examples
    reply = {"description": description, "content": {"application/json": media}}
    return reply | {"headers": headers} if headers else reply


def error(description: str) -> dict[str, Any]:
    return json_reply(ERROR, description)


TOO_MANY = json_reply(
    {
        "type": "object",
        "required": ["error", "message", "retry_after"],
        "properties": {
            "error": {"const": "too_many_requests"},
            "message": {"type": "string"},
            "retry_after": SECONDS,
        },
    },
    "Too many requests from this address (limits: docs/security.md)",
    headers={"Retry-After": {"description": "Seconds to wait", "schema": SECONDS}},
)
UNAVAILABLE = json_reply(
    ERROR,
    "The database is momentarily unavailable: nothing was stored, retry (safe: every "
    "write is idempotent on its id)",
    headers={"Retry-After": {"description": "Seconds to wait", "schema": SECONDS}},
)
BAD_QUERY = error("A NUL byte in the query string (no route takes a query parameter)")
UNSUPPORTED = error("The body is not `application/json`")


def too_large(max_bytes: int) -> dict[str, Any]:
    return error(f"Body larger than {max_bytes} bytes (setting SURVEY_MAX_REQUEST_BYTES)")


def common(max_bytes: int | None = None) -> dict[str, Any]:
    """The replies any route can give: 400, 503, and for a body 413 and 415."""
    replies = {"400": BAD_QUERY, "503": UNAVAILABLE}
    if max_bytes is not None:
        replies |= {"413": too_large(max_bytes), "415": UNSUPPORTED}
    return replies


UUID = {
    "type": "string",
    "format": "uuid",
    "description": "Chosen by the client (a random UUID); sending the same id again is safe.",
}
ANSWERS = {
    "type": "object",
    "propertyNames": {"pattern": NO_NUL},
    "additionalProperties": {"type": "string", "pattern": NO_NUL},
    "description": "Item key -> option value (choice, rating, yes/no) or free text. Which "
    "items exist, which are required, their options, `show_if` conditions and a text's "
    "`max_length` depend on the campaign's questionnaire: read them at "
    f"`{QUESTIONNAIRE_LINK}`. A value that breaks them is answered 422 with one error per "
    "item. An empty string counts as not answered.",
}
LANG = {
    "type": "string",
    "default": "fr",
    "description": "The language the visitor answered in: one of the questionnaire's "
    f"`languages` (`{QUESTIONNAIRE_LINK}`).",
}
ALREADY_RECORDED = (
    "This id is already recorded with the same answers (a retry): the stored response is "
    "answered and the request is not judged again (a retry after the campaign closed still "
    "gets 200)"
)
STORED = {
    "type": "object",
    "required": ["id", "campaign", "channel", "received_at"],
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "campaign": {"type": "string", "description": "The campaign's slug"},
        "channel": {"enum": ["web", "kiosk"]},
        "received_at": {
            "type": "string",
            "pattern": "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:00$",
            "description": "UTC, to the hour (no more precise, for the visitor's privacy)",
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
        "version": {"type": "integer", "minimum": 1},
        "content_hash": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
        "questionnaire": {
            "type": "object",
            "required": ["key", "languages", "items"],
            "description": "The frozen questionnaire (format: docs/questionnaire-format.md).",
            "properties": {
                "key": {"type": "string"},
                "languages": {"type": "array", "minItems": 1, "items": {"type": "string"}},
                "items": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["key", "type", "label"],
                        "properties": {
                            "key": {"type": "string"},
                            "type": {"enum": ["choice", "rating", "text", "yesno"]},
                            "required": {"type": "boolean"},
                            "label": {"type": "object", "additionalProperties": {"type": "string"}},
                            "show_if": {"type": "object", "required": ["item"]},
                            "max_length": {"type": "integer", "minimum": 1},
                        },
                    },
                },
            },
        },
    },
}
