"""«Importer des résultats»: `survey import` from the campaign's pages, for the quality officer
who has no server shell. Upload a past year's export (or a table of paper forms) and choose
its mapping; the whole file is checked (nothing stored), its problems listed in French with
their row and column, else a preview; the confirmation loads it in one transaction through
load_file, as the CLI does, then folds the counts ahead.

The file is kept between the two steps (import_uploads.py): the confirmation carries its
token and SHA-256, and takes it once, so a double click cannot import it twice.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from flask import abort, current_app, render_template
from flask_login import current_user

from analysis.french import format_number, format_size, pluralize

from ...collect.importing import (
    FilePreview,
    ImportCheckError,
    ImportMapping,
    Table,
    load_file,
    load_mapping,
    open_table,
    preview_file,
)
from ...collect.importing.bundled import bundled_mappings
from ...collect.importing.limits import ImportLimits
from ...collect.importing.load import already_imported
from ...collect.importing.mapping import with_channel
from ...collect.importing.messages_fr import Problem, in_french
from ...core.campaigns import questionnaire_of
from ...core.db import db, locks_late, take_write_lock
from ...core.models import Campaign
from ...counts.folding import fold
from ..inputs import accepts_uploads
from . import import_uploads as uploads
from .access import MANAGERS, campaign_or_404, roles_required
from .audit import audit
from .blueprint import bp
from .downloads import attachment
from .forms import CHANNEL_LABELS
from .results_import_forms import OWN_MAPPING, ResultsConfirmForm, ResultsImportForm
from .visits_import import TOO_LARGE_PAGES

SHOWN_PROBLEMS = 50
"""A wrong mapping can fail every row: past this many, the rest are counted."""
KEPT_APART_LABELS = {
    "required": ("réponse laisse", "réponses laissent", "sans réponse une question obligatoire"),
    "hidden": ("réponse donne", "réponses donnent", "un avis à une question qui ne se posait pas"),
}


@dataclass
class Checked:
    """A file read against its mapping: what it would load, or its problems in French."""

    table: Table | None = None
    mapping: ImportMapping | None = None
    preview: FilePreview | None = None
    problems: list[Problem] | None = None
    total: int = 0
    """Problems in all, those listed and those only counted."""


@bp.get("/campaigns/<slug>/results/import")
@roles_required(*MANAGERS)
def results_import(slug: str):
    campaign = campaign_or_404(slug)
    return import_page(campaign, ResultsImportForm(campaign))


@bp.get("/import-mappings/<name>.yaml")
@roles_required(*MANAGERS)
def import_mapping_yaml(name: str):
    """A shipped mapping, to adapt to another export (the officer has no server shell)."""
    bundled = bundled_mappings().get(name) or abort(404)
    text = bundled.path.read_text(encoding="utf-8")
    return attachment(text, "application/yaml; charset=utf-8", bundled.path.name)


@bp.post("/campaigns/<slug>/results/import")
@accepts_uploads
@locks_late  # it only reads: tablets' writes go on while a large file is checked
@roles_required(*MANAGERS)
def results_import_check(slug: str):
    campaign = campaign_or_404(slug)
    form = ResultsImportForm(campaign)
    if not form.validate_on_submit():
        return import_page(campaign, form, status=422)
    is_own = form.mapping.data == OWN_MAPPING
    pending = uploads.keep(
        form.file.data,
        form.mapping_file.data if is_own else None,
        file_name=_shown_name(form.file.data.filename),
        campaign=campaign.slug,
        user_id=current_user.id,
        mapping="" if is_own else form.mapping.data,
        mapping_name=_shown_name(form.mapping_file.data.filename)
        if is_own
        else bundled_mappings()[form.mapping.data].path.name,
        channel=form.channel.data,
    )
    checked = _check(pending, campaign, pending.folder)
    if checked.problems:
        uploads.finish(pending.token, pending.folder, None)  # nothing kept from a bad file
        return import_page(campaign, form, checked, pending.file_name, status=422)
    already = already_imported(db.session, checked.table, checked.mapping, campaign)
    if already == checked.preview.count:  # nothing to confirm: no upload left waiting
        uploads.finish(pending.token, pending.folder, None)
    confirm = ResultsConfirmForm(formdata=None, token=pending.token, digest=pending.digest)
    return render_template(
        "admin/results_import_preview.html",
        campaign=campaign,
        pending=pending,
        preview=checked.preview,
        already=already,
        mapping_title=_mapping_title(pending),
        confirm=confirm,
        **_helpers(),
    )


@bp.post("/campaigns/<slug>/results/import/confirm")
@locks_late
@roles_required(*MANAGERS)
def results_import_confirm(slug: str):
    campaign = campaign_or_404(slug)
    form = ResultsConfirmForm()
    if not form.validate_on_submit():
        return _refused(campaign, "La confirmation est illisible : importez le fichier à "
                        "nouveau.", 422)  # fmt: skip
    token = form.token.data
    pending = uploads.find(token)
    if pending is None:
        return _not_waiting(campaign, token)
    if pending.campaign != campaign.slug or pending.user_id != current_user.id:
        return _refused(campaign, "Ce fichier a été déposé pour une autre enquête ou par un "
                        "autre compte : importez-le à nouveau.", 403)  # fmt: skip
    if form.digest.data != pending.digest:
        return _refused(campaign, "Ce n'est pas le fichier vérifié : importez-le à nouveau.", 400)
    folder = uploads.take(pending)
    if folder is None:
        return _not_waiting(campaign, token)
    try:
        return _load(campaign, pending, folder)
    except Exception:
        if folder.exists():  # not loaded: the officer may confirm again
            folder.rename(pending.folder)
        raise


def _load(campaign: Campaign, pending: uploads.PendingImport, folder: Path):
    if uploads.file_digest(pending.data_path(folder)) != pending.digest:
        uploads.finish(pending.token, folder, None)
        return _refused(campaign, "Ce n'est pas le fichier vérifié : importez-le à nouveau.", 400)
    checked = _check(pending, campaign, folder)  # the campaign may have changed meanwhile
    if not checked.problems:
        take_write_lock(db.session)
        try:
            loaded = load_file(
                db.session,
                checked.table,
                checked.mapping,
                campaign,
                imported_by=f"admin:{current_user.login}",
            )
        except ImportCheckError as exc:
            db.session.rollback()
            checked = _in_french(checked, exc.messages, pending)
    if checked.problems:
        uploads.finish(pending.token, folder, None)
        form = ResultsImportForm(campaign, formdata=None)
        return import_page(campaign, form, checked, pending.file_name, status=422)
    outcome = {
        "campaign": campaign.slug,
        "file": pending.file_name,
        "mapping": pending.mapping_name,
        "channel": pending.channel or None,
        "created": loaded.created,
        "already_there": loaded.already_there,
        "by_channel": loaded.by_channel,
        "kept_apart": loaded.kept_apart,
    }
    audit("results.import", f"campaign:{campaign.slug}", **outcome)
    db.session.commit()
    uploads.finish(pending.token, folder, outcome)
    if loaded.created:
        # Fold what was just loaded now, as `survey import` does: the first report is fast.
        with db.engine.connect() as connection:
            fold(connection, campaign.id)
    return _done_page(campaign, outcome)


def _check(pending: uploads.PendingImport, campaign: Campaign, folder: Path) -> Checked:
    """Read the kept file against its mapping; nothing is written."""
    data_path = pending.data_path(folder)
    bundled = bundled_mappings().get(pending.mapping)
    mapping_path = bundled.path if bundled else pending.mapping_path(folder)
    questionnaire = questionnaire_of(campaign.questionnaire_version)
    try:
        mapping = load_mapping(mapping_path, questionnaire)
        mapping = replace(mapping, name=pending.mapping_name)
        if pending.channel:
            mapping = with_channel(mapping, pending.channel)
        table = open_table(data_path, limits=ImportLimits.from_config(current_app.config))
        table = replace(table, name=pending.file_name)
        preview = preview_file(table, mapping, campaign)
    except ImportCheckError as exc:
        named = [
            m.replace(str(data_path), pending.file_name, 1).replace(
                str(mapping_path), pending.mapping_name, 1
            )
            for m in exc.messages
        ]
        return _in_french(Checked(), named, pending)
    if preview.problems:
        return _in_french(Checked(table, mapping), preview.problems, pending)
    return Checked(table, mapping, preview)


def _in_french(checked: Checked, messages: list[str], pending: uploads.PendingImport) -> Checked:
    problems: list[Problem] = []
    untold = 0
    for message in messages:
        problem = in_french(message, pending.file_name, pending.mapping_name)
        if isinstance(problem, int):
            untold += problem
        else:
            problems.append(problem)
    total = len(problems) + untold
    return replace(checked, problems=problems[:SHOWN_PROBLEMS], total=total)


def import_page(
    campaign: Campaign,
    form: ResultsImportForm,
    checked: Checked | None = None,
    file_name: str = "",
    status: int = 200,
):
    """The upload form; with a refused file's problems under it."""
    page = render_template(
        "admin/results_import.html",
        campaign=campaign,
        form=form,
        problems=checked.problems if checked else None,
        total=checked.total if checked else 0,
        file_name=file_name,
        max_size=format_size(current_app.config["MAX_UPLOAD_BYTES"]),
        bundled=bundled_mappings().values(),
        **_helpers(),
    )
    return page, status


def _not_waiting(campaign: Campaign, token: str):
    """A confirmation whose file is no longer waiting: done already (a double click), under
    way in another request, or too old."""
    done = uploads.outcome(token)
    if done is not None and done.get("campaign") == campaign.slug:
        return _done_page(campaign, done, is_replay=True), 409
    if uploads.is_taken(token):
        return _refused(campaign, "Cet import est déjà en cours : attendez sa fin, puis "
                        "consultez les résultats de l'enquête.", 409)  # fmt: skip
    return _refused(campaign, "Ce fichier n'attend plus de confirmation (déposé il y a plus "
                    "d'un jour, ou déjà importé) : importez-le à nouveau.", 410)  # fmt: skip


def _refused(campaign: Campaign, message: str, status: int):
    return render_template(
        "admin/results_import_refused.html", campaign=campaign, message=message
    ), status


def _done_page(campaign: Campaign, outcome: dict, is_replay: bool = False):
    return render_template(
        "admin/results_import_done.html",
        campaign=campaign,
        outcome=outcome,
        is_replay=is_replay,
        **_helpers(),
    )


def _helpers() -> dict:
    return {
        "format_number": format_number,
        "pluralize": pluralize,
        "channel_labels": CHANNEL_LABELS,
        "kept_apart_labels": KEPT_APART_LABELS,
    }


@roles_required(*MANAGERS)
def _too_large_page(slug: str):
    campaign = campaign_or_404(slug)
    form = ResultsImportForm(campaign, formdata=None)
    limit = format_size(current_app.config["MAX_UPLOAD_BYTES"])
    form.file.errors = [
        f"Le fichier dépasse {limit}, la taille acceptée : enregistrez-le en .xlsx "
        "(plus compact) ou découpez-le par période. L'administrateur du serveur peut aussi "
        "relever cette limite (MAX_UPLOAD_BYTES)."
    ]
    return import_page(campaign, form, status=413)


TOO_LARGE_PAGES["admin.results_import_check"] = _too_large_page


def _mapping_title(pending: uploads.PendingImport) -> str:
    bundled = bundled_mappings().get(pending.mapping)
    return bundled.title if bundled else f"«\u00a0{pending.mapping_name}\u00a0» (votre fichier)"


def _shown_name(filename: str | None) -> str:
    """The upload's name without any folder a browser may send, at most 200 characters."""
    return Path((filename or "").replace("\\", "/")).name[-200:] or "fichier"
