"""The tablet's digital fiche hall: GET /api/v1/kiosk/fiches says what the screen must tell
the visitor (how long a contact is kept), POST stores a fiche in the site's register as
channel «fiche hall (borne)», idempotent on its id. Never linked to a survey response."""

from __future__ import annotations

import uuid
from typing import Any

from flask import current_app, jsonify

from ...core.clock import local_today
from ...core.db import db
from ...register.rules import rules_from
from ...register.visitor import MAX_CONTACT, MAX_MESSAGE, VISITOR_KINDS, record_fiche
from ..api.replies import invalid
from ..inputs import has_unstorable
from .auth import current_device, device_required
from .views import _json_body, bp


def _field_error(field: str, message: str) -> dict[str, str]:
    return {"field": field, "code": "invalid", "message": message}


def _checked(body: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, str]]]:
    errors = []
    try:
        fiche_id = str(uuid.UUID(str(body.get("id", ""))))
    except ValueError:
        fiche_id = ""
        errors.append(_field_error("id", "expected a UUID chosen by the tablet"))
    kind = body.get("kind")
    if kind not in VISITOR_KINDS:
        errors.append(_field_error("kind", f"expected one of {', '.join(VISITOR_KINDS)}"))
    message = body.get("message")
    if has_unstorable(body):  # PostgreSQL refuses NUL, SQLite would keep it
        errors.append(_field_error("body", "no NUL byte nor lone surrogate in any text"))
    if not isinstance(message, str) or not message.strip():
        errors.append(_field_error("message", "expected a non-empty text"))
    elif len(message) > MAX_MESSAGE:
        errors.append(_field_error("message", f"at most {MAX_MESSAGE} characters"))
    contact = body.get("contact")
    contact = "" if contact is None else contact
    if not isinstance(contact, str) or len(contact) > MAX_CONTACT:
        errors.append(_field_error("contact", f"a text of at most {MAX_CONTACT} characters"))
    fields = {"fiche_id": fiche_id, "kind": kind,
              "message": message.strip() if isinstance(message, str) else "",
              "contact": contact.strip() if isinstance(contact, str) else ""}  # fmt: skip
    return fields, errors


@bp.get("/fiches")
@device_required
def fiche_settings():
    """What the fiche screen tells the visitor before they leave a contact."""
    return jsonify(retention_days=current_app.config["REQUEST_RETENTION_DAYS"])


@bp.post("/fiches")
@device_required
def post_fiche():
    body = _json_body()
    fields, errors = _checked(body)
    if errors:
        return invalid(errors)
    device = current_device()
    _, created = record_fiche(
        db.session, device.site, channel="borne", kind=fields["kind"],
        message=fields["message"], contact=fields["contact"], fiche_id=fields["fiche_id"],
        rules=rules_from(current_app.config), today=local_today(device.site.timezone),
    )  # fmt: skip
    db.session.commit()
    return jsonify(id=fields["fiche_id"], status=201 if created else 200), 201 if created else 200


def fiche_paths(max_bytes: int) -> dict[str, Any]:
    """This module's part of the OpenAPI document."""
    from ..api.schemas import FIELD_ERRORS, NO_NUL, UUID, json_reply
    from .openapi import BEARER, _body, _tablet

    stored = {"type": "object", "required": ["id", "status"],
              "properties": {"id": {"type": "string"}, "status": {"enum": [200, 201]}}}  # fmt: skip
    text = {"type": "string", "pattern": NO_NUL}
    fiche = {
        "type": "object",
        "required": ["id", "kind", "message"],
        "description": "No NUL byte in any text of the body, even in a field not listed.",
        "properties": {
            "id": UUID,
            "kind": {"enum": list(VISITOR_KINDS)},
            "message": {**text, "minLength": 1, "maxLength": MAX_MESSAGE,
                        "allOf": [{"pattern": "\\S"}],
                        "description": "The visitor's text: not only spaces."},
            "contact": {"type": ["string", "null"], "pattern": NO_NUL, "maxLength": MAX_CONTACT,
                        "description": "Optional: only to reply; erased after the retention."},
        },
        "additionalProperties": {"not": {"type": "string", "pattern": "\\u0000"}},
    }  # fmt: skip
    settings = {"type": "object", "required": ["retention_days"],
                "properties": {"retention_days": {"type": "integer", "minimum": 0}}}  # fmt: skip
    return {
        "/api/v1/kiosk/fiches": {
            "get": {
                "summary": "What the fiche screen tells the visitor (contact retention)",
                "operationId": "getKioskFicheSettings",
                "security": BEARER,
                "responses": _tablet(None, **{"200": json_reply(settings, "The settings")}),
            },
            "post": {
                "summary": "A visitor's suggestion, complaint or question for the site's register",
                "operationId": "postKioskFiche",
                "description": "Never linked to a response. Storing the same id again is safe.",
                "security": BEARER,
                "requestBody": _body(fiche),
                "responses": _tablet(
                    max_bytes,
                    **{
                        "201": json_reply(stored, "Stored in the register"),
                        "200": json_reply(stored, "Already stored (a retry)"),
                        "422": json_reply(FIELD_ERRORS, "Invalid fiche, one error per field"),
                    },
                ),
            },
        }
    }
