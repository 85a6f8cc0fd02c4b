"""The quality officer's workspace at /admin/ (French pages only)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Sessions (Flask-Login), the login rate limit and the admin blueprint."""
    from . import auth, blueprint

    auth.init_app(app)
    blueprint.register(app)
