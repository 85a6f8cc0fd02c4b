"""Publishing a draft as a new frozen version (what changed, then an explicit confirmation),
discarding it, and downloading it as YAML.

A language whose translations are missing or stale needs its own explicit choice first:
the French for those texts, or the language withdrawn (core/draft_translations.py); never
silently, so a language offered to visitors is always complete."""

from __future__ import annotations

import re

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from questionnaires.translations import DROP, FALLBACK

from ...core.db import db
from ...core.draft_translations import ChoiceNeeded, publish_with_choices, translation_work
from ...core.models import QuestionnaireVersion
from ...core.questionnaire_drafts import DraftError, draft_problems, draft_to_yaml
from .access import MANAGERS, roles_required
from .audit import audit
from .blueprint import bp
from .downloads import attachment
from .draft_translations import language_name
from .draft_view import describe, french
from .drafts import check_revision, draft_or_404, revision

CHOICE_LABELS = {
    FALLBACK: "Utiliser le français pour ces éléments",
    DROP: "Retirer cette langue",
}


def changes(before: dict | None, after: dict) -> list[str]:
    """What the draft changes, in French, item by item (keys compared)."""
    if before is None:
        return []
    old = {i.get("key"): i for i in before.get("items") or [] if isinstance(i, dict)}
    new = {i.get("key"): i for i in after.get("items") or [] if isinstance(i, dict)}
    lines = []
    for name, line in (("title", "Titre modifié"), ("introduction", "Introduction modifiée"),
                       ("thanks", "Remerciements modifiés")):  # fmt: skip
        if french(before.get(name)) != french(after.get(name)):
            lines.append(line)
    lines += [
        f"Question ajoutée\u00a0: {french(i.get('label'))}" for k, i in new.items() if k not in old
    ]
    lines += [
        f"Question retirée\u00a0: {french(i.get('label'))}" for k, i in old.items() if k not in new
    ]
    for key, item in new.items():
        if key in old and old[key] != item:
            lines.append(f"Question modifiée\u00a0: {french(item.get('label'))}")
    if [k for k in new if k in old] != [k for k in old if k in new]:
        lines.append("Ordre des questions modifié")
    return lines


@bp.route("/questionnaires/drafts/<int:draft_id>/publish", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def draft_publish(draft_id: int):
    draft = draft_or_404(draft_id)
    status = 200
    work = translation_work(draft)
    choices = {lang: request.form.get(f"choix-{lang}", "") for lang in work}
    unchosen: list[str] = []
    if request.method == "POST":
        if not check_revision(draft):
            return redirect(url_for("admin.draft_publish", draft_id=draft.id), 303)
        if request.form.get("confirm") == "1":
            latest = db.session.scalar(
                select(func.max(QuestionnaireVersion.version)).filter_by(key=draft.key)
            )
            key, draft_id_ = draft.key, draft.id
            try:
                version = publish_with_choices(db.session, draft, choices, user=current_user)
            except ChoiceNeeded as exc:
                db.session.rollback()
                unchosen, status = exc.languages, 422
            except DraftError:
                db.session.rollback()
                status = 422
            else:
                withdrawn = sorted(lang for lang, choice in choices.items() if choice == DROP)
                is_new = version.version > (latest or 0)
                audit("questionnaire.publish", f"questionnaire:{key}", version=version.version,
                      draft=draft_id_, is_new=is_new, choices=choices)  # fmt: skip
                db.session.commit()
                flash(
                    f"Version {version.version} publiée. Choisissez-la en créant une enquête ; "
                    "les enquêtes existantes gardent leur version."
                    if is_new
                    else f"Ce brouillon est identique à la version {version.version} : "
                    "aucune nouvelle version n'a été créée."
                )
                if withdrawn:
                    names = ", ".join(language_name(lang) for lang in withdrawn)
                    flash(f"Langue retirée de cette version : {names}.")
                return redirect(url_for("admin.questionnaires") + f"#q-{key}", 303)
        else:
            status = 422
    problems = draft_problems(draft.content, with_translations=False)
    based_on = draft.based_on.content if draft.based_on is not None else None
    return render_template(
        "admin/draft_publish.html",
        draft=draft,
        revision=revision(draft),
        problems=problems,
        work=[_work_row(lang, paths, choices, unchosen) for lang, paths in work.items()],
        choice_labels=CHOICE_LABELS,
        changes=changes(based_on, draft.content),
        is_unconfirmed=status == 422 and request.form.get("confirm") != "1" and not unchosen,
        describe=lambda path: describe(path, draft.content),
    ), status


def _work_row(lang: str, paths: dict, choices: dict, unchosen: list[str]) -> dict:
    """One language with translations to do, as the publishing page asks about it."""
    return {
        "lang": lang,
        "name": language_name(lang),
        "missing": len(paths["missing"]),
        "stale": len(paths["stale"]),
        "choice": choices.get(lang),
        "error": lang in unchosen,
    }


@bp.post("/questionnaires/drafts/<int:draft_id>/delete")
@roles_required(*MANAGERS)
def draft_delete(draft_id: int):
    draft = draft_or_404(draft_id)
    audit("questionnaire.discard", f"questionnaire:{draft.key}", draft=draft.id)
    db.session.delete(draft)
    db.session.commit()
    flash("Le brouillon est supprimé. Les versions publiées ne changent pas.")
    return redirect(url_for("admin.questionnaires"), 303)


@bp.get("/questionnaires/drafts/<int:draft_id>.yaml")
@roles_required(*MANAGERS)
def draft_yaml(draft_id: int):
    draft = draft_or_404(draft_id)
    filename = f"{re.sub(r'[^a-z0-9-]', '', draft.key) or 'questionnaire'}-brouillon.yaml"
    return attachment(draft_to_yaml(draft.content), "application/yaml; charset=utf-8", filename)
