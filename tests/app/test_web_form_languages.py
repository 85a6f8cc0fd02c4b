"""The web form in the visitor's language: asked, else the browser's, else French; Arabic is RTL."""

from __future__ import annotations

import html
import re

import pytest

from questionnaires import AnswerError
from tests.app.web_form_helpers import (
    QUESTIONNAIRE,
    FormState,
    field_error,
    message_in,
    stored_responses,
)
from tests.app.web_form_helpers import slug_fixture as slug_fixture  # fixture "slug"
from tests.app.web_form_helpers import visitor_fixture as visitor_fixture  # fixture "visitor"
from tests.helpers import valid_answers


def test_lang_ar_gives_a_right_to_left_arabic_page(slug, visitor):
    page = visitor.get(f"/s/{slug}?lang=ar")
    assert page.status_code == 200
    assert '<html lang="ar" dir="rtl">' in page.text
    text = html.unescape(page.text)
    assert QUESTIONNAIRE.title["ar"] in text
    for item in QUESTIONNAIRE.items:
        assert item.label["ar"] in text
    assert FormState(page.text).hidden["lang"] == "ar"


def test_an_error_is_shown_in_the_chosen_language(slug, visitor):
    form = visitor.open_form(slug, "?lang=ar")
    page = visitor.submit(slug, valid_answers(profil=None), form)
    assert page.status_code == 422
    assert '<html lang="ar" dir="rtl">' in page.text
    expected = message_in(AnswerError("profil", "required"), "ar")
    assert field_error(page.text, "profil").endswith(expected)
    assert f"{QUESTIONNAIRE.item('profil').label['ar'].rstrip(':')} — {expected}" in (
        html.unescape(page.text)
    )
    assert FormState(page.text).hidden["lang"] == "ar"
    thanks = visitor.submit(slug, valid_answers(), FormState(page.text))
    assert thanks.status_code == 200
    assert [r.lang for r in stored_responses()] == ["ar"]
    assert '<html lang="ar" dir="rtl">' in thanks.text
    assert QUESTIONNAIRE.thanks["ar"] in html.unescape(thanks.text)
    assert f'data-page-url="/s/{slug}/merci?lang=ar"' in thanks.text


@pytest.mark.parametrize(
    ("accept_language", "query", "expected"),
    [
        ("en-GB,en;q=0.9,fr;q=0.5", "", "en"),
        ("de-DE,de;q=0.9", "", "fr"),
        ("en", "?lang=uk", "uk"),
        ("en", "?lang=xx", "en"),
        ("", "?lang=xx", "fr"),
    ],
)
def test_the_language_is_the_asked_one_else_the_browser_s_else_french(
    slug, visitor, accept_language, query, expected
):
    headers = {"Accept-Language": accept_language} if accept_language else {}
    page = visitor.get(f"/s/{slug}{query}", headers=headers)
    assert f'<html lang="{expected}" dir="ltr">' in page.text
    assert QUESTIONNAIRE.title[expected] in html.unescape(page.text)


def test_the_language_switcher_names_each_language_in_itself(slug, visitor):
    page = visitor.get(f"/s/{slug}?lang=en")
    for code, name in [("fr", "Français"), ("ar", "العربية"), ("uk", "Українська")]:
        link = re.search(rf'<a href="/s/{slug}\?lang={code}"([^>]*)>([^<]+)</a>', page.text)
        assert link, code
        assert f'lang="{code}"' in link.group(1) and f'hreflang="{code}"' in link.group(1)
        assert link.group(2) == name
    assert re.search(r'hreflang="en" dir="ltr" aria-current="true">English</a>', page.text)
