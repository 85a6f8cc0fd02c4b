"""The questionnaire workspace: every questionnaire with its versions, the campaigns using
each and the drafts being edited; a new draft from a version, the bundled file or an
uploaded YAML file; any version as YAML. Officers and administrators."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from ...core.campaigns import campaign_state, questionnaire_of
from ...core.catalog import bundled_file, check_bundled
from ...core.db import db
from ...core.models import Campaign, QuestionnaireDraft, QuestionnaireVersion
from ...core.questionnaire_drafts import DraftError, create_draft, draft_from_yaml, draft_to_yaml
from ..inputs import accepts_uploads
from .access import MANAGERS, roles_required
from .audit import audit
from .blueprint import bp
from .downloads import attachment

UNSEEN = "Rien ne change pour le public avant sa publication."


def workspace_rows() -> list[dict]:
    """One entry per questionnaire key: its title, versions (newest first) with the
    campaigns of the user's sites using each, its drafts and its bundled file."""
    versions = db.session.scalars(
        select(QuestionnaireVersion).order_by(
            QuestionnaireVersion.key, QuestionnaireVersion.version.desc()
        )
    ).all()
    campaigns = db.session.scalars(
        select(Campaign)
        .where(current_user.site_clause(Campaign.site_id))
        .order_by(Campaign.created_at.desc())
    ).all()
    drafts = db.session.scalars(
        select(QuestionnaireDraft).order_by(QuestionnaireDraft.updated_at.desc())
    ).all()
    bundled = check_bundled()
    keys = sorted({v.key for v in versions} | {d.key for d in drafts} | set(bundled))
    rows = []
    for key in keys:
        own = [v for v in versions if v.key == key]
        file = bundled.get(key)
        file_version = next(
            (v.version for v in own if file and v.content_hash == file.content_hash), None
        )
        title = questionnaire_of(own[0]).title["fr"] if own else file and file.title["fr"]
        rows.append(
            {
                "key": key,
                "title": title or key,
                "versions": [
                    {
                        "version": v,
                        "campaigns": [
                            (c, campaign_state(c))
                            for c in campaigns
                            if c.questionnaire_version_id == v.id
                        ],
                    }
                    for v in own
                ],
                "drafts": [d for d in drafts if d.key == key],
                "file": file,
                "file_version": file_version,
            }
        )
    return rows


@bp.get("/questionnaires")
@roles_required(*MANAGERS)
def questionnaires():
    return render_template("admin/questionnaires.html", rows=workspace_rows())


@bp.get("/questionnaires/versions/<int:version_id>.yaml")
@roles_required(*MANAGERS)
def version_yaml(version_id: int):
    version = db.session.get(QuestionnaireVersion, version_id) or abort(404)
    filename = f"{version.key}-v{version.version}.yaml"
    return attachment(draft_to_yaml(version.content), "application/yaml; charset=utf-8", filename)


@bp.post("/questionnaires/drafts")
@roles_required(*MANAGERS)
def draft_create():
    """«Créer une nouvelle version» from a stored version or from the bundled file."""
    source = request.form.get("source", "")
    kind, _, name = source.partition(":")
    if kind == "version" and name.isascii() and name.isdigit() and len(name) < 10:
        version = db.session.get(QuestionnaireVersion, int(name)) or abort(404)
        draft = create_draft(
            db.session,
            key=version.key,
            content=version.content,
            based_on=version,
            user=current_user,
        )
        origin = f"de la version {version.version}"
    elif kind == "file" and name in check_bundled():
        content = _bundled_document(name)
        draft = create_draft(db.session, key=name, content=content, user=current_user)
        origin = "du fichier fourni avec l'application"
    else:
        abort(400, description="Choisissez la version de départ dans la liste.")
    audit("questionnaire.draft", f"questionnaire:{draft.key}", draft=draft.id, origin=origin)
    db.session.commit()
    flash(f"Brouillon créé à partir {origin}. {UNSEEN}")
    return redirect(url_for("admin.draft", draft_id=draft.id), 303)


@bp.post("/questionnaires/drafts/upload")
@accepts_uploads
@roles_required(*MANAGERS)
def draft_upload():
    """A YAML file as a new draft; the loader's problems are listed with their line."""
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _upload_refused([("", "Choisissez un fichier YAML (.yaml ou .yml).")])
    filename = upload.filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:100]
    data = upload.read(MAX_UPLOAD + 1)
    try:
        content = draft_from_yaml(data, filename)
    except DraftError as exc:
        return _upload_refused(exc.problems)
    key = content["key"]
    draft = create_draft(db.session, key=key, content=content, user=current_user)
    audit("questionnaire.upload", f"questionnaire:{key}", draft=draft.id, filename=filename)
    db.session.commit()
    flash(f"Le fichier «\u00a0{filename}\u00a0» est devenu un brouillon. {UNSEEN}")
    return redirect(url_for("admin.draft", draft_id=draft.id), 303)


MAX_UPLOAD = 1024 * 1024
"""Read at most this much of an upload; draft_from_yaml refuses past its own limit."""


def _upload_refused(problems: list[tuple[str, str]]):
    rows = workspace_rows()
    return render_template("admin/questionnaires.html", rows=rows, upload_problems=problems), 422


def _bundled_document(key: str) -> dict:
    path = bundled_file(key) or abort(404)
    try:
        return draft_from_yaml(path.read_bytes(), path.name)
    except DraftError as exc:  # the file passed check_bundled(); an alias would land here
        abort(400, description="; ".join(m for _, m in exc.problems))
