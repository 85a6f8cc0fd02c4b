"""Reading the register: one site's entries filtered for the list, a year's figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import extract, func, select
from sqlalchemy.orm import Session

from analysis.register import EntryFacts, RegisterFigures, register_figures

from ..core.models import RegisterEntry
from .rules import RegisterRules


@dataclass
class EntryFilters:
    year: int | None = None
    status: str | None = None
    kind: str | None = None
    channel: str | None = None
    is_overdue: bool = False

    def args(self) -> dict[str, str]:
        values = {"year": self.year or "all", "status": self.status, "kind": self.kind,
                  "channel": self.channel, "overdue": "1" if self.is_overdue else None}  # fmt: skip
        return {k: str(v) for k, v in values.items() if v not in (None, "")}


def _year(column, year: int):
    return (column >= date(year, 1, 1)) & (column <= date(year, 12, 31))


def site_entries(
    session: Session, site_id: int, filters: EntryFilters, today: date
) -> list[RegisterEntry]:
    """The site's entries matching the filters, the oldest open first, then newest."""
    query = select(RegisterEntry).where(RegisterEntry.site_id == site_id)
    if filters.year:
        query = query.where(_year(RegisterEntry.received_on, filters.year))
    for name in ("status", "kind", "channel"):
        if value := getattr(filters, name):
            query = query.where(getattr(RegisterEntry, name) == value)
    if filters.is_overdue:
        query = query.where(RegisterEntry.status == "open", RegisterEntry.due_on < today)
    query = query.order_by(
        (RegisterEntry.status != "open"), RegisterEntry.received_on.desc(), RegisterEntry.id.desc()
    )
    return list(session.scalars(query))


def entry_years(session: Session, site_id: int) -> list[int]:
    """The years the site's register has entries in, newest first."""
    year = extract("year", RegisterEntry.received_on)
    rows = session.scalars(
        select(year).where(RegisterEntry.site_id == site_id).group_by(year).order_by(year.desc())
    )
    return [int(y) for y in rows]


def year_facts(session: Session, site_id: int, year: int) -> list[EntryFacts]:
    """What the statistics need of the year's entries: never a contact nor a text."""
    rows = session.execute(
        select(
            RegisterEntry.received_on, RegisterEntry.channel, RegisterEntry.kind,
            RegisterEntry.is_in_scope, RegisterEntry.themes, RegisterEntry.status,
            RegisterEntry.due_on, RegisterEntry.replied_on,
        ).where(RegisterEntry.site_id == site_id, _year(RegisterEntry.received_on, year))
    )  # fmt: skip
    return [
        EntryFacts(r.received_on, r.channel, r.kind, r.is_in_scope, tuple(r.themes or ()),
                   r.status, r.due_on, r.replied_on)
        for r in rows
    ]  # fmt: skip


def in_scope_count(session: Session, site_id: int, year: int) -> int:
    return session.scalar(
        select(func.count()).where(
            RegisterEntry.site_id == site_id,
            RegisterEntry.is_in_scope,
            _year(RegisterEntry.received_on, year),
        )
    )


def year_figures(
    session: Session, site_id: int, year: int, today: date, rules: RegisterRules
) -> RegisterFigures:
    """The year's figures with last year's total (None when last year has no entry)."""
    previous = in_scope_count(session, site_id, year - 1)
    has_previous = previous or session.scalar(
        select(func.count()).where(
            RegisterEntry.site_id == site_id, _year(RegisterEntry.received_on, year - 1)
        )
    )
    return register_figures(
        year_facts(session, site_id, year),
        year,
        today,
        previous_total=previous if has_previous else None,
        area=rules.holiday_area,
    )
