"""Signing in and out: server-side sessions, a login limit nobody can turn against the
owner of an account, a safe `next`."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, current_app, redirect, render_template, request, session, url_for
from flask_limiter.errors import RateLimitExceeded
from flask_login import LoginManager, current_user, login_user, logout_user

from ...accounts.sessions import end_session, open_session
from ...accounts.users import authenticate
from ...core.db import db
from ..limits import limiter, with_retry_after
from .access import Account, load_account, session_lifetimes
from .blueprint import bp
from .browsers import device_label
from .forms import LoginForm
from .known_devices import device_key, is_known_device, login_key, remember_device

login_manager = LoginManager()
login_manager.login_view = "admin.login"
login_manager.login_message = "Connectez-vous pour accéder à cette page."
login_manager.login_message_category = "info"
login_manager.user_loader(load_account)


def init_app(app: Flask) -> None:
    login_manager.init_app(app)  # the limiter itself is set up app-wide (survey_app/web/limits.py)


def is_safe_next(target: str | None) -> bool:
    """Only a path inside the workspace: never another host, scheme or protocol-relative URL."""
    if not target or "\\" in target or any(ord(c) < 32 for c in target):
        return False
    parts = urlsplit(target)
    return (
        not parts.scheme
        and not parts.netloc
        and target.startswith("/admin")
        and not target.startswith("//")
    )


def _login_name() -> str:
    return "login:" + login_key(request.form.get("login") or "")


def _failed(response) -> bool:
    # Only failed attempts count: a successful login answers 303.
    return response.status_code != 303


def _rate() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _unknown_device() -> bool:
    return not is_known_device()


# A stranger is limited per address and per login name (whatever the address); a browser
# that signed in to that account before is limited on its own (known_devices.py), so
# neither limit can keep the owner out.
@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_rate, methods=["POST"], deduct_when=_failed, exempt_when=is_known_device)
@limiter.limit(
    _rate, key_func=_login_name, methods=["POST"], deduct_when=_failed, exempt_when=is_known_device
)
@limiter.limit(
    _rate, key_func=device_key, methods=["POST"], deduct_when=_failed, exempt_when=_unknown_device
)
def login():
    next_url = request.values.get("next")
    if not is_safe_next(next_url):
        next_url = None
    if current_user.is_authenticated:
        return redirect(next_url or url_for("admin.home"), 303)
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        user = authenticate(db.session, form.login.data.strip(), form.password.data)
        if user is not None:
            token = open_session(db.session, user, session_lifetimes(), device_label())
            db.session.commit()
            session.clear()  # no session fixation: a fresh session for the signed-in user
            login_user(Account(user, token))
            return remember_device(redirect(next_url or url_for("admin.home"), 303), user.login)
        error = "Identifiant ou mot de passe incorrect, ou compte désactivé."
    status = 401 if error else (422 if form.errors else 200)
    return render_template("admin/login.html", form=form, error=error, next_url=next_url), status


@bp.errorhandler(RateLimitExceeded)
def too_many_attempts(exc: RateLimitExceeded):
    if exc.response is not None:  # a limit with its own answer (on_breach): «Mon compte»
        return exc.response
    form = LoginForm(formdata=None)
    error = (
        "Trop de tentatives de connexion. Patientez quelques minutes avant de réessayer, "
        "ou utilisez un navigateur où vous vous êtes déjà connecté."
    )
    page = render_template("admin/login.html", form=form, error=error, next_url=None)
    return with_retry_after((page, 429))


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        end_session(db.session, current_user.session_token)  # every copy of the cookie ends
        db.session.commit()
    logout_user()
    session.clear()
    return redirect(url_for("admin.login"), 303)
