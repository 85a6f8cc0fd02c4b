"""The hall tablet in real Chromium against a real server: pairing, visitors by touch and by
keyboard, Arabic, a light first load, offline queue, lost replies, server restarts, idle
reset, revocation, axe."""

from __future__ import annotations

import re
import sqlite3
import time
from contextlib import closing
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LiveServer, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SEND = "Envoyer mes réponses"
# One French visitor, by touch: every answer is a button named by its text.
FRENCH_PATH = [
    "Un particulier",
    "Passer cette question",  # the reason for the visit is optional
    *["Satisfait"] * 7,
    "Moins de 10 minutes",
    "Non",  # so "information by telephone" is never shown
    "Sans avis / Non concerné",
    "Très satisfait",
]


def _start(tmp_path_factory, name, **env):
    server = LiveServer(tmp_path_factory.mktemp(name))
    server.env.update(env)
    server.start()
    return server


@pytest.fixture(scope="module")
def server(tmp_path_factory, browser):
    # Every test pairs a tablet from this one address: the per-address limit on requests
    # without a tablet token (pairing) is for scripts, not for this module's nine tablets.
    server = _start(tmp_path_factory, "kiosk-instance", SURVEY_KIOSK_RATE_LIMIT="100 per minute")
    yield server
    server.stop()


def enrol(server, name):
    output = server.cli("tablet", "enrol", "--name", name, "--campaign", "accueil")
    return re.search(r"http://\S+#pair=[\w-]+", output).group(0)


def pair(page, server, name):
    """Open a fresh pairing link on the tablet; return once the welcome screen shows."""
    page.goto(enrol(server, name))
    expect(page.get_by_role("button", name="Français")).to_be_visible(timeout=15000)


def stored(server, device):
    """(id, lang, channel) of the responses recorded for that tablet, read from its SQLite."""
    with closing(sqlite3.connect(server.instance / "survey.db")) as con:
        return con.execute(
            "SELECT r.id, r.lang, r.channel FROM responses r JOIN devices d ON d.id = r.device_id"
            " WHERE d.name = ?",
            (device,),
        ).fetchall()


def answer_of(server, response_id, item):
    with closing(sqlite3.connect(server.instance / "survey.db")) as con:
        row = con.execute(
            "SELECT coalesce(value, text) FROM answers WHERE response_id = ? AND item_key = ?",
            (response_id, item),
        ).fetchone()
    return row and row[0]


def wait_stored(server, device, count, timeout=45):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = stored(server, device)
        if len(rows) >= count:
            return rows
        time.sleep(0.3)
    return stored(server, device)


def no_violations(page):
    assert axe_violations(page) == []


def assert_large_targets(page):
    sizes = page.evaluate(
        "[...document.querySelectorAll('button')].map((b) => b.getBoundingClientRect())"
        ".map((r) => [r.width, r.height])"
    )
    assert sizes and all(width >= 48 and height >= 48 for width, height in sizes)


def visit_by_touch(page, comment="Accueil rapide.", check_axe=False):
    page.get_by_role("button", name="Français").click()
    for step, answer in enumerate(FRENCH_PATH, start=1):
        expect(page.locator("#q-progress")).to_have_text(re.compile(rf"^Question {step} sur"))
        if check_axe and step in (1, 3, 11):  # a choice, a rating, a yes/no
            no_violations(page)
            assert_large_targets(page)
        page.get_by_role("button", name=answer, exact=True).click()
    expect(page.get_by_role("heading", name="Vos remarques et suggestions")).to_be_focused()
    page.get_by_role("textbox").fill(comment)
    if check_axe:
        no_violations(page)


def test_a_french_visitor_by_touch_stores_one_kiosk_response_and_leaves_no_trace(page, server):
    pair(page, server, "Touch")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=15000)
    no_violations(page)
    assert_large_targets(page)
    requests = []  # the page's and its service worker's
    page.context.on("request", lambda r: "/heartbeat" not in r.url and requests.append(r.url))
    visit_by_touch(page, comment="Un agent très patient.", check_axe=True)
    assert requests == [], "moving between questions must not touch the network"
    page.get_by_role("button", name=SEND).click(click_count=3)  # an impatient triple tap
    expect(page.get_by_role("heading", name="Merci pour votre participation !")).to_be_focused()
    no_violations(page)
    rows = wait_stored(server, "Touch", 1)
    assert [(lang, channel) for _, lang, channel in rows] == [("fr", "kiosk")]
    assert answer_of(server, rows[0][0], "profil") == "particulier"
    assert answer_of(server, rows[0][0], "motif") is None  # skipped
    assert answer_of(server, rows[0][0], "commentaire") == "Un agent très patient."
    expect(page.get_by_role("button", name="Français")).to_be_visible(timeout=10000)
    assert "très patient" not in page.content()
    page.get_by_role("button", name="Français").click()
    assert page.get_by_role("button", name="Un particulier").get_attribute("aria-pressed") == (
        "false"
    )
    time.sleep(1)
    assert len(stored(server, "Touch")) == 1


def test_an_arabic_visitor_gets_a_right_to_left_questionnaire(page, server):
    pair(page, server, "Arabic")
    page.get_by_role("button", name="العربية").click()
    html = page.locator("html")
    expect(html).to_have_attribute("dir", "rtl")
    expect(html).to_have_attribute("lang", "ar")
    expect(page.locator("#q-progress")).to_have_text("السؤال 1 من 14")
    no_violations(page)
    while not page.locator("textarea").count():
        progress = page.locator("#q-progress").inner_text()
        page.locator(".option").first.click()
        expect(page.locator("#q-progress")).not_to_have_text(progress)
    page.get_by_role("button", name="إرسال إجاباتي").click()
    expect(page.get_by_role("heading", name="شكرًا لمشاركتك!")).to_be_visible()
    assert [row[1] for row in wait_stored(server, "Arabic", 1)] == ["ar"]
    page.get_by_role("button", name="إنهاء").click()
    expect(page.get_by_role("button", name="Français")).to_be_visible()
    expect(html).to_have_attribute("dir", "ltr")
    expect(html).to_have_attribute("lang", "fr")


def test_the_whole_questionnaire_can_be_done_with_the_keyboard_alone(page, server):
    pair(page, server, "Keyboard")
    focused = "document.activeElement.tagName + ':' + document.activeElement.textContent"
    page.keyboard.press("Tab")
    assert page.evaluate(focused) == "BUTTON:Français"
    page.keyboard.press("Enter")
    for _ in range(14):  # first answer everywhere: "Oui" shows the telephone question
        assert page.evaluate("document.activeElement.tagName") == "H1", "focus on the question"
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
    assert page.evaluate(focused) == "H1:Vos remarques et suggestions"
    page.keyboard.press("Tab")
    page.keyboard.type("Clavier seul")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate(focused) == f"BUTTON:{SEND}"
    page.keyboard.press("Enter")
    rows = wait_stored(server, "Keyboard", 1)
    assert len(rows) == 1
    assert answer_of(server, rows[0][0], "info_telephone") == "tres_satisfait"
    assert answer_of(server, rows[0][0], "commentaire") == "Clavier seul"
    row = next(line for line in server.cli("tablet", "list").splitlines() if "Keyboard" in line)
    assert "paired" in row and "last seen never" not in row  # its heartbeat arrived
    assert re.search(r"version [0-9a-f]{16}$", row)


def received(request) -> bool:
    """Reached the network: Chromium reports bytes received (headers and the compressed
    body); an answer from the browser's cache has none."""
    sizes = request.sizes()
    return sizes["responseHeadersSize"] + sizes["responseBodySize"] > 0


def test_first_load_is_few_requests_no_file_twice_and_offline_keeps_every_language(page, server):
    loaded = []  # every request of the first load and of the service worker's install
    page.context.on("requestfinished", lambda r: received(r) and loaded.append(r))
    pair(page, server, "Offline")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=15000)
    files = [urlsplit(r.url).path for r in loaded if r.method == "GET"]
    assert sorted(files) == sorted(set(files)), "a file was downloaded twice"
    assert any(r.service_worker for r in loaded), "the worker's install is counted"
    assert len(loaded) <= 15, [r.url for r in loaded]
    page.context.set_offline(True)
    for number in range(3):
        visit_by_touch(page, comment=f"Visiteur {number}")
        page.get_by_role("button", name=SEND).click()
        page.get_by_role("button", name="Terminer").click()
    status = page.locator("#status")
    expect(status).to_contain_text("Hors ligne")
    expect(status).to_contain_text("En attente : 3")
    no_violations(page)
    page.reload()  # no network at all: the service worker serves the shell, IndexedDB the queue
    expect(page.get_by_role("button", name="Français")).to_be_visible()
    expect(status).to_contain_text("En attente : 3")
    page.get_by_role("button", name="العربية").click()  # every language, offline too
    expect(page.locator("#q-progress")).to_have_text("السؤال 1 من 14")
    page.get_by_role("button", name="رجوع").click()
    expect(page.get_by_role("button", name="Français")).to_be_visible()
    assert stored(server, "Offline") == []
    page.context.set_offline(False)
    expect(status).to_contain_text("En attente : 0", timeout=30000)
    rows = stored(server, "Offline")
    assert len(rows) == 3 and len({row[0] for row in rows}) == 3


def test_responses_wait_for_a_stopped_server_and_arrive_once_it_restarts(page, server):
    pair(page, server, "Restart")
    server.stop()
    try:
        for number in range(3):
            visit_by_touch(page, comment=f"Pendant l'arrêt {number}")
            page.get_by_role("button", name=SEND).click()
            page.get_by_role("button", name="Terminer").click()
        expect(page.locator("#status")).to_contain_text("En attente : 3")
    finally:
        server.start()
    expect(page.locator("#status")).to_contain_text("En attente : 0", timeout=45000)
    assert len(wait_stored(server, "Restart", 3)) == 3


def test_a_response_whose_reply_was_lost_is_not_stored_twice(browser, server):
    context = browser.new_context(locale="fr-FR", service_workers="block")
    page = context.new_page()
    lost = []

    def lose_the_reply(route):
        route.fetch()  # the server stores it...
        lost.append(route.request.url)
        route.abort()  # ...but the tablet never hears back

    try:
        pair(page, server, "Lost reply")
        page.route("**/api/v1/kiosk/responses/batch", lose_the_reply, times=1)
        sent = []
        page.on("requestfinished", lambda r: "/responses/batch" in r.url and sent.append(r))
        visit_by_touch(page)
        page.get_by_role("button", name=SEND).click()
        page.wait_for_timeout(200)
        deadline = time.monotonic() + 30
        while not sent and time.monotonic() < deadline:  # the retry, after the lost reply
            page.wait_for_timeout(200)
        assert len(lost) == 1 and len(sent) == 1
        expect(page.locator("#status")).to_contain_text("En attente : 0")
        assert len(stored(server, "Lost reply")) == 1
    finally:
        context.close()


def test_idle_warning_continue_keeps_the_answers_and_no_action_discards_them(page, server):
    # The page's clock is Playwright's: the 60 s idle time and the 20 s countdown pass on
    # fast_forward and run_for, not in real time, while fetches and rendering stay real.
    page.clock.install()
    pair(page, server, "Idle")
    page.get_by_role("button", name="Français").click()
    page.get_by_role("button", name="Un particulier").click()
    dialog = page.get_by_role("dialog", name="Êtes-vous toujours là ?")
    page.clock.fast_forward(59_000)
    expect(dialog).to_be_hidden()
    page.clock.fast_forward(2_000)
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text(re.compile(r"Temps restant\s:\s(20|19|18)\ss"))
    no_violations(page)
    dialog.get_by_role("button", name="Je continue").click()
    expect(dialog).to_be_hidden()
    page.get_by_role("button", name="Retour").click()
    pressed = page.get_by_role("button", name="Un particulier")
    expect(pressed).to_have_attribute("aria-pressed", "true")
    page.clock.fast_forward(61_000)
    expect(dialog).to_be_visible()
    page.clock.run_for(18_000)  # run_for fires every tick of the countdown on the way
    expect(dialog).to_be_visible()
    page.clock.run_for(3_000)
    expect(page.get_by_role("button", name="Français")).to_be_visible()
    expect(dialog).to_be_hidden()
    page.get_by_role("button", name="Français").click()
    expect(pressed).to_have_attribute("aria-pressed", "false")
    assert stored(server, "Idle") == []


def test_a_revoked_tablet_shows_it_is_not_authorised_and_a_used_link_is_refused(page, server):
    link = enrol(server, "Revoked")
    page.goto(link)
    expect(page.get_by_role("button", name="Français")).to_be_visible(timeout=15000)
    device_id = re.search(r"^\s*(\d+)\s+Revoked", server.cli("tablet", "list"), re.M).group(1)
    server.cli("tablet", "revoke", device_id)
    page.reload()
    expect(page.get_by_role("heading", name="Appareil non autorisé")).to_be_visible()
    no_violations(page)
    forged = page.evaluate(
        """fetch('/api/v1/kiosk/responses', {method: 'POST', body: '{}',
           headers: {'Authorization': 'Bearer forged', 'Content-Type': 'application/json'}})
           .then(r => r.status)"""
    )
    assert forged == 401
    page.goto(link)  # already used
    expect(
        page.get_by_text("Ce lien d’appairage est inconnu, déjà utilisé ou expiré")
    ).to_be_visible()
    no_violations(page)


def test_the_rest_of_a_multiple_tap_does_not_leave_the_thank_you_screen(page, server):
    pair(page, server, "Taps")
    visit_by_touch(page)
    page.get_by_role("button", name=SEND).click()
    finish = page.get_by_role("button", name="Terminer")
    expect(finish).to_be_visible()
    box = finish.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    for count in (2, 3):  # the 2nd and 3rd taps of the series begun on "Send"
        page.mouse.down(click_count=count)
        page.mouse.up(click_count=count)
    heading = page.get_by_role("heading", name="Merci pour votre participation !")
    expect(heading).to_be_focused()
    page.wait_for_timeout(1200)  # past the guard: a fresh tap is obeyed
    finish.click()
    expect(page.get_by_role("button", name="Français")).to_be_visible()
