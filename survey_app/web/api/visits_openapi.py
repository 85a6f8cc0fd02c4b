"""The visits route's part of the OpenAPI document (merged by openapi.py)."""

from __future__ import annotations

from typing import Any

from ...collect.visits import MAX_VISITS, VISIT_CHANNELS
from . import examples
from .schemas import ERROR, FIELD_ERRORS, TOO_MANY, common, error, json_reply

INTEGRATION_SCHEME = {
    "integration": {
        "type": "http",
        "scheme": "bearer",
        "description": "The deployment's visits token (setting SURVEY_API_VISITS_TOKEN).",
    }
}
VISITS = {
    "type": "object",
    "required": ["channel", "visits"],
    "additionalProperties": False,
    "properties": {
        "channel": {"enum": list(VISIT_CHANNELS)},
        "day": {
            "type": ["string", "null"],
            "format": "date",
            "pattern": "^\\d{4}-\\d{2}-\\d{2}$",
            "description": "The day counted, within the campaign's first and last days when "
            "it has them (else 422 `outside_campaign`); null or absent: a total for the whole "
            "campaign (for a channel, days set win over a total).",
        },
        "visits": {"type": "integer", "minimum": 0, "maximum": MAX_VISITS},
    },
}
SET = {
    "type": "object",
    "required": ["campaign", "channel", "day", "visits"],
    "properties": {
        "campaign": {"type": "string"},
        "channel": {"enum": list(VISIT_CHANNELS)},
        "day": {"type": ["string", "null"], "format": "date"},
        "visits": {"type": "integer", "minimum": 0},
    },
}


def put_visits(max_bytes: int) -> dict[str, Any]:
    return {
        "summary": "Set the visits the queue-management system counted (setting it again "
        "corrects it)",
        "operationId": "putVisits",
        "description": "For the participation rate (responses / visits) of the officer's "
        "dashboard and report. Idempotent: the same request again changes nothing.",
        "security": [{"integration": []}],
        "parameters": [
            {
                "name": "slug",
                "in": "path",
                "required": True,
                "schema": {"type": "string", "minLength": 1},
            }
        ],
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": VISITS, "examples": examples.VISITS}},
        },
        "responses": {
            "201": json_reply(
                SET, "Set (a new day, channel or total)", examples=examples.VISITS_SET
            ),
            "200": json_reply(SET, "Set (corrects the number given before)"),
            "401": json_reply(
                ERROR,
                "No or a wrong token, or no token configured",
                headers={"WWW-Authenticate": {"schema": {"type": "string", "pattern": "^Bearer "}}},
            ),
            "404": error("No such campaign (or not published yet)"),
            "422": json_reply(FIELD_ERRORS, "Refused, one error per field"),
            "429": TOO_MANY,
            **common(max_bytes),
        },
    }
