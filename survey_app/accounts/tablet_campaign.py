"""Which campaign a hall tablet shows: the one it is pinned to, else its site's open one.

A tablet belongs to a site. It follows the site's open campaign by itself (the kiosk asks
at each heartbeat), so it is never enrolled again for next year's campaign; the officer may
pin it to one campaign instead. Its responses name the campaign they were answered for, so
a queue kept offline across a change of campaign is filed where it belongs.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..core.campaigns import campaign_state, get_campaign
from ..core.clock import utcnow
from ..core.models import AuditEvent, Campaign, Device
from .devices import check_pinnable


def open_campaigns(session: Session, site_id: int, now: datetime | None = None) -> list[Campaign]:
    """The site's campaigns a tablet may show now (open today, kiosk channel on), the one
    opened last first: a campaign opened on top of a running one is the one just set up."""
    now = now or utcnow()
    found = session.scalars(
        select(Campaign).where(Campaign.site_id == site_id, Campaign.status == "open")
    )
    shown = [c for c in found if "kiosk" in c.channels and campaign_state(c, now) == "open"]
    return sorted(shown, key=lambda c: (c.opens_on or date.min, c.created_at, c.id), reverse=True)


def shown_campaign(
    session: Session, device: Device, now: datetime | None = None
) -> Campaign | None:
    """The campaign the tablet shows: its pinned one (whatever its state), else its site's
    open one, else None (the tablet says there is no survey at the moment)."""
    if device.campaign is not None:
        return device.campaign
    found = open_campaigns(session, device.site_id, now)
    return found[0] if found else None


def answered_campaign(session: Session, device: Device, slug: str) -> Campaign | None:
    """The campaign a response says it was answered for, if it is one of the tablet's site."""
    campaign = get_campaign(session, slug) if isinstance(slug, str) else None
    if campaign is None or campaign.site_id != device.site_id:
        return None
    return campaign


def pin_device(
    session: Session,
    device: Device,
    campaign: Campaign | None,
    *,
    user_id: int | None = None,
    now: datetime | None = None,
) -> None:
    """Pin the tablet to `campaign`, or (None) let it follow its site's open campaign."""
    if campaign is not None:
        check_pinnable(device.site_id, campaign)
    before = device.campaign.slug if device.campaign else None
    device.campaign = campaign
    session.add(
        AuditEvent(
            at=now or utcnow(),
            user_id=user_id,
            action="tablet.pin" if campaign else "tablet.follow_site",
            target=f"device:{device.id}",
            details={"name": device.name, "before": before, "campaign": campaign and campaign.slug},
        )
    )
    session.flush()
