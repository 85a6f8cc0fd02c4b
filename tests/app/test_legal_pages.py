"""The pages the law asks for: accessibility statement, privacy notice, legal notice, in every
interface language, filled from the settings, linked from every public footer and the tablet."""

from __future__ import annotations

import html
import re

import pytest

from survey_app.web.i18n import UI_LANGUAGES
from survey_app.web.public.legal import PAGES

CONFIGURED = {
    "CONTROLLER_NAME": "Préfecture du Rhône",
    "CONTROLLER_ADDRESS": "106 rue Pierre-Corneille, 69003 Lyon",
    "CONTACT_EMAIL": "avis@rhone.gouv.fr",
    "DPO_EMAIL": "dpd@rhone.gouv.fr",
    "PUBLICATION_DIRECTOR": "Le préfet du Rhône",
    "HOSTING_PROVIDER": "Ministère de l'Intérieur, place Beauvau, 75008 Paris",
    "ACCESSIBILITY_STATUS": "partial",
    "ACCESSIBILITY_AUDIT": "audit interne, novembre 2026, 87\u00a0% des critères respectés",
    "COMMENT_RETENTION_DAYS": 90,
}


def make_app(tmp_path_factory, **settings):
    """The legal pages read only the settings: an app without a database will do."""
    from survey_app import create_app

    instance = tmp_path_factory.mktemp("legal")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SURVEY_INSTANCE_PATH", str(instance))
        return create_app(
            {"DATABASE_URL": f"sqlite:///{instance / 's.db'}", "TESTING": True, **settings}
        )


@pytest.fixture(scope="module")
def default_app(tmp_path_factory):
    return make_app(tmp_path_factory)


@pytest.fixture(scope="module")
def configured_app(tmp_path_factory):
    return make_app(tmp_path_factory, **CONFIGURED)


def text(app, path, **headers) -> tuple[int, str]:
    """Status and page, its entities decoded (' read as the apostrophe a reader sees)."""
    reply = app.test_client().get(path, headers=headers)
    return reply.status_code, html.unescape(reply.get_data(as_text=True))


@pytest.mark.parametrize("lang", UI_LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_each_page_exists_in_each_language_with_its_direction(default_app, page, lang):
    status, body = text(default_app, f"/{page}?lang={lang}")
    assert status == 200
    direction = "rtl" if lang == "ar" else "ltr"
    assert f'<html lang="{lang}" dir="{direction}">' in body
    assert body.count('aria-current="true"') == 1  # the language switcher marks this one
    status, kiosk = text(default_app, f"/kiosk/legal/{page}.{lang}.html")
    assert status == 200 and f'<html lang="{lang}" dir="{direction}">' in kiosk


def test_the_arabic_pages_are_translated(default_app):
    _, body = text(default_app, "/donnees-personnelles?lang=ar")
    assert "البيانات الشخصية" in body and "Ce qui est enregistré" not in body
    _, body = text(default_app, "/accessibilite", **{"Accept-Language": "ar, fr;q=0.5"})
    assert "إعلان إمكانية الوصول" in body


def test_the_privacy_notice_says_who_why_what_how_long_and_the_rights(configured_app):
    _, body = text(configured_app, "/donnees-personnelles?lang=fr")
    for expected in (
        "Préfecture du Rhône, 106 rue Pierre-Corneille, 69003 Lyon",
        "dpd@rhone.gouv.fr",
        "mission d'intérêt public",
        "arrondis à l'heure",
        "ni votre nom, ni votre adresse IP",
        "effacés 90 jours après leur envoi",
        "rectification",
        'href="mailto:avis@rhone.gouv.fr"',
        "réclamation à la CNIL",
    ):
        assert expected in body, expected


def test_the_accessibility_statement_declares_the_configured_status_tests_and_recourse(
    configured_app, default_app
):
    _, body = text(configured_app, "/accessibilite?lang=fr")
    assert "partiellement conforme" in body and "87\u00a0% des critères" in body
    assert "axe-core" in body and "200\u00a0%" in body and "clavier" in body
    assert "Défenseur des droits" in body and "avis@rhone.gouv.fr" in body
    _, body = text(default_app, "/accessibilite?lang=fr")
    assert "Ce service est non conforme" in body
    assert "mailto:" not in body  # no address configured: the desk, not an invented one
    assert "Sur place, à l'accueil de la préfecture." in body


def test_the_legal_notice_names_publisher_director_and_host(configured_app, default_app):
    _, body = text(configured_app, "/mentions-legales?lang=fr")
    assert "Le préfet du Rhône" in body and "place Beauvau" in body
    _, body = text(default_app, "/mentions-legales?lang=fr")
    assert "Le représentant légal de la préfecture." in body
    assert "La préfecture, sur ses propres serveurs." in body


def test_the_footer_link_says_the_conformity_as_the_rgaa_asks(configured_app, default_app):
    _, body = text(default_app, "/mentions-legales?lang=fr")
    assert '<a href="/accessibilite?lang=fr">Accessibilité\u00a0: non conforme</a>' in body
    _, body = text(configured_app, "/mentions-legales?lang=en")
    assert '<a href="/accessibilite?lang=en">Accessibility: partially conformant</a>' in body


def test_the_tablet_links_its_own_copies_which_link_only_to_each_other(default_app):
    _, index = text(default_app, "/kiosk/")
    assert re.findall(r'href="(legal/[^"]+)"', index) == [f"legal/{page}.fr.html" for page in PAGES]
    _, copy = text(default_app, "/kiosk/legal/accessibilite.ar.html")
    targets = set(re.findall(r'(?:href|src)="([^"]+)"', copy))
    assert "../" in targets and any(re.fullmatch(r"\.\./kiosk\.css\?v=\w+", t) for t in targets)
    assert all(not t.startswith(("/", "http")) for t in targets), targets


def test_a_change_of_setting_changes_the_tablets_shell_version(
    configured_app, default_app, tmp_path_factory
):
    def version(app):
        return app.test_client().get("/kiosk/version.json").get_json()["version"]

    assert version(configured_app) != version(default_app)
    again = make_app(tmp_path_factory)
    assert version(again) == version(default_app)


def test_unknown_pages_and_languages_are_404(default_app):
    assert text(default_app, "/kiosk/legal/cgu.fr.html")[0] == 404
    assert text(default_app, "/kiosk/legal/accessibilite.xx.html")[0] == 404
    status, body = text(default_app, "/accessibilite?lang=xx")
    assert status == 200 and '<html lang="fr"' in body


def test_every_public_page_footer_links_the_three_pages_in_its_language(client, campaign):
    for path, lang in ((f"/s/{campaign.slug}?lang=ar", "ar"), (f"/s/{campaign.slug}/merci", "fr")):
        body = client.get(path).get_data(as_text=True)
        links = re.findall(r'<a href="(/[a-z-]+\?lang=\w+)">', body)
        assert [f"/{page}?lang={lang}" for page in PAGES] == links[-3:], path
    body = client.get("/resultats").get_data(as_text=True)
    assert '<a href="/donnees-personnelles?lang=fr">' in body
