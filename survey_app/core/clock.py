"""Time helpers: naive UTC in the database, local dates per site."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def to_hour(moment: datetime) -> datetime:
    """Response times are stored to the hour: enough for analysis, not for tracking."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.replace(minute=0, second=0, microsecond=0)


def local_today(timezone: str, now: datetime | None = None) -> date:
    now = now or utcnow()
    return now.replace(tzinfo=UTC).astimezone(ZoneInfo(timezone)).date()


def week_hour(moment: datetime, timezone: str) -> int:
    """Local weekday (Monday 0) x 24 + local hour of a naive UTC time: the heatmap's cell."""
    local = moment.replace(tzinfo=UTC).astimezone(ZoneInfo(timezone))
    return local.weekday() * 24 + local.hour
