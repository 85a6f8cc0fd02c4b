"""How a setting's value is read and checked: numbers in a range, time zones, e-mail
addresses, rate limits, opening hours... Each raises ValueError with a one-line reason,
which core.settings prefixes with the setting's source.

Kept free of Flask imports so survey_app.core.settings can use them at start-up.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

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


def int_between(low: int, high: int) -> Callable[[Any], int]:
    def parse(value: Any) -> int:
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise ValueError(f"expected a whole number, got {value!r}") from None
        if not low <= number <= high:
            raise ValueError(f"expected a number from {low} to {high}, got {number}")
        return number

    return parse


def as_text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected text, got {value!r}")
    return value


@dataclass(frozen=True)
class Setting:
    """One setting: its name (without the SURVEY_ prefix), default, help line and parser."""

    name: str
    default: Any
    help: str
    parse: Callable[[Any], Any] = as_text


def token(value: Any) -> str:
    text = as_text(value).strip()
    if text and (len(text) < 32 or not text.isascii() or not text.isprintable() or " " in text):
        raise ValueError(
            "expected empty or at least 32 printable ASCII characters without spaces, e.g. "
            "the output of: python3 -c 'import secrets; print(secrets.token_urlsafe(32))'"
        )
    return text


def boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off", ""):
        return False
    raise ValueError(f"expected true or false, got {value!r}")


def timezone(value: Any) -> str:
    try:
        ZoneInfo(str(value))
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {value!r} (e.g. Europe/Paris)") from None
    return str(value)


def database_url(value: Any) -> str:
    text = as_text(value)
    if text and not text.startswith(("sqlite:", "postgresql")):
        raise ValueError(f"expected a sqlite:// or postgresql:// URL, got {text!r}")
    return text


def synchronous(value: Any) -> str:
    text = as_text(value).upper()
    if text not in ("FULL", "NORMAL", "EXTRA"):
        raise ValueError(f"expected FULL, NORMAL or EXTRA, got {value!r}")
    return text


def smtp_security(value: Any) -> str:
    text = as_text(value).strip().lower()
    if text not in ("starttls", "ssl", "none"):
        raise ValueError(f"expected starttls, ssl or none, got {value!r}")
    return text


def holiday_area(value: Any) -> str:
    from analysis.working_days import holiday_areas

    text = as_text(value).strip()
    if text and text not in holiday_areas():
        areas = ", ".join(holiday_areas())
        raise ValueError(f"unknown holiday area {text!r}: empty or one of {areas}")
    return text


def email(value: Any) -> str:
    text = as_text(value).strip()
    if text and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", text):
        raise ValueError(f"expected an e-mail address, got {value!r}")
    return text


def conformity(value: Any) -> str:
    text = as_text(value).strip().lower()
    if text not in CONFORMITY:
        raise ValueError(f"expected none, partial or full, got {value!r}")
    return text


CONFORMITY = ("none", "partial", "full")
