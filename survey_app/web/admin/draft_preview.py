"""Preview of a questionnaire draft as the phone form and as the tablet, in any language.

The real public form template and the real kiosk front end, fed with the draft; nothing a
visitor does here is recorded: the form's answers are only checked, and the tablet keeps
its visit in the page (kiosk/preview.js). Each page says so: «Aperçu — aucune réponse…».
"""

from __future__ import annotations

import json
import uuid

from flask import Response, current_app, g, render_template, request, url_for

from questionnaires import Questionnaire, QuestionnaireError, clean_answers, from_dict
from questionnaires.translations import fill_with_french, other_languages

from ..i18n import NATIVE_NAMES, text_direction
from ..inline import content_security_policy
from ..kiosk_api.shell import page as shell_page
from ..kiosk_api.views import IDLE_WARNING_SECONDS
from ..public.forms import submitted_answers, survey_form_class
from .access import MANAGERS, roles_required
from .blueprint import bp
from .drafts import draft_or_404

PREVIEW_NOTICE = "Aperçu — aucune réponse n’est enregistrée"
PREVIEW_SENT = "Réponses valides : dans l’aperçu, elles ne sont pas enregistrées."
PREVIEW_PATH = "/questionnaires/drafts/<int:draft_id>/preview"


def preview_questionnaire(content: dict, sources: dict) -> tuple[Questionnaire | None, list[str]]:
    """The draft as visitors would get it, each untranslated text shown in French (as the
    «utiliser le français» choice would publish it); None and the problems if it is invalid."""
    for lang in other_languages(content):
        content, sources = fill_with_french(content, sources, lang)
    try:
        return from_dict(content, "brouillon"), []
    except QuestionnaireError as exc:
        return None, exc.messages


def _framed(response: Response) -> Response:
    """The previews are shown in frames of the preview page, on this site only."""
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    is_page = response.mimetype == "text/html"
    response.headers["Content-Security-Policy"] = content_security_policy(is_page, "'self'")
    return response


def _language(questionnaire: Questionnaire) -> str:
    lang = request.args.get("lang") or request.form.get("lang")
    return lang if lang in questionnaire.languages else "fr"


@bp.get(PREVIEW_PATH)
@roles_required(*MANAGERS)
def draft_preview(draft_id: int):
    draft = draft_or_404(draft_id)
    questionnaire, problems = preview_questionnaire(draft.content, draft.translation_sources)
    lang = _language(questionnaire) if questionnaire else "fr"
    return render_template(
        "admin/questionnaires/preview.html",
        draft=draft,
        questionnaire=questionnaire,
        problems=problems,
        lang=lang,
        language_names=NATIVE_NAMES,
        notice=PREVIEW_NOTICE,
    )


@bp.route(f"{PREVIEW_PATH}/phone", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def draft_preview_phone(draft_id: int):
    """The public form of the draft; sending it checks the answers and stores nothing."""
    draft = draft_or_404(draft_id)
    questionnaire, problems = preview_questionnaire(draft.content, draft.translation_sources)
    if questionnaire is None:
        return _framed(current_app.make_response(("\n".join(problems), 422)))
    lang = _language(questionnaire)
    g.lang = lang  # the form's own words (buttons, errors) in the previewed language
    form_class = survey_form_class(questionnaire, lang, cache=False)
    context = _page_context(draft_id, questionnaire, lang)
    if request.method == "POST":
        form = form_class()
        form.lang.data = lang
        _, errors = clean_answers(questionnaire, submitted_answers(questionnaire, request.form))
        if errors:
            summary = form.show_errors(errors)
            return _framed(_render_form(draft_id, form, summary, context)), 422
        page = render_template(
            "survey/thanks.html",
            thanks=(questionnaire.thanks or {}).get(lang) or "Merci",
            notice=PREVIEW_SENT,
            **context,
        )
        return _framed(current_app.make_response(page))
    form = form_class(formdata=None, response_id=str(uuid.uuid4()), lang=lang)
    return _framed(_render_form(draft_id, form, [], context))


def _render_form(draft_id: int, form, errors, context) -> Response:
    questionnaire, lang = form.questionnaire, form.language
    page = render_template(
        "survey/form.html",
        form=form,
        questionnaire=questionnaire,
        introduction=questionnaire.introduction[lang] if questionnaire.introduction else None,
        action=url_for("admin.draft_preview_phone", draft_id=draft_id, lang=lang),
        errors=list(errors),
        notice=None,
        **context,
    )
    return current_app.make_response(page)


def _page_context(draft_id: int, questionnaire: Questionnaire, lang: str) -> dict:
    return {
        "preview_notice": PREVIEW_NOTICE,
        "page_lang": lang,
        "page_dir": text_direction(lang),
        "service_name": None,
        "survey_title": questionnaire.title[lang],
        "languages": [
            {
                "code": code,
                "name": NATIVE_NAMES.get(code, code),
                "dir": text_direction(code),
                "url": url_for("admin.draft_preview_phone", draft_id=draft_id, lang=code),
                "is_current": code == lang,
            }
            for code in questionnaire.languages
        ],
    }


@bp.get(f"{PREVIEW_PATH}/tablet")
@roles_required(*MANAGERS)
def draft_preview_tablet(draft_id: int):
    """The kiosk shell with the draft written into the page instead of fetched by a tablet."""
    draft = draft_or_404(draft_id)
    questionnaire, problems = preview_questionnaire(draft.content, draft.translation_sources)
    if questionnaire is None:
        return _framed(current_app.make_response(("\n".join(problems), 422)))
    payload = {
        "campaign": {"slug": "apercu", "title": PREVIEW_NOTICE, "state": "open"},
        "version": 0,
        "content_hash": questionnaire.content_hash,
        "questionnaire": questionnaire.source,
        "device": {"id": 0, "name": "Aperçu"},
        "settings": {
            "idle_seconds": current_app.config["KIOSK_IDLE_SECONDS"],
            "idle_warning_seconds": IDLE_WARNING_SECONDS,
        },
    }
    data = json.dumps(payload, ensure_ascii=False).replace("</", "<\\/")
    page = shell_page()  # what a tablet loads: the joined script and stylesheet, versioned
    page = page.replace(
        '<meta charset="utf-8">',
        '<meta charset="utf-8">\n  <base href="/kiosk/">\n  '
        f'<script type="application/json" id="kiosk-preview">{data}</script>',
    )
    page = page.replace(
        '<footer id="status" class="status"></footer>',
        f'<footer id="status" class="status status--preview" role="note">{PREVIEW_NOTICE}</footer>',
    )
    return _framed(Response(page, mimetype="text/html; charset=utf-8"))
