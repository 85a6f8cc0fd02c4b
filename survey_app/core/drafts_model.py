"""The questionnaire drafts edited in the workspace, before they are published as versions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .clock import utcnow
from .db import db


class QuestionnaireDraft(db.Model):
    """A questionnaire being edited: its document in the YAML's structure, not yet frozen.

    Nothing a visitor sees reads this table; publishing freezes `content` into a
    QuestionnaireVersion (survey_app/core/questionnaire_drafts.py)."""

    __tablename__ = "questionnaire_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), index=True)
    """The questionnaire's key (content["key"] when it is a valid string)."""
    label: Mapped[str] = mapped_column(String(200))
    """The French title, for the list of drafts."""
    based_on_id: Mapped[int | None] = mapped_column(ForeignKey("questionnaire_versions.id"))
    """The version the draft started from; None for the bundled file or an upload."""
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    translation_sources: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    """{lang: {path: hash of the French text when that translation was written}}: a
    translation whose French changed since is stale."""
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    based_on = relationship("QuestionnaireVersion")
