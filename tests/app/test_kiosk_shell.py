"""The kiosk's shell at /kiosk/: what is served, how (joined, versioned, compressed), and
what the service worker keeps for offline use."""

from __future__ import annotations

import json
import re
from importlib.resources import files
from pathlib import Path

import brotli
import pytest

from survey_app.web.i18n import UI_LANGUAGES
from survey_app.web.kiosk_api.bundle import BundleError, join_modules
from survey_app.web.public.legal import PAGES as LEGAL_PAGES

KIOSK = Path(str(files("kiosk")))
SHELL_BUDGET = 45 * 1024
BROTLI = {"Accept-Encoding": "br"}


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


def get(client, path, headers=None):
    """GET and read the whole body, so the served file is closed."""
    reply = client.get(path, headers=headers)
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


def _worker_lists(client):
    source = get(client, "/kiosk/sw.js").get_data(as_text=True)
    found = {
        name: json.loads(re.search(rf"const {name} = (.*?);", source).group(1))
        for name in ("VERSION", "PAGE_FILES", "OPTIONAL_FILES", "PACK")
    }
    return found


def test_the_worker_keeps_what_the_page_loaded_and_one_pack_with_the_rest(client):
    lists = _worker_lists(client)
    assert lists["VERSION"] == client.get("/kiosk/version.json").get_json()["version"]
    index = get(client, "/kiosk/").get_data(as_text=True)
    assert f'<meta name="kiosk-version" content="{lists["VERSION"]}">' in index
    linked = re.findall(r'(?:href|src)="([\w.]+\?v=\w+)"', index)
    assert ["./", *linked[2:]] == lists["PAGE_FILES"]  # the stylesheet and the script
    assert linked[:2] == lists["OPTIONAL_FILES"]  # manifest and icon: never fetched for it
    packed = json.loads(get(client, f"/kiosk/{lists['PACK']}").get_data())["files"]
    legal = {f"legal/{page}.{lang}.html" for page in LEGAL_PAGES for lang in UI_LANGUAGES}
    assert set(packed) == legal | {"legal.js"}
    for name, file in packed.items():
        served = get(client, f"/kiosk/{name}")
        assert (file["type"], file["body"]) == (served.content_type, served.get_data(as_text=True))


def test_every_source_file_reaches_the_tablet_in_the_joined_script_and_stylesheet(client):
    script = get(client, "/kiosk/kiosk.js").get_data(as_text=True)
    modules = {p.name for p in KIOSK.glob("*.js")} - {"sw.js", "legal.js"}
    assert set(re.findall(r"^// ---- (\S+)$", script, re.M)) == modules
    assert not re.search(r"^\s*(import|export)\b", script, re.M)
    texts = json.loads(re.search(r"const TEXTS = (\{.*?\});$", script, re.M).group(1))
    assert texts == {p.stem: json.loads(p.read_text()) for p in KIOSK.glob("i18n/*.json")}
    pictograms = json.loads(re.search(r"const PICTOGRAMS = (\{.*?\});$", script, re.M).group(1))
    assert pictograms == {p.stem: p.read_text() for p in KIOSK.glob("pictograms/*.svg")}
    styles = get(client, "/kiosk/kiosk.css").get_data(as_text=True)
    for sheet in KIOSK.glob("*.css"):
        assert sheet.read_text() in styles, sheet.name


def test_versioned_files_are_kept_a_year_and_sent_compressed(client):
    index = get(client, "/kiosk/").get_data(as_text=True)
    pack = _worker_lists(client)["PACK"]
    for url in [*re.findall(r'(?:href|src)="([\w.]+\?v=\w+)"', index), pack]:
        plain = get(client, f"/kiosk/{url}")
        assert plain.headers["Cache-Control"] == "public, max-age=31536000, immutable", url
        if len(plain.get_data()) < 500:
            continue  # the icon and the manifest: smaller than the headers compression adds
        packed = get(client, f"/kiosk/{url}", headers={"Accept-Encoding": "gzip, br"})
        assert packed.headers["Content-Encoding"] == "br", url
        assert brotli.decompress(packed.get_data()) == plain.get_data(), url
        assert len(packed.get_data()) < len(plain.get_data()) / 2, url
        again = get(client, f"/kiosk/{url}", headers={"If-None-Match": plain.headers["ETag"]})
        assert again.status_code == 304
        stale = get(client, f"/kiosk/{url.split('?')[0]}?v=000000000000")
        assert "immutable" not in stale.headers["Cache-Control"], url
    assert get(client, "/kiosk/").headers["Cache-Control"] == "no-cache"


def test_no_third_party_request_in_the_shell():
    for path in KIOSK.rglob("*"):
        if path.suffix in (".html", ".js", ".css", ".webmanifest"):
            text = path.read_text(encoding="utf-8")
            assert not re.search(r"https?://", text), f"{path.name} refers to another host"


def test_the_shell_a_tablet_downloads_stays_within_its_share_of_60_kb(client):
    """Page, stylesheet, script, worker and pack as sent (brotli); the questionnaire and the
    API's answers take the rest of the tablet's 60 KB first load (bench/kiosk_first_load.py
    measures it all in Chromium)."""
    index = get(client, "/kiosk/").get_data(as_text=True)
    urls = ["", "sw.js", _worker_lists(client)["PACK"]]
    urls += re.findall(r'(?:href|src)="([\w.]+\?v=\w+)"', index)
    sizes = {u: len(get(client, f"/kiosk/{u}", headers=BROTLI).get_data()) for u in urls}
    assert sum(sizes.values()) <= SHELL_BUDGET, sizes


def test_every_module_stays_small():
    for path in KIOSK.glob("*.js"):
        lines = path.read_text(encoding="utf-8").count("\n")
        assert lines <= 400, f"{path.name} has {lines} lines: split it"


def test_a_module_form_the_joiner_does_not_know_is_refused_with_its_file_and_line():
    sources = {
        "a.js": 'import { b } from "./b.js";\n\nexport default b;\n',
        "b.js": "export const b = 1;\n",
    }
    with pytest.raises(BundleError, match=r"^kiosk/a\.js: line 3: .*: export default b;$"):
        join_modules(sources.__getitem__, "a.js")
    cyclic = {"a.js": 'import { b } from "./b.js";\n', "b.js": 'import { a } from "./a.js";\n'}
    with pytest.raises(BundleError, match=r"^kiosk/a\.js: import cycle$"):
        join_modules(cyclic.__getitem__, "a.js")
