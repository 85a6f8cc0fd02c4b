"""Interface languages: Flask-Babel catalogues, one per language the kiosk offers.

A page's language is the one its view chose (`g.lang`), else the browser's
preference among the available ones, else French.
"""

from __future__ import annotations

from flask import Flask, g, request
from flask_babel import Babel

UI_LANGUAGES = ("fr", "en", "ar", "es", "pt", "ru", "tr", "uk")
RTL = frozenset({"ar", "fa", "prs", "ps", "ur", "he"})
NATIVE_NAMES = {
    "fr": "Français",
    "en": "English",
    "ar": "العربية",
    "es": "Español",
    "pt": "Português",
    "ru": "Русский",
    "tr": "Türkçe",
    "uk": "Українська",
}

babel = Babel()


def select_locale() -> str:
    lang = g.get("lang")
    if lang in UI_LANGUAGES:
        return lang
    return request.accept_languages.best_match(UI_LANGUAGES, default="fr")


def text_direction(lang: str) -> str:
    return "rtl" if lang.split("-")[0] in RTL else "ltr"


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale, default_locale="fr")

    @app.context_processor
    def language_context():
        from flask_babel import get_locale

        lang = str(get_locale() or "fr")
        return {
            "page_lang": lang,
            "page_dir": text_direction(lang),
            "native_names": NATIVE_NAMES,
        }
