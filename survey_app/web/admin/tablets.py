"""Hall tablets: enrol (one-time pairing link and QR code), rename, revoke, watch.

Tokens and pairing codes are handled by survey_app.accounts.devices (the kiosk's own module); a
pairing link is shown once, in the answer to the enrolment, and never stored in clear.
"""

from __future__ import annotations

from datetime import UTC
from zoneinfo import ZoneInfo

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select
from wtforms import SelectChoice

from ...accounts.devices import (
    DeviceError,
    device_status,
    enrol_device,
    new_pairing_code,
    pairing_link,
    revoke_device,
)
from ...core.clock import utcnow
from ...core.db import db
from ...core.models import Device
from ...core.setting_values import hours_in_french
from ...core.sites import opening_hours_of
from .access import (
    MANAGERS,
    campaign_or_404,
    device_or_404,
    roles_required,
    visible_campaigns,
    visible_sites,
)
from .audit import audit
from .blueprint import bp
from .forms import ActionForm, DeviceForm, RenameForm
from .links import link_base
from .qrcodes import qr_svg

STATUS_LABELS = {
    "active": "En service",
    "waiting": "En attente d'appairage",
    "link_expired": "Lien d'appairage expiré",
    "revoked": "Révoquée",
}


def _watch(device: Device, now) -> dict:
    """The row of the tablets table: status, last contact, and whether it is silent too long."""
    zone = ZoneInfo(device.site.timezone)
    local_now = now.replace(tzinfo=UTC).astimezone(zone).replace(tzinfo=None)
    last = device.last_seen_at
    local_last = last.replace(tzinfo=UTC).astimezone(zone).replace(tzinfo=None) if last else None
    status = device_status(device, now)
    hours = opening_hours_of(device.site, current_app.config["OPENING_HOURS"])
    silent = hours.silent_minutes(local_last, local_now) if status == "active" else None
    limit = current_app.config["TABLET_SILENT_MINUTES"]
    return {
        "device": device,
        "status": status,
        "status_label": STATUS_LABELS[status],
        "last_seen": local_last,
        "is_silent": silent is not None and silent > limit,
        "silent_minutes": int(silent) if silent else 0,
    }


def _form() -> DeviceForm:
    form = DeviceForm()
    form.campaign.choices = [
        SelectChoice(c.slug, f"{c.title} — {c.site.name}")
        for c in visible_campaigns()
        if "kiosk" in c.channels and c.status != "closed"
    ]
    return form


def _page(form: DeviceForm, enrolled=None, status: int = 200):
    devices = db.session.scalars(
        select(Device)
        .where(current_user.site_clause(Device.site_id))
        .order_by(Device.revoked_at.is_not(None), Device.name, Device.id)
    ).all()
    now = utcnow()
    page = render_template(
        "admin/tablets.html",
        rows=[_watch(d, now) for d in devices],
        form=form,
        enrolled=enrolled,
        action_form=ActionForm(),
        rename_form=RenameForm(formdata=None),
        silent_limit=current_app.config["TABLET_SILENT_MINUTES"],
        opening_hours=_hours_text(),
    )
    # A pairing link is a secret shown once: never keep the page in a cache.
    return page, status, {"Cache-Control": "no-store"}


def _hours_text() -> str:
    """Each visible site's opening hours (its own, or the OPENING_HOURS setting)."""
    default = current_app.config["OPENING_HOURS"]
    return " ; ".join(
        f"{s.name} : {hours_in_french(s.opening_hours or default)}" for s in visible_sites()
    )


@bp.get("/tablets")
@roles_required(*MANAGERS)
def tablets():
    return _page(_form())


def _shown_once(device: Device, code: str) -> dict:
    base = link_base()
    link = pairing_link(base.url, code)
    return {
        "device": device,
        "link": link,
        "qr": Markup(qr_svg(link, f"QR code d'appairage de la tablette « {device.name} »")),
        "address_warning": base.warning,
    }


@bp.post("/tablets")
@roles_required(*MANAGERS)
def tablet_enrol():
    form = _form()
    if not form.validate_on_submit():
        return _page(form, status=422)
    campaign = campaign_or_404(form.campaign.data)
    try:
        device, code = enrol_device(
            db.session, name=form.name.data, campaign=campaign, user_id=current_user.id
        )
    except DeviceError as exc:
        db.session.rollback()
        form.name.errors.append(f"Tablette refusée : {exc}")
        return _page(form, status=422)
    db.session.commit()
    return _page(_form_empty(), enrolled=_shown_once(device, code), status=201)


def _form_empty() -> DeviceForm:
    form = DeviceForm(formdata=None)
    form.campaign.choices = _form().campaign.choices
    return form


@bp.post("/tablets/<int:device_id>/pairing")
@roles_required(*MANAGERS)
def tablet_pairing(device_id: int):
    """A new one-time link, e.g. after the tablet was reset or its link expired."""
    device = device_or_404(device_id)
    try:
        code = new_pairing_code(db.session, device, user_id=current_user.id)
    except DeviceError:
        abort(409, description="Cette tablette est révoquée : enrôlez-en une nouvelle.")
    db.session.commit()
    return _page(_form_empty(), enrolled=_shown_once(device, code))


@bp.post("/tablets/<int:device_id>/rename")
@roles_required(*MANAGERS)
def tablet_rename(device_id: int):
    device = device_or_404(device_id)
    form = RenameForm()
    if not form.validate_on_submit():
        flash("Nom refusé : " + " ".join(form.name.errors or ["formulaire invalide."]), "error")
        return _page(_form_empty(), status=422)
    before, device.name = device.name, form.name.data.strip()
    audit("tablet.rename", f"device:{device.id}", before=before, name=device.name)
    db.session.commit()
    flash("La tablette est renommée.")
    return redirect(url_for("admin.tablets"), 303)


@bp.post("/tablets/<int:device_id>/revoke")
@roles_required(*MANAGERS)
def tablet_revoke(device_id: int):
    device = device_or_404(device_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    revoke_device(db.session, device, user_id=current_user.id)
    db.session.commit()
    flash(f"La tablette « {device.name} » est révoquée : elle ne peut plus envoyer de réponses.")
    return redirect(url_for("admin.tablets"), 303)
