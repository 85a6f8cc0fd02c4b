"""User accounts: hashed passwords (scrypt via werkzeug), roles, sites, one-time links.

Every change here writes its AuditEvent (who: `by`, None for the server's command line) and
only flushes; the caller commits. The last enabled administrator can be neither disabled
nor demoted, from the browser or the command line.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from ..core.clock import utcnow
from ..core.models import ROLES, AuditEvent, Site, User, UserSite
from .passwords import PasswordRejected, check_password_rules

LOGIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{1,253}$")
RESET_VALID_FOR = timedelta(hours=72)
EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"
)
"""An ordinary address (name@service.gouv.fr): no display name, comma or space, so one
field can never smuggle a second recipient or a header into an alert e-mail."""


class UserError(ValueError):
    """An account cannot be created or changed as asked; `code` is stable, the message
    English (the command line), `french` the workspace's sentence."""

    def __init__(self, message: str, code: str = "invalid", french: str | None = None):
        super().__init__(message)
        self.code = code
        self.french = french or message


class LastAdministrator(UserError):
    def __init__(self) -> None:
        super().__init__(
            "this is the last enabled administrator: make another account administrator first",
            "last_admin",
            "C'est le dernier administrateur actif : nommez d'abord un autre administrateur.",
        )


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _unusable_hash() -> str:
    # No '$': werkzeug's check_password_hash answers False; a new suffix ends open sessions.
    return "!" + secrets.token_hex(32)


def _audit(session: Session, action: str, user: User, by: int | None, **details: Any) -> None:
    session.add(
        AuditEvent(
            at=utcnow(), user_id=by, action=action, target=f"user:{user.login}", details=details
        )
    )


def check_email(email: str | None) -> str | None:
    """The address stripped, None when blank; UserError when it is not an address.

    Not unique: a service mailbox (qualite@sp-brive…) may serve several accounts, and the
    address never identifies anyone (sign-in is by login, password links are handed over)."""
    email = (email or "").strip()
    if not email:
        return None
    if len(email) > 254 or not EMAIL.match(email):
        raise UserError(
            f"'{email}' is not an e-mail address (like name@prefecture.gouv.fr)",
            "email_invalid",
            "Adresse électronique non valide\u00a0: écrivez-la comme prenom.nom@interieur.gouv.fr, "
            "sans espace ni nom autour.",
        )
    return email


def set_email(
    session: Session,
    user: User,
    email: str | None,
    has_email_alerts: bool | None = None,
    *,
    by: int | None = None,
) -> None:
    """Change the account's address and whether it receives the alert e-mails (None: keep);
    audited only when something changes."""
    email = check_email(email)
    alerts = user.has_email_alerts if has_email_alerts is None else has_email_alerts
    if email == user.email and alerts == user.has_email_alerts:
        return
    before = {"email": user.email, "alerts": user.has_email_alerts}
    user.email, user.has_email_alerts = email, alerts
    _audit(session, "user.email", user, by, before=before, email=email, alerts=alerts)
    session.flush()


def _rules(password: str, login: str) -> None:
    try:
        check_password_rules(password, login)
    except PasswordRejected as exc:
        raise UserError(exc.english, "password_" + exc.code, str(exc)) from None


def create_user(
    session: Session,
    login: str,
    password: str | None,
    role: str = "reader",
    *,
    site_ids: Iterable[int] = (),
    email: str | None = None,
    has_email_alerts: bool = True,
    by: int | None = None,
) -> User:
    """A new account; without a password it cannot sign in until its one-time link is used."""
    login = login.strip()
    email = check_email(email)
    if role not in ROLES:
        raise UserError(f"unknown role {role!r}: use {', '.join(ROLES)}", "role")
    if not LOGIN.match(login):
        raise UserError(
            "the login must be 2 to 254 letters, digits, '.', '_', '-' or '@'",
            "login_invalid",
            "L'identifiant compte de 2 à 254 lettres sans accent, chiffres, « . », « _ », "
            "« - » ou « @ ».",
        )
    if password is not None:
        _rules(password, login)
    if session.scalar(select(User.id).where(func.lower(User.login) == login.lower())) is not None:
        raise UserError(
            f"a user '{login}' already exists", "login_taken", f"Le compte « {login} » existe déjà."
        )
    password_hash = generate_password_hash(password) if password is not None else _unusable_hash()
    user = User(
        login=login,
        password_hash=password_hash,
        role=role,
        email=email,
        has_email_alerts=has_email_alerts,
    )
    session.add(user)
    session.flush()
    site_ids = sorted(set(site_ids)) if role != "admin" else []
    session.add_all(UserSite(user_id=user.id, site_id=site_id) for site_id in site_ids)
    details = {"email": email, "alerts": has_email_alerts} if email else {}
    _audit(session, "user.create", user, by, role=role, sites=_slugs(session, site_ids), **details)
    session.flush()
    return user


def check_password(user: User, password: str) -> bool:
    # The hash is checked even for a disabled account: the answer takes the same time.
    return check_password_hash(user.password_hash, password) and user.is_enabled


DUMMY_HASH = (
    "scrypt:32768:8:1$91IaWesbcjCiKSEi$5d9360cad241eea8f06497d862df1907d483684266793c947c9600c4"
    "8ecbb5ae9da59acc3765a5be6fb7705bb3f95e4f7f93a75207e40819611544d572a50302"
)
"""The hash of a random password nobody knows, made like every account's (werkzeug's
default scrypt): checked for an unknown login so that it takes as long as a known one."""


def authenticate(session: Session, login: str, password: str) -> User | None:
    """The enabled account with this login and password, else None, in the same time
    whether the login exists or not: an unknown login checks a dummy hash, so a stranger
    cannot tell from the delay which accounts exist."""
    user = session.scalar(select(User).filter_by(login=login))
    if user is None:
        check_password_hash(DUMMY_HASH, password)
        return None
    return user if check_password(user, password) else None


def set_password(session: Session, user: User, password: str, *, by: int | None = None) -> None:
    """A new password under the rules; it ends the account's open sessions."""
    _rules(password, user.login)
    user.password_hash = generate_password_hash(password)
    user.reset_token_hash = user.reset_expires_at = None
    _audit(session, "user.passwd", user, by)
    session.flush()


class WrongPassword(UserError):
    def __init__(self) -> None:
        super().__init__(
            "the current password is wrong", "current_password", "Mot de passe actuel incorrect."
        )


def change_password(
    session: Session, user: User, current: str, password: str, *, by: int | None = None
) -> None:
    """The account's owner changes their password: the current one first (WrongPassword,
    nothing changed), then the rules; its open sessions end as with set_password."""
    if not check_password(user, current):
        raise WrongPassword()
    set_password(session, user, password, by=by)


def site_ids_of(session: Session, user: User) -> list[int]:
    return list(session.scalars(select(UserSite.site_id).filter_by(user_id=user.id)))


def _slugs(session: Session, site_ids: Iterable[int]) -> list[str]:
    ids = list(site_ids)
    return list(session.scalars(select(Site.slug).where(Site.id.in_(ids)).order_by(Site.slug)))


def _other_admins(session: Session, user: User) -> int:
    """Enabled administrators other than `user`. Their rows are locked (PostgreSQL), all in
    one order: two administrators disabling each other at once wait in turn, and the
    second sees the first's change, so one of them stays."""
    admins = session.scalars(
        select(User.id)
        .where(User.role == "admin", User.is_enabled)
        .order_by(User.id)
        .with_for_update()
    ).all()
    return sum(1 for admin_id in admins if admin_id != user.id)


def set_role_and_sites(
    session: Session, user: User, role: str, site_ids: Iterable[int], *, by: int | None = None
) -> None:
    """Change what the account may do and see; an administrator sees every site."""
    if role not in ROLES:
        raise UserError(f"unknown role {role!r}: use {', '.join(ROLES)}", "role")
    site_ids = sorted(set(site_ids)) if role != "admin" else []
    if role != "admin" and not site_ids:
        raise UserError(
            f"a {role} needs at least one site",
            "no_site",
            "Un responsable qualité ou un lecteur a besoin d'au moins un site.",
        )
    if (
        user.role == "admin"
        and role != "admin"
        and user.is_enabled
        and not _other_admins(session, user)
    ):
        raise LastAdministrator()
    before = {"role": user.role, "sites": _slugs(session, site_ids_of(session, user))}
    user.role = role
    session.execute(delete(UserSite).filter_by(user_id=user.id))
    session.add_all(UserSite(user_id=user.id, site_id=site_id) for site_id in site_ids)
    _audit(
        session, "user.update", user, by, before=before, role=role, sites=_slugs(session, site_ids)
    )
    session.flush()


def set_enabled(session: Session, user: User, is_enabled: bool, *, by: int | None = None) -> None:
    """Disable (it cannot sign in; its sessions end at their next request) or enable again."""
    if (
        not is_enabled
        and user.role == "admin"
        and user.is_enabled
        and not _other_admins(session, user)
    ):
        raise LastAdministrator()
    user.is_enabled = is_enabled
    _audit(session, "user.enable" if is_enabled else "user.disable", user, by)
    session.flush()


def issue_reset_link_code(
    session: Session, user: User, *, by: int | None = None, now: datetime | None = None
) -> str:
    """A one-time code to choose a new password (shown once, stored hashed). The current
    password stops working now, and so do the account's open sessions."""
    if not user.is_enabled:
        raise UserError(
            f"the account '{user.login}' is disabled: enable it first",
            "disabled",
            "Ce compte est désactivé : réactivez-le d'abord.",
        )
    code = secrets.token_urlsafe(32)
    user.password_hash = _unusable_hash()
    user.reset_token_hash = _hash_token(code)
    user.reset_expires_at = (now or utcnow()) + RESET_VALID_FOR
    _audit(session, "user.reset_link", user, by)
    session.flush()
    return code


def user_for_reset_code(session: Session, code: str, now: datetime | None = None) -> User | None:
    """The enabled account this unexpired, unused code belongs to, or None."""
    if not code or len(code) > 100:
        return None
    user = session.scalar(select(User).filter_by(reset_token_hash=_hash_token(code)))
    if user is None or not user.is_enabled or user.reset_expires_at is None:
        return None
    return user if user.reset_expires_at >= (now or utcnow()) else None
