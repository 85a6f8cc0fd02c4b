"""A bad or expired CSRF token: the form comes back with the answers, nothing is lost or doubled."""

from __future__ import annotations

import html
import time

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from tests.app.web_form_helpers import FormState, Visitor, stored_answers, stored_responses
from tests.app.web_form_helpers import slug_fixture as slug_fixture  # fixture "slug"
from tests.app.web_form_helpers import visitor_fixture as visitor_fixture  # fixture "visitor"
from tests.helpers import valid_answers

SESSION_EXPIRED = "Votre session a expiré\u00a0: vérifiez vos réponses et envoyez à nouveau."


def expired_token(visitor):
    """A token for this session, signed two hours ago (the limit is one hour)."""

    class TwoHoursAgo(TimestampSigner):
        def get_timestamp(self):
            return int(time.time()) - 2 * 3600

    with visitor.client.session_transaction() as session:
        raw = session["csrf_token"]
    serializer = URLSafeTimedSerializer(
        visitor.app.config["SECRET_KEY"], salt="wtf-csrf-token", signer=TwoHoursAgo
    )
    return serializer.dumps(raw)


@pytest.mark.parametrize("token", ["expired", "garbage", "missing", "session lost"])
def test_a_bad_csrf_token_redisplays_the_form_with_the_answers_and_a_fresh_token(
    slug, visitor, app, token
):
    form = visitor.open_form(slug)
    posted = {
        "expired": expired_token(visitor),
        "garbage": "not-a-token",
        "missing": None,
        "session lost": form.hidden["csrf_token"],
    }[token]
    if token == "session lost":
        visitor = Visitor(app)  # same page, but the browser lost its session cookie
    answers = valid_answers(commentaire="Très bien, merci\u00a0!")
    page = visitor.submit(slug, answers, form, csrf_token=posted)

    assert page.status_code == 400
    assert SESSION_EXPIRED in html.unescape(page.text)
    again = FormState(page.text)
    assert again.checked["courtoisie"] == "tres_satisfait"
    assert again.checked["profil"] == "particulier"
    assert again.texts["commentaire"] == "Très bien, merci\u00a0!"
    assert again.hidden["response_id"] == form.hidden["response_id"]
    assert again.hidden["csrf_token"] and again.hidden["csrf_token"] != posted
    assert stored_responses() == []

    resubmitted = visitor.submit(slug, answers, again)
    assert resubmitted.status_code == 200
    [response] = stored_responses()
    assert response.id == form.hidden["response_id"]
    assert stored_answers(response.id)["commentaire"] == "Très bien, merci\u00a0!"


def test_an_expired_token_on_a_replay_still_stores_one_response(slug, visitor):
    form = visitor.open_form(slug)
    visitor.submit(slug, valid_answers(), form)
    page = visitor.submit(slug, valid_answers(), form, csrf_token=expired_token(visitor))
    assert page.status_code == 400
    resubmitted = visitor.submit(slug, valid_answers(), FormState(page.text))
    assert resubmitted.status_code == 200
    assert len(stored_responses()) == 1
