"""The national view with 300 sites in a real Chromium: a chart of the page's 50 sites,
page links that keep the sort, the search, and no WCAG 2.1 A/AA violation."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.app.national_helpers import make_many_sites
from tests.browser.conftest import axe_violations, started_with
from tests.browser.test_admin import _admin_password

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def many_server(tmp_path_factory):
    """A server of its own with 300 sites (the shared one keeps its single demo site)."""
    server = started_with(
        tmp_path_factory.mktemp("national-many-instance"),
        lambda app: make_many_sites(app, with_staff=False),
    )
    yield server
    server.stop()


def test_300_sites_page_by_page_with_the_chart_of_the_page(browser, many_server):
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{many_server.url}/admin/login")
    page.get_by_label("Identifiant").fill("admin")
    page.get_by_label("Mot de passe").fill(_admin_password(many_server))
    page.get_by_role("button", name="Se connecter").click()
    page.goto(f"{many_server.url}/admin/national?sort=n&order=desc")
    expect(page.locator(".chart .bars .point")).to_have_count(50)
    expect(page.get_by_text("Sites 1 à 50 sur 300, page 1 sur 6.")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("navigation", name="Pages du classement").get_by_role(
        "link", name="Page 2", exact=True
    ).click()
    expect(page).to_have_url(re.compile(r"sort=n&order=desc&page=2"))
    expect(page.get_by_text("Sites 51 à 100 sur 300, page 2 sur 6.")).to_be_visible()
    expect(page.locator(".pagination [aria-current=page]")).to_have_text("Page 2")

    page.get_by_label("Site (nom ou identifiant)").fill("étampes")
    page.get_by_role("button", name="Afficher").click()
    expect(page).to_have_url(re.compile(r"q=%C3%A9tampes.*sort=n&order=desc"))
    expect(page.get_by_text("Sites 1 à 50 sur 100 correspondant à « étampes »")).to_be_visible()
    expect(page.locator(".chart .bars .point")).to_have_count(50)
    assert axe_violations(page) == []
    assert errors == [], "\n".join(errors)
    context.close()
