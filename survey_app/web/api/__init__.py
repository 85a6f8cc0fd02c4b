"""The JSON API, version 1: /api/v1."""

from flask import Flask


def init_app(app: Flask) -> None:
    from ..common import csrf
    from . import visits  # noqa: F401  (adds its route to bp)
    from .views import bp

    csrf.exempt(bp)
    app.register_blueprint(bp)
