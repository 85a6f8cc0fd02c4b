"""Answers kept apart and where imported responses came from (migration 0013).

A paper form or a past year's row is stored as the visitor filled it in: an answer that
breaks a questionnaire rule is not in `answers` (so no count ever sees it) but here, shown
in exports and on the paper entry page and counted in the report's notes (docs/report.md).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .db import db


class KeptApartAnswer(db.Model):
    """One answer a rule sets apart: `code` "hidden" (the item's show_if hides it: `value` or
    `text` is what was given) or "required" (a required item left unanswered: both None)."""

    __tablename__ = "kept_apart_answers"

    response_id: Mapped[str] = mapped_column(
        ForeignKey("responses.id", ondelete="CASCADE"), primary_key=True
    )
    item_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    code: Mapped[str] = mapped_column(String(16))
    value: Mapped[str | None] = mapped_column(String(64))
    text: Mapped[str | None] = mapped_column(Text)


class ResponseImport(db.Model):
    """One run of `survey import`: the file, when and by whom. The channel stays the one
    the response was collected on (kiosk, web, paper), read from the file or set for it."""

    __tablename__ = "response_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    file_name: Mapped[str] = mapped_column(String(255))
    imported_at: Mapped[datetime] = mapped_column(DateTime)
    imported_by: Mapped[str] = mapped_column(String(255))
    """The signed-in user's e-mail in the admin, «cli:<system user>» from the command line."""
    created: Mapped[int] = mapped_column(Integer, default=0)


class ImportedResponse(db.Model):
    """Which import brought a response in (none for live ones)."""

    __tablename__ = "imported_responses"

    response_id: Mapped[str] = mapped_column(
        ForeignKey("responses.id", ondelete="CASCADE"), primary_key=True
    )
    import_id: Mapped[int] = mapped_column(ForeignKey("response_imports.id"), index=True)
