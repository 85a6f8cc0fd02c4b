"""What the app serves is light: versioned static files cached for a year, pages never
cached, text compressed for browsers that accept it, downloads intact."""

from __future__ import annotations

import gzip
import io
import os
import re

import pytest
from openpyxl import load_workbook

from tests.app.admin_helpers import login
from tests.app.web_form_helpers import FormState, stored_responses
from tests.app.web_form_helpers import slug_fixture as slug_fixture  # fixture "slug"
from tests.app.web_form_helpers import visitor_fixture as visitor_fixture  # fixture "visitor"
from tests.helpers import valid_answers

GZIP_ONLY = {"Accept-Encoding": "gzip"}
BROWSER = {"Accept-Encoding": "gzip, deflate, br, zstd"}
STATIC = re.compile(r'(?:href|src)="(/static/[^"]+)"')


def _static_urls(page: str) -> list[str]:
    return STATIC.findall(page)


def test_static_urls_in_pages_carry_a_content_version(client, campaign):
    front_door = client.get("/").get_data(as_text=True)
    login_page = client.get("/admin/login").get_data(as_text=True)
    urls = _static_urls(front_door) + _static_urls(login_page)
    assert any("survey.css" in url for url in urls) and any("admin.css" in url for url in urls)
    for url in urls:
        assert re.search(r"\?v=[0-9a-f]{12}$", url), url


def test_a_versioned_static_file_is_cacheable_for_a_year_and_a_page_is_not(client, campaign):
    page = client.get(f"/s/{campaign.slug}")
    assert page.headers["Cache-Control"] == "no-cache"
    urls = _static_urls(client.get("/admin/login").get_data(as_text=True))
    assert urls
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        response.close()


def test_an_unversioned_or_stale_static_url_is_revalidated(client):
    for url in ("/static/survey.css", "/static/survey.css?v=000000000000"):
        response = client.get(url)
        assert response.status_code == 200
        assert "immutable" not in response.headers["Cache-Control"]
        assert "max-age=31536000" not in response.headers["Cache-Control"]
        response.close()


def test_a_page_and_a_json_answer_are_gzipped_for_a_browser_that_accepts_it(client, campaign):
    page = client.get(f"/s/{campaign.slug}", headers=GZIP_ONLY)
    assert page.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in page.headers["Vary"]
    assert "<form" in gzip.decompress(page.get_data()).decode()
    spec = client.get("/api/v1/openapi.json", headers=GZIP_ONLY)
    assert spec.headers["Content-Encoding"] == "gzip"
    assert b'"openapi"' in gzip.decompress(spec.get_data())
    plain = client.get(f"/s/{campaign.slug}")  # no Accept-Encoding: as before
    assert "Content-Encoding" not in plain.headers and b"<form" in plain.get_data()


def test_static_files_are_compressed_and_still_revalidate_by_etag(client):
    url = next(u for u in _static_urls(client.get("/admin/login").get_data(as_text=True)))
    with client.get(url, headers=GZIP_ONLY) as first, client.get(url) as plain:
        assert first.headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(first.get_data()) == plain.get_data()
        etag = first.headers["ETag"]
    with client.get(url, headers={**GZIP_ONLY, "If-None-Match": etag}) as again:
        assert again.status_code == 304


def test_a_tiny_answer_is_not_compressed(client):
    response = client.get("/kiosk/version.json", headers=BROWSER)
    assert response.status_code == 200
    assert "Content-Encoding" not in response.headers


def test_a_visitor_whose_browser_takes_compression_submits_the_form(slug, visitor):
    page = visitor.get(f"/s/{slug}", headers=GZIP_ONLY)
    assert page.headers["Content-Encoding"] == "gzip"
    form = FormState(gzip.decompress(page.get_data()).decode())
    assert form.hidden["csrf_token"]
    data = {**form.hidden, **valid_answers()}
    sent = visitor.post(f"/s/{slug}", data=data, headers=GZIP_ONLY)
    assert sent.status_code == 200  # the CSRF token read from the compressed page passed
    assert len(stored_responses()) == 1


@pytest.mark.slow
def test_downloads_still_open_when_the_browser_accepts_compression(app, world):
    reader = app.test_client()
    login(reader, "reader_a")
    base = "/admin/campaigns/alpha/results"
    workbook = reader.get(f"{base}.xlsx", headers=BROWSER)
    assert "Content-Encoding" not in workbook.headers  # a zip already: sent as it is
    assert load_workbook(io.BytesIO(workbook.get_data())).sheetnames
    table = reader.get(f"{base}.csv", headers=BROWSER)
    assert table.headers["Content-Disposition"] == 'attachment; filename="resultats-alpha.csv"'
    assert table.get_data(as_text=True).startswith("\ufeff")
    page = reader.get(f"{base}.html", headers=GZIP_ONLY)
    assert page.headers["Content-Encoding"] == "gzip"
    assert page.headers["Cache-Control"] == "no-store"
    assert "Campagne Alpha" in gzip.decompress(page.get_data()).decode()


def test_an_edited_static_file_gets_a_new_url_and_the_old_one_is_no_longer_kept(tmp_path):
    from flask import Flask, url_for

    from survey_app.web import assets

    (tmp_path / "site.css").write_text("body { color: black; }")
    app = Flask("edited", static_folder=str(tmp_path), static_url_path="/static")
    assets.init_app(app)
    with app.test_request_context():
        before = url_for("static", filename="site.css")
    (tmp_path / "site.css").write_text("body { color: navy; }")
    os.utime(tmp_path / "site.css", ns=(1, 10**18))  # a later modification time
    with app.test_request_context():
        after = url_for("static", filename="site.css")
    assert before != after and after.startswith("/static/site.css?v=")
    with app.test_client() as client:
        with client.get(before) as stale, client.get(after) as fresh:
            assert "immutable" not in stale.headers["Cache-Control"]
            assert fresh.headers["Cache-Control"] == assets.YEAR
            assert fresh.get_data() == b"body { color: navy; }"
