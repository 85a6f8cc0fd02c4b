"""A visitor answers the public form in real Chromium; the answer lands in the database."""

from __future__ import annotations

import csv
import io

import pytest

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def exported(live_server) -> list[dict]:
    return list(csv.DictReader(io.StringIO(live_server.cli("export", "--campaign", "accueil"))))


def answer_minimum(page) -> None:
    page.get_by_label("Un particulier").check()
    page.get_by_label("Titre de séjour").first.check()


def test_visitor_answers_on_a_phone_and_one_response_is_stored(live_server, page):
    before = len(exported(live_server))
    sent, errors = [], []
    page.on("request", lambda request: sent.append((request.method, request.url)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(f"{live_server.url}/s/accueil")
    assert axe_violations(page) == []
    answer_minimum(page)
    page.locator("textarea").fill("Très bon accueil, merci.")
    page.get_by_role("button", name="Envoyer").click()
    page.wait_for_url("**/s/accueil/merci**")  # thanks.js shows the thank-you page's address
    assert axe_violations(page) == []
    # One request each for the form and the thank-you page; the inline style and scripts
    # ran within the CSP (a refused one is a console error).
    form = f"{live_server.url}/s/accueil"
    assert sent == [("GET", form), ("POST", f"{form}?lang=fr")] and errors == []
    rows = exported(live_server)
    assert len(rows) == before + 1
    assert "Très bon accueil, merci." in {r["commentaire"] for r in rows}


def test_conditional_question_appears_only_after_yes(live_server, page):
    page.goto(f"{live_server.url}/s/accueil")
    telephone = page.locator("[data-show-if-field='appel_prealable']")
    assert telephone.count() == 1
    assert telephone.is_hidden()
    page.locator("input[name='appel_prealable'][value='oui']").check()
    assert telephone.is_visible()
    page.locator("input[name='appel_prealable'][value='non']").check()
    assert telephone.is_hidden()


def test_missing_required_answer_is_shown_next_to_the_field_without_storing(live_server, page):
    before = len(exported(live_server))
    page.goto(f"{live_server.url}/s/accueil")
    page.get_by_role("button", name="Envoyer").click()
    assert page.locator("[aria-invalid='true']").count() >= 1
    assert axe_violations(page) == []
    assert len(exported(live_server)) == before


def test_arabic_form_is_right_to_left_and_accessible(live_server, page):
    page.goto(f"{live_server.url}/s/accueil?lang=ar")
    html = page.locator("html")
    assert html.get_attribute("dir") == "rtl"
    assert html.get_attribute("lang") == "ar"
    assert axe_violations(page) == []


def test_form_works_with_javascript_off(live_server, browser):
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    page = context.new_page()
    before = len(exported(live_server))
    page.goto(f"{live_server.url}/s/accueil")
    answer_minimum(page)
    page.get_by_role("button", name="Envoyer").click()
    # The thank-you page is the answer to the POST; without JavaScript its address stays.
    page.get_by_text("Vos réponses ont bien été enregistrées.").wait_for()
    context.close()
    assert len(exported(live_server)) == before + 1


def test_back_after_sending_then_sending_again_stores_one_response(live_server, page):
    before = len(exported(live_server))
    page.goto(f"{live_server.url}/s/accueil")
    answer_minimum(page)
    page.get_by_role("button", name="Envoyer").click()
    page.wait_for_url("**/s/accueil/merci**")
    page.go_back()
    page.wait_for_url("**/s/accueil")
    answer_minimum(page)
    page.get_by_role("button", name="Envoyer").click()
    page.wait_for_url("**/s/accueil/merci**")
    assert len(exported(live_server)) == before + 1
