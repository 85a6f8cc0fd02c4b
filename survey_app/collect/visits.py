"""Visits counted by the queue-management system: one number per campaign, channel and day
(or for the whole campaign when `day` is None), for the participation rate."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..core.models import CampaignVisits

VISIT_CHANNELS = ("kiosk", "web", "paper")
MAX_VISITS = 10_000_000


def set_visits(
    session: Session, campaign_id: int, channel: str, day: date | None, visits: int
) -> tuple[CampaignVisits, bool]:
    """Set the count (setting it again corrects it); (the row, whether it is new). Flushes."""
    row = session.scalar(
        select(CampaignVisits).filter_by(campaign_id=campaign_id, channel=channel, day=day)
    )
    created = row is None
    if row is None:
        row = CampaignVisits(campaign_id=campaign_id, channel=channel, day=day, visits=visits)
        session.add(row)
    else:
        row.visits = visits
    session.flush()
    return row, created
