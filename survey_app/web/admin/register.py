"""The requests register of a site: list and filters, an entry, create, edit, reply, close.

Officers and administrators change entries; readers read. Contacts and the summary are
shown to the site's quality officers only (privacy.py says why): others see that there
is one, not what it says.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from analysis.register import CHANNELS, KINDS, REPLY_CHANNELS, STATUSES
from analysis.working_days import working_days_between

from ...core.clock import local_today
from ...core.db import db
from ...core.models import RegisterEntry, Site
from ...register.entries import (
    EntryError,
    EntryFields,
    close_without_reply,
    create_entry,
    known_themes,
    record_reply,
    reopen,
    update_entry,
)
from ...register.reading import EntryFilters, entry_years, site_entries
from ...register.rules import rules_from
from .access import EVERYONE, MANAGERS, OFFICER, roles_required, visible_sites
from .audit import audit
from .blueprint import bp
from .forms import ActionForm
from .register_forms import EntryForm, ReplyForm

LABELS = {"channels": CHANNELS, "kinds": KINDS, "statuses": STATUSES, "replies": REPLY_CHANNELS}


def site_or_404(slug: str | None) -> Site:
    """The site if the user may see it (the first one they see when no slug), else 404."""
    sites = visible_sites()
    if slug is None and sites:
        return sites[0]
    site = next((s for s in sites if s.slug == slug), None)
    if site is None:
        abort(404)
    return site


def entry_or_404(site: Site, entry_id: int) -> RegisterEntry:
    entry = db.session.get(RegisterEntry, entry_id)
    if entry is None or entry.site_id != site.id:
        abort(404)
    return entry


def sees_personal_data(site: Site) -> bool:
    """Contacts and free text: the site's quality officers only."""
    return current_user.role == OFFICER and current_user.sees_site(site.id)


def _filters(this_year: int) -> EntryFilters:
    """The list's filters; no year asked means this year («all»: every year)."""
    year = request.args.get("year", str(this_year))
    return EntryFilters(
        year=int(year) if year.isdigit() and len(year) == 4 else None,
        status=request.args.get("status") if request.args.get("status") in STATUSES else None,
        kind=request.args.get("kind") if request.args.get("kind") in KINDS else None,
        channel=request.args.get("channel") if request.args.get("channel") in CHANNELS else None,
        is_overdue=request.args.get("overdue") == "1",
    )


@bp.get("/requests", defaults={"site": None})
@bp.get("/requests/<site>")
@roles_required(*EVERYONE)
def requests_list(site: str | None):
    chosen = site_or_404(site) if (site or visible_sites()) else None
    if chosen is None:
        return render_template("admin/requests.html", site=None, sites=[], labels=LABELS)
    today = local_today(chosen.timezone)
    filters = _filters(today.year)
    entries = site_entries(db.session, chosen.id, filters, today)
    return render_template(
        "admin/requests.html",
        site=chosen,
        sites=visible_sites(),
        entries=entries,
        filters=filters,
        years=sorted({*entry_years(db.session, chosen.id), today.year}, reverse=True),
        today=today,
        labels=LABELS,
        personal=sees_personal_data(chosen),
    )


def _fields(form: EntryForm, keep: RegisterEntry | None) -> EntryFields:
    personal = "summary" in form
    return EntryFields(
        received_on=form.received_on.data,
        channel=form.channel.data,
        kind=form.kind.data,
        summary=form.summary.data if personal else (keep.summary if keep else None),
        contact=form.contact.data if personal else (keep.contact if keep else None),
        service=form.service.data,
        themes=form.theme_list(),
        is_in_scope=form.is_in_scope.data,
        out_of_scope_reason=form.out_of_scope_reason.data,
    )


def _entry_form(site: Site, entry: RegisterEntry | None = None) -> EntryForm:
    form = EntryForm(obj=entry) if request.method == "GET" else EntryForm()
    if request.method == "GET":
        if entry is not None:
            form.themes.data = " ; ".join(entry.themes or ())
        else:
            form.received_on.data = local_today(site.timezone)
    if not sees_personal_data(site) or (entry is not None and entry.purged_at is not None):
        del form.summary, form.contact
    return form


def _form_page(site: Site, form: EntryForm, entry: RegisterEntry | None, status: int = 200):
    return render_template(
        "admin/request_form.html",
        site=site,
        form=form,
        entry=entry,
        themes=known_themes(db.session, current_user.site_ids),
        personal=sees_personal_data(site),
    ), status


@bp.route("/requests/<site>/new", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def request_new(site: str):
    chosen = site_or_404(site)
    form = _entry_form(chosen)
    if form.validate_on_submit():
        try:
            entry = create_entry(
                db.session, chosen, _fields(form, None), rules_from(current_app.config),
                local_today(chosen.timezone), created_by_id=current_user.id,
            )  # fmt: skip
        except EntryError as exc:
            form[exc.field_name].errors = [str(exc)] if exc.field_name in form else []
            return _form_page(chosen, form, None, 422)
        audit("request.create", f"request:{entry.id}", site=chosen.slug, kind=entry.kind)
        db.session.commit()
        flash(f"La demande n° {entry.id} est enregistrée\u00a0; réponse attendue avant le "
              f"{entry.due_on:%d/%m/%Y}.")  # fmt: skip
        return redirect(url_for("admin.request_entry", site=chosen.slug, entry_id=entry.id), 303)
    return _form_page(chosen, form, None, 422 if form.errors else 200)


@bp.get("/requests/<site>/<int:entry_id>")
@roles_required(*EVERYONE)
def request_entry(site: str, entry_id: int):
    chosen = site_or_404(site)
    entry = entry_or_404(chosen, entry_id)
    return _entry_page(chosen, entry)


def _entry_page(site: Site, entry: RegisterEntry, reply_form: ReplyForm | None = None,
                status: int = 200):  # fmt: skip
    today = local_today(site.timezone)
    if reply_form is None:
        reply_form = ReplyForm(formdata=None)
        reply_form.replied_on.data = entry.replied_on or today
        reply_form.reply_channel.data = entry.reply_channel or "courriel"
        reply_form.replied_by.data = entry.replied_by or current_user.login
    delay = None
    if entry.replied_on:
        delay = working_days_between(
            entry.received_on, entry.replied_on, rules_from(current_app.config).holiday_area
        )
    return render_template(
        "admin/request.html",
        site=site,
        entry=entry,
        today=today,
        delay=delay,
        labels=LABELS,
        personal=sees_personal_data(site),
        reply_form=reply_form,
        action_form=ActionForm(),
    ), status


@bp.route("/requests/<site>/<int:entry_id>/edit", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def request_edit(site: str, entry_id: int):
    chosen = site_or_404(site)
    entry = entry_or_404(chosen, entry_id)
    form = _entry_form(chosen, entry)
    if form.validate_on_submit():
        try:
            changed = update_entry(
                entry, _fields(form, entry), rules_from(current_app.config),
                local_today(chosen.timezone), with_personal_data="summary" in form,
            )  # fmt: skip
        except EntryError as exc:
            form[exc.field_name].errors = [str(exc)] if exc.field_name in form else []
            return _form_page(chosen, form, entry, 422)
        audit("request.edit", f"request:{entry.id}", site=chosen.slug, changed=changed)
        db.session.commit()
        flash("Les modifications sont enregistrées.")
        return redirect(url_for("admin.request_entry", site=chosen.slug, entry_id=entry.id), 303)
    return _form_page(chosen, form, entry, 422 if form.errors else 200)


@bp.post("/requests/<site>/<int:entry_id>/reply")
@roles_required(*MANAGERS)
def request_reply(site: str, entry_id: int):
    chosen = site_or_404(site)
    entry = entry_or_404(chosen, entry_id)
    form = ReplyForm()
    if form.validate():
        try:
            record_reply(
                entry, form.replied_on.data, form.reply_channel.data,
                form.replied_by.data or current_user.login, local_today(chosen.timezone),
            )  # fmt: skip
        except EntryError as exc:
            form[exc.field_name].errors = [str(exc)]
        else:
            audit(
                "request.reply",
                f"request:{entry.id}",
                site=chosen.slug,
                replied_on=entry.replied_on.isoformat(),
                in_time=entry.replied_on <= entry.due_on,
            )
            db.session.commit()
            flash("La réponse est enregistrée\u00a0: la demande est marquée comme répondue.")
            return redirect(
                url_for("admin.request_entry", site=chosen.slug, entry_id=entry.id), 303
            )
    return _entry_page(chosen, entry, form, 422)


@bp.post("/requests/<site>/<int:entry_id>/status")
@roles_required(*MANAGERS)
def request_status(site: str, entry_id: int):
    chosen = site_or_404(site)
    entry = entry_or_404(chosen, entry_id)
    if not ActionForm().validate():
        abort(400)
    action = request.form.get("action")
    if action == "close":
        close_without_reply(entry)
        flash("La demande est classée sans réponse\u00a0; elle ne compte pas dans les délais.")
    elif action == "reopen":
        reopen(entry)
        flash("La demande est de nouveau à traiter.")
    else:
        abort(400)
    audit(f"request.{action}", f"request:{entry.id}", site=chosen.slug)
    db.session.commit()
    return redirect(url_for("admin.request_entry", site=chosen.slug, entry_id=entry.id), 303)
