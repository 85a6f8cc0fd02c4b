"""Bearer-token authentication of tablets: `Authorization: Bearer <token>`, never a cookie."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import g, jsonify, request

from ...accounts.devices import device_for_token
from ...core.db import db
from ...core.models import Device


def bearer_token() -> str | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def unauthorised():
    body = {
        "error": "unauthorized",
        "message": "this device is not (or no longer) allowed to collect responses",
    }
    response = jsonify(body)
    response.status_code = 401
    response.headers["WWW-Authenticate"] = 'Bearer realm="kiosk"'
    return response


def request_device() -> Device | None:
    """The active tablet whose token the request carries (looked up once per request)."""
    if "token_device" not in g:
        g.token_device = device_for_token(db.session, bearer_token())
    return g.token_device


def is_enrolled_tablet() -> bool:
    """Exempts a paired tablet from the kiosk rate limit: it may send a day's queue at once."""
    return request_device() is not None


def device_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Run the view with `g.device` set, or answer 401 for an unknown or revoked token."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any):
        device = request_device()
        if device is None:
            db.session.rollback()
            return unauthorised()
        g.device = device
        return view(*args, **kwargs)

    return wrapper


def current_device() -> Device:
    return g.device
