"""The public pages the law asks for: accessibility statement, privacy notice, legal notice.

Served to the web at /accessibilite, /donnees-personnelles and /mentions-legales, in the
visitor's language, and to the hall tablet as files under /kiosk/legal/ that its service
worker keeps, so the welcome screen's links open with no network. Who answers for the
service comes from the settings (CONTROLLER_NAME and the others in core/settings.py).
"""

from __future__ import annotations

import hashlib

from flask import Blueprint, Flask, abort, current_app, g, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup

from ..i18n import NATIVE_NAMES, UI_LANGUAGES, text_direction

bp = Blueprint("legal", __name__)
PAGES = {
    "accessibilite": "legal/accessibility.html",
    "donnees-personnelles": "legal/privacy.html",
    "mentions-legales": "legal/notice.html",
}


def kiosk_files() -> list[str]:
    """The tablet's copies, relative to /kiosk/: one per page and interface language."""
    return [f"legal/{page}.{lang}.html" for page in PAGES for lang in UI_LANGUAGES]


def controller_name() -> str:
    """From the settings only: the tablet's shell, which embeds it, needs no database."""
    return current_app.config["CONTROLLER_NAME"] or _("la préfecture")


def accessibility_label() -> str:
    """«Accessibilité : non conforme»: the footer link's words, as the RGAA requires them."""
    status = current_app.config["ACCESSIBILITY_STATUS"]
    words = {
        "none": _("non conforme"),
        "partial": _("partiellement conforme"),
        "full": _("totalement conforme"),
    }
    return _("Accessibilité\u00a0: %(status)s", status=words[status])


def _labels() -> list[str]:
    return [accessibility_label(), _("Données personnelles"), _("Mentions légales")]


def footer_links(lang: str) -> list[dict[str, str]]:
    """The three links every public page's footer shows, in `lang`."""
    return [
        {"url": url_for("legal.page", page=page, lang=lang), "label": label}
        for page, label in zip(PAGES, _labels(), strict=True)
    ]


def kiosk_links(lang: str, prefix: str = "legal/") -> list[dict[str, str]]:
    """The same links between the tablet's own copies (relative to /kiosk/ with the prefix)."""
    return [
        {"url": f"{prefix}{page}.{lang}.html", "label": label}
        for page, label in zip(PAGES, _labels(), strict=True)
    ]


def kiosk_welcome_links() -> str:
    """The links the tablet's welcome screen shows (in French, like that screen's chrome)."""
    with force_locale("fr"):
        return render_template("legal/kiosk_links.html", links=kiosk_links("fr"))


@bp.get("/<any(accessibilite, 'donnees-personnelles', 'mentions-legales'):page>", endpoint="page")
def public_page(page: str):
    requested = request.args.get("lang")
    lang = requested if requested in UI_LANGUAGES else None
    g.lang = lang or request.accept_languages.best_match(UI_LANGUAGES, default="fr")
    return _render(page, g.lang, is_kiosk=False)


@bp.get("/kiosk/legal/<page>.<lang>.html")
def kiosk_page(page: str, lang: str):
    if page not in PAGES or lang not in UI_LANGUAGES:
        abort(404)
    with force_locale(lang):
        return _render(page, lang, is_kiosk=True)


def _render(page: str, lang: str, is_kiosk: bool) -> str:
    config = current_app.config
    controller = controller_name()
    if is_kiosk:
        languages_url = lambda code: f"{page}.{code}.html"  # noqa: E731 - siblings, offline
        links = kiosk_links(lang, prefix="")
    else:
        languages_url = lambda code: url_for("legal.page", page=page, lang=code)  # noqa: E731
        links = footer_links(lang)
    return render_template(
        PAGES[page],
        layout="legal/kiosk.html" if is_kiosk else "base.html",
        is_kiosk=is_kiosk,
        page_lang=lang,
        page_dir=text_direction(lang),
        service_name=controller[:1].upper() + controller[1:],
        controller=controller,
        controller_title=controller[:1].upper() + controller[1:],
        controller_address=config["CONTROLLER_ADDRESS"],
        contact_email=config["CONTACT_EMAIL"],
        dpo_email=config["DPO_EMAIL"] or config["CONTACT_EMAIL"],
        publication_director=config["PUBLICATION_DIRECTOR"],
        hosting_provider=config["HOSTING_PROVIDER"],
        accessibility_status=config["ACCESSIBILITY_STATUS"],
        accessibility_audit=config["ACCESSIBILITY_AUDIT"],
        retention_days=config["COMMENT_RETENTION_DAYS"],
        legal_links=links,
        ltr=_left_to_right,
        languages=[
            {
                "code": code,
                "name": NATIVE_NAMES[code],
                "dir": text_direction(code),
                "url": languages_url(code),
                "is_current": code == lang,
            }
            for code in UI_LANGUAGES
        ],
    )


def _left_to_right(text: str) -> Markup:
    """An address or a site name kept whole and left to right inside an Arabic sentence."""
    return Markup('<bdi dir="ltr">{}</bdi>').format(text)


def kiosk_pages() -> dict[str, str]:
    """Every tablet copy as rendered now, by its path under /kiosk/ (the service worker's
    offline pack)."""
    pages = {}
    for name in kiosk_files():
        page, lang = name.removeprefix("legal/").removesuffix(".html").split(".")
        with force_locale(lang):
            pages[name] = _render(page, lang, is_kiosk=True)
    return pages


def kiosk_digest() -> str:
    """A hash of every tablet copy as rendered now: part of the kiosk shell's version, so a
    change of the settings behind them reaches the tablets. Settings are read at start-up:
    computed once per app."""
    if "legal_kiosk_digest" not in current_app.extensions:
        digest = hashlib.sha256()
        for html in kiosk_pages().values():
            digest.update(html.encode())
        current_app.extensions["legal_kiosk_digest"] = digest.hexdigest()
    return current_app.extensions["legal_kiosk_digest"]


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)

    @app.context_processor
    def legal_footer():
        return {"legal_footer": footer_links}
