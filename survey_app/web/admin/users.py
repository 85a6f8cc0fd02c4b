"""Accounts (/admin/users): administrators list, create, change role and sites, disable,
and hand out one-time links to choose a password; officers see their sites' people, read
only. Every change goes through survey_app.accounts.users, which audits it."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice

from ...accounts.users import (
    UserError,
    create_user,
    issue_reset_link_code,
    set_email,
    set_enabled,
    set_role_and_sites,
    site_ids_of,
)
from ...core.clock import utcnow
from ...core.db import db
from ...core.models import Site, User, UserSite
from .access import ADMIN, MANAGERS, ROLE_LABELS, roles_required
from .account_forms import UserAccessForm, UserCreateForm
from .blueprint import bp
from .forms import ActionForm
from .links import link_base

NO_STORE = {"Cache-Control": "no-store"}
"""A one-time link is a secret shown once: never kept in a cache."""


def _site_choices() -> list[SelectChoice]:
    every_site = db.session.scalars(select(Site).order_by(Site.name))
    return [SelectChoice(s.id, s.name) for s in every_site]


def _rows() -> list[dict]:
    """Every account for an administrator; for an officer, those sharing one of their sites
    (and only those sites are named)."""
    users = db.session.scalars(select(User).order_by(User.login)).all()
    sites_of: dict[int, list[int]] = {}
    names = {site_id: name for site_id, name in db.session.execute(select(Site.id, Site.name))}
    for user_id, site_id in db.session.execute(select(UserSite.user_id, UserSite.site_id)):
        sites_of.setdefault(user_id, []).append(site_id)
    now = utcnow()
    rows = []
    for user in users:
        shown = [s for s in sites_of.get(user.id, []) if current_user.sees_site(s)]
        if not current_user.is_admin and not shown:
            continue
        named = "Tous" if user.role == ADMIN else ", ".join(sorted(names[s] for s in shown))
        rows.append(
            {
                "user": user,
                "role": ROLE_LABELS[user.role],
                "sites": named,
                "state": _state(user, now),
            }
        )
    return rows


def _state(user: User, now) -> str:
    if not user.is_enabled:
        return "Désactivé"
    if user.reset_token_hash is not None:
        if user.reset_expires_at is not None and user.reset_expires_at < now:
            return "Lien de mot de passe expiré"
        return "Lien de mot de passe en attente"
    return "Actif"


def _page(form: UserCreateForm | None = None, shown_once: dict | None = None, status: int = 200):
    if form is None and current_user.is_admin:
        form = UserCreateForm(formdata=None)
    if form is not None:
        form.sites.choices = _site_choices()
    page = render_template("admin/users.html", rows=_rows(), form=form, shown_once=shown_once)
    return page, status, NO_STORE


def _one_time_link(user: User, code: str, created: bool) -> dict:
    return {
        "user": user,
        "link": link_base().url + url_for("admin.password_choose", code=code),
        "created": created,
    }


@bp.get("/users")
@roles_required(*MANAGERS)
def users():
    return _page()


@bp.post("/users")
@roles_required(ADMIN)
def user_create():
    form = UserCreateForm()
    form.sites.choices = _site_choices()
    if not form.validate_on_submit():
        return _page(form, status=422)
    try:
        user = create_user(
            db.session,
            form.login.data,
            None,
            form.role.data,
            site_ids=form.sites.data,
            email=form.email.data,
            has_email_alerts=form.has_email_alerts.data,
            by=current_user.id,
        )
        code = issue_reset_link_code(db.session, user, by=current_user.id)
    except UserError as exc:
        db.session.rollback()
        form.login.errors.append(exc.french)
        return _page(form, status=422)
    db.session.commit()
    return _page(shown_once=_one_time_link(user, code, created=True), status=201)


def _user_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


def _access_form(user: User) -> UserAccessForm:
    """The edit form filled from the account as stored."""
    return UserAccessForm(
        formdata=None,
        role=user.role,
        sites=site_ids_of(db.session, user),
        email=user.email,
        has_email_alerts=user.has_email_alerts,
    )


def _edit_page(user: User, form: UserAccessForm, status: int = 200, error: str | None = None):
    form.sites.choices = _site_choices()
    page = render_template(
        "admin/user.html", account=user, form=form, action_form=ActionForm(), error=error
    )
    return page, status, NO_STORE


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@roles_required(ADMIN)
def user_edit(user_id: int):
    user = _user_or_404(user_id)
    if request.method == "GET":
        return _edit_page(user, _access_form(user))
    form = UserAccessForm()
    form.sites.choices = _site_choices()
    if not form.validate_on_submit():
        return _edit_page(user, form, 422)
    try:
        set_role_and_sites(db.session, user, form.role.data, form.sites.data, by=current_user.id)
        set_email(db.session, user, form.email.data, form.has_email_alerts.data, by=current_user.id)
    except UserError as exc:
        db.session.rollback()
        return _edit_page(user, form, 409, error=exc.french)
    db.session.commit()
    flash(f"Le compte « {user.login} » est modifié.")
    return redirect(url_for("admin.users"), 303)


def _switch(user_id: int, is_enabled: bool):
    user = _user_or_404(user_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        set_enabled(db.session, user, is_enabled, by=current_user.id)
    except UserError as exc:
        db.session.rollback()
        return _edit_page(user, _access_form(user), 409, error=exc.french)
    db.session.commit()
    if is_enabled:
        flash(f"Le compte « {user.login} » est réactivé.")
    else:
        flash(f"Le compte « {user.login} » est désactivé : il ne peut plus se connecter.")
    return redirect(url_for("admin.users"), 303)


@bp.post("/users/<int:user_id>/disable")
@roles_required(ADMIN)
def user_disable(user_id: int):
    return _switch(user_id, False)


@bp.post("/users/<int:user_id>/enable")
@roles_required(ADMIN)
def user_enable(user_id: int):
    return _switch(user_id, True)


@bp.post("/users/<int:user_id>/password-link")
@roles_required(ADMIN)
def user_password_link(user_id: int):
    """A new one-time link; the current password stops working at once."""
    user = _user_or_404(user_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        code = issue_reset_link_code(db.session, user, by=current_user.id)
    except UserError as exc:
        db.session.rollback()
        return _edit_page(user, _access_form(user), 409, error=exc.french)
    db.session.commit()
    return _page(shown_once=_one_time_link(user, code, created=False))
