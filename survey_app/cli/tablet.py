"""`survey tablet enrol|pair|pin|follow|list|revoke`: the hall tablets from a shell."""

from __future__ import annotations

import io

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from ..accounts.devices import (
    PAIRING_VALID_FOR,
    DeviceError,
    device_status,
    enrol_device,
    new_pairing_code,
    pairing_link,
    revoke_device,
)
from ..accounts.tablet_campaign import pin_device, shown_campaign
from ..core.clock import utcnow
from ..core.db import db, write_intent
from ..core.models import Campaign, Device, Site
from .lookup import campaign_or_fail
from .serve import address_warning_lines, public_base_url

STATUS_WORDS = {
    "active": "paired",
    "waiting": "waiting for pairing",
    "link_expired": "link expired",
    "revoked": "revoked",
}


@click.group()
def tablet() -> None:
    """Hall tablets (kiosk): enrol for a site, pin to a campaign, list, revoke."""


def _print_link(device: Device, code: str) -> None:
    link = pairing_link(public_base_url(), code)
    hours = int(PAIRING_VALID_FOR.total_seconds() // 3600)
    click.echo(f"Open this link on the tablet within {hours} hours; it works once:")
    click.echo(f"  {link}")
    click.echo(_qr_text(link))
    for line in address_warning_lines():
        click.echo(line, err=True)


def _qr_text(link: str) -> str:
    import qrcode

    qr = qrcode.QRCode(border=2)
    qr.add_data(link)
    out = io.StringIO()
    qr.print_ascii(out=out, invert=True)
    return out.getvalue()


def _find(device_id: int) -> Device:
    device = db.session.get(Device, device_id)
    if device is None:
        raise click.ClickException(f"no tablet {device_id} (see `survey tablet list`)")
    return device


def _site(slug: str | None, campaign: Campaign | None) -> Site:
    """The site named, else the pinned campaign's, else the only one there is."""
    if slug is None and campaign is not None:
        return campaign.site
    sites = db.session.scalars(select(Site).order_by(Site.slug)).all()
    if slug is None and len(sites) == 1:
        return sites[0]
    found = [site for site in sites if site.slug == slug]
    if not found:
        known = ", ".join(site.slug for site in sites) or "none yet: create a campaign first"
        what = f"no site '{slug}'" if slug else "several sites: name one with --site"
        raise click.ClickException(f"{what} (sites: {known})")
    return found[0]


@tablet.command("enrol")
@click.option("--name", required=True, help="Where it stands, e.g. 'Hall, borne 1'.")
@click.option("--site", "site_slug", help="Slug of its site (needed when there are several).")
@click.option(
    "--campaign",
    "slug",
    help="Pin it to this campaign; without it, it shows its site's open campaign.",
)
@with_appcontext
def enrol(name: str, site_slug: str | None, slug: str | None) -> None:
    """Enrol a tablet for a site and print its one-time pairing link (and QR code)."""
    with write_intent():
        campaign = campaign_or_fail(slug) if slug else None
        site = _site(site_slug, campaign)
        try:
            device, code = enrol_device(db.session, name=name, site=site, campaign=campaign)
        except DeviceError as exc:
            raise click.ClickException(str(exc)) from None
        db.session.commit()
    shows = f"pinned to campaign '{slug}'" if slug else "showing the site's open campaign"
    click.echo(f"Tablet {device.id} '{device.name}' enrolled for site '{site.slug}', {shows}.")
    _print_link(device, code)


@tablet.command("pin")
@click.argument("device_id", type=int)
@click.argument("slug")
@with_appcontext
def pin(device_id: int, slug: str) -> None:
    """Make a tablet show this campaign of its site, whatever else opens."""
    with write_intent():
        device = _find(device_id)
        try:
            pin_device(db.session, device, campaign_or_fail(slug))
        except DeviceError as exc:
            raise click.ClickException(str(exc)) from None
        db.session.commit()
    click.echo(f"Tablet {device.id} '{device.name}' now shows campaign '{slug}'.")


@tablet.command("follow")
@click.argument("device_id", type=int)
@with_appcontext
def follow(device_id: int) -> None:
    """Let a pinned tablet show its site's open campaign again (and the next ones)."""
    with write_intent():
        device = _find(device_id)
        pin_device(db.session, device, None)
        db.session.commit()
    click.echo(f"Tablet {device.id} '{device.name}' now shows its site's open campaign.")


@tablet.command("pair")
@click.argument("device_id", type=int)
@with_appcontext
def pair(device_id: int) -> None:
    """Print a new one-time pairing link for a tablet (after a reset or an expired link)."""
    with write_intent():
        device = _find(device_id)
        try:
            code = new_pairing_code(db.session, device)
        except DeviceError as exc:
            raise click.ClickException(str(exc)) from None
        db.session.commit()
    _print_link(device, code)


@tablet.command("list")
@with_appcontext
def list_tablets() -> None:
    """List tablets: status, site, campaign shown (* pinned), last contact, waiting, rejected."""
    devices = db.session.scalars(select(Device).order_by(Device.id)).all()
    if not devices:
        click.echo("No tablet yet: `survey tablet enrol --name NAME [--site SLUG]`.")
    now = utcnow()
    for device in devices:
        seen = (
            device.last_seen_at.strftime("%Y-%m-%d %H:%M UTC") if device.last_seen_at else "never"
        )
        shown = shown_campaign(db.session, device, now)
        campaign = (shown.slug if shown else "-") + ("*" if device.campaign else "")
        click.echo(
            f"{device.id:>4}  {device.name[:30]:30} {STATUS_WORDS[device_status(device, now)]:19} "
            f"{device.site.slug[:16]:16} {campaign:17} last seen {seen:20} "
            f"waiting {device.queue_length:>4}  "
            f"rejected {device.rejected_count:>3}  version {device.app_version or '-'}"
        )


@tablet.command("revoke")
@click.argument("device_id", type=int)
@with_appcontext
def revoke(device_id: int) -> None:
    """Revoke a tablet: its token stops working at once (lost or stolen tablet)."""
    with write_intent():
        device = _find(device_id)
        if device.revoked_at is not None:
            click.echo(f"Tablet {device.id} '{device.name}' was already revoked.")
            return
        revoke_device(db.session, device)
        db.session.commit()
    click.echo(f"Tablet {device.id} '{device.name}' revoked: its token no longer works.")
