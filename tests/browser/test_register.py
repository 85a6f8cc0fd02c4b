"""The fiche hall end to end in real Chromium: a visitor leaves a suggestion with an e-mail
address on the hall tablet; the officer sees it, replies within the deadline; after the
retention purge the address is gone and the register's counts are unchanged. axe-core
reports no WCAG 2.1 A/AA violation on the tablet's fiche screen nor the officer's pages."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.slow]
EMAIL = "lea.martin@example.org"
MESSAGE = "Il manque des chaises près du guichet 3."
PASSWORD = "officier-du-registre"


def _figures(server) -> dict:
    return json.loads(server.cli("requests", "export", "--format", "json"))["figures"]


def test_a_tablet_suggestion_is_answered_in_time_then_purged_keeping_the_counts(
    browser, live_server
):
    server = live_server
    server.cli("user", "create", "qualite", "--role", "officer", "--site", "prefecture",
               "--password", PASSWORD)  # fmt: skip
    link = re.search(
        r"http://\S+#pair=[\w-]+",
        server.cli("tablet", "enrol", "--name", "Hall fiche", "--campaign", "accueil"),
    ).group(0)

    tablet = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 800})
    page = tablet.new_page()
    page.goto(link)
    fiche_button = page.get_by_role("button", name=re.compile("Faire une suggestion"))
    expect(fiche_button).to_be_visible(timeout=15000)
    fiche_button.click()
    expect(
        page.get_by_role("heading", name="Faire une suggestion ou une réclamation")
    ).to_be_focused()
    expect(page.get_by_text("effacés 365 jours après votre message")).to_be_visible()
    page.get_by_role("button", name="Envoyer mon message").click()  # nothing written yet
    expect(page.get_by_text("Écrivez votre message.")).to_be_visible()
    page.get_by_role("button", name="Une suggestion").click()
    page.get_by_label("Votre message", exact=True).fill(MESSAGE)
    page.get_by_label("Vos coordonnées (facultatif)").fill(EMAIL)
    assert axe_violations(page) == []
    page.get_by_role("button", name="Envoyer mon message").click()
    expect(page.get_by_text("Votre message a bien été transmis")).to_be_visible()
    tablet.close()

    office = browser.new_context(locale="fr-FR", viewport={"width": 1366, "height": 768})
    page = office.new_page()
    page.goto(f"{server.url}/admin/login")
    page.get_by_label("Identifiant").fill("qualite")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("link", name="Demandes et réclamations").click()
    row = page.get_by_role("row").filter(has_text="Fiche hall (borne)")
    expect(row).to_contain_text(MESSAGE)
    expect(row).to_contain_text("À traiter")
    assert axe_violations(page) == []
    row.get_by_role("link").click()
    expect(page.get_by_text(EMAIL)).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Enregistrer la réponse").click()  # today, by e-mail
    expect(page.get_by_text("La réponse est enregistrée")).to_be_visible()
    expect(page.get_by_text(re.compile(r"0 jour ouvré, dans le délai"))).to_be_visible()
    entry_url = page.url

    before = _figures(server)
    assert (before["total"], before["answered"], before["answered_in_time"]) == (1, 1, 1)
    server.cli("purge-requests", "--older-than", "0")
    assert _figures(server) == before
    page.goto(entry_url)
    expect(page.get_by_text(re.compile("Effacés le"))).to_be_visible()
    assert EMAIL not in page.content() and MESSAGE not in page.content()
    assert EMAIL not in server.cli("requests", "export", "--format", "csv", "--with-personal-data")
    office.close()
