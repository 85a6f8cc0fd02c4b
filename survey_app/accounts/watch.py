"""Watching the tablets: their site's opening hours and how long one has been silent.

The tablets page (red rows) and the alert e-mails (survey alerts) both judge silence here.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import current_app

from ..core import sites
from ..core.models import Device, Site
from ..core.setting_values import OpeningHours
from .devices import device_status


def opening_hours_of(site: Site) -> OpeningHours:
    """The days and hours the site's reception is open, in its time zone: its own (set at
    /admin/sites), else the OPENING_HOURS setting."""
    return sites.opening_hours_of(site, current_app.config["OPENING_HOURS"])


def local_time(site: Site, moment: datetime | None) -> datetime | None:
    """A naive UTC time as the site's naive local time."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC).astimezone(ZoneInfo(site.timezone)).replace(tzinfo=None)


def silent_minutes(device: Device, now: datetime) -> float | None:
    """Minutes a paired tablet has been silent during today's opening hours; None when the
    site is closed now or the tablet is not in service (waiting for pairing, revoked)."""
    if device_status(device, now) != "active":
        return None
    hours = opening_hours_of(device.site)
    return hours.silent_minutes(
        local_time(device.site, device.last_seen_at), local_time(device.site, now)
    )


def is_silent(device: Device, now: datetime) -> bool:
    """Silent for longer than TABLET_SILENT_MINUTES during opening hours."""
    silent = silent_minutes(device, now)
    return silent is not None and silent > current_app.config["TABLET_SILENT_MINUTES"]
