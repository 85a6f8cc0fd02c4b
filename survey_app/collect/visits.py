"""Visits counted by the queue-management system: one number per campaign, channel and day
(or for the whole campaign when `day` is None), for the participation rate.

Every writer (admin page, CLI, API, file import) goes through `set_visits`; a file import
goes through `store_days`, which replaces the counts of the days the file holds and leaves
the other days alone, so importing the same export twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..core.models import Campaign, CampaignVisits

VISIT_CHANNELS = ("kiosk", "web", "paper")
MAX_VISITS = 10_000_000


def set_visits(
    session: Session, campaign: Campaign, channel: str, day: date | None, visits: int
) -> tuple[CampaignVisits, bool]:
    """Set the count (setting it again corrects it); (the row, whether it is new). Flushes.

    A day outside the campaign's period is a ValueError (`period_problem`): the writers
    check it first to say so on the field, and this guard keeps any other from storing it.
    """
    problem = day and period_problem(campaign, day)
    if problem:
        raise ValueError(problem)
    row = session.scalar(
        select(CampaignVisits).filter_by(campaign_id=campaign.id, channel=channel, day=day)
    )
    created = row is None
    if row is None:
        row = CampaignVisits(campaign_id=campaign.id, channel=channel, day=day, visits=visits)
        session.add(row)
    else:
        row.visits = visits
    session.flush()
    return row, created


def outside_period(campaign: Campaign, day: date) -> str | None:
    """'before' or 'after' when `day` is outside the campaign's first and last days (an
    unset bound accepts any day), else None: visits count only for the campaign's days."""
    if campaign.opens_on and day < campaign.opens_on:
        return "before"
    if campaign.closes_on and day > campaign.closes_on:
        return "after"
    return None


def period_problem(campaign: Campaign, day: date) -> str | None:
    """What is wrong with a day outside the campaign's period, naming its dates (in
    English, for the CLI and the API; the admin pages say it in French), else None."""
    where = outside_period(campaign, day)
    if where is None:
        return None
    bound = campaign.opens_on if where == "before" else campaign.closes_on
    first_last = "first" if where == "before" else "last"
    return f"{day} is {where} the campaign's {first_last} day ({bound}); {period_text(campaign)}"


def period_text(campaign: Campaign) -> str:
    """«the campaign runs from 2026-03-02 to 2026-03-27» (an unset bound left out)."""
    opens, closes = campaign.opens_on, campaign.closes_on
    if opens and closes:
        return f"the campaign runs from {opens} to {closes}"
    return f"the campaign runs from {opens}" if opens else f"the campaign runs until {closes}"


def stored_days(session: Session, campaign_id: int, channel: str) -> dict[date | None, int]:
    """The counts stored for one channel, by day (None: a campaign total typed in)."""
    rows = session.execute(
        select(CampaignVisits.day, CampaignVisits.visits).filter_by(
            campaign_id=campaign_id, channel=channel
        )
    )
    return {day: visits for day, visits in rows}


@dataclass
class DaysPlan:
    """What storing a file's days does to the stored counts, day by day."""

    new: dict[date, int] = field(default_factory=dict)
    changed: dict[date, tuple[int, int]] = field(default_factory=dict)
    """day -> (stored count, the file's count)"""
    unchanged: dict[date, int] = field(default_factory=dict)
    campaign_total: int | None = None
    """A campaign total typed in for the channel: the days win over it once stored."""

    @property
    def writes(self) -> int:
        return len(self.new) + len(self.changed)


def plan_days(
    session: Session, campaign_id: int, channel: str, counts: dict[date, int]
) -> DaysPlan:
    """Compare the file's counts with the stored ones, writing nothing (the preview)."""
    stored = stored_days(session, campaign_id, channel)
    plan = DaysPlan(campaign_total=stored.get(None))
    for day in sorted(counts):
        count, before = counts[day], stored.get(day)
        if before is None:
            plan.new[day] = count
        elif before != count:
            plan.changed[day] = (before, count)
        else:
            plan.unchanged[day] = count
    return plan


def store_days(
    session: Session, campaign: Campaign, channel: str, counts: dict[date, int]
) -> DaysPlan:
    """Replace the counts of the days in `counts` (other days stay as they are), after
    checking every day and count; ValueError names the first bad one. Flushes."""
    for day, count in counts.items():
        if channel not in VISIT_CHANNELS or outside_period(campaign, day):
            raise ValueError(f"{channel} {day}: not a day or channel of the campaign")
        if not 0 <= count <= MAX_VISITS:
            raise ValueError(f"{day}: {count} is not a count from 0 to {MAX_VISITS}")
    plan = plan_days(session, campaign.id, channel, counts)
    for day, count in {**plan.new, **{d: c for d, (_, c) in plan.changed.items()}}.items():
        set_visits(session, campaign, channel, day, count)
    return plan
