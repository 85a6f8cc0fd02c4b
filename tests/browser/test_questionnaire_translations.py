"""Issue 15 end to end in real Chromium: the officer rewords a question and adds an option
(the English becomes stale and missing, and is marked), previews the draft on the phone and
the tablet, publishes with the French for English, opens a new campaign with the version; a
visitor answers on the form and on the tablet; each campaign's report keeps its wording.
axe-core finds nothing on the editor, translations, preview and publishing pages, and a translation
is edited and saved with the keyboard alone."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.slow]
OLD_WORDING = "Les horaires d'ouverture"
NEW_WORDING = "Les horaires d'ouverture au public"
NOTICE = "Aperçu — aucune réponse n’est enregistrée"
# A French visitor on the tablet after «Un élu»: every answer is a button named by its text.
TABLET_PATH = [
    "Passer cette question",
    *["Satisfait"] * 7,
    "Moins de 10 minutes",
    "Non",
    "Sans avis / Non concerné",
    "Très satisfait",
]


def _draft_of_the_demo(live_server) -> tuple[int, int]:
    """A new draft of the demo campaign's version (what «créer une nouvelle version» does),
    and the index of the question to reword."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SURVEY_INSTANCE_PATH", str(live_server.instance))
        from sqlalchemy import select

        from survey_app import create_app
        from survey_app.core.db import db
        from survey_app.core.models import Campaign
        from survey_app.core.questionnaire_drafts import create_draft

        app = create_app({"SECRET_KEY": "browser-tests"})
        with app.app_context():
            version = db.session.scalars(select(Campaign).filter_by(slug="accueil")).one()
            version = version.questionnaire_version
            draft = create_draft(db.session, key=version.key, content=version.content)
            db.session.commit()
            keys = [item["key"] for item in draft.content["items"]]
            result = draft.id, keys.index("horaires")
            db.session.remove()
            db.engine.dispose()
    return result


def _log_in(page, live_server):
    password = re.search(r"password:\s+(\S+)", live_server.init_output).group(1)
    page.goto(f"{live_server.url}/admin/login")
    page.get_by_label("Identifiant").fill("admin")
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name="Enquêtes")).to_be_visible()


def _tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_a_reworded_questionnaire_is_translated_previewed_published_and_answered(
    browser, live_server
):
    draft_id, reworded = _draft_of_the_demo(live_server)
    base = f"{live_server.url}/admin/questionnaires/drafts/{draft_id}"
    slug = f"nouvelle-{uuid.uuid4().hex[:6]}"
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    api_calls = []
    page.on("request", lambda r: api_calls.append(r.url) if "/api/" in r.url else None)
    save = page.get_by_role("button", name="Enregistrer", exact=True).first
    try:
        _log_in(page, live_server)

        # The officer rewords a question and adds an option to another, in French.
        page.goto(f"{base}/items/{reworded}")
        page.get_by_label("Libellé (français)").fill(NEW_WORDING)
        save.click()
        expect(page.get_by_label("Libellé (français)")).to_have_value(NEW_WORDING)
        page.goto(f"{base}/items/0")
        page.get_by_role("button", name="Ajouter une option").click()
        page.get_by_label("Valeur de l'option 4", exact=True).fill("elu")
        page.get_by_label("Libellé de l'option 4", exact=True).fill("Un élu")
        save.click()
        expect(page.get_by_label("Libellé de l'option 4", exact=True)).to_have_value("Un élu")
        assert axe_violations(page) == [], "editor"

        # The English is marked: the reworded question to review, the new option to translate.
        page.goto(f"{base}/translations?langue=en&a_revoir=1")
        stale = page.locator("tr", has_text=NEW_WORDING)
        expect(stale.get_by_text("À revoir : le français a changé")).to_be_visible()
        expect(page.locator("tr", has_text="Un élu").get_by_text("À traduire")).to_be_visible()
        assert axe_violations(page) == [], "translations"

        # Keyboard only: the Spanish of the new option, saved with Enter.
        page.goto(f"{base}/translations?langue=es&a_revoir=1")
        _tab_to(page, 'textarea[name="t-items.profil.options.elu.label"]')
        page.keyboard.type("Un cargo electo")
        _tab_to(page, 'button[type="submit"]:not(.button--small)')
        page.keyboard.press("Enter")
        expect(page.get_by_text("Traduction en espagnol enregistrée.")).to_be_visible()
        expect(page.locator("tr", has_text="Un élu")).to_have_count(0)  # up to date: hidden

        # The preview: the phone form and the tablet, in English, with the new texts.
        page.goto(f"{base}/preview?lang=en")
        assert axe_violations(page) == [], "preview"
        phone = page.frame_locator("iframe.preview-frame--phone")
        expect(phone.get_by_text(NOTICE)).to_be_visible()
        expect(phone.get_by_text(NEW_WORDING)).to_be_visible()
        phone.get_by_label("Un élu").check()
        phone.get_by_role("button", name="Submit my answers").click()
        expect(phone.get_by_text("dans l’aperçu, elles ne sont pas enregistrées")).to_be_visible()
        tablet = page.frame_locator("iframe.preview-frame--tablet")
        expect(tablet.get_by_text(NOTICE)).to_be_visible()
        tablet.get_by_role("button", name="English").click()
        expect(tablet.get_by_role("button", name="Un élu")).to_be_visible()
        page.goto(f"{base}/preview/tablet")
        assert axe_violations(page) == [], "tablet preview"

        # Publishing asks what to do for each language; the French is chosen.
        page.goto(f"{base}/publish")
        assert axe_violations(page) == [], "publish"
        page.get_by_label("Je publie ce questionnaire", exact=False).check()
        page.get_by_role("button", name="Publier la nouvelle version").click()
        expect(page.get_by_text("Anglais — choix obligatoire")).to_be_visible()  # never silently
        for fieldset in page.locator("fieldset").all():
            fieldset.get_by_label("Utiliser le français pour ces éléments").check()
        page.get_by_label("Je publie ce questionnaire", exact=False).check()
        page.get_by_role("button", name="Publier la nouvelle version").click()
        published = page.get_by_text(re.compile(r"Version \d+ publiée"))
        version = re.search(r"Version (\d+)", published.inner_text()).group(1)
        assert api_calls == []  # neither preview sent anything to the tablet API

        # A new campaign with that version, opened.
        page.goto(f"{live_server.url}/admin/campaigns/new")
        page.get_by_label("Titre").fill("Accueil, nouvelle version")
        page.get_by_label("Adresse courte").fill(slug)
        chosen = page.get_by_label("Questionnaire").locator("option:checked")
        expect(chosen).to_contain_text(f"Version {version} du ")
        page.get_by_role("button", name="Créer l'enquête").click()
        page.get_by_role("button", name="Ouvrir l'enquête").click()
        expect(page.get_by_text("En cours")).to_be_visible()

        # A visitor answers on the form, in English: the new option, the French wording.
        visitor = browser.new_context(locale="en-GB", viewport={"width": 390, "height": 844})
        form = visitor.new_page()
        form.goto(f"{live_server.url}/s/{slug}?lang=en")
        expect(form.get_by_text(NEW_WORDING)).to_be_visible()
        form.get_by_label("Un élu").check()
        form.get_by_role("button", name="Submit my answers").click()
        expect(form.get_by_text("Your answers have been recorded.")).to_be_visible()

        # Another on a tablet of the new campaign, in French.
        tablet_page = visitor.new_page()
        tablet_page.set_viewport_size({"width": 1280, "height": 800})
        output = live_server.cli("tablet", "enrol", "--name", f"Borne {slug}", "--campaign", slug)
        tablet_page.goto(re.search(r"http://\S+#pair=[\w-]+", output).group(0))
        tablet_page.get_by_role("button", name="Français").click(timeout=15000)
        tablet_page.get_by_role("button", name="Un élu").click()
        for answer in TABLET_PATH:
            tablet_page.get_by_role("button", name=answer, exact=True).click()
        # The tablet sends its queue just after the thank-you screen: the visitor's
        # context stays open until the server has answered (closing it earlier loses
        # the send on a loaded machine).
        with tablet_page.expect_response(
            lambda r: "/responses/batch" in r.url and r.ok, timeout=30000
        ):
            tablet_page.get_by_role("button", name="Envoyer mes réponses").click()
            expect(tablet_page.get_by_text("Merci pour votre participation")).to_be_visible()
        visitor.close()

        # Each campaign's report uses the wording of its own version.
        page.goto(f"{live_server.url}/admin/campaigns/{slug}/results")
        expect(page.get_by_text("2 réponses collectées", exact=False)).to_be_visible()
        expect(page.get_by_role("rowheader", name=NEW_WORDING, exact=True)).to_be_visible()
        page.goto(f"{live_server.url}/admin/campaigns/accueil/results")
        expect(page.get_by_role("rowheader", name=OLD_WORDING, exact=True)).to_be_visible()
        expect(page.get_by_text(NEW_WORDING)).to_have_count(0)
    finally:
        context.close()
        if slug in live_server.cli("campaign", "list"):  # the shared server keeps one open
            live_server.cli("campaign", "close", slug)
