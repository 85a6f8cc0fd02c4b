"""The requests register's table: réclamations, suggestions and demandes d'information.

Codes (channel, kind, status) and their French labels are in analysis/register.py. The
contact and the summary are personal data: `survey purge-requests` empties them after the
retention period and stamps purged_at; every other column stays for the statistics.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .clock import utcnow
from .db import db


class RegisterEntry(db.Model):
    __tablename__ = "register_entries"
    __table_args__ = (Index("ix_register_entries_site_received", "site_id", "received_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    received_on: Mapped[date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(20))
    is_in_scope: Mapped[bool] = mapped_column(Boolean, default=True)
    out_of_scope_reason: Mapped[str | None] = mapped_column(String(200))
    service: Mapped[str | None] = mapped_column(String(200))
    themes: Mapped[list[str]] = mapped_column(JSON, default=list)
    summary: Mapped[str | None] = mapped_column(Text)
    """What the sender asks or says; None once purged."""
    contact: Mapped[str | None] = mapped_column(String(500))
    """How to reply (address, e-mail, phone), when one is needed; None once purged."""
    due_on: Mapped[date] = mapped_column(Date)
    """received_on + the kind's deadline in working days (survey_app/register/deadlines.py)."""
    status: Mapped[str] = mapped_column(String(10), default="open")
    replied_on: Mapped[date | None] = mapped_column(Date)
    reply_channel: Mapped[str | None] = mapped_column(String(20))
    replied_by: Mapped[str | None] = mapped_column(String(254))
    """Who replied: the officer's login, or a name from an imported register."""
    client_id: Mapped[str | None] = mapped_column(String(36), unique=True)
    """The tablet's or form's id for a visitor's fiche, so a replayed post is stored once."""
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    purged_at: Mapped[datetime | None] = mapped_column(DateTime)
