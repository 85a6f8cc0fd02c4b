"""The public pages: the web form /s/<campaign-slug>, the opt-in results page /resultats and
the pages the law asks for (accessibility, personal data, legal notice)."""

from flask import Flask


def init_app(app: Flask) -> None:
    from . import legal, results
    from .views import bp

    app.register_blueprint(bp)
    results.init_app(app)
    legal.init_app(app)
