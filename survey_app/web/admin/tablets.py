"""Hall tablets: enrol for a site (one-time pairing link and QR code), pin to a campaign or
follow the site's open one, rename, revoke, watch.

Tokens and pairing codes are handled by survey_app.accounts.devices (the kiosk's own module); a
pairing link is shown once, in the answer to the enrolment, and never stored in clear.
"""

from __future__ import annotations

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
from ...accounts.tablet_campaign import pin_device, shown_campaign
from ...accounts.watch import local_time, silent_minutes
from ...core.campaigns import campaign_state
from ...core.clock import utcnow
from ...core.db import db
from ...core.models import Campaign, Device
from ...core.setting_values import hours_in_french
from ...outputs.alert_recipients import unreached_site_ids
from ...outputs.mail import is_smtp_on
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
from .forms import ActionForm, DeviceForm, PinForm, RenameForm
from .links import link_base
from .qrcodes import qr_svg

STATUS_LABELS = {
    "active": "En service",
    "waiting": "En attente d'appairage",
    "link_expired": "Lien d'appairage expiré",
    "revoked": "Révoquée",
}


FOLLOW_SITE = "Enquête ouverte du site"


def _watch(device: Device, now, pinnable: list[Campaign]) -> dict:
    """The row of the tablets table: status, campaign shown, last contact, whether it is
    silent too long, and the campaigns it may be pinned to."""
    status = device_status(device, now)
    silent = silent_minutes(device, now)
    pin = PinForm(formdata=None)
    pin.campaign.data = device.campaign.slug if device.campaign else ""
    choices = [c for c in pinnable if c.site_id == device.site_id]
    if device.campaign and device.campaign not in choices:  # pinned to one since closed
        choices.insert(0, device.campaign)
    pin.campaign.choices = [SelectChoice("", FOLLOW_SITE)] + [
        SelectChoice(c.slug, c.title) for c in choices
    ]
    shown = shown_campaign(db.session, device, now) if status != "revoked" else None
    return {
        "device": device,
        "status": status,
        "status_label": STATUS_LABELS[status],
        "shown": shown,
        "is_shown_open": shown is not None and campaign_state(shown, now) == "open",
        "last_seen": local_time(device.site, device.last_seen_at),
        "is_silent": silent is not None and silent > current_app.config["TABLET_SILENT_MINUTES"],
        "silent_minutes": int(silent) if silent else 0,
        "pin_form": pin,
    }


def _pinnable() -> list[Campaign]:
    """Campaigns of the user's sites a tablet may be pinned to (kiosk on, not closed)."""
    return [c for c in visible_campaigns() if "kiosk" in c.channels and c.status != "closed"]


def _form(is_empty: bool = False) -> DeviceForm:
    form = DeviceForm(formdata=None) if is_empty else DeviceForm()
    sites = visible_sites()
    form.site.choices = [SelectChoice(str(site.id), site.name) for site in sites]
    pinnable = _pinnable()
    form.campaign.choices = [SelectChoice("", FOLLOW_SITE)] + [
        SelectChoice(c.slug, f"{c.title} ({c.site.name})") for c in pinnable
    ]
    form.campaign_sites = {c.slug: str(c.site_id) for c in pinnable}
    if form.site.data is None and form.campaign.data in form.campaign_sites:
        form.site.data = form.campaign_sites[form.campaign.data]  # a campaign names its site
    if form.site.data is None and len(sites) == 1:
        form.site.data = str(sites[0].id)
    return form


def _page(form: DeviceForm, enrolled=None, status: int = 200):
    devices = db.session.scalars(
        select(Device)
        .where(current_user.site_clause(Device.site_id))
        .order_by(Device.revoked_at.is_not(None), Device.name, Device.id)
    ).all()
    now = utcnow()
    pinnable = _pinnable()
    page = render_template(
        "admin/tablets.html",
        rows=[_watch(d, now, pinnable) for d in devices],
        form=form,
        enrolled=enrolled,
        action_form=ActionForm(),
        rename_form=RenameForm(formdata=None),
        silent_limit=current_app.config["TABLET_SILENT_MINUTES"],
        opening_hours=_hours_text(),
        **_alerts_state(devices),
    )
    # A pairing link is a secret shown once: never keep the page in a cache.
    return page, status, {"Cache-Control": "no-store"}


def _alerts_state(devices: list[Device]) -> dict:
    """Whether alert e-mails go out, and the names of the sites with tablets in service
    whose alerts nobody would receive (no officer with an address, no ALERT_TO)."""
    if not is_smtp_on(current_app.config):
        return {"smtp_on": False, "alerts_on": False, "unreached": []}
    sites = {d.site_id: d.site for d in devices if d.revoked_at is None}
    unreached = unreached_site_ids(db.session, current_app.config, sites)
    return {
        "smtp_on": True,
        "alerts_on": len(unreached) < len(sites) or not sites,
        "unreached": sorted(sites[site_id].name for site_id in unreached),
    }


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
    site = next(s for s in visible_sites() if str(s.id) == form.site.data)
    campaign = campaign_or_404(form.campaign.data) if form.campaign.data else None
    try:
        device, code = enrol_device(
            db.session, name=form.name.data, site=site, campaign=campaign, user_id=current_user.id
        )
    except DeviceError as exc:
        db.session.rollback()
        form.name.errors.append(f"Tablette refusée : {exc}")
        return _page(form, status=422)
    db.session.commit()
    return _page(_form_empty(), enrolled=_shown_once(device, code), status=201)


def _form_empty() -> DeviceForm:
    return _form(is_empty=True)


@bp.post("/tablets/<int:device_id>/campaign")
@roles_required(*MANAGERS)
def tablet_campaign(device_id: int):
    """Pin the tablet to one of its site's campaigns, or let it follow the site's open one."""
    device = device_or_404(device_id)
    form = PinForm()
    form.campaign.choices = [SelectChoice("", FOLLOW_SITE)] + [
        SelectChoice(c.slug, c.title) for c in _pinnable() if c.site_id == device.site_id
    ]
    if device.revoked_at is not None or not form.validate_on_submit():
        flash("Enquête refusée : choisissez l'une des enquêtes du site de la tablette.", "error")
        return _page(_form_empty(), status=422)
    campaign = campaign_or_404(form.campaign.data) if form.campaign.data else None
    pin_device(db.session, device, campaign, user_id=current_user.id)
    db.session.commit()
    if campaign:
        flash(f"La tablette « {device.name} » affiche désormais « {campaign.title} ».")
    else:
        flash(f"La tablette « {device.name} » affiche désormais l'enquête ouverte de son site.")
    return redirect(url_for("admin.tablets"), 303)


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
