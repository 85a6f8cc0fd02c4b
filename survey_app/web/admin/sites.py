"""Sites (/admin/sites): administrators create them; an administrator or the site's
quality officer renames it, sets its opening hours, its public results, and its time zone
while it has no response yet (survey_app/core/sites.py says why)."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms import SelectChoice

from ...core.db import db
from ...core.models import Site
from ...core.setting_values import hours_in_french
from ...core.sites import SiteError, create_site, responses_of_site, update_site
from .access import ADMIN, MANAGERS, roles_required, visible_sites
from .account_forms import SITE_KIND_LABELS, SiteCreateForm, SiteForm
from .blueprint import bp


def _with_zone(form: SiteForm, zone: str) -> SiteForm:
    """A zone set outside the list (SURVEY_TIMEZONE, the command line) stays choosable."""
    if zone not in {choice.value for choice in form.timezone.choices}:
        form.timezone.choices = [*form.timezone.choices, SelectChoice(zone, zone)]
    return form


def _hint(form: SiteForm) -> SiteForm:
    default = hours_in_french(current_app.config["OPENING_HOURS"])
    form.opening_hours.description = (
        "Jours et heures locales, par exemple « lun-ven 08:30-16:30 » ; laissés vides : "
        f"{default} (réglage du serveur). Une tablette silencieuse pendant ces heures est "
        "signalée."
    )
    return form


def _new_form(formdata=True) -> SiteCreateForm:
    zone = current_app.config["TIMEZONE"]
    kwargs = {} if formdata else {"formdata": None, "timezone": zone, "is_results_public": True}
    return _hint(_with_zone(SiteCreateForm(**kwargs), zone))


def _list_page(form: SiteCreateForm | None = None, status: int = 200):
    if form is None and current_user.is_admin:
        form = _new_form(formdata=False)
    rows = [
        {
            "site": s,
            "responses": responses_of_site(db.session, s),
            "hours": hours_in_french(s.opening_hours or ""),
        }
        for s in visible_sites()
    ]
    page = render_template(
        "admin/sites.html",
        rows=rows,
        form=form,
        kinds=SITE_KIND_LABELS,
        default_hours=hours_in_french(current_app.config["OPENING_HOURS"]),
    )
    return page, status


@bp.get("/sites")
@roles_required(*MANAGERS)
def sites():
    return _list_page()


@bp.post("/sites")
@roles_required(ADMIN)
def site_create():
    form = _new_form()
    if not form.validate_on_submit():
        return _list_page(form, 422)
    try:
        site = create_site(
            db.session,
            slug=form.slug.data,
            name=form.name.data,
            kind=form.kind.data,
            timezone=form.timezone.data,
            opening_hours=form.opening_hours.data,
            is_results_public=form.is_results_public.data,
            by=current_user.id,
        )
    except SiteError as exc:
        db.session.rollback()
        form[exc.field].errors.append(exc.french)
        return _list_page(form, 422)
    db.session.commit()
    flash(f"Le site « {site.name} » est créé.")
    return redirect(url_for("admin.sites"), 303)


def _site_or_404(site_id: int) -> Site:
    site = db.session.get(Site, site_id)
    if site is None or not current_user.sees_site(site.id):
        abort(404)
    return site


@bp.route("/sites/<int:site_id>", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def site_edit(site_id: int):
    site = _site_or_404(site_id)
    responses = responses_of_site(db.session, site)
    if request.method == "GET":
        form = _hint(_with_zone(SiteForm(obj=site), site.timezone))
        return render_template("admin/site.html", site=site, form=form, responses=responses)
    form = _hint(_with_zone(SiteForm(), site.timezone))
    if not form.validate_on_submit():
        page = render_template("admin/site.html", site=site, form=form, responses=responses)
        return page, 422
    try:
        update_site(
            db.session,
            site,
            name=form.name.data,
            kind=form.kind.data,
            timezone=form.timezone.data,
            opening_hours=form.opening_hours.data,
            is_results_public=form.is_results_public.data,
            by=current_user.id,
        )
    except SiteError as exc:
        db.session.rollback()
        form[exc.field].errors.append(exc.french)
        page = render_template("admin/site.html", site=site, form=form, responses=responses)
        return page, 422
    db.session.commit()
    flash(f"Le site « {site.name} » est enregistré.")
    return redirect(url_for("admin.sites"), 303)
