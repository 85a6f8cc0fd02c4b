"""The public pages: the front door /, the web form /s/<campaign-slug> and the opt-in
results page /resultats."""

from flask import Flask


def init_app(app: Flask) -> None:
    from . import fiche, front, results  # noqa: F401  (fiche adds its routes to bp)
    from .views import bp

    app.register_blueprint(bp)
    app.register_blueprint(front.bp)
    results.init_app(app)
