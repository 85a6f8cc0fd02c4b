"""Browsers that signed in to an account before: they pass that account's login limit.

The limit per login name stops a password guesser spread over many addresses, but alone
it also stops the owner: anyone could lock any named account, the administrator's
included, by failing five times. A browser that has signed in to an account carries a
signed cookie listing it (a keyed hash of the login and a random device id: nothing
derived from the password); its attempts for those accounts are counted per device
instead, so the owner still signs in from their usual browser while a stranger is held.
"""

from __future__ import annotations

import secrets
from typing import Any

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeSerializer

from ...collect.sources import keyed_hash

COOKIE = "survey_device"
MAX_AGE = 365 * 24 * 3600
MAX_LOGINS = 5
"""Accounts remembered per browser (a shared office computer), the latest kept."""


def login_key(login: str) -> str:
    # Hashed like addresses: a login name may be an e-mail address, kept out of counters.
    return keyed_hash(login.strip().lower()[:254])


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="survey-admin-known-device")


def _cookie() -> dict[str, Any] | None:
    raw = request.cookies.get(COOKIE)
    if not raw or len(raw) > 2000:
        return None
    try:
        data = _serializer().loads(raw)
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("d"), str):
        return None
    logins = data.get("l")
    if not isinstance(logins, list) or not all(isinstance(k, str) for k in logins):
        return None
    return data


def is_known_device() -> bool:
    """Whether this browser signed in before to the account whose login is submitted."""
    data = _cookie()
    return data is not None and login_key(request.form.get("login") or "") in data["l"]


def device_key() -> str:
    data = _cookie()
    return "device:" + (data["d"] if data else "")


def remember_device(response, login: str):
    """After a successful sign-in: this browser is now known for `login`."""
    data = _cookie() or {"d": secrets.token_urlsafe(16), "l": []}
    key = login_key(login)
    logins = [k for k in data["l"] if k != key][-(MAX_LOGINS - 1) :] + [key]
    response.set_cookie(
        COOKIE,
        _serializer().dumps({"d": data["d"], "l": logins}),
        max_age=MAX_AGE,
        path="/admin/",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )
    return response
