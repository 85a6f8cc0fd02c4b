"""Shared by the web form tests: a browser that posts the form back, what was stored."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from questionnaires import AnswerError, bundled_path, load_questionnaire
from survey_app.core.db import db
from survey_app.core.models import Answer, Response
from survey_app.web.messages import message_for

QUESTIONNAIRE = load_questionnaire(bundled_path())


class FormState(HTMLParser):
    """What a browser would send back: hidden values, checked radios, textarea texts."""

    def __init__(self, page: str):
        super().__init__()
        self.hidden: dict[str, str] = {}
        self.radios: dict[str, list[str]] = {}
        self.checked: dict[str, str] = {}
        self.texts: dict[str, str] = {}
        self.attrs_by_id: dict[str, dict[str, str | None]] = {}
        self._textarea: str | None = None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.attrs_by_id[attrs["id"]] = attrs
        if tag == "input" and attrs.get("type") == "hidden":
            self.hidden[attrs["name"]] = attrs.get("value") or ""
        elif tag == "input" and attrs.get("type") == "radio":
            self.radios.setdefault(attrs["name"], []).append(attrs["value"])
            if "checked" in attrs:
                self.checked[attrs["name"]] = attrs["value"]
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self.texts[self._textarea] = ""

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.texts[self._textarea] += data


class Visitor:
    """A browser: one cookie jar, each request in its own app context as in production.

    (The fixtures keep an app context open for the whole test; sharing it would
    carry `g` — the chosen locale, the CSRF token — from one request to the next.)
    """

    def __init__(self, app):
        self.app = app
        self.client = app.test_client()

    def get(self, url, **kwargs):
        with self.app.app_context():
            return self.client.get(url, **kwargs)

    def post(self, url, **kwargs):
        with self.app.app_context():
            return self.client.post(url, **kwargs)

    def open_form(self, slug, query=""):
        page = self.get(f"/s/{slug}{query}")
        assert page.status_code == 200
        return FormState(page.text)

    def submit(self, slug, answers, form: FormState, **hidden):
        data = {**form.hidden, **hidden, **answers}
        return self.post(f"/s/{slug}", data={k: v for k, v in data.items() if v is not None})


# The test modules import these as `slug_fixture as slug_fixture` (an explicit re-export),
# so pytest finds the fixtures "slug" and "visitor" there and ruff keeps the imports.
@pytest.fixture(name="visitor")
def visitor_fixture(app):
    return Visitor(app)


@pytest.fixture(name="slug")
def slug_fixture(campaign):
    slug = campaign.slug
    db.session.commit()  # end the fixture's transaction: the requests write
    return slug


def stored_responses():
    db.session.rollback()  # a fresh snapshot: the requests committed in other sessions
    return db.session.scalars(select(Response)).all()


def stored_answers(response_id):
    rows = db.session.execute(
        select(Answer.item_key, Answer.value, Answer.text).where(Answer.response_id == response_id)
    ).all()
    return {key: value if value is not None else text for key, value, text in rows}


def field_error(page: str, key: str) -> str | None:
    match = re.search(rf'<p class="field-error" id="q-{key}-error">(.*?)</p>', page, re.S)
    if match is None:
        return None
    text = re.sub(r"<[^>]+>", " ", match.group(1))
    return re.sub(r"[ \t\r\n]+", " ", html.unescape(text)).strip()  # keeps no-break spaces


def message_in(error: AnswerError, lang: str) -> str:
    """The wording the page should show for this error in this language."""
    with force_locale(lang):
        return message_for(error)
