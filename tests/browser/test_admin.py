"""The quality officer's day in a real Chromium: log in, create a campaign, QR code and
poster, a tablet, three paper forms keyed in, live counts, results and every download.
axe-core reports no WCAG 2.1 A/AA violation on any page visited."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import admin_menu, axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Option numbers typed for each option item, in questionnaire order; "" = left empty.
PAPER_CODES = ["1", "2", "1", "1", "2", "1", "1", "1", "3", "2", "2", "", "1", "1"]


EMPTY_STYLE = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
"""CSP hash of the empty string: plotly's colour bar sets style="" (blocked, and a no-op)."""


def _harmless(message: str) -> bool:
    return message.startswith("Failed to load resource") or (
        EMPTY_STYLE in message and "style attributes" in message
    )


def _admin_password(live_server) -> str:
    return re.search(r"password:\s+(\S+)", live_server.init_output).group(1)


def _no_violations(page, where: str) -> None:
    assert axe_violations(page) == [], where


@pytest.fixture
def officer_page(browser, live_server):
    context = browser.new_context(
        locale="fr-FR", viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    page = context.new_page()
    errors = []
    # Failed requests are reported with their address below; the browser's own
    # favicon request is not the workspace's.
    page.on(
        "console",
        lambda m: errors.append(m.text) if m.type == "error" and not _harmless(m.text) else None,
    )
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on(
        "response",
        lambda r: (
            errors.append(f"{r.status} {r.url}")
            if r.status >= 400 and not r.url.endswith("/favicon.ico")
            else None
        ),
    )
    page.on(
        "request",
        lambda r: (
            errors.append(f"other host: {r.url}") if not r.url.startswith(live_server.url) else None
        ),
    )
    page.console_errors = errors
    yield page
    context.close()


def _log_in(page, live_server):
    page.goto(f"{live_server.url}/admin/")
    expect(page).to_have_url(re.compile(r"/admin/login"))
    _no_violations(page, "login")
    page.get_by_label("Identifiant").fill("admin")
    page.get_by_label("Mot de passe").fill(_admin_password(live_server))
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name="Enquêtes")).to_be_visible()
    _no_violations(page, "home")


def _create_campaign(page):
    page.get_by_role("link", name="Créer une enquête").click()
    _no_violations(page, "campaign form")
    page.get_by_label("Titre").fill("Accueil du public — test navigateur")
    page.get_by_label("Objectif de réponses").fill("10")
    page.get_by_role("button", name="Créer l'enquête").click()
    expect(page.get_by_role("heading", name="Accueil du public — test navigateur")).to_be_visible()
    page.get_by_role("button", name="Ouvrir l'enquête").click()
    expect(page.get_by_text("En cours")).to_be_visible()
    return page.url


def _qr_and_poster(page, tmp_path):
    page.get_by_role("link", name="QR code et affiche").click()
    _no_violations(page, "qr page")
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le QR code (PNG)").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page.get_by_role("link", name="Ouvrir l'affiche A4 à imprimer").click()
    expect(page.get_by_role("heading", name="Accueil du public — test navigateur")).to_be_visible()
    box = page.locator(".poster__qr svg").bounding_box()
    assert box["width"] > 500  # about 17 cm at 96 px per inch
    _no_violations(page, "poster")
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", print_background=True)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1  # one A4 page
    page.emulate_media(media="screen")
    page.go_back()


def _enrol_tablet(page):
    admin_menu(page, "Tablettes")
    enrol = page.locator("form.admin-form")
    enrol.get_by_label("Nom de la tablette").fill("Borne du hall")
    expect(enrol.get_by_label("Enquête affichée")).to_have_value("")  # follows its site
    page.get_by_role("button", name="Enrôler la tablette").click()
    expect(
        page.get_by_role("heading", name="Appairer la tablette « Borne du hall »")
    ).to_be_visible()
    expect(page.locator(".pairing-link")).to_contain_text("/kiosk/#pair=")
    _no_violations(page, "tablets")
    row = page.get_by_role("row", name=re.compile("Borne du hall"))
    expect(row).to_contain_text("Suit l'enquête ouverte du site")
    row.get_by_text("Gérer").click()
    row.get_by_label("Enquête affichée").select_option(label="Accueil du public — test navigateur")
    _no_violations(page, "tablets, Gérer open")
    screenshot(page, "admin-tablets-manage", sizes=((1280, 900),))
    row.get_by_role("button", name="Appliquer").click()
    pinned = "affiche désormais « Accueil du public — test navigateur »"
    expect(page.get_by_text(pinned)).to_be_visible()
    row = page.get_by_role("row", name=re.compile("Borne du hall"))
    expect(row).to_contain_text("Épinglée à cette enquête")
    screenshot(page, "admin-tablets-pinned", sizes=((1280, 900), (390, 844)))


def _key_in_paper_forms(page, count: int):
    for number in range(1, count + 1):
        page.wait_for_load_state()  # admin.js (deferred) moves the focus on
        expect(page.locator("#answer-profil")).to_be_focused()
        for code in PAPER_CODES:
            if code:
                page.keyboard.type(code)  # a valid code moves on by itself
            else:
                page.keyboard.press("Tab")
        expect(page.locator("#answer-commentaire")).to_be_focused()
        page.keyboard.type(f"Questionnaire papier {number}")
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        expect(page.get_by_text(f"Saisis pendant cette session : {number}")).to_be_visible()


def test_the_quality_officer_workflow(officer_page, live_server, browser, tmp_path):
    page = officer_page
    _log_in(page, live_server)
    campaign_url = _create_campaign(page)
    _no_violations(page, "campaign page")
    _qr_and_poster(page, tmp_path)
    _enrol_tablet(page)

    # A second tab keeps the campaign page open to watch the counts change in place.
    watcher = page.context.new_page()
    watcher.goto(campaign_url)
    expect(watcher.locator("[data-live-total]")).to_have_text("0 réponse")
    watcher.evaluate("window.notReloaded = true")

    page.goto(campaign_url)
    page.get_by_role("link", name="Saisir des questionnaires papier").click()
    _no_violations(page, "paper entry")
    _key_in_paper_forms(page, 3)
    _no_violations(page, "paper entry after three forms")

    watcher.evaluate("document.querySelector('[data-live-url]').refreshNow()")
    expect(watcher.locator("[data-live-total]")).to_have_text("3 réponses")
    assert watcher.evaluate("window.notReloaded") is True
    expect(watcher.locator(".chart svg").first).to_be_visible()  # plotly drew the rates
    expect(watcher.get_by_text("30\u00a0%")).to_be_visible()  # 3 of the target of 10
    watcher.close()

    page.get_by_role("link", name="Commentaires").click()
    expect(page.get_by_text("Questionnaire papier 2")).to_be_visible()
    _no_violations(page, "comments")

    page.goto(campaign_url)
    page.get_by_role("link", name="Résultats").last.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator(".report .chart svg").first).to_be_visible()
    _no_violations(page, "results")
    for label, signature in (
        ("Word", b"PK"),
        ("Excel", b"PK"),
        ("CSV des résultats (Excel)", b""),
        ("CSV des résultats, format brut pour les outils (virgules, point décimal)", b""),
        ("JSON", b"{"),
        ("CSV des réponses brutes (Excel)", b"response_id;"),
        (
            "CSV des réponses brutes, format brut pour les outils (virgules, point décimal)",
            b"response_id,",
        ),
    ):
        with page.expect_download() as download:
            page.get_by_role("link", name=label, exact=True).click()
        saved = tmp_path / download.value.suggested_filename
        download.value.save_as(saved)
        content = saved.read_bytes()
        assert content.lstrip(b"\xef\xbb\xbf").startswith(signature) and len(content) > 50, label
    assert page.console_errors == [], "\n".join(page.console_errors)

    # Publish and close: the public page shows the results, on a phone too.
    page.goto(campaign_url + "/edit")
    page.get_by_label(re.compile("Publier les résultats")).check()
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_role("button", name="Clore l'enquête").click()
    phone = browser.new_context(locale="fr-FR", viewport={"width": 390, "height": 844})
    public = phone.new_page()
    public.goto(f"{live_server.url}/resultats")
    expect(public.get_by_text("Accueil du public — test navigateur")).to_be_visible()
    expect(public.get_by_text("100\u00a0%").first).to_be_visible()
    _no_violations(public, "public results")
    assert public.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    phone.close()


def test_importing_past_results_from_the_campaign_page(browser, live_server, tmp_path):
    """Upload, a file's problems, the preview, then done: each page axe-clean."""
    from pathlib import Path

    sample = Path(__file__).parents[1] / "app" / "samples" / "sphinx-accueil-2023-canaux.csv"
    live_server.cli("campaign", "create", "accueil-2023", "--title", "Accueil 2023 (import)")
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    _log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/campaigns/accueil-2023")
    page.get_by_role("link", name="Importer des résultats").click()
    expect(page.get_by_role("heading", name="Importer des résultats")).to_be_visible()
    _no_violations(page, "results import")
    screenshot(page, "admin-results-import", SIZES)
    big = tmp_path / "sphinx-2019-2023.csv"
    big.write_bytes(sample.read_bytes() * 60)  # past the server's MAX_UPLOAD_BYTES (512 Ko)
    page.get_by_label("Fichier des résultats").set_input_files(big)
    page.get_by_role("button", name="Vérifier le fichier").click()
    expect(page.locator("#file-error")).to_contain_text("Le fichier dépasse 512")
    _no_violations(page, "results import, file too large")
    screenshot(page, "admin-results-import-too-large", SIZES[::2])
    broken = tmp_path / "sphinx-2023.csv"
    broken.write_text(sample.read_text(encoding="utf-8").replace(";Borne;", ";Minitel;", 3))
    page.get_by_label("Fichier des résultats").set_input_files(broken)
    page.get_by_role("button", name="Vérifier le fichier").click()
    expect(page.get_by_text("Le fichier comporte 3 problèmes")).to_be_visible()
    _no_violations(page, "results import, problems")
    screenshot(page, "admin-results-import-problems", SIZES)
    page.get_by_label("Fichier des résultats").set_input_files(sample)
    page.get_by_role("button", name="Vérifier le fichier").click()
    expect(page.get_by_text("64 réponses prêtes à importer")).to_be_visible()
    _no_violations(page, "results import, preview")
    screenshot(page, "admin-results-import-preview", SIZES)
    page.get_by_role("button", name="Confirmer l'import").click()
    expect(page.get_by_role("heading", name="Résultats importés")).to_be_visible()
    expect(page.get_by_text("64 réponses importées")).to_be_visible()
    _no_violations(page, "results import, done")
    screenshot(page, "admin-results-import-done", SIZES)
    page.goto(f"{live_server.url}/admin/campaigns/accueil-2023/results/import")
    page.get_by_label("Fichier des résultats").set_input_files(sample)
    page.get_by_role("button", name="Vérifier le fichier").click()
    expect(page.get_by_text("Rien de nouveau")).to_be_visible()
    _no_violations(page, "results import, already there")
    screenshot(page, "admin-results-import-again", SIZES[::2])
    context.close()


SIZES = ((1280, 800), (768, 1024), (390, 844))
