"""Every screen fits every device: the kiosk's screens at six tablet sizes and the web form
from a small phone up, in French and Arabic, with text enlarged to 200 %; the legal pages,
accessible and, on the tablet, offline. Screenshots are kept in artefacts/screens/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import axe_violations
from .layout import keep_screenshot, layout_problems, scale_text

pytestmark = [pytest.mark.browser, pytest.mark.slow]
TABLETS = [(1024, 768), (1280, 720), (1280, 800), (1920, 1080), (768, 1024), (800, 1280)]
PHONES_UP = [(320, 568), (390, 844), (768, 1024), (1280, 800), (1920, 1080)]
ENLARGED = [(1024, 768), (1280, 800), (800, 1280)]  # text at 200 %: may scroll down, never sideways
LANGUAGES = {"fr": "Français", "ar": "العربية"}
LEGAL = ["accessibilite", "donnees-personnelles", "mentions-legales"]


@pytest.fixture(scope="module")
def tablet(browser, live_server):
    """One paired tablet for the module: the screens are walked in it, size after size."""
    output = live_server.cli("tablet", "enrol", "--name", "Écrans", "--campaign", "accueil")
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto(re.search(r"http://\S+#pair=[\w-]+", output).group(0))
    expect(page.get_by_role("button", name="Français")).to_be_visible(timeout=15000)
    yield page
    context.close()


def check_sizes(page, folder, screen, sizes=TABLETS, enlarged=ENLARGED, fits_screen=True):
    """Layout problems of the current screen at each size (a screenshot of each kept), then
    with text at 200 %."""
    problems = []
    for width, height in sizes:
        page.set_viewport_size({"width": width, "height": height})
        problems += [
            f"{screen} {width}×{height}: {p}"
            for p in layout_problems(page, fits_screen=fits_screen)
        ]
        keep_screenshot(page, folder, f"{screen}-{width}x{height}")
    for width, height in enlarged:
        page.set_viewport_size({"width": width, "height": height})
        scale_text(page, 2)
        problems += [
            f"{screen} {width}×{height} text 200 %: {p}"
            for p in layout_problems(page, fits_screen=False)
        ]
        keep_screenshot(page, folder, f"{screen}-{width}x{height}-text200")
        scale_text(page, 1)
    page.set_viewport_size({"width": 1280, "height": 720})
    return problems


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_kiosk_screen_fits_each_tablet_without_scrolling(tablet, lang):
    page, folder, problems = tablet, f"screens/kiosk-{lang}", []
    options, forward = page.locator(".option"), page.locator(".actions .button--primary")
    problems += check_sizes(page, folder, "welcome")
    page.get_by_role("button", name=LANGUAGES[lang]).click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if lang == "ar" else "ltr")
    problems += check_sizes(page, folder, "1-choice")
    options.first.click()
    problems += check_sizes(page, folder, "2-choice-long")  # one option of 70 characters
    forward.click()  # skip
    problems += check_sizes(page, folder, "3-rating")
    for _ in range(8):  # the other ratings, then the waiting time
        options.first.click()
    problems += check_sizes(page, folder, "11-yesno")
    options.nth(1).click()  # "no": the telephone question stays hidden
    options.first.click()
    options.first.click()
    expect(page.get_by_role("textbox")).to_be_visible()
    problems += check_sizes(page, folder, "14-text")
    forward.click()  # send
    expect(page.locator(".message h1")).to_be_focused()
    problems += check_sizes(page, folder, "thanks")
    page.locator(".actions .button").click()  # back to the welcome screen for the next test
    expect(page.get_by_role("button", name="Français")).to_be_visible()
    assert problems == [], "\n".join(problems)


def test_the_status_line_and_the_legal_links_never_cover_a_control(tablet):
    """The bottom bar is in the flow: at the shortest screen it sits below the navigation."""
    page = tablet
    page.set_viewport_size({"width": 1280, "height": 720})
    links = page.locator(".legal-links a")
    expect(links).to_have_count(3)
    last_language = page.get_by_role("button", name="Українська").bounding_box()
    assert links.first.bounding_box()["y"] >= last_language["y"] + last_language["height"]
    page.get_by_role("button", name="Français").click()
    expect(links.first).to_be_hidden()  # never during a visit: leaving would lose the answers
    skip = page.get_by_role("button", name="Passer cette question")
    page.locator(".option").first.click()
    status = page.locator("#status").bounding_box()
    assert skip.bounding_box()["y"] + skip.bounding_box()["height"] <= status["y"] + 0.5
    page.get_by_role("button", name="Retour").click()
    page.get_by_role("button", name="Retour").click()
    expect(page.get_by_role("button", name="Français")).to_be_visible()


def test_the_legal_pages_open_on_the_tablet_offline_accessible_in_french_and_arabic(tablet):
    page = tablet
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=15000)
    page.wait_for_function(
        "caches.keys().then((keys) => Promise.all(keys.map((k) => caches.open(k)"
        ".then((c) => c.match('legal/accessibilite.ar.html')))))"
        ".then((found) => found.some(Boolean))",
        timeout=15000,
    )
    page.context.set_offline(True)
    try:
        page.get_by_role("link", name="Accessibilité : non conforme").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Déclaration d'accessibilité")
        assert axe_violations(page) == []
        assert layout_problems(page, fits_screen=False) == []
        keep_screenshot(page, "screens/legal", "kiosk-accessibilite-fr")
        page.get_by_role("link", name="العربية").click()
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        expect(page.get_by_text("Défenseur des droits", exact=False).first).to_be_visible()
        assert axe_violations(page) == []
        keep_screenshot(page, "screens/legal", "kiosk-accessibilite-ar")
        page.locator(".legal-links a[href^='donnees-personnelles']").click()
        expect(page.locator("html")).to_have_attribute("lang", "ar")
        assert axe_violations(page) == []
        page.locator(".legal-page__back").click()
        expect(page.get_by_role("button", name="Français")).to_be_visible()
    finally:
        page.context.set_offline(False)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_web_form_fits_from_a_small_phone_up(live_server, page, lang):
    page.goto(f"{live_server.url}/s/accueil?lang={lang}")
    problems = check_sizes(
        page,
        f"screens/form-{lang}",
        "form",
        sizes=PHONES_UP,
        enlarged=[(320, 568), (1280, 800)],
        fits_screen=False,
    )
    assert problems == [], "\n".join(problems)
    footer = page.locator(".site-footer__links a")
    expect(footer).to_have_count(3)
    assert [footer.nth(i).get_attribute("href") for i in range(3)] == [
        f"/{name}?lang={lang}" for name in LEGAL
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", LEGAL)
def test_each_legal_page_is_accessible_and_readable_on_a_phone(live_server, page, name, lang):
    page.goto(f"{live_server.url}/{name}?lang={lang}")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 320, "height": 568})
    assert layout_problems(page, fits_screen=False) == []
    keep_screenshot(page, "screens/legal", f"web-{name}-{lang}-320")
