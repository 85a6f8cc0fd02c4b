"""The public web form /s/<slug>: renders, stores once, survives an expired token."""

from __future__ import annotations

import html
import re
import time
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from babel.dates import format_date
from flask_babel import force_locale
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import select

from questionnaires import AnswerError, bundled_path, load_questionnaire
from survey_app.clock import local_today
from survey_app.db import db
from survey_app.messages import message_for
from survey_app.models import Answer, Campaign, Response
from tests.helpers import valid_answers

SESSION_EXPIRED = "Votre session a expiré\u00a0: vérifiez vos réponses et envoyez à nouveau."
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


@pytest.fixture
def visitor(app):
    return Visitor(app)


@pytest.fixture
def slug(campaign):
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


def test_each_page_gets_a_fresh_response_id(slug, visitor):
    first = visitor.open_form(slug).hidden["response_id"]
    second = visitor.open_form(slug).hidden["response_id"]
    assert first != second


def test_valid_answers_store_one_web_response_and_redirect_to_the_thank_you_page(slug, visitor):
    form = visitor.open_form(slug)
    result = visitor.submit(slug, valid_answers(), form)
    assert result.status_code == 303
    assert result.headers["Location"] == f"/s/{slug}/merci?lang=fr"
    [response] = stored_responses()
    assert response.id == form.hidden["response_id"]
    assert (response.channel, response.lang) == ("web", "fr")
    assert stored_answers(response.id) == valid_answers()
    thanks = visitor.get(result.headers["Location"])
    assert thanks.status_code == 200
    assert QUESTIONNAIRE.thanks["fr"] in html.unescape(thanks.text)


def test_a_double_submit_stores_one_response_and_both_end_on_the_thank_you_page(slug, visitor):
    form = visitor.open_form(slug)
    first = visitor.submit(slug, valid_answers(), form)
    replay = visitor.submit(slug, valid_answers(), form)
    assert first.status_code == replay.status_code == 303
    assert first.headers["Location"] == replay.headers["Location"] == f"/s/{slug}/merci?lang=fr"
    assert len(stored_responses()) == 1


def test_the_same_response_id_with_other_answers_keeps_the_first_ones(slug, visitor):
    form = visitor.open_form(slug)
    visitor.submit(slug, valid_answers(), form)
    changed = visitor.submit(slug, valid_answers(courtoisie="peu_satisfait"), form)
    assert changed.status_code == 409
    assert "déjà été enregistrées" in html.unescape(changed.text)
    [response] = stored_responses()
    assert stored_answers(response.id)["courtoisie"] == "tres_satisfait"


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
    assert resubmitted.status_code == 303
    [response] = stored_responses()
    assert response.id == form.hidden["response_id"]
    assert stored_answers(response.id)["commentaire"] == "Très bien, merci\u00a0!"


def test_an_expired_token_on_a_replay_still_stores_one_response(slug, visitor):
    form = visitor.open_form(slug)
    visitor.submit(slug, valid_answers(), form)
    page = visitor.submit(slug, valid_answers(), form, csrf_token=expired_token(visitor))
    assert page.status_code == 400
    resubmitted = visitor.submit(slug, valid_answers(), FormState(page.text))
    assert resubmitted.status_code == 303
    assert len(stored_responses()) == 1


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
    assert fixed.status_code == 303
    [response] = stored_responses()
    assert response.id == form.hidden["response_id"]


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
    assert '<script src="/static/survey.js" defer></script>' in page.text
    assert "<script>" not in page.text and "style=" not in page.text and "<style" not in page.text


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
    result = visitor.submit(slug, valid_answers(), FormState(page.text))
    assert result.headers["Location"] == f"/s/{slug}/merci?lang=ar"
    assert [r.lang for r in stored_responses()] == ["ar"]
    thanks = visitor.get(result.headers["Location"])
    assert '<html lang="ar" dir="rtl">' in thanks.text
    assert QUESTIONNAIRE.thanks["ar"] in html.unescape(thanks.text)


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


def test_a_closed_campaign_shows_a_410_page_and_stores_nothing(make_campaign, visitor):
    today = local_today("Europe/Paris")
    closes_on = today - timedelta(days=3)
    make_campaign(slug="ouverte")
    make_campaign(slug="fermee", opens_on=today - timedelta(days=30), closes_on=closes_on)
    db.session.commit()

    page = visitor.get("/s/fermee")
    assert page.status_code == 410
    text = html.unescape(page.text)
    assert "Cette enquête est terminée" in text
    assert format_date(closes_on, "long", locale="fr") in text
    assert "<form" not in page.text

    form = visitor.open_form("ouverte")  # a token and an id from an open page
    posted = visitor.submit("fermee", valid_answers(), form)
    assert posted.status_code == 410
    assert stored_responses() == []


def test_a_replay_after_the_campaign_closed_still_ends_on_the_thank_you_page(slug, visitor):
    form = visitor.open_form(slug)
    visitor.submit(slug, valid_answers(), form)
    [response] = stored_responses()
    db.session.get(Campaign, response.campaign_id).status = "closed"
    db.session.commit()
    replay = visitor.submit(slug, valid_answers(), form)
    assert replay.status_code == 303
    assert len(stored_responses()) == 1


def test_a_campaign_not_yet_open_shows_a_403_page_with_its_dates(make_campaign, visitor):
    opens_on = local_today("Europe/Paris") + timedelta(days=10)
    make_campaign(slug="bientot", opens_on=opens_on)
    db.session.commit()
    page = visitor.get("/s/bientot")
    assert page.status_code == 403
    text = html.unescape(page.text)
    assert "Cette enquête n'est pas encore ouverte." in text
    assert format_date(opens_on, "long", locale="fr") in text
    assert "<form" not in page.text


def test_a_draft_campaign_is_not_found(make_campaign, visitor):
    make_campaign(slug="brouillon", status="draft")
    db.session.commit()
    assert visitor.get("/s/brouillon").status_code == 404
    assert visitor.get("/s/brouillon/merci").status_code == 404


def test_an_unknown_slug_is_a_styled_404_page(app, visitor):
    page = visitor.get("/s/inconnue")
    assert page.status_code == 404
    text = html.unescape(page.text)
    assert "Page introuvable" in text
    assert 'href="/static/survey.css"' in page.text
    assert 'class="skip-link" href="#contenu"' in page.text
    assert "<main" in page.text and "<footer" in page.text


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
