"""The first administrator's year in a real Chromium: adds a sous-préfecture, sets the
public address, adds an officer for the sous-préfecture and a reader (their one-time links
carry the public address); the officer chooses her password by her link, opens a campaign
on her site, and its QR code and poster carry the public address. The front door lists it.
axe-core reports no WCAG 2.1 A/AA violation on any new page. A server of its own: the
shared one keeps its single demo site."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import admin_menu, axe_violations, started_with

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PUBLIC = "https://enquetes.prefecture.example"


@pytest.fixture(scope="module")
def own_server(tmp_path_factory):
    server = started_with(tmp_path_factory.mktemp("sites-instance"), lambda app: None)
    yield server
    server.stop()


def _clean(page, where: str) -> None:
    assert axe_violations(page) == [], where


def _desk(browser):
    return browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})


def _log_in(page, server, login: str, password: str) -> None:
    page.goto(f"{server.url}/admin/login")
    page.get_by_label("Identifiant").fill(login)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name="Enquêtes")).to_be_visible()


def _add_account(page, login: str, role: str, email: str = "") -> str:
    """Create the account on the sous-préfecture; return its one-time link."""
    page.get_by_label("Identifiant").fill(login)
    page.get_by_label("Rôle").select_option(label=role)
    page.get_by_label("Sous-préfecture de Brive").check()
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_role("button", name="Créer le compte").click()
    expect(page.get_by_role("heading", name=f"Compte « {login} » créé")).to_be_visible()
    return page.locator(".one-time-link").inner_text()


def _administrator_sets_up(page, server) -> str:
    admin_password = re.search(r"password:\s+(\S+)", server.init_output).group(1)
    _log_in(page, server, "admin", admin_password)
    # Before the public address is set, the QR page of the demo campaign warns.
    page.goto(f"{server.url}/admin/campaigns/accueil/qr")
    expect(page.get_by_text("Adresse publique à vérifier")).to_be_visible()

    admin_menu(page, "Sites")
    _clean(page, "sites")
    page.get_by_label(re.compile("^Nom")).fill("Sous-préfecture de Brive")
    page.get_by_label("Identifiant court").fill("sp-brive")
    page.get_by_label("Type").select_option(label="Sous-préfecture")
    page.get_by_label("Horaires d'ouverture au public").fill("lun-ven 09:00-12:00")
    page.get_by_role("button", name="Créer le site").click()
    expect(page.get_by_role("cell", name="lun-ven 09:00-12:00")).to_be_visible()
    page.get_by_role("link", name="Modifier le site « Sous-préfecture de Brive »").click()
    _clean(page, "site edit")

    page.goto(f"{server.url}/admin/sites")
    page.get_by_role("link", name="Adresse publique du service").click()
    _clean(page, "public address, unset")
    page.get_by_label("Adresse publique du service").fill(PUBLIC)
    page.get_by_role("button", name="Enregistrer l'adresse").click()
    expect(page.locator(".current-address")).to_have_text(PUBLIC)
    expect(page.get_by_text("Adresse publique à vérifier")).to_have_count(0)
    _clean(page, "public address, set")

    admin_menu(page, "Comptes")
    _clean(page, "users")
    page.get_by_label("Identifiant").fill("lea.martin")
    page.get_by_label("Adresse électronique").fill("lea.martin@brive")
    page.get_by_label("Sous-préfecture de Brive").check()
    page.get_by_role("button", name="Créer le compte").click()
    expect(page.locator("#email-error")).to_contain_text("Adresse électronique non valide")
    _clean(page, "users, address refused")
    page.goto(f"{server.url}/admin/users")
    officer_link = _add_account(
        page, "lea.martin", "Responsable qualité", "lea.martin@sp-brive.example"
    )
    expect(page.get_by_role("cell", name="lea.martin@sp-brive.example")).to_be_visible()
    _clean(page, "users, link shown once")
    page.goto(f"{server.url}/admin/users")
    _add_account(page, "paul.durand", "Lecteur")
    page.get_by_role("link", name="Modifier le compte « paul.durand »").click()
    _clean(page, "user edit")
    page.get_by_role("link", name="Aide").click()
    expect(page.get_by_role("heading", name="Guide du responsable qualité")).to_be_visible()
    _clean(page, "help")
    assert officer_link.startswith(f"{PUBLIC}/admin/password/")
    page.set_viewport_size({"width": 390, "height": 844})  # a phone: tables scroll in place
    for path in ("/admin/sites", "/admin/users", "/admin/aide"):
        page.goto(server.url + path)
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), path
    return officer_link


def _officer_chooses_her_password(page, server, link: str) -> None:
    # The public address is the proxy's; here the same path is served at the test server.
    page.goto(link.replace(PUBLIC, server.url))
    _clean(page, "choose a password")
    page.get_by_label("Nouveau mot de passe").fill("azerty123456")
    page.get_by_label("Confirmez le mot de passe").fill("azerty123456")
    page.get_by_role("button", name="Enregistrer le mot de passe").click()
    expect(page.get_by_text("Ce mot de passe est trop courant")).to_have_count(2)
    _clean(page, "choose a password, refused")
    page.get_by_label("Nouveau mot de passe").fill("le marché de Brive le samedi")
    page.get_by_label("Confirmez le mot de passe").fill("le marché de Brive le samedi")
    page.get_by_role("button", name="Enregistrer le mot de passe").click()
    expect(page.get_by_text("Votre mot de passe est enregistré")).to_be_visible()
    _log_in(page, server, "lea.martin", "le marché de Brive le samedi")


def _officer_opens_a_campaign(page, server) -> None:
    page.get_by_role("link", name="Créer une enquête").click()
    sites = page.get_by_label("Site").locator("option").all_inner_texts()
    assert sites == ["Sous-préfecture de Brive"]  # her site only
    page.get_by_label("Titre").fill("Accueil de Brive 2027")
    page.get_by_role("button", name="Créer l'enquête").click()
    page.get_by_role("button", name="Ouvrir l'enquête").click()
    expect(page.get_by_text("En cours")).to_be_visible()
    admin_menu(page, "Comptes")
    expect(page.get_by_role("rowheader", name="paul.durand")).to_be_visible()
    expect(page.get_by_role("rowheader", name="admin", exact=True)).to_have_count(0)
    _clean(page, "users, read only")


def test_the_administrator_sets_up_a_sous_prefecture_and_its_officer_opens_a_campaign(
    browser, own_server
):
    from survey_app.web.admin.qrcodes import qr_svg

    admin = _desk(browser)
    link = _administrator_sets_up(admin.new_page(), own_server)
    admin.close()

    officer = _desk(browser)
    page = officer.new_page()
    _officer_chooses_her_password(page, own_server, link)
    _officer_opens_a_campaign(page, own_server)

    page.goto(f"{own_server.url}/admin/campaigns/accueil-de-brive-2027/qr")
    public_link = f"{PUBLIC}/s/accueil-de-brive-2027"
    expect(page.get_by_role("link", name=public_link)).to_be_visible()
    expect(page.get_by_text("Adresse publique à vérifier")).to_have_count(0)
    svg = page.request.get(f"{own_server.url}/admin/campaigns/accueil-de-brive-2027/qr.svg")
    assert svg.text() == qr_svg(public_link, "QR code du questionnaire « Accueil de Brive 2027 »")
    page.get_by_role("link", name="Ouvrir l'affiche A4 à imprimer").click()
    expect(page.locator(".poster__link")).to_contain_text(
        "enquetes.prefecture.example/s/accueil-de-brive-2027"
    )
    expect(page.locator(".poster__site")).to_have_text("Sous-préfecture de Brive")
    officer.close()

    visitor = browser.new_context(locale="fr-FR", viewport={"width": 390, "height": 844})
    door = visitor.new_page()
    door.goto(own_server.url + "/")
    expect(door.get_by_role("heading", name="Sous-préfecture de Brive")).to_be_visible()
    expect(door.get_by_role("link", name="Accueil de Brive 2027")).to_have_attribute(
        "href", "/s/accueil-de-brive-2027"
    )
    _clean(door, "front door")
    assert door.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    visitor.close()
