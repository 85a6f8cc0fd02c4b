"""PUT /api/v1/campaigns/<slug>/visits: the queue-management system's visit counts.

Authenticated by the bearer token of the API_VISITS_TOKEN setting (one per deployment);
without that setting the route answers 401 to everyone.
"""

from __future__ import annotations

import hmac
import re
from datetime import date
from typing import Any

from flask import abort, current_app, jsonify, request

from ...collect.visits import MAX_VISITS, VISIT_CHANNELS, period_problem, set_visits
from ...core.campaigns import get_campaign
from ...core.db import db
from ..inputs import json_object
from ..kiosk_api.auth import bearer_token
from ..limits import limiter, rate
from .replies import invalid
from .views import _public, bp

FIELDS = ("channel", "day", "visits")
DAY = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


def is_integrator() -> bool:
    """The request carries the configured visits token (compared in constant time)."""
    expected = current_app.config["API_VISITS_TOKEN"]
    sent = bearer_token() or ""
    return bool(expected) and hmac.compare_digest(sent.encode(), expected.encode())


@bp.put("/campaigns/<slug>/visits")
@limiter.limit(rate("API_RATE_LIMIT"), exempt_when=is_integrator)
def put_visits(slug: str):
    if not is_integrator():
        reply = jsonify(error="unauthorized", message="a valid visits token is required")
        return reply, 401, {"WWW-Authenticate": 'Bearer realm="visits"'}
    if not request.is_json:
        abort(415, description="send the visits as application/json")
    body, body_error = json_object()
    if body is None:
        return invalid([body_error])
    campaign = _public(get_campaign(db.session, slug), slug)
    errors, values = _checked(body)
    problem = values["day"] and period_problem(campaign, values["day"])
    if problem:
        errors.append(_error("day", "outside_campaign", problem))
    if errors:
        return invalid(errors)
    row, created = set_visits(db.session, campaign, **values)
    db.session.commit()
    reply = {
        "campaign": campaign.slug,
        "channel": row.channel,
        "day": row.day.isoformat() if row.day else None,
        "visits": row.visits,
    }
    return jsonify(reply), 201 if created else 200


def _checked(body: dict[str, Any]) -> tuple[list[dict[str, str]], dict[str, Any]]:
    errors = [
        _error(str(k)[:100], "unknown_field", "not a visits field") for k in body if k not in FIELDS
    ]
    channel, day, visits = body.get("channel"), body.get("day"), body.get("visits")
    if channel not in VISIT_CHANNELS:
        errors.append(_error("channel", "invalid_channel", f"one of {', '.join(VISIT_CHANNELS)}"))
    if day is not None:
        try:
            day = date.fromisoformat(day) if isinstance(day, str) and DAY.match(day) else None
        except ValueError:
            day = None
        if day is None:
            errors.append(_error("day", "invalid_date", "a date as YYYY-MM-DD, or null"))
    if isinstance(visits, float) and visits.is_integer():
        visits = int(visits)
    if not isinstance(visits, int) or isinstance(visits, bool) or not 0 <= visits <= MAX_VISITS:
        errors.append(_error("visits", "not_a_count", f"a whole number from 0 to {MAX_VISITS}"))
    return errors, {"channel": channel, "day": day, "visits": visits}


def _error(field: str, code: str, message: str) -> dict[str, str]:
    return {"field": field, "code": code, "message": message}
