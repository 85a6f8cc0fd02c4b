"""The kiosk's static shell at /kiosk/: what is served, how, and its weight budget."""

from __future__ import annotations

import json
import re
from importlib.resources import files
from pathlib import Path

import pytest

from survey_app.web.i18n import UI_LANGUAGES
from survey_app.web.public.legal import PAGES as LEGAL_PAGES

KIOSK = Path(str(files("kiosk")))
FIRST_LOAD = (
    "index.html",
    "kiosk.css",
    "manifest.webmanifest",
    *(p.name for p in KIOSK.glob("*.js")),
)
BUDGET = 60 * 1024


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    """The shell needs no database: one app, not one per database."""
    from survey_app import create_app

    instance = tmp_path_factory.mktemp("shell")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SURVEY_INSTANCE_PATH", str(instance))
        app = create_app({"DATABASE_URL": f"sqlite:///{instance / 's.db'}", "TESTING": True})
    yield app.test_client()
    with app.app_context():
        from survey_app.core.db import db

        db.engine.dispose()


def get(client, path):
    """GET and read the whole body, so the served file is closed."""
    reply = client.get(path)
    reply.get_data()
    reply.close()
    return reply


def test_index_is_served_with_a_strict_csp_and_no_inline_code(client):
    reply = get(client, "/kiosk/")
    assert reply.status_code == 200
    assert reply.mimetype == "text/html"
    csp = reply.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp
    html = reply.get_data(as_text=True)
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "inline script"
    assert "<style" not in html and "style=" not in html
    assert get(client, "/kiosk").status_code == 308


def test_only_shell_files_are_served(client):
    assert get(client, "/kiosk/kiosk.js").mimetype == "text/javascript"
    assert get(client, "/kiosk/manifest.webmanifest").mimetype == "application/manifest+json"
    assert get(client, "/kiosk/i18n/ar.json").status_code == 200
    for path in ("__init__.py", "../survey_app/core/settings.py", "nope.js", "i18n/"):
        assert get(client, f"/kiosk/{path}").status_code == 404, path


def test_service_worker_caches_every_shell_file_under_a_version_of_their_content(client):
    source = client.get("/kiosk/sw.js").get_data(as_text=True)
    version = client.get("/kiosk/version.json").get_json()["version"]
    assert f'const VERSION = "{version}";' in source
    listed = json.loads(re.search(r"const FILES = (\[.*?\]);", source).group(1))
    on_disk = {p.relative_to(KIOSK).as_posix() for p in KIOSK.rglob("*") if p.is_file()}
    expected = {f for f in on_disk if not f.endswith((".py", ".pyc")) and f != "sw.js"}
    legal = {f"legal/{page}.{lang}.html" for page in LEGAL_PAGES for lang in UI_LANGUAGES}
    assert set(listed) == expected | {"./", "version.json"} | legal
    for path in legal:
        assert get(client, f"/kiosk/{path}").status_code == 200, path


def test_no_third_party_request_in_the_shell():
    for path in KIOSK.rglob("*"):
        if path.suffix in (".html", ".js", ".css", ".webmanifest"):
            text = path.read_text(encoding="utf-8")
            assert not re.search(r"https?://", text), f"{path.name} refers to another host"


def test_first_load_stays_within_60_kb():
    total = sum((KIOSK / name).stat().st_size for name in FIRST_LOAD)
    assert total <= BUDGET, f"kiosk first load is {total} bytes, budget {BUDGET}"


def test_every_module_stays_small():
    for path in KIOSK.glob("*.js"):
        lines = path.read_text(encoding="utf-8").count("\n")
        assert lines <= 400, f"{path.name} has {lines} lines: split it"
