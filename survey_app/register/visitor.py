"""A visitor's fiche hall, from the web form or the hall tablet: a register entry, never
linked to a survey response (no response id, no device, the time kept to the hour)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..core.models import RegisterEntry, Site
from .entries import EntryFields, create_entry
from .rules import RegisterRules

VISITOR_CHANNELS = ("web", "borne")
VISITOR_KINDS = ("suggestion", "reclamation", "information")
MAX_MESSAGE = 2000
MAX_CONTACT = 200


def record_fiche(
    session: Session,
    site: Site,
    *,
    channel: str,
    kind: str,
    message: str,
    contact: str | None,
    fiche_id: str,
    rules: RegisterRules,
    today: date,
) -> tuple[RegisterEntry, bool]:
    """The fiche as an open entry of the site's register; (entry, created). Idempotent on
    `fiche_id`: a form posted twice or a tablet's retry stores one entry."""
    existing = session.scalar(select(RegisterEntry).filter_by(client_id=fiche_id))
    if existing is not None:
        return existing, False
    if channel not in VISITOR_CHANNELS or kind not in VISITOR_KINDS:
        raise ValueError(f"bad fiche channel or kind: {channel!r}, {kind!r}")
    fields = EntryFields(
        received_on=today,
        channel=channel,
        kind=kind,
        summary=message[:MAX_MESSAGE],
        contact=(contact or "")[:MAX_CONTACT] or None,
    )
    entry = create_entry(session, site, fields, rules, today, client_id=fiche_id)
    return entry, True
