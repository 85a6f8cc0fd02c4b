"""The public web form: /s/<campaign-slug>, its thank-you page and its closed pages.

Works without JavaScript. Every answer goes through the write path (`record_one`) with the
response id rendered into the page, so a double click or a replayed POST
stores one response. The CSRF token is the form's own, tied to a cookie of this
campaign's form rather than to Flask's session (visit.py); when it is missing, forged or
expired the form comes back with the answers kept and a fresh token.
The POST answers with the thank-you page itself (one round trip on a slow network,
not a redirect and a second request); sending it again, as a reload does, stores
nothing more. The blank form and the thank-you page are rendered once per
questionnaire version and language (page_cache).
"""

from __future__ import annotations

import uuid

import flask
from flask import Blueprint, abort, g, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError

from questionnaires import Questionnaire

from ...collect.recording import (
    CampaignNotOpen,
    InvalidResponse,
    ResponseConflict,
    Submission,
    record_one,
)
from ...collect.sources import web_source
from ...core.campaigns import (
    CampaignRow,
    campaign_row,
    campaign_state,
    get_campaign,
    questionnaire_of,
    recent_campaign_row,
)
from ...core.clock import local_today
from ...core.db import db, locks_late
from ...core.models import Campaign, Response
from ..i18n import NATIVE_NAMES, text_direction
from ..limits import count_request, limiter
from .forms import SurveyForm, submitted_answers, submitted_response_id, survey_form_class
from .page_cache import cached_page, page_key
from .visit import Visit, save_visit, visit

bp = Blueprint("public", __name__)
bp.after_request(save_visit)
CHANNEL = "web"
NO_WTF_CSRF = {"csrf": False}
"""The form object's meta: its token is visit.py's, not Flask-WTF's (which opens the session)."""
AnyCampaign = Campaign | CampaignRow
"""The form's own pages read a CampaignRow (Core); the fiche pages, which need the ORM site,
a Campaign."""


@bp.route("/s/<slug>", methods=["GET", "POST"])
@locks_late
def survey(slug: str):
    if request.method == "POST":  # showing the form is never limited
        refused = count_request("FORM_RATE_LIMIT", scope="public.survey")
        if refused is not None:
            return refused
    return _survey_page(slug)


@limiter.request_filter
def _the_form() -> bool:
    """The form counts its own POSTs (count_request): Flask-Limiter, which would work its
    limits out in its hook and again in a decorator, leaves its requests alone."""
    return request.endpoint == "public.survey"


@bp.errorhandler(CSRFError)
def session_expired(error: CSRFError):
    """Flask-WTF's refusal on the blueprint's other forms (the suggestion page)."""
    return render_template("error.html", error=error), 400


@bp.get("/s/<slug>/merci")
def thanks(slug: str):
    campaign = _published(campaign_row(db.session, slug))
    questionnaire = questionnaire_of(campaign.questionnaire_version)
    lang = _choose_language(questionnaire, request.args.get("lang"))
    return _thanks_page(campaign, questionnaire, lang)


def _survey_page(slug: str):
    # Core, kept 1 s: the hot path (and no ORM session when it was kept)
    campaign = _published(recent_campaign_row(db.session, slug, db.engine))
    questionnaire = questionnaire_of(campaign.questionnaire_version)
    is_post = request.method == "POST"
    asked = request.form.get("lang") if is_post else None  # a GET has no form to parse
    lang = _choose_language(questionnaire, asked or request.args.get("lang"))
    state = campaign_state(campaign)
    form_class = survey_form_class(questionnaire, lang)
    browser = visit(campaign.slug)

    if not is_post:
        if state != "open":
            return _render_unavailable(campaign, questionnaire, lang, state)
        return _blank_form(campaign, form_class, browser)

    response_id = submitted_response_id(request.form.get("response_id"))
    if state != "open":
        if db.session.get(Response, response_id) is not None:
            return _thanks_page(campaign, questionnaire, lang)
        return _render_unavailable(campaign, questionnaire, lang, state)
    if not _has_valid_token(browser):
        # Missing, forged, expired, or this browser lost its cookie: the answers come back.
        notice = _("Votre session a expiré\u00a0: vérifiez vos réponses et envoyez à nouveau.")
        form = _sent_form(form_class, response_id)
        return _render_form(campaign, form, browser, notice=notice), 400

    answers = submitted_answers(questionnaire, request.form)
    try:
        response_id = _record(campaign, browser, response_id, lang, answers)
    except InvalidResponse as exc:
        db.session.rollback()
        form = _sent_form(form_class, response_id)
        return _render_form(campaign, form, browser, errors=form.show_errors(exc.errors)), 422
    except ResponseConflict:
        db.session.rollback()
        notice = _(
            "Vos réponses avaient déjà été enregistrées\u00a0: "
            "les modifications envoyées ensuite n'ont pas été prises en compte."
        )
        return _render_thanks(campaign, questionnaire, lang, notice=notice), 409
    except CampaignNotOpen as exc:  # closed between our check and the write
        db.session.rollback()
        return _render_unavailable(campaign, questionnaire, lang, exc.state)
    db.session.commit()
    browser.answer(response_id)
    return _thanks_page(campaign, questionnaire, lang)


def _has_valid_token(browser: Visit) -> bool:
    if not flask.current_app.config.get("WTF_CSRF_ENABLED", True):
        return True
    return browser.accepts(request.form.get("csrf_token"))


def _sent_form(form_class: type[SurveyForm], response_id: str) -> SurveyForm:
    """The form with the answers sent, to show them again (with errors or a notice)."""
    form = form_class(meta=NO_WTF_CSRF)
    form.response_id.data = response_id
    form.lang.data = form_class.language
    return form


def _record(campaign: CampaignRow, browser: Visit, response_id: str, lang: str, answers) -> str:
    """Record the form; the id stored. The same answers sent again under the id this browser
    last answered with (Back, then Send) are that response, stored once; other answers under
    it, once the form was shown again, are the next respondent on a shared browser (or a
    visitor who changed their mind), stored as a response of their own."""

    def write(an_id: str) -> None:
        submission = Submission(an_id, CHANNEL, lang, answers)
        record_one(db.session, campaign, submission, misuse=web_source(campaign.id))

    try:
        write(response_id)  # a conflict writes nothing: nothing to roll back before a retry
        return response_id
    except ResponseConflict:
        if browser.served_again != response_id:
            raise  # sent twice from one page with a change: the first answers stand
    fresh = str(uuid.uuid4())
    write(fresh)
    return fresh


def _page_response_id(browser: Visit) -> str:
    """A fresh id, unless this browser already answered this campaign: going Back after
    sending may fetch the form page again, and sending it again must not store a second
    response (the write path is idempotent on the id; see _record for other answers)."""
    if browser.answered is None:
        return str(uuid.uuid4())
    browser.serve_again(browser.answered)
    return browser.answered


def _public_campaign(slug: str) -> Campaign:
    """The campaign behind a public link; drafts and campaigns without the web are 404."""
    return _published(get_campaign(db.session, slug))


def _published(campaign: AnyCampaign | None) -> AnyCampaign:
    if campaign is None or campaign.status == "draft" or CHANNEL not in campaign.channels:
        abort(404)
    return campaign


def _choose_language(questionnaire: Questionnaire, requested: str | None) -> str:
    """The asked language if offered, else the browser's best offered one, else French.

    Sets g.lang, which Flask-Babel reads for the interface strings.
    """
    offered = questionnaire.languages
    if requested not in offered:
        fallback = "fr" if "fr" in offered else offered[0]
        requested = request.accept_languages.best_match(offered, default=fallback)
    g.lang = requested
    return requested


def _page_context(campaign: AnyCampaign, questionnaire: Questionnaire, lang: str, endpoint: str):
    """What every public page shows: its language and direction, the switcher, the titles."""
    return {
        "page_lang": lang,
        "page_dir": text_direction(lang),
        "service_name": campaign.site.name,
        "survey_title": questionnaire.title[lang],
        "languages": [
            {
                "code": code,
                "name": NATIVE_NAMES.get(code, code),
                "dir": text_direction(code),
                "url": url_for(endpoint, slug=campaign.slug, lang=code),
                "is_current": code == lang,
            }
            for code in questionnaire.languages
        ],
    }


def _blank_form(campaign: AnyCampaign, form_class: type[SurveyForm], browser: Visit):
    """The form as first shown: rendered once per questionnaire version and language, then
    only this request's CSRF token and response id are put in."""
    questionnaire, lang = form_class.questionnaire, form_class.language
    response_id = _page_response_id(browser)
    token = browser.token()

    def render() -> str:
        form = form_class(formdata=None, response_id=response_id, lang=lang, meta=NO_WTF_CSRF)
        return _render_form(campaign, form, browser, token=token)

    key = page_key("form", campaign, questionnaire, lang)
    return cached_page(key, render, csrf_token=token, response_id=response_id)


def _render_form(
    campaign: AnyCampaign,
    form: SurveyForm,
    browser: Visit,
    errors=(),
    notice: str | None = None,
    token: str | None = None,
):
    questionnaire, lang = form.questionnaire, form.language
    return render_template(
        "survey/form.html",
        form=form,
        form_token=token or browser.token(),
        questionnaire=questionnaire,
        introduction=questionnaire.introduction[lang] if questionnaire.introduction else None,
        action=url_for("public.survey", slug=campaign.slug, lang=lang),
        errors=list(errors),
        notice=notice,
        **_page_context(campaign, questionnaire, lang, "public.survey"),
    )


def _thanks_page(campaign: AnyCampaign, questionnaire: Questionnaire, lang: str) -> flask.Response:
    """The thank-you page, the same for everyone: rendered once per version and language."""
    key = page_key("thanks", campaign, questionnaire, lang)
    return cached_page(key, lambda: _render_thanks(campaign, questionnaire, lang))


def _render_thanks(campaign, questionnaire, lang, notice: str | None = None):
    message = questionnaire.thanks[lang] if questionnaire.thanks else None
    return render_template(
        "survey/thanks.html",
        thanks=message or _("Merci pour votre participation."),
        notice=notice,
        page_url=url_for("public.thanks", slug=campaign.slug, lang=lang),
        **_page_context(campaign, questionnaire, lang, "public.thanks"),
    )


def _render_unavailable(campaign, questionnaire, lang, state: str):
    """Not yet open (403) or closed (410): say so, with the dates when they are known."""
    opens_on = closes_on = None
    if state == "not_yet_open":
        opens_on = campaign.opens_on and format_date(campaign.opens_on, "long")
        closes_on = campaign.closes_on and format_date(campaign.closes_on, "long")
    elif campaign.closes_on and campaign.closes_on < local_today(campaign.site.timezone):
        # Closed by its date; one closed by hand earlier has no end date worth showing.
        closes_on = format_date(campaign.closes_on, "long")
    page = render_template(
        "survey/unavailable.html",
        state=state,
        opens_on=opens_on,
        closes_on=closes_on,
        **_page_context(campaign, questionnaire, lang, "public.survey"),
    )
    return page, 410 if state == "closed" else 403
