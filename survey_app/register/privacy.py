"""Personal data in the register: the contact and the summary, erased once the retention
period has passed since the request was received (the visitor is told so when leaving a
contact); the entry's other columns stay, so the statistics do not change."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..core.clock import utcnow
from ..core.models import RegisterEntry


def purge_personal_data(session: Session, older_than_days: int, today: date) -> tuple[int, int]:
    """Erase contact and summary of entries received `older_than_days` days ago or earlier
    (0: today's too).
    Returns (purged, of which still waiting for a reply)."""
    cutoff = today - timedelta(days=older_than_days)
    query = select(RegisterEntry).where(
        RegisterEntry.received_on <= cutoff,
        RegisterEntry.purged_at.is_(None),
        or_(RegisterEntry.contact.is_not(None), RegisterEntry.summary.is_not(None)),
    )
    purged = waiting = 0
    now = utcnow()
    for entry in session.scalars(query):
        entry.contact = entry.summary = None
        entry.purged_at = now
        purged += 1
        waiting += entry.status == "open"
    session.flush()
    return purged, waiting
