"""Import the queue system's export on the visits page: upload, a preview of what will be
stored day by day, then confirm. The preview carries the days it read in its form, checked
again on confirmation, so nothing is kept on the server between the two steps; the days
are stored by collect/visits.py, as `survey visits import` does."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import current_app, flash, redirect, render_template, request, url_for
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from analysis.french import format_number, format_size, pluralize

from ...collect.importing import ImportCheckError, open_table
from ...collect.importing.limits import ImportLimits
from ...collect.visits import DaysPlan, plan_days, store_days
from ...collect.visits_file import DailyVisits, VisitsColumns, read_daily_visits
from ...collect.visits_problems import VisitsFileError, VisitsProblem
from ...core.db import db
from ...core.models import Campaign
from ..inputs import accepts_uploads
from .access import MANAGERS, campaign_or_404, roles_required
from .audit import audit
from .blueprint import admin_error, bp
from .forms import CHANNEL_LABELS
from .live import short_day
from .visits import visits_page
from .visits_forms import VisitsConfirmForm, VisitsImportForm, days_text

SHOWN_PROBLEMS = 20


@bp.post("/campaigns/<slug>/visits/import")
@accepts_uploads
@roles_required(*MANAGERS)
def visits_import(slug: str):
    campaign = campaign_or_404(slug)
    form = VisitsImportForm(prefix="import")
    if not form.validate_on_submit():
        return visits_page(campaign, import_form=form), 422
    upload = form.file.data
    try:
        daily = _read(upload, campaign, _columns(form))
    except VisitsFileError as exc:
        in_file = _show_problems(form, exc.problems)
        name = Path(upload.filename or "").name
        return visits_page(campaign, import_form=form, file_problems=in_file, file_name=name), 422
    channel = form.channel.data
    confirm = VisitsConfirmForm(
        campaign,
        formdata=None,
        channel=channel,
        days=days_text(daily.counts),
        file_name=Path(upload.filename or "").name[:200],
    )
    return render_template(
        "admin/visits_preview.html",
        campaign=campaign,
        daily=daily,
        plan=plan_days(db.session, campaign.id, channel, daily.counts),
        channel_label=CHANNEL_LABELS[channel],
        only=_only_text(form),
        file_name=confirm.file_name.data,
        confirm=confirm,
        short_day=short_day,
        format_number=format_number,
    )


@bp.post("/campaigns/<slug>/visits/import/confirm")
@roles_required(*MANAGERS)
def visits_import_confirm(slug: str):
    campaign = campaign_or_404(slug)
    form = VisitsConfirmForm(campaign)
    if not form.validate_on_submit():
        import_form = VisitsImportForm(prefix="import", formdata=None)
        import_form.file.errors = [m for errors in form.errors.values() for m in errors]
        return visits_page(campaign, import_form=import_form), 422
    channel, name = form.channel.data, form.file_name.data
    plan = store_days(db.session, campaign, channel, form.counts)
    if plan.writes:
        audit(
            "visits.import",
            f"campaign:{slug}",
            channel=channel,
            file=name,
            days=len(form.counts),
            new=len(plan.new),
            corrected=len(plan.changed),
            unchanged=len(plan.unchanged),
            visits=sum(form.counts.values()),
        )
    db.session.commit()
    flash(_done(plan, name))
    return redirect(url_for("admin.visits", slug=slug), 303)


@bp.errorhandler(RequestEntityTooLarge)
def too_large(exc: RequestEntityTooLarge):
    """A file past MAX_UPLOAD_BYTES: said next to the file field, not as an error page
    (the body was refused before the view, so its access checks run here)."""
    page = TOO_LARGE_PAGES.get(request.endpoint or "")
    if page is None or not request.view_args:
        return admin_error(exc)
    try:
        return page(request.view_args["slug"])
    except HTTPException as denied:
        return admin_error(denied)


@roles_required(*MANAGERS)
def _too_large_page(slug: str):
    campaign = campaign_or_404(slug)
    form = VisitsImportForm(prefix="import", formdata=None)
    limit = format_size(current_app.config["MAX_UPLOAD_BYTES"])
    form.file.errors = [
        f"Le fichier dépasse {limit} : exportez les totaux par jour plutôt que par heure, "
        "ou une période plus courte."
    ]
    return visits_page(campaign, import_form=form), 413


TOO_LARGE_PAGES: dict[str, Callable[[str], Any]] = {"admin.visits_import": _too_large_page}
"""Endpoint -> the page saying, next to its file field, that the file is too large (by slug);
results_import.py adds its own."""


def _read(upload, campaign: Campaign, columns: VisitsColumns) -> DailyVisits:
    """Read the upload from a temporary file (the readers take a path), removed after."""
    suffix = Path(upload.filename or "").suffix.lower()
    with tempfile.TemporaryDirectory(prefix="survey-visits-") as folder:
        path = Path(folder) / f"visites{suffix}"
        upload.save(path)
        try:
            table = open_table(path, limits=ImportLimits.from_config(current_app.config))
            return read_daily_visits(table, campaign, columns)
        except ImportCheckError as exc:
            why = [VisitsProblem("unreadable", values={"why": m}) for m in exc.messages]
            raise VisitsFileError(why) from None


def _columns(form: VisitsImportForm) -> VisitsColumns:
    column, value = form.only_column.data, form.only_value.data
    only = {column: (value,)} if column and value else {}
    return VisitsColumns(form.date_column.data or None, form.count_column.data or None, only)


def _show_problems(form: VisitsImportForm, problems: list[VisitsProblem]) -> int:
    """Each problem next to the field it is about: a column named wrong next to that
    name, the rest (lines, dates, counts) next to the file; how many are the file's."""
    named = {
        form.date_column: form.date_column.data,
        form.count_column: form.count_column.data,
        form.only_column: form.only_column.data,
    }
    by_field = {"no_date_column": form.date_column, "no_count_column": form.count_column}
    file_errors: list[str] = []
    unplaced: list[VisitsProblem] = []
    for problem in problems:
        field = by_field.get(problem.code)
        if problem.code == "unknown_column":
            column = problem.values["column"]
            field = next((f for f, name in named.items() if name == column), None)
        if field is not None:
            field.errors = [*field.errors, problem.french()]
            continue
        unplaced.append(problem)
        if len(file_errors) < SHOWN_PROBLEMS and problem.code != "more":
            file_errors.append(problem.french())
    in_file = sum(p.values["count"] if p.code == "more" else 1 for p in unplaced)
    if in_file > len(file_errors):
        file_errors.append(f"… et {in_file - len(file_errors)} autres problèmes.")
    form.file.errors = file_errors
    return in_file


def _only_text(form: VisitsImportForm) -> str | None:
    if not form.only_column.data:
        return None
    return f"« {form.only_column.data} » vaut « {form.only_value.data} »"


def _done(plan: DaysPlan, name: str) -> str:
    if not plan.writes:
        return f"Rien n'a changé : les jours de « {name} » étaient déjà enregistrés."
    new, changed, same = len(plan.new), len(plan.changed), len(plan.unchanged)
    return (
        f"Visites importées depuis « {name} » : {pluralize(new, 'jour ajouté', 'jours ajoutés')}, "
        f"{pluralize(changed, 'corrigé', 'corrigés')}, {pluralize(same, 'inchangé', 'inchangés')}."
    )
