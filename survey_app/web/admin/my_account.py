"""«Mon compte» (/admin/account): every signed-in person sees their login, role and sites,
sets their own e-mail address and alerts choice, changes their password and ends their
other sessions. Only ever the signed-in account: no identifier in any URL or form.

A password change needs the current one, so a borrowed or stolen session cannot take the
account over; wrong current passwords are counted per account like failed logins
(LOGIN_RATE_LIMIT), so the page cannot be used to guess it either.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import abort, current_app, flash, g, make_response, redirect, render_template, url_for
from flask_login import current_user, login_user
from sqlalchemy import select

from ...accounts.sessions import end_other_sessions, live_sessions, open_session, token_hash
from ...accounts.users import UserError, WrongPassword, change_password, set_email
from ...core.db import db
from ...core.models import Site, User, UserSite
from ..limits import limiter, with_retry_after
from .access import EVERYONE, OFFICER, Account, roles_required, session_lifetimes
from .account_forms import ROLE_DESCRIPTIONS, TIMEZONES, OwnEmailForm, PasswordChangeForm
from .audit import audit
from .blueprint import bp
from .browsers import device_label
from .forms import ActionForm

NO_STORE = {"Cache-Control": "no-store"}
TOO_MANY = (
    "Trop de mots de passe actuels incorrects\u00a0: patientez quelques minutes avant de "
    "réessayer. Si vous l'avez oublié, demandez un lien à un administrateur."
)


def _me() -> User:
    return db.session.get(User, current_user.id)


def _sites(user: User) -> list[Site]:
    query = select(Site).join(UserSite, UserSite.site_id == Site.id).filter_by(user_id=user.id)
    return list(db.session.scalars(query.order_by(Site.name)))


def _zone(sites: list[Site]) -> str:
    """Session times are shown in the time zone of the person's sites when they share one."""
    zones = {site.timezone for site in sites}
    return zones.pop() if len(zones) == 1 else current_app.config["TIMEZONE"]


def _sessions(user: User, zone: str) -> list[dict]:
    mine = token_hash(current_user.session_token)
    rows = []
    for admin_session in live_sessions(db.session, user.id, session_lifetimes()):
        rows.append(
            {
                "is_current": admin_session.token_hash == mine,
                "device": admin_session.device,
                "created_at": _local(admin_session.created_at, zone),
                "last_seen_at": _local(admin_session.last_seen_at, zone),
            }
        )
    return sorted(rows, key=lambda row: not row["is_current"])


def _local(moment: datetime, zone: str) -> datetime:
    return moment.replace(tzinfo=UTC).astimezone(ZoneInfo(zone)).replace(tzinfo=None)


def _email_form(user: User) -> OwnEmailForm:
    return OwnEmailForm(formdata=None, email=user.email, has_email_alerts=user.has_email_alerts)


def _page(
    email_form: OwnEmailForm | None = None,
    password_form: PasswordChangeForm | None = None,
    status: int = 200,
    error: str | None = None,
):
    user = _me()
    sites = _sites(user)
    zone = _zone(sites)
    page = render_template(
        "admin/account.html",
        account=user,
        role_description=ROLE_DESCRIPTIONS[user.role],
        sites=sites,
        zone_label=dict(TIMEZONES).get(zone, zone),
        sessions=_sessions(user, zone),
        email_form=email_form or _email_form(user),
        password_form=password_form or PasswordChangeForm(formdata=None),
        action_form=ActionForm(),
        receives_alerts=user.role == OFFICER,
        error=error,
    )
    return page, status, NO_STORE


@bp.get("/account")
@roles_required(*EVERYONE)
def my_account():
    return _page()


@bp.post("/account/email")
@roles_required(*EVERYONE)
def my_account_email():
    user = _me()
    form = OwnEmailForm()
    if not form.validate_on_submit():
        return _page(email_form=form, status=422)
    # Alerts go to quality officers only: another role's choice is kept as it is.
    alerts = form.has_email_alerts.data if user.role == OFFICER else None
    try:
        set_email(db.session, user, form.email.data, alerts, by=current_user.id)
    except UserError as exc:  # the form checked the same address; kept for safety
        db.session.rollback()
        form.email.errors = [exc.french]
        return _page(email_form=form, status=422)
    db.session.commit()
    flash("Votre adresse électronique est enregistrée.")
    return redirect(url_for("admin.my_account"), 303)


def _account_key() -> str:
    # Per account, not per browser: every copy of a stolen cookie shares the count.
    return f"account-password:{getattr(current_user, 'id', '')}"


def _wrong_current_password(_response) -> bool:
    return bool(g.get("wrong_current_password"))


def _too_many(_limit):
    """The breached limit's answer: the page itself, in French, with its Retry-After."""
    form = PasswordChangeForm(formdata=None)
    return with_retry_after(make_response(_page(password_form=form, status=429, error=TOO_MANY)))


@bp.post("/account/password")
@roles_required(*EVERYONE)
@limiter.limit(
    lambda: current_app.config["LOGIN_RATE_LIMIT"],
    key_func=_account_key,
    deduct_when=_wrong_current_password,
    on_breach=_too_many,
)
def my_account_password():
    user = _me()
    form = PasswordChangeForm(login=user.login)
    if not form.validate_on_submit():
        return _page(password_form=form, status=422)
    try:
        change_password(db.session, user, form.current.data, form.password.data, by=user.id)
    except WrongPassword as exc:
        db.session.rollback()
        g.wrong_current_password = True
        form.current.errors = [exc.french]
        return _page(password_form=form, status=422)
    except UserError as exc:  # the form checked the same rules; kept for safety
        db.session.rollback()
        form.password.errors = [exc.french]
        return _page(password_form=form, status=422)
    # The new password ended every session of the account (accounts/sessions.py), this
    # one included: this browser gets a fresh one, any copy of its old cookie stays ended.
    token = open_session(db.session, user, session_lifetimes(), device_label())
    db.session.commit()
    login_user(Account(user, token))
    flash("Votre mot de passe est changé\u00a0; vos autres sessions sont fermées.")
    return redirect(url_for("admin.my_account"), 303)


@bp.post("/account/sessions/end")
@roles_required(*EVERYONE)
def my_account_end_sessions():
    if not ActionForm().validate_on_submit():
        abort(400)
    ended = end_other_sessions(
        db.session, current_user.id, current_user.session_token, session_lifetimes()
    )
    audit("user.logout_others", f"user:{current_user.login}"[:100], sessions=ended)
    db.session.commit()
    plural = "s" if ended > 1 else ""
    if ended:
        flash(f"{ended} autre{plural} session{plural} fermée{plural}.")
    else:
        flash("Aucune autre session n'était ouverte.")
    return redirect(url_for("admin.my_account"), 303)
