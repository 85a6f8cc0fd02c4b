"""Changing register entries: create, edit, reply, close. Each only adds and flushes; the
caller (a view, a command) commits, with its audit event, in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.register import CHANNELS, KINDS, REPLY_CHANNELS

from ..core.clock import to_hour, utcnow
from ..core.models import Campaign, CommentReview, RegisterEntry, Response, Site
from .rules import RegisterRules

MAX_THEMES = 10


class EntryError(ValueError):
    """An entry cannot be stored as given; the message says which field and why (French)."""

    def __init__(self, field_name: str, message: str):
        super().__init__(message)
        self.field_name = field_name


@dataclass
class EntryFields:
    """What an officer (or an import, or a visitor's fiche) says about a request."""

    received_on: date
    channel: str
    kind: str
    summary: str | None = None
    contact: str | None = None
    service: str | None = None
    themes: list[str] = field(default_factory=list)
    is_in_scope: bool = True
    out_of_scope_reason: str | None = None


def _clean(text: str | None) -> str | None:
    text = (text or "").strip()
    return text or None


def check_fields(fields: EntryFields, today: date) -> EntryFields:
    """The fields tidied (blanks to None, themes deduplicated), or EntryError."""
    if fields.channel not in CHANNELS:
        raise EntryError("channel", f"Canal inconnu\u00a0: {fields.channel!r}.")
    if fields.kind not in KINDS:
        raise EntryError("kind", f"Nature inconnue\u00a0: {fields.kind!r}.")
    if fields.received_on > today:
        raise EntryError("received_on", "La date de réception est dans le futur.")
    reason = _clean(fields.out_of_scope_reason)
    if not fields.is_in_scope and reason is None:
        raise EntryError(
            "out_of_scope_reason", "Indiquez pourquoi la demande est hors du champ du label."
        )
    themes: list[str] = []
    for theme in fields.themes:
        theme = " ".join(theme.split())[:100]
        if theme and theme.casefold() not in {t.casefold() for t in themes}:
            themes.append(theme)
    if len(themes) > MAX_THEMES:
        raise EntryError("themes", f"{MAX_THEMES} thèmes au plus.")
    return EntryFields(
        received_on=fields.received_on,
        channel=fields.channel,
        kind=fields.kind,
        summary=_clean(fields.summary),
        contact=_clean(fields.contact),
        service=_clean(fields.service),
        themes=themes,
        is_in_scope=fields.is_in_scope,
        out_of_scope_reason=None if fields.is_in_scope else reason,
    )


def _apply(entry: RegisterEntry, fields: EntryFields, rules: RegisterRules) -> None:
    entry.received_on, entry.channel, entry.kind = fields.received_on, fields.channel, fields.kind
    entry.service, entry.themes = fields.service, list(fields.themes)
    entry.is_in_scope, entry.out_of_scope_reason = fields.is_in_scope, fields.out_of_scope_reason
    entry.due_on = rules.due_on(fields.kind, fields.received_on)


def create_entry(
    session: Session,
    site: Site,
    fields: EntryFields,
    rules: RegisterRules,
    today: date,
    created_by_id: int | None = None,
    client_id: str | None = None,
) -> RegisterEntry:
    """A new open entry, its due date computed from its kind and received date."""
    fields = check_fields(fields, today)
    entry = RegisterEntry(
        site_id=site.id,
        status="open",
        summary=fields.summary,
        contact=fields.contact,
        created_by_id=created_by_id,
        client_id=client_id,
        created_at=to_hour(utcnow()),
    )
    _apply(entry, fields, rules)
    session.add(entry)
    session.flush()
    return entry


def update_entry(
    entry: RegisterEntry,
    fields: EntryFields,
    rules: RegisterRules,
    today: date,
    with_personal_data: bool = True,
) -> list[str]:
    """Change an entry; the due date follows its kind and date. Returns the changed fields'
    names (for the audit log, never their values). Without `with_personal_data` (a user who
    may not see them) the contact and the summary are left as they are."""
    fields = check_fields(fields, today)
    before = _snapshot(entry)
    _apply(entry, fields, rules)
    if with_personal_data and entry.purged_at is None:
        entry.summary, entry.contact = fields.summary, fields.contact
    after = _snapshot(entry)
    return [name for name in before if before[name] != after[name]]


def _snapshot(entry: RegisterEntry) -> dict:
    names = ("received_on", "channel", "kind", "service", "themes", "is_in_scope",
             "out_of_scope_reason", "due_on", "summary", "contact")  # fmt: skip
    return {name: getattr(entry, name) for name in names}


def record_reply(
    entry: RegisterEntry, replied_on: date, reply_channel: str, replied_by: str, today: date
) -> None:
    """The reply was sent: the entry is answered (a second call corrects the reply)."""
    if reply_channel not in REPLY_CHANNELS:
        raise EntryError("reply_channel", f"Canal de réponse inconnu\u00a0: {reply_channel!r}.")
    if replied_on > today:
        raise EntryError("replied_on", "La date de réponse est dans le futur.")
    if replied_on < entry.received_on:
        raise EntryError("replied_on", "La date de réponse précède la date de réception.")
    entry.replied_on, entry.reply_channel = replied_on, reply_channel
    entry.replied_by = replied_by.strip()[:254] or None
    entry.status = "answered"


def close_without_reply(entry: RegisterEntry) -> None:
    """Nothing to answer (an anonymous suggestion): out of the deadline figures."""
    entry.status = "closed"
    entry.replied_on = entry.reply_channel = entry.replied_by = None


def reopen(entry: RegisterEntry) -> None:
    entry.status = "open"
    entry.replied_on = entry.reply_channel = entry.replied_by = None


def known_themes(session: Session, site_ids: frozenset[int] | None) -> list[str]:
    """The themes already given to the comments and the register entries of these sites
    (None: every site): one list, so the register and the comments speak alike."""
    query = select(RegisterEntry.themes)
    comments = (
        select(CommentReview.theme)
        .join(Response, Response.id == CommentReview.response_id)
        .join(Campaign, Campaign.id == Response.campaign_id)
        .where(CommentReview.theme.is_not(None))
        .distinct()
    )
    if site_ids is not None:
        query = query.where(RegisterEntry.site_id.in_(site_ids))
        comments = comments.where(Campaign.site_id.in_(site_ids))
    themes = {theme for row in session.scalars(query) for theme in row or ()}
    themes.update(session.scalars(comments))
    return sorted(themes, key=str.casefold)
