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
    return user.is_enabled and check_password_hash(user.password_hash, password)
