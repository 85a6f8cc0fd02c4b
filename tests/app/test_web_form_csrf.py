"""A bad or expired CSRF token: the form comes back with the answers, nothing is lost or doubled.

The public form's token is its own (survey_app/web/public/visit.py): an HMAC of the
campaign, a nonce kept in this browser's cookie for the form and the time it was issued,
so the form's requests open no Flask session. It must refuse what Flask-WTF's refused.
"""

from __future__ import annotations

import html
import time

import pytest

from survey_app.core.db import db
from survey_app.web.public.visit import COOKIE_PREFIX, Visit
from tests.app.web_form_helpers import FormState, Visitor, stored_answers, stored_responses
from tests.app.web_form_helpers import slug_fixture as slug_fixture  # fixture "slug"
from tests.app.web_form_helpers import visitor_fixture as visitor_fixture  # fixture "visitor"
from tests.helpers import valid_answers

SESSION_EXPIRED = "Votre session a expiré\u00a0: vérifiez vos réponses et envoyez à nouveau."


def form_cookie(visitor, slug):
    return visitor.client.get_cookie(COOKIE_PREFIX + slug, path=f"/s/{slug}")


def token_issued(visitor, slug, seconds_ago: float) -> str:
    """A token for this browser's form, as the app would have issued it `seconds_ago`."""
    nonce = form_cookie(visitor, slug).value.split(".")[0]
    with visitor.app.test_request_context():
        return Visit(slug, nonce).token(now=time.time() - seconds_ago)


def expired_token(visitor, slug):
    """A token for this browser, issued two hours ago (the limit is one hour)."""
    return token_issued(visitor, slug, 2 * 3600)


@pytest.mark.parametrize(
    "token",
    ["expired", "garbage", "missing", "forged", "cookie lost", "another browser's", "future"],
)
def test_a_bad_csrf_token_redisplays_the_form_with_the_answers_and_a_fresh_token(
    slug, visitor, app, token
):
    form = visitor.open_form(slug)
    issued_at, _, mac = form.hidden["csrf_token"].partition(".")
    posted = {
        "expired": lambda: expired_token(visitor, slug),
        "garbage": lambda: "not-a-token",
        "missing": lambda: None,
        "forged": lambda: f"{int(issued_at) + 3600}.{mac}",  # a later time under the same MAC
        "cookie lost": lambda: form.hidden["csrf_token"],
        "another browser's": lambda: Visitor(app).open_form(slug).hidden["csrf_token"],
        "future": lambda: token_issued(visitor, slug, -3600),
    }[token]()
    if token == "cookie lost":
        visitor = Visitor(app)  # same page, but the browser lost its cookie
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
    page = visitor.submit(slug, valid_answers(), form, csrf_token=expired_token(visitor, slug))
    assert page.status_code == 400
    resubmitted = visitor.submit(slug, valid_answers(), FormState(page.text))
    assert resubmitted.status_code == 200
    assert len(stored_responses()) == 1


def test_a_token_issued_within_the_time_limit_is_accepted(slug, visitor):
    form = visitor.open_form(slug)
    almost = token_issued(visitor, slug, 3600 - 60)
    assert visitor.submit(slug, valid_answers(), form, csrf_token=almost).status_code == 200
    assert len(stored_responses()) == 1


def test_a_token_of_another_campaigns_form_is_refused(make_campaign, slug, visitor):
    other = make_campaign(slug="autre-guichet").slug
    db.session.commit()
    theirs = visitor.open_form(other).hidden["csrf_token"]
    form = visitor.open_form(slug)
    page = visitor.submit(slug, valid_answers(), form, csrf_token=theirs)
    assert page.status_code == 400 and SESSION_EXPIRED in html.unescape(page.text)
    assert stored_responses() == []


def test_the_form_opens_no_session_and_its_cookie_stays_on_its_own_pages(app, slug, visitor):
    page = visitor.get(f"/s/{slug}")
    [cookie] = page.headers.getlist("Set-Cookie")  # no Flask session cookie
    assert cookie.startswith(f"{COOKIE_PREFIX}{slug}=")
    attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")[1:]}
    assert {"httponly", "path", "samesite"} <= attributes and "secure" not in attributes
    assert f"Path=/s/{slug}" in cookie and "SameSite=Lax" in cookie
    assert "Expires" not in cookie and "Max-Age" not in cookie  # gone with the browser session
    assert visitor.get(f"/s/{slug}").headers.getlist("Set-Cookie") == []  # already known
    sent = visitor.submit(slug, valid_answers(), FormState(page.text))
    assert sent.status_code == 200
    assert [c.split("=")[0] for c in sent.headers.getlist("Set-Cookie")] == [COOKIE_PREFIX + slug]

    app.config["SESSION_COOKIE_SECURE"] = True
    over_https = Visitor(app).get(f"/s/{slug}", base_url="https://localhost")
    assert "Secure" in over_https.headers["Set-Cookie"]


@pytest.mark.parametrize("value", ["garbage", "x" * 22 + ".not-a-uuid.", "a.b.c.d", ""])
def test_a_cookie_that_is_not_ours_is_replaced_without_an_error(slug, visitor, value):
    visitor.client.set_cookie(COOKIE_PREFIX + slug, value, path=f"/s/{slug}")
    page = visitor.get(f"/s/{slug}")
    assert page.status_code == 200
    form = FormState(page.text)
    assert visitor.submit(slug, valid_answers(), form).status_code == 200
    [response] = stored_responses()
    assert response.id == form.hidden["response_id"]
