"""Who may do what: roles and sites, checked by every admin view.

An administrator sees every site; a quality officer or a reader only the sites listed
for them in user_sites. Another site's campaign, tablet or response is a 404, so a URL
does not even confirm that it exists; a role that may not use a page gets a 403.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort, current_app, request
from flask_login import current_user, login_required
from sqlalchemy import select, true
from sqlalchemy.sql import ColumnElement

from ...accounts.sessions import Lifetimes, find_session, touch_session
from ...core.campaigns import get_campaign
from ...core.db import SAFE_METHODS, db
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

    def __init__(self, user: User, session_token: str):
        self.id = user.id
        self.login = user.login
        self.role = user.role
        self.session_token = session_token
        self.site_ids: frozenset[int] | None = None
        if user.role != ADMIN:
            rows = db.session.scalars(select(UserSite.site_id).filter_by(user_id=user.id))
            self.site_ids = frozenset(rows)

    def get_id(self) -> str:
        # What the cookie holds: the server-side session's random token, nothing else.
        return self.session_token

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


def session_lifetimes() -> Lifetimes:
    return Lifetimes.configured(current_app.config)


def load_account(token: str) -> Account | None:
    """Flask-Login's user loader: the token must name a live session of an enabled account."""
    found = find_session(db.session, token, session_lifetimes())
    if found is None:
        return None
    admin_session, user = found
    if request.method in SAFE_METHODS:  # a page view keeps the session alive
        touch_session(db.engine, admin_session)
    return Account(user, token)


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
