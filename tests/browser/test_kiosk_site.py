"""A tablet of a site in real Chromium: it shows the site's open campaign, says «Pas d'enquête
en cours» once it closes, switches to the next one without being enrolled again, and files a
response queued offline under the campaign it was answered for."""

from __future__ import annotations

import re
import sqlite3
import time
from contextlib import closing

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LiveServer, axe_violations, screenshot
from tests.browser.test_kiosk import SEND, visit_by_touch

pytestmark = [pytest.mark.browser, pytest.mark.slow]
NO_SURVEY = "Pas d’enquête en cours"


@pytest.fixture(scope="module")
def server(tmp_path_factory, browser):
    server = LiveServer(tmp_path_factory.mktemp("kiosk-site-instance"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def tablet(browser):
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 800})
    yield context.new_page()
    context.close()


def filed(server, device):
    """The campaign slug of each response the tablet sent, in the server's SQLite."""
    with closing(sqlite3.connect(server.instance / "survey.db")) as con:
        return [
            slug
            for (slug,) in con.execute(
                "SELECT c.slug FROM responses r JOIN devices d ON d.id = r.device_id"
                " JOIN campaigns c ON c.id = r.campaign_id WHERE d.name = ? ORDER BY r.received_at",
                (device,),
            )
        ]


def wait_filed(server, device, count, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and len(filed(server, device)) < count:
        time.sleep(0.3)
    return filed(server, device)


def heartbeat_now(page):
    """What the tablet does every minute (and when the network comes back), at once."""
    page.evaluate("dispatchEvent(new Event('online'))")


def test_a_site_tablet_follows_its_campaigns_without_being_enrolled_again(tablet, server):
    output = server.cli("tablet", "enrol", "--name", "Hall du site", "--site", "prefecture")
    assert "showing the site's open campaign" in output
    tablet.goto(re.search(r"http://\S+#pair=[\w-]+", output).group(0))
    expect(tablet.get_by_role("button", name="Français")).to_be_visible(timeout=15000)
    tablet.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=15000)

    # A visitor answers offline; meanwhile the campaign closes and the tablet cannot know.
    tablet.context.set_offline(True)
    visit_by_touch(tablet, comment="Répondu avant la fermeture.")
    tablet.get_by_role("button", name=SEND).click()
    tablet.get_by_role("button", name="Terminer").click()
    expect(tablet.locator("#status")).to_contain_text("En attente : 1")
    server.cli("campaign", "close", "accueil")
    tablet.context.set_offline(False)  # back online: the queue goes, the heartbeat tells
    heading = tablet.get_by_role("heading", name=NO_SURVEY)
    expect(heading).to_be_visible(timeout=20000)
    assert wait_filed(server, "Hall du site", 1) == ["accueil"]  # where it was answered
    expect(tablet.locator("#status")).to_contain_text("En attente : 0")
    expect(tablet.locator("li[lang=ar]")).to_have_attribute("dir", "rtl")
    expect(tablet.locator("li[lang=en]")).to_contain_text("No survey at the moment")
    assert tablet.get_by_role("button", name="Français").count() == 0
    assert axe_violations(tablet) == []
    screenshot(tablet, "kiosk-no-survey")

    server.cli("campaign", "create", "accueil-2027", "--title", "Accueil 2027", "--open")
    heartbeat_now(tablet)
    expect(tablet.get_by_role("button", name="Français")).to_be_visible(timeout=15000)
    screenshot(tablet, "kiosk-next-campaign")
    visit_by_touch(tablet, comment="Répondu après la réouverture.")
    tablet.get_by_role("button", name=SEND).click()
    assert wait_filed(server, "Hall du site", 2) == ["accueil", "accueil-2027"]
    listed = server.cli("tablet", "list")
    assert re.search(r"Hall du site\s+paired\s+prefecture\s+accueil-2027 ", listed)
