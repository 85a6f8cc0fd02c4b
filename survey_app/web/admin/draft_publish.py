"""Publishing a draft as a new version, with an explicit choice for each language whose
translations are missing or stale: the French for those texts, or the language withdrawn.

Never silently: without a choice for such a language the page comes back with the error
next to it, and nothing is published.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from questionnaires.translations import DROP, FALLBACK

from ...core.db import db
from ...core.draft_translations import ChoiceNeeded, publish_with_choices, translation_work
from ...core.questionnaire_drafts import DraftError, draft_problems
from .access import MANAGERS, roles_required
from .audit import audit
from .blueprint import bp
from .draft_translations import draft_or_404, language_name
from .forms import ActionForm

CHOICE_LABELS = {
    FALLBACK: "Utiliser le français pour ces éléments",
    DROP: "Retirer cette langue",
}
AFTER_PUBLISHING = "admin.campaign_new"
"""Where the officer goes next: a new campaign can now use the version."""


@bp.route("/questionnaires/brouillons/<int:draft_id>/publication", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def draft_publish(draft_id: int):
    draft = draft_or_404(draft_id)
    form = ActionForm()
    work = translation_work(draft)
    problems = draft_problems(draft.content, with_translations=False)
    choices = {lang: request.form.get(f"choix-{lang}", "") for lang in work}
    unchosen: list[str] = []
    status = 200
    if request.method == "POST" and form.validate_on_submit() and not problems:
        try:
            version = publish_with_choices(db.session, draft, choices, current_user)
        except ChoiceNeeded as exc:
            db.session.rollback()
            unchosen, status = exc.languages, 422
        except DraftError as exc:
            db.session.rollback()
            problems, status = exc.problems, 422
        else:
            withdrawn = sorted(lang for lang, choice in choices.items() if choice == DROP)
            audit("questionnaire.publish", f"{version.key} v{version.version}")
            db.session.commit()
            message = f"Questionnaire publié : version {version.version}."
            if withdrawn:
                names = ", ".join(language_name(lang) for lang in withdrawn)
                message += f" Langue retirée : {names}."
            flash(message)
            return redirect(url_for(AFTER_PUBLISHING))
    page = render_template(
        "admin/questionnaires/publish.html",
        draft=draft,
        form=form,
        work=[
            {
                "lang": lang,
                "name": language_name(lang),
                "missing": len(paths["missing"]),
                "stale": len(paths["stale"]),
                "choice": choices.get(lang),
                "error": lang in unchosen,
            }
            for lang, paths in work.items()
        ],
        problems=problems,
        choice_labels=CHOICE_LABELS,
    )
    return page, status
