"""Parsers of the admin settings: the login rate limit and the site's opening hours.

Kept free of Flask imports so survey_app.core.settings can use them at start-up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
JOURS = ("lun", "mar", "mer", "jeu", "ven", "sam", "dim")
"""The same days in French, as an officer writes them: 'lun-ven 08:30-16:30'."""
_HOURS = re.compile(
    r"^\s*(?P<first>[a-z]{3})(?:-(?P<last>[a-z]{3}))?\s+"
    r"(?P<start>\d{1,2}:\d{2})-(?P<end>\d{1,2}:\d{2})\s*$"
)


@dataclass(frozen=True)
class OpeningHours:
    """Days of the week (0 = Monday) and the daily time range a tablet should be heard from."""

    days: frozenset[int]
    start: time
    end: time

    def is_open(self, local: datetime) -> bool:
        return local.weekday() in self.days and self.start <= local.time() < self.end

    def silent_minutes(self, last_seen: datetime | None, now: datetime) -> float | None:
        """Minutes without news counted from today's opening (local times); None when closed.

        A tablet switched off overnight is not late before it has had time to call in.
        """
        if not self.is_open(now):
            return None
        opened = now.replace(
            hour=self.start.hour, minute=self.start.minute, second=0, microsecond=0
        )
        since = opened if last_seen is None else max(last_seen, opened)
        return (now - since).total_seconds() / 60


def _clock(text: str) -> time:
    hours, minutes = (int(part) for part in text.split(":"))
    if hours > 23 or minutes > 59:
        raise ValueError(f"expected a time of day such as 08:30, got {text!r}")
    return time(hours, minutes)


def _day(name: str) -> int | None:
    for names in (DAYS, JOURS):
        if name in names:
            return names.index(name)
    return None


def hours_in_french(value: str) -> str:
    """'mon-fri 08:30-16:30' as an officer reads it: 'lun-ven 08:30-16:30'."""
    return re.sub(
        r"[a-z]{3}", lambda m: JOURS[DAYS.index(m[0])] if m[0] in DAYS else m[0], value.lower()
    )


def parse_opening_hours(value: Any) -> OpeningHours:
    """'mon-fri 08:30-16:30' (or 'sat 09:00-12:00', or in French 'lun-ven 08:30-16:30'):
    the days and the hours, local time."""
    if isinstance(value, OpeningHours):
        return value
    match = _HOURS.match(str(value).lower())
    if not match or _day(match["first"]) is None or _day(match["last"] or "mon") is None:
        raise ValueError(f"expected days and hours such as 'mon-fri 08:30-16:30', got {value!r}")
    first = _day(match["first"])
    last = _day(match["last"]) if match["last"] else first
    if last < first:
        raise ValueError(f"the days run backwards in {value!r}")
    start, end = _clock(match["start"]), _clock(match["end"])
    if end <= start:
        raise ValueError(f"the closing time is not after the opening time in {value!r}")
    return OpeningHours(frozenset(range(first, last + 1)), start, end)


def parse_rate_limit(value: Any) -> str:
    """A Flask-Limiter rate such as '5 per minute' or '5/minute;20/hour'."""
    from limits import parse_many

    text = str(value).strip()
    try:
        parse_many(text)
    except ValueError:
        raise ValueError(f"expected a rate such as '5 per minute', got {value!r}") from None
    return text


def parse_storage_uri(value: Any) -> str:
    """Where rate-limit counters are kept: empty (a file in the instance folder),
    sqlite:///PATH, memory:// or a redis:// URI."""
    text = str(value).strip()
    schemes = ("sqlite:///", "memory://", "redis://", "rediss://", "redis+sentinel://")
    if text and not text.startswith(schemes):
        raise ValueError(f"expected empty, sqlite:///PATH, memory:// or redis://, got {value!r}")
    if text.startswith("redis"):
        try:
            import redis  # noqa: F401
        except ImportError:
            raise ValueError(
                "the redis package is missing: pip install 'survey-app[redis]'"
            ) from None
    return text


def check_opening_hours(value: Any) -> str:
    """The setting stays text (defaults are not parsed); this only refuses a bad value."""
    parse_opening_hours(value)
    return str(value).strip()


def parse_burst_rate(value: Any) -> str:
    """'4 per minute': more responses than that from one source are flagged; '' is off."""
    text = str(value).strip()
    if text:
        burst_rate(text)
    return text


def burst_rate(text: str) -> tuple[int, float]:
    """(count, seconds) of a rate such as '4 per minute'; (0, 0) when empty."""
    from limits import parse

    if not text.strip():
        return 0, 0.0
    try:
        item = parse(text)
    except ValueError:
        raise ValueError(f"expected a rate such as '4 per minute', got {text!r}") from None
    return item.amount, float(item.get_expiry())
