"""User accounts: hashed passwords (scrypt via werkzeug), roles."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from ..core.models import ROLES, User


class UserError(ValueError):
    """An account cannot be created or changed as asked."""


def create_user(session: Session, login: str, password: str, role: str = "reader") -> User:
    if role not in ROLES:
        raise UserError(f"unknown role {role!r}: use {', '.join(ROLES)}")
    if len(password) < 12:
        raise UserError("the password must have at least 12 characters")
    if session.scalar(select(User.id).filter_by(login=login)) is not None:
        raise UserError(f"a user '{login}' already exists")
    user = User(login=login, password_hash=generate_password_hash(password), role=role)
    session.add(user)
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
