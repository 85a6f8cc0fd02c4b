"""Real Chromium against a real server: `survey serve` (gunicorn) on a free port.

Browser tests skip with a reason when Debian's chromium is not installed
(`.ci/run` installs it); Playwright drives it, axe-core checks accessibility.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
SURVEY = str(Path(sys.executable).with_name("survey"))

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    """A `survey serve` process with its own instance folder and SQLite database."""

    def __init__(self, instance: Path):
        self.instance = instance
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("SURVEY_")},
            "SURVEY_INSTANCE_PATH": str(instance),
            "SURVEY_PORT": str(self.port),
            "SURVEY_WORKERS": "2",
            "SURVEY_SECRET_KEY": "browser-tests",
            # an import file of a few hundred KB shows the too-large message (default 20 MB)
            "SURVEY_MAX_UPLOAD_BYTES": str(512 * 1024),
        }
        self.process: subprocess.Popen | None = None

    def cli(self, *args: str) -> str:
        """Run a `survey` command against this server's database; return its stdout."""
        done = subprocess.run(
            [SURVEY, *args], env=self.env, capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def start(self) -> None:
        self.init_output = self.cli("init", "--demo")
        self.log = open(self.instance / "server.log", "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [SURVEY, "serve"], env=self.env, stdout=self.log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError((self.instance / "server.log").read_text())

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=15)
            self.log.close()


def started_with(instance: Path, fill) -> LiveServer:
    """A server of its own on `instance`, its database filled by `fill(app)` first (the
    shared one must keep its single demo site). Stop it after use."""
    server = LiveServer(instance)
    server.start()
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SURVEY_INSTANCE_PATH", str(server.instance))
        from survey_app import create_app
        from survey_app.core.db import db

        app = create_app({"SECRET_KEY": "browser-tests"})
        fill(app)
        with app.app_context():
            db.engine.dispose()
    return server


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    server = LiveServer(tmp_path_factory.mktemp("live-instance"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium; .ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="fr-FR", viewport={"width": 390, "height": 844})
    page = context.new_page()
    yield page
    context.close()


def axe_violations(page) -> list[str]:
    """WCAG 2.1 A/AA violations on the current page, one readable line each."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=WCAG_AA)
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes: "
        f"{', '.join(n['target'][0] for n in v['nodes'][:3])})"
        for v in results.response["violations"]
    ]


def admin_menu(page, label: str) -> None:
    """Follow an entry of the workspace's «Administration» menu as a person does: open the
    menu, then click the entry (closed, its entries are not shown)."""
    nav = page.get_by_role("navigation", name="Espace qualité")
    nav.locator("summary", has_text="Administration").click()
    nav.get_by_role("link", name=label, exact=True).click()


def screenshot(page, name: str, sizes=((1280, 800), (800, 1280))) -> None:
    """Save the page at each size under $SURVEY_SHOTS, to look at what people see; nothing
    when unset. The viewport is put back afterwards."""
    folder = os.environ.get("SURVEY_SHOTS")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    before = page.viewport_size
    for width, height in sizes:
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=Path(folder) / f"{name}-{width}x{height}.png", full_page=True)
    page.set_viewport_size(before)
