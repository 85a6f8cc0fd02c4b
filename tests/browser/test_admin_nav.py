"""The workspace's menu as the administrator (the role with the most entries) sees it: one
line on a 1280 px laptop, the pages used a few times a year under «Administration», a
<details> that opens by keyboard, the current page marked inside it; still whole and
within the screen on a tablet and a phone; «Mon compte» beside the sign-out button. axe-core
finds no WCAG 2.1 A/AA violation."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser

EVERYDAY = ["Enquêtes", "Demandes et réclamations", "Saisie papier", "Commentaires",
            "Questionnaires", "Aide"]  # fmt: skip
ADMINISTRATION = ["Tablettes", "Sites", "Comptes", "Vue nationale"]


def _lines(page) -> int:
    """How many lines the menu's entries take (distinct tops of the top-level entries)."""
    return page.evaluate(
        """() => new Set([...document.querySelectorAll('.admin-nav > ul > li')]
            .map((li) => Math.round(li.getBoundingClientRect().top))).size"""
    )


def test_the_administrators_menu_fits_one_line_and_opens_by_keyboard(page, live_server):
    password = re.search(r"password:\s+(\S+)", live_server.init_output).group(1)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/admin/login")
    page.get_by_label("Identifiant").fill("admin")
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    nav = page.get_by_role("navigation", name="Espace qualité")
    expect(nav.get_by_role("link", name="Enquêtes")).to_have_attribute("aria-current", "page")
    for label in EVERYDAY:
        expect(nav.get_by_role("link", name=label, exact=True)).to_be_visible()
    assert _lines(page) == 1
    for label in ADMINISTRATION:  # in the closed menu: not shown, not in the tab order
        expect(nav.get_by_role("link", name=label, exact=True)).to_be_hidden()

    summary = nav.locator("summary", has_text="Administration")
    summary.focus()
    page.keyboard.press("Enter")
    for label in ADMINISTRATION:
        expect(nav.get_by_role("link", name=label, exact=True)).to_be_visible()
    page.keyboard.press("Tab")
    expect(nav.get_by_role("link", name="Tablettes")).to_be_focused()
    assert axe_violations(page) == [], "menu open"
    page.keyboard.press("Escape")  # admin-nav.js: closes, focus back on its entry
    expect(nav.get_by_role("link", name="Tablettes")).to_be_hidden()
    expect(summary).to_be_focused()

    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # «Sites»
    expect(page.get_by_role("heading", name="Sites", level=1)).to_be_visible()
    assert nav.locator("[aria-current=page]").all_text_contents() == ["Sites"]
    expect(nav.locator("details.admin-menu--current")).to_have_count(1)  # marked when closed
    assert axe_violations(page) == [], "sites"

    for width, height in ((768, 1024), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        summary.click()
        for label in EVERYDAY + ADMINISTRATION:
            expect(nav.get_by_role("link", name=label, exact=True)).to_be_in_viewport()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        summary.click()

    # «Mon compte» (the viewport is a phone's now): whole, and clean with its errors shown.
    page.get_by_role("link", name="Mon compte").click()
    expect(page.get_by_role("heading", name="Mon compte", level=1)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name="Changer le mot de passe").click()  # empty: nothing checked
    expect(page.locator(".error-summary")).to_contain_text("Mot de passe actuel")
    assert axe_violations(page) == [], "my account, errors"
    page.set_viewport_size({"width": 1280, "height": 800})
    assert _lines(page) == 1
