"""Admin sessions kept server-side: the cookie holds a random token, the table its hash.

A row per session rather than a counter per user: logout ends that one session (every
copy of its cookie) and not the user's other browsers, and the idle timeout reads the last
request's time on the server, which no copy of a cookie can carry. A new password or a
disabled account ends all the user's sessions whatever code makes the change (a command,
a page): the flush hook at the bottom watches User rows, so no caller can forget it.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, event, func, inspect, or_, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from ..core.clock import utcnow
from ..core.models import AdminSession, User

TOUCH_EVERY = timedelta(seconds=60)
"""The last-seen time is written at most this often: one small write a minute per session."""


@dataclass(frozen=True)
class Lifetimes:
    idle: timedelta
    """A session unused this long ends."""
    absolute: timedelta
    """A session this old ends, however busy."""

    @classmethod
    def configured(cls, config: Mapping[str, Any]) -> Lifetimes:
        """As the app (or the command) is configured: ADMIN_IDLE_MINUTES and
        ADMIN_SESSION_HOURS."""
        return cls(
            idle=timedelta(minutes=config["ADMIN_IDLE_MINUTES"]),
            absolute=timedelta(hours=config["ADMIN_SESSION_HOURS"]),
        )


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(
    session: Session, user: User, lifetimes: Lifetimes, device: str | None = None
) -> str:
    """A new session for `user` (its token goes in the cookie), on `device` (a short label
    of the browser and system); the user's ended ones go."""
    now = utcnow()
    session.execute(
        delete(AdminSession).where(AdminSession.user_id == user.id, _ended(lifetimes, now))
    )
    token = secrets.token_urlsafe(32)
    session.add(
        AdminSession(
            token_hash=token_hash(token),
            user_id=user.id,
            created_at=now,
            last_seen_at=now,
            device=device[:80] if device else None,
        )
    )
    return token


def _ended(lifetimes: Lifetimes, now: datetime):
    return or_(
        AdminSession.last_seen_at < now - lifetimes.idle,
        AdminSession.created_at < now - lifetimes.absolute,
    )


def find_session(
    session: Session, token: str, lifetimes: Lifetimes, now: datetime | None = None
) -> tuple[AdminSession, User] | None:
    """The live session with this token and its enabled user, else None."""
    now = now or utcnow()
    query = (
        select(AdminSession, User)
        .join(User, User.id == AdminSession.user_id)
        .where(AdminSession.token_hash == token_hash(token), User.is_enabled)
    )
    found = session.execute(query).first()
    if found is None:
        return None
    admin_session, user = found
    if admin_session.last_seen_at < now - lifetimes.idle:
        return None
    if admin_session.created_at < now - lifetimes.absolute:
        return None
    return admin_session, user


def touch_session(engine: Engine, admin_session: AdminSession, now: datetime | None = None) -> None:
    """Record that the session was just used, on a connection of its own (so a read-only
    request never turns its own transaction into a writing one), at most once a minute."""
    now = now or utcnow()
    if now - admin_session.last_seen_at < TOUCH_EVERY:
        return
    with engine.begin() as connection:
        connection.execute(
            update(AdminSession)
            .where(AdminSession.token_hash == admin_session.token_hash)
            .values(last_seen_at=now)
        )


def end_session(session: Session, token: str) -> None:
    """Logout: this session ends, and every copy of its cookie with it."""
    session.execute(delete(AdminSession).where(AdminSession.token_hash == token_hash(token)))


def end_sessions(
    session: Session, user_id: int, lifetimes: Lifetimes, now: datetime | None = None
) -> int:
    """«Déconnecter partout»: every session of the user ends; returns how many were open
    (the rows of sessions already ended by a timeout go too, uncounted)."""
    return _end(session, AdminSession.user_id == user_id, lifetimes, now)


def end_other_sessions(
    session: Session, user_id: int, token: str, lifetimes: Lifetimes, now: datetime | None = None
) -> int:
    """«Terminer les autres sessions»: every session of the user but the one with `token`
    ends; returns how many were open, as end_sessions."""
    others = and_(AdminSession.user_id == user_id, AdminSession.token_hash != token_hash(token))
    return _end(session, others, lifetimes, now)


def _end(session: Session, which, lifetimes: Lifetimes, now: datetime | None) -> int:
    """Delete the sessions `which` selects; how many of them had not timed out. The message
    «N sessions fermées» counted the rows a timeout had already ended."""
    now = now or utcnow()
    live = select(func.count()).select_from(AdminSession).where(which, ~_ended(lifetimes, now))
    count = session.scalar(live) or 0
    _delete(session, which)
    return count


def _delete(session: Session, which) -> None:
    session.execute(delete(AdminSession).where(which).execution_options(synchronize_session=False))


def live_sessions(
    session: Session, user_id: int, lifetimes: Lifetimes, now: datetime | None = None
) -> list[AdminSession]:
    """The user's sessions not yet ended by a timeout, the most recently used first."""
    now = now or utcnow()
    query = (
        select(AdminSession)
        .where(AdminSession.user_id == user_id, ~_ended(lifetimes, now))
        .order_by(AdminSession.last_seen_at.desc(), AdminSession.created_at.desc())
    )
    return list(session.scalars(query))


def count_sessions(session: Session, user_id: int) -> int:
    """Sessions of the user still in the table (some may have ended by timeout)."""
    query = select(func.count()).select_from(AdminSession).filter_by(user_id=user_id)
    return session.scalar(query) or 0


@event.listens_for(Session, "before_flush")
def _end_sessions_of_changed_accounts(session: Session, _context, _instances) -> None:
    for instance in list(session.dirty):
        if not isinstance(instance, User):
            continue
        state = inspect(instance)
        new_password = state.attrs.password_hash.history.has_changes()
        disabled = state.attrs.is_enabled.history.has_changes() and not instance.is_enabled
        if new_password or disabled:
            _delete(session, AdminSession.user_id == instance.id)
