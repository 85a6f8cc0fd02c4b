"""The web form stays fast where people feel it (issue 20): a first page that needs nothing
else to show and travels compressed, the thank-you page in the answer to the POST, and the
page rendered once per questionnaire version and language, never served stale."""

from __future__ import annotations

import base64
import copy
import gzip
import hashlib
import html
import re
from pathlib import Path

from sqlalchemy import select

import survey_app
from questionnaires import from_dict
from survey_app.core.campaigns import freeze_version
from survey_app.core.db import db
from survey_app.core.models import Campaign
from tests.app.web_form_helpers import QUESTIONNAIRE, FormState, Visitor, stored_responses
from tests.app.web_form_helpers import slug_fixture as slug_fixture  # fixture "slug"
from tests.app.web_form_helpers import visitor_fixture as visitor_fixture  # fixture "visitor"
from tests.helpers import valid_answers

STATIC = Path(survey_app.__file__).parent / "static"
BROWSER = {"Accept-Encoding": "gzip, deflate, br"}  # what Chromium sends over plain HTTP
PER_REQUEST = re.compile(r'(name="(?:csrf_token|response_id)" type="hidden" value=)"[^"]*"')


def _masked(page: str) -> str:
    """The page without the two values that differ per request."""
    return PER_REQUEST.sub(r'\1"…"', page)


def _inline(page: str, tag: str) -> list[str]:
    return re.findall(rf"<{tag}>(.*?)</{tag}>", page, re.S)


def _sources(response, directive: str) -> list[str]:
    policy = response.headers["Content-Security-Policy"]
    found = re.search(rf"(?:^|; ){directive} ([^;]+)", policy)
    return found[1].split() if found else []


def _hash_source(text: str) -> str:
    return f"'sha256-{base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()}'"


def _assert_self_sufficient(response, page: str, script: str) -> None:
    """Nothing to fetch before the page shows; its inline style and script are exactly the
    static files, allowed by their hash and nothing looser."""
    assert re.findall(r"<link\b[^>]*>", page) == ['<link rel="icon" href="data:,">']  # none
    assert not re.search(r"<(?:script|img|iframe|video|audio)\b[^>]*\bsrc=", page)
    assert "@import" not in page and "url(" not in page and "style=" not in page
    [style] = _inline(page, "style")
    [code] = _inline(page, "script")
    assert style == (STATIC / "survey.css").read_text()
    assert code == (STATIC / script).read_text()
    assert _hash_source(style) in _sources(response, "style-src")
    assert _hash_source(code) in _sources(response, "script-src")
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]


def test_the_first_page_needs_no_other_request_and_travels_gzipped(slug, visitor):
    plain = visitor.get(f"/s/{slug}")
    zipped = visitor.get(f"/s/{slug}", headers=BROWSER)
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped.headers["Vary"]
    assert len(zipped.get_data()) < 10_000  # the whole first load on the wire, headers aside
    page = gzip.decompress(zipped.get_data()).decode()
    assert _masked(page) == _masked(plain.text)
    _assert_self_sufficient(zipped, page, "survey.js")
    assert "Content-Encoding" not in plain.headers  # a client that asks for none gets none


def test_the_thank_you_page_is_the_answer_to_the_post_and_needs_nothing_else(slug, visitor):
    form = visitor.open_form(slug)
    sent = visitor.post(f"/s/{slug}", data={**form.hidden, **valid_answers()}, headers=BROWSER)
    assert sent.status_code == 200 and "Location" not in sent.headers
    assert sent.headers["Content-Encoding"] == "gzip"
    page = gzip.decompress(sent.get_data()).decode()
    assert QUESTIONNAIRE.thanks["fr"] in html.unescape(page)
    _assert_self_sufficient(sent, page, "thanks.js")
    # thanks.js shows this address, so that a reload reads the page, not the form again
    assert f'data-page-url="/s/{slug}/merci?lang=fr"' in page
    again = visitor.post(f"/s/{slug}", data={**form.hidden, **valid_answers()})  # reload
    assert again.status_code == 200 and QUESTIONNAIRE.thanks["fr"] in html.unescape(again.text)
    assert len(stored_responses()) == 1


def test_a_cached_form_is_what_a_fresh_rendering_gives_this_visitor(app, slug):
    pages = app.extensions["public_pages"]
    first, second = Visitor(app), Visitor(app)
    theirs = FormState(first.get(f"/s/{slug}").text)  # rendered for the first visitor, kept
    cached = second.get(f"/s/{slug}")
    pages.clear()
    fresh = second.get(f"/s/{slug}")  # rendered for the second visitor
    assert _masked(cached.text) == _masked(fresh.text)
    mine = FormState(cached.text)
    assert mine.hidden["csrf_token"] != theirs.hidden["csrf_token"]
    assert mine.hidden["response_id"] != theirs.hidden["response_id"]
    assert second.submit(slug, valid_answers(), mine).status_code == 200  # the session's own
    [response] = stored_responses()
    assert response.id == mine.hidden["response_id"]


def test_a_new_version_a_language_or_a_renamed_site_never_gets_a_stale_page(slug, visitor):
    label = QUESTIONNAIRE.item("profil").label
    assert label["fr"] in html.unescape(visitor.get(f"/s/{slug}").text)  # now cached
    english = html.unescape(visitor.get(f"/s/{slug}?lang=en").text)
    assert label["en"] in english and label["fr"] not in english

    source = copy.deepcopy(QUESTIONNAIRE.source)
    source["items"][0]["label"]["fr"] = "Vous venez en tant que :"
    campaign = db.session.scalar(select(Campaign).filter_by(slug=slug))
    campaign.questionnaire_version = freeze_version(db.session, from_dict(source, "version 2"))
    db.session.commit()
    page = html.unescape(visitor.get(f"/s/{slug}").text)
    assert "Vous venez en tant que :" in page and label["fr"] not in page

    assert "Préfecture" in html.unescape(visitor.get(f"/s/{slug}/merci").text)  # now cached
    campaign.site.name = "Sous-préfecture de Brest"
    db.session.commit()
    for address in (f"/s/{slug}", f"/s/{slug}/merci"):
        assert "Sous-préfecture de Brest" in html.unescape(visitor.get(address).text)


def test_the_form_shown_again_with_its_errors_travels_gzipped_too(slug, visitor):
    form = visitor.open_form(slug)
    data = {**form.hidden, **valid_answers(profil=None)}
    refused = visitor.post(f"/s/{slug}", data=data, headers=BROWSER)
    assert refused.status_code == 422 and refused.headers["Content-Encoding"] == "gzip"
    page = gzip.decompress(refused.get_data()).decode()
    assert 'class="error-summary"' in page and FormState(page).hidden["csrf_token"]
    missing = visitor.get("/s/inconnue", headers=BROWSER)
    assert missing.status_code == 404 and missing.headers["Content-Encoding"] == "gzip"
