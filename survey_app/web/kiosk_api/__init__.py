"""The hall tablet: its static shell at /kiosk/ and its token-authenticated API at /api/v1/kiosk."""

from flask import Flask


def init_app(app: Flask) -> None:
    from ..common import csrf
    from . import fiches  # noqa: F401  (adds the fiche hall routes to the API blueprint)
    from .shell import bp as shell_bp
    from .shell import init_app as shell_init_app
    from .views import bp as api_bp

    csrf.exempt(api_bp)  # bearer token in a header, never a cookie: no CSRF to fear
    app.register_blueprint(shell_bp)
    shell_init_app(app)
    app.register_blueprint(api_bp)
