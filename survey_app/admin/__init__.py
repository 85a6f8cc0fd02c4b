"""The quality officer's workspace at /admin/, and the opt-in public results page.

Imported by survey_app.settings (for admin.config), so nothing heavy at import time.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Sessions (Flask-Login), the login rate limit, the admin and public-results blueprints."""
    from .. import public_results
    from . import auth, blueprint

    auth.init_app(app)
    blueprint.register(app)
    public_results.init_app(app)
