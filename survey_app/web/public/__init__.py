"""The public pages: the front door /, the web form /s/<campaign-slug>, the opt-in results page
/resultats and the pages the law asks for (accessibility, personal data, legal notice)."""

from flask import Flask


def init_app(app: Flask) -> None:
    from ..common import csrf
    from . import fiche, front, legal, page_cache, results  # noqa: F401  (fiche adds to bp)
    from .views import bp, survey

    csrf.exempt(survey)  # its token is checked by the view itself (visit.py), not Flask-WTF's
    page_cache.init_app(app)
    app.register_blueprint(bp)
    app.register_blueprint(front.bp)
    results.init_app(app)
    legal.init_app(app)
