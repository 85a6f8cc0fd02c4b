"""The public web form /s/<slug> as a page: every item, conditions, nothing from another host."""

from __future__ import annotations

import html
import re
from datetime import timedelta

from survey_app.core.clock import local_today
from survey_app.core.db import db
from tests.app.web_form_helpers import QUESTIONNAIRE, FormState
from tests.app.web_form_helpers import slug_fixture as slug_fixture  # fixture "slug"
from tests.app.web_form_helpers import visitor_fixture as visitor_fixture  # fixture "visitor"
from tests.helpers import valid_answers


def test_form_renders_every_item_of_the_questionnaire_and_a_csrf_token(slug, visitor):
    page = visitor.get(f"/s/{slug}")
    assert page.status_code == 200
    text = html.unescape(page.text)
    form = FormState(page.text)
    assert form.hidden["csrf_token"]
    assert form.hidden["lang"] == "fr"
    assert re.fullmatch(r"[0-9a-f-]{36}", form.hidden["response_id"])
    for item in QUESTIONNAIRE.items:
        assert item.label["fr"] in text, item.key
        if item.type == "text":
            assert item.key in form.texts
            assert f'maxlength="{item.max_length}"' in page.text
        else:
            assert form.radios[item.key] == list(item.values), item.key
            for option in item.options:
                assert option.label["fr"] in text
    for questionnaire_page in QUESTIONNAIRE.pages:
        assert f"{questionnaire_page.title['fr']}</h2>" in text
    assert 'Vous êtes\u00a0: <span class="required">(obligatoire)</span>' in text


def test_a_conditional_item_says_when_to_answer_it_and_carries_its_condition(slug, visitor):
    page = visitor.get(f"/s/{slug}")
    text = html.unescape(page.text)
    assert (
        "Répondez seulement si vous avez répondu «\u00a0Oui\u00a0» à la question\u00a0: "
        "«\u00a0Avez-vous téléphoné à la préfecture avant votre venue\u00a0?\u00a0»"
    ) in text
    assert (
        'id="q-info_telephone-question" data-show-if-field="appel_prealable" '
        'data-show-if-values="oui"'
    ) in page.text
    # survey.js (and survey.css) are written into the page, allowed by their hash:
    # tests/app/test_public_page_weight.py
    assert "data-show-if-field" in page.text.split("<script>")[1]
    assert "style=" not in page.text


def test_no_page_references_another_host(make_campaign, visitor):
    today = local_today("Europe/Paris")
    make_campaign(slug="ouverte")
    make_campaign(slug="fermee", status="closed")
    make_campaign(slug="bientot", opens_on=today + timedelta(days=5))
    db.session.commit()
    form = visitor.open_form("ouverte")
    pages = [
        visitor.get("/s/ouverte"),
        visitor.get("/s/ouverte?lang=ar"),
        visitor.submit("ouverte", valid_answers(profil=None), form),
        visitor.submit("ouverte", valid_answers(), form, csrf_token="x"),
        visitor.get("/s/ouverte/merci"),
        visitor.get("/s/fermee"),
        visitor.get("/s/bientot"),
        visitor.get("/s/inconnue"),
        visitor.get("/static/survey.css"),
        visitor.get("/static/survey.js"),
    ]
    for page in pages:
        body = page.get_data(as_text=True)
        assert page.status_code < 500
        assert "http://" not in body and "https://" not in body, page.request.path
        assert not re.search(r"""(?:src|href|action)=["']?//""", body), page.request.path
        assert "@import" not in body and "url(" not in body
        page.close()


def test_the_stylesheet_and_script_are_served_as_static_files(visitor):
    css = visitor.get("/static/survey.css")
    js = visitor.get("/static/survey.js")
    assert css.status_code == js.status_code == 200
    assert "#000091" in css.text and "margin-inline" in css.text
    assert "data-show-if-field" in js.text
    css.close()
    js.close()
