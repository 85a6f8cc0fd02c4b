"""The national view in a real Chromium: the chart drawn by admin.js under the strict CSP,
sorting by a column header, the CSV download, and no WCAG 2.1 A/AA violation."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.app.national_helpers import SITES, make_country
from tests.browser.conftest import admin_menu, axe_violations, started_with
from tests.browser.test_admin import _admin_password

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def country_server(tmp_path_factory):
    """A server of its own (the shared one must keep its single demo site)."""
    server = started_with(
        tmp_path_factory.mktemp("national-instance"),
        lambda app: make_country(app, with_staff=False),
    )
    yield server
    server.stop()


def test_the_national_page_draws_its_chart_sorts_and_downloads(browser, country_server, tmp_path):
    context = browser.new_context(
        locale="fr-FR", viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    page = context.new_page()
    errors: list[str] = []
    page.on(  # a CSP violation is a console error; failed requests are caught below
        "console",
        lambda m: (
            errors.append(m.text)
            if m.type == "error" and not m.text.startswith("Failed to load resource")
            else None
        ),
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
    page.goto(f"{country_server.url}/admin/login")
    page.get_by_label("Identifiant").fill("admin")
    page.get_by_label("Mot de passe").fill(_admin_password(country_server))
    page.get_by_role("button", name="Se connecter").click()
    admin_menu(page, "Vue nationale")
    expect(page.get_by_role("heading", name="Vue nationale", level=1)).to_be_visible()
    expect(page.locator(".chart svg.main-svg").first).to_be_attached()  # plotly drew it
    bars = page.locator(".chart .bars .point")
    expect(bars).to_have_count(len(SITES))
    assert axe_violations(page) == []

    page.locator("#ranking-title + p + .table-wrap").get_by_role("link", name="Site").click()
    expect(page).to_have_url(re.compile(r"sort=site&order=asc"))
    first = page.locator("#ranking-title + p + .table-wrap tbody tr th").first
    expect(first).to_have_text("Préfecture de Paris")

    for label, header in (
        ("CSV (Excel)", "rank;site;name"),
        ("CSV, format brut", "rank,site,name"),
    ):
        with page.expect_download() as download:
            page.get_by_role("link", name=label).click()
        saved = tmp_path / label
        download.value.save_as(saved)
        lines = saved.read_text(encoding="utf-8-sig").splitlines()
        assert lines[0].startswith(header) and len(lines) == 1 + len(SITES) + 1
    assert errors == [], "\n".join(errors)
    context.close()
