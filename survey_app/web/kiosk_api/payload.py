"""Checks the shape of what a tablet sends, before the write path judges the answers."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from ...core.campaigns import SLUG

CLOCK_SKEW = timedelta(minutes=10)
"""How far ahead of the server a tablet's clock may run."""
MAX_AGE = timedelta(days=400)
"""A collection time older than this is a broken clock, not a slow queue."""
MAX_BATCH = 100
LEAP_SECOND = re.compile(r"(T\d\d:\d\d):60")
MAX_COUNT = 1_000_000
"""A queue or rejected count above this is a broken tablet, not a long outage."""


def field_error(field: str, code: str, message: str) -> dict[str, str]:
    return {"field": field, "code": code, "message": message}


def response_errors(body: Any) -> list[dict[str, str]]:
    """Missing or mistyped fields of one response (answers themselves are checked later)."""
    if not isinstance(body, dict):
        return [field_error("body", "not_an_object", "each response must be a JSON object")]
    errors = []
    for field in ("id", "answers", "collected_at"):
        if field not in body:
            errors.append(field_error(field, "missing", f"'{field}' is required"))
    if "answers" in body and not isinstance(body["answers"], dict):
        errors.append(
            field_error("answers", "not_an_object", "'answers' must be an object {item: value}")
        )
    if not isinstance(body.get("lang", "fr"), str):
        errors.append(field_error("lang", "not_text", "'lang' must be a string"))
    if not isinstance(body.get("id", ""), str):
        errors.append(field_error("id", "not_text", "'id' must be a UUID string"))
    campaign = body.get("campaign")
    if campaign is not None and not (isinstance(campaign, str) and SLUG.fullmatch(campaign)):
        message = "'campaign' must be the slug of a campaign of this tablet's site"
        errors.append(field_error("campaign", "not_a_slug", message))
    return errors


def collected_at(value: Any, now: datetime) -> tuple[datetime | None, dict[str, str] | None]:
    """The tablet's collection time as naive UTC, or a field error.

    A time slightly ahead (tablet clock drift) is taken as now; far ahead or absurdly
    old is refused, so a broken clock cannot slip a response past the grace period.
    """
    try:
        # fromisoformat() reads "10:00\x00Z" as 10:00Z: a NUL byte is refused, not skipped.
        is_text = isinstance(value, str) and "\x00" not in value
        moment = datetime.fromisoformat(_rfc3339(value)) if is_text else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        message = "'collected_at' must be an ISO 8601 time with its offset, e.g. 2026-03-04T09:15Z"
        return None, field_error("collected_at", "invalid_time", message)
    moment = moment.astimezone(UTC).replace(tzinfo=None)
    if moment > now + CLOCK_SKEW:
        message = "'collected_at' is in the future: check the tablet's clock"
        return None, field_error("collected_at", "in_future", message)
    if moment < now - MAX_AGE:
        message = "'collected_at' is too long ago: check the tablet's clock"
        return None, field_error("collected_at", "too_old", message)
    return min(moment, now), None


def _rfc3339(value: str) -> str:
    """What fromisoformat() reads of an RFC 3339 time: a lowercase "t" or "z" as uppercase,
    and a leap second (23:59:60) as the second before it."""
    return LEAP_SECOND.sub(r"\1:59", value.upper())


def count(value: Any, field: str) -> tuple[int, dict[str, str] | None]:
    """A whole number in range; 3.0 is 3 (JSON does not tell an integer from a float)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_COUNT:
        return value, None
    return 0, field_error(
        field, "not_a_count", f"'{field}' must be a whole number from 0 to {MAX_COUNT}"
    )
