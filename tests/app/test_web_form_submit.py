"""Posting the web form: stored once per response id, refused answers shown by their field."""

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
    stored_answers,
    stored_responses,
)
from tests.app.web_form_helpers import slug_fixture as slug_fixture  # fixture "slug"
from tests.app.web_form_helpers import visitor_fixture as visitor_fixture  # fixture "visitor"
from tests.helpers import valid_answers


def test_each_page_gets_a_fresh_response_id(slug, visitor):
    first = visitor.open_form(slug).hidden["response_id"]
    second = visitor.open_form(slug).hidden["response_id"]
    assert first != second


def test_back_after_submitting_then_submitting_again_stores_one_response(slug, visitor, app):
    """Back may fetch the form page again: it comes back with the id already answered."""
    from tests.app.web_form_helpers import Visitor

    form = visitor.open_form(slug)
    assert visitor.submit(slug, valid_answers(), form).status_code == 200
    back = visitor.open_form(slug)
    assert back.hidden["response_id"] == form.hidden["response_id"]
    assert visitor.submit(slug, valid_answers(), back).status_code == 200
    assert len(stored_responses()) == 1
    # Other answers from the form shown again: the next respondent at this browser (or a
    # change of mind), stored as a response of its own, never refused nor merged.
    changed = visitor.submit(slug, valid_answers(courtoisie="peu_satisfait"), back)
    assert changed.status_code == 200
    assert len(stored_responses()) == 2
    other = Visitor(app).open_form(slug)  # another visitor's page has its own id
    assert other.hidden["response_id"] != form.hidden["response_id"]


def test_valid_answers_store_one_web_response_and_answer_with_the_thank_you_page(slug, visitor):
    form = visitor.open_form(slug)
    result = visitor.submit(slug, valid_answers(), form)
    assert result.status_code == 200  # the thank-you page itself: no second round trip
    assert QUESTIONNAIRE.thanks["fr"] in html.unescape(result.text)
    assert f'data-page-url="/s/{slug}/merci?lang=fr"' in result.text  # its own address
    [response] = stored_responses()
    assert response.id == form.hidden["response_id"]
    assert (response.channel, response.lang) == ("web", "fr")
    assert stored_answers(response.id) == valid_answers()
    thanks = visitor.get(f"/s/{slug}/merci?lang=fr")  # what a reload reads once shown there
    assert thanks.status_code == 200
    assert QUESTIONNAIRE.thanks["fr"] in html.unescape(thanks.text)


def test_a_double_submit_or_a_reload_stores_one_response_and_shows_the_thanks(slug, visitor):
    form = visitor.open_form(slug)
    first = visitor.submit(slug, valid_answers(), form)
    replay = visitor.submit(slug, valid_answers(), form)  # a double click, or a reload
    assert first.status_code == replay.status_code == 200
    assert first.text == replay.text and QUESTIONNAIRE.thanks["fr"] in html.unescape(first.text)
    assert len(stored_responses()) == 1


def test_the_same_response_id_with_other_answers_keeps_the_first_ones(slug, visitor):
    form = visitor.open_form(slug)
    visitor.submit(slug, valid_answers(), form)
    changed = visitor.submit(slug, valid_answers(courtoisie="peu_satisfait"), form)
    assert changed.status_code == 409
    assert "déjà été enregistrées" in html.unescape(changed.text)
    [response] = stored_responses()
    assert stored_answers(response.id)["courtoisie"] == "tres_satisfait"


@pytest.mark.parametrize(
    ("case", "overrides", "key", "error"),
    [
        ("unknown option", {"motif": "vacances"}, "motif", AnswerError("motif", "invalid_option")),
        ("missing required", {"profil": None}, "profil", AnswerError("profil", "required")),
        (
            "text too long",
            {"commentaire": "x" * 1001},
            "commentaire",
            AnswerError("commentaire", "too_long", {"max_length": 1000, "length": 1001}),
        ),
        (
            "answer to a hidden item",
            {"appel_prealable": "non", "info_telephone": "satisfait"},
            "info_telephone",
            AnswerError("info_telephone", "hidden"),
        ),
    ],
)
def test_an_invalid_answer_is_shown_next_to_its_field_and_nothing_is_stored(
    slug, visitor, case, overrides, key, error
):
    form = visitor.open_form(slug)
    page = visitor.submit(slug, valid_answers(**overrides), form)

    assert page.status_code == 422
    assert field_error(page.text, key) == f"Erreur\u00a0: {message_in(error, 'fr')}"
    state = FormState(page.text)
    anchor = f"q-{key}" if key == "commentaire" else f"q-{key}-0"
    assert state.attrs_by_id[anchor]["aria-invalid"] == "true"
    if key == "commentaire":
        described_by = state.attrs_by_id[anchor]["aria-describedby"]
    else:  # a radio group is described by its fieldset
        described_by = _fieldset_described_by(page.text, key)
    assert f"q-{key}-error" in described_by.split()
    assert f'href="#{anchor}"' in page.text  # the error summary links to the field
    assert state.checked["courtoisie"] == "tres_satisfait"  # the other answers are kept
    assert state.hidden["response_id"] == form.hidden["response_id"]
    assert stored_responses() == []


def _fieldset_described_by(page: str, key: str) -> str:
    block = page.split(f'id="q-{key}-question"', 1)[1]
    return re.search(r'<fieldset class="question__fieldset" aria-describedby="([^"]+)"', block)[1]


def test_a_corrected_resubmission_after_errors_stores_one_response(slug, visitor):
    form = visitor.open_form(slug)
    page = visitor.submit(slug, valid_answers(profil=None), form)
    assert page.status_code == 422
    fixed = visitor.submit(slug, valid_answers(), FormState(page.text))
    assert fixed.status_code == 200
    [response] = stored_responses()
    assert response.id == form.hidden["response_id"]
