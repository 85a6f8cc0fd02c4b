"""Who may do what: roles and sites, checked by every admin view.

An administrator sees every site; a quality officer or a reader only the sites listed
for them in user_sites. Another site's campaign, tablet or response is a 404, so a URL
does not even confirm that it exists; a role that may not use a page gets a 403.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort
from flask_login import current_user, login_required
from sqlalchemy import select, true
from sqlalchemy.sql import ColumnElement

from ...core.campaigns import get_campaign
from ...core.db import db
from ...core.models import Campaign, Device, Site, User, UserSite

ADMIN, OFFICER, READER = "admin", "officer", "reader"
MANAGERS = (ADMIN, OFFICER)
"""Roles that run campaigns: tablets, paper entry, comments."""
EVERYONE = (ADMIN, OFFICER, READER)
ROLE_LABELS = {ADMIN: "Administrateur", OFFICER: "Responsable qualité", READER: "Lecteur"}


class Account:
    """The signed-in user as Flask-Login sees it, with the sites they may see."""

    is_authenticated = True
    is_active = True
    is_anonymous = False

    def __init__(self, user: User):
        self.id = user.id
        self.login = user.login
        self.role = user.role
        self._session_key = user.password_hash[-16:]
        self.site_ids: frozenset[int] | None = None
        if user.role != ADMIN:
            rows = db.session.scalars(select(UserSite.site_id).filter_by(user_id=user.id))
            self.site_ids = frozenset(rows)

    def get_id(self) -> str:
        # A new password (or a disabled account) ends every session opened before it.
        return f"{self.id}:{self._session_key}"

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]

    @property
    def is_admin(self) -> bool:
        return self.role == ADMIN

    @property
    def can_manage(self) -> bool:
        return self.role in MANAGERS

    def sees_site(self, site_id: int) -> bool:
        return self.site_ids is None or site_id in self.site_ids

    def site_clause(self, column: Any) -> ColumnElement[bool]:
        """A WHERE clause keeping rows of the user's sites (true for an administrator)."""
        return true() if self.site_ids is None else column.in_(self.site_ids)


def load_account(user_id: str) -> Account | None:
    """Flask-Login's user loader: the id must match a still enabled, unchanged account."""
    number, _, session_key = user_id.partition(":")
    if not number.isdigit():
        return None
    user = db.session.get(User, int(number))
    if user is None or not user.is_enabled or user.password_hash[-16:] != session_key:
        return None
    return Account(user)


def roles_required(*roles: str) -> Callable:
    """Signed in (else the login page) and one of `roles` (else 403)."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapper(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        wrapper.allowed_roles = roles  # read by the authorization tests
        return wrapper

    return decorate


def visible_sites() -> list[Site]:
    query = select(Site).where(current_user.site_clause(Site.id)).order_by(Site.name)
    return list(db.session.scalars(query))


def visible_campaigns(*conditions: Any) -> list[Campaign]:
    query = (
        select(Campaign)
        .where(current_user.site_clause(Campaign.site_id), *conditions)
        .order_by(Campaign.created_at.desc(), Campaign.id.desc())
    )
    return list(db.session.scalars(query))


def campaign_or_404(slug: str) -> Campaign:
    """The campaign if it exists on one of the user's sites, else 404."""
    campaign = get_campaign(db.session, slug)
    if campaign is None or not current_user.sees_site(campaign.site_id):
        abort(404)
    return campaign


def device_or_404(device_id: int) -> Device:
    device = db.session.get(Device, device_id)
    if device is None or not current_user.sees_site(device.site_id):
        abort(404)
    return device
