"""Personal data in the register: the contact and the summary, erased after the retention
period once the entry no longer waits for a reply; its counts stay for the statistics."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ..core.clock import utcnow
from ..core.models import RegisterEntry


def purge_personal_data(session: Session, older_than_days: int, today: date) -> tuple[int, int]:
    """Erase contact and summary of entries received more than `older_than_days` ago and
    answered or closed. Returns (purged, kept because still open)."""
    cutoff = today - timedelta(days=older_than_days)
    old = (
        RegisterEntry.received_on < cutoff,
        RegisterEntry.purged_at.is_(None),
        or_(RegisterEntry.contact.is_not(None), RegisterEntry.summary.is_not(None)),
    )
    purged = 0
    now = utcnow()
    for entry in session.scalars(select(RegisterEntry).where(*old, RegisterEntry.status != "open")):
        entry.contact = entry.summary = None
        entry.purged_at = now
        purged += 1
    waiting = session.scalar(select(func.count()).where(*old, RegisterEntry.status == "open"))
    session.flush()
    return purged, waiting
