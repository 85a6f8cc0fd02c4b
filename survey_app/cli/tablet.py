"""`survey tablet enrol|pair|list|revoke`: hall tablets until the admin workspace does it."""

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
from ..core.campaigns import get_campaign
from ..core.clock import utcnow
from ..core.db import db, write_intent
from ..core.models import Device
from .serve import address_warning_lines, public_base_url

STATUS_WORDS = {
    "active": "paired",
    "waiting": "waiting for pairing",
    "link_expired": "link expired",
    "revoked": "revoked",
}


@click.group()
def tablet() -> None:
    """Hall tablets (kiosk): enrol, list, revoke."""


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


@tablet.command("enrol")
@click.option("--name", required=True, help="Where it stands, e.g. 'Hall, borne 1'.")
@click.option("--campaign", "slug", required=True, help="Slug of the campaign it collects for.")
@with_appcontext
def enrol(name: str, slug: str) -> None:
    """Enrol a tablet and print its one-time pairing link (and QR code)."""
    with write_intent():
        campaign = get_campaign(db.session, slug)
        if campaign is None:
            raise click.ClickException(f"no campaign '{slug}' (see `survey campaign list`)")
        try:
            device, code = enrol_device(db.session, name=name, campaign=campaign)
        except DeviceError as exc:
            raise click.ClickException(str(exc)) from None
        db.session.commit()
    click.echo(f"Tablet {device.id} '{device.name}' enrolled for campaign '{slug}'.")
    _print_link(device, code)


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
    """List tablets: status, campaign, last contact, responses waiting and rejected."""
    devices = db.session.scalars(select(Device).order_by(Device.id)).all()
    if not devices:
        click.echo("No tablet yet: `survey tablet enrol --name NAME --campaign SLUG`.")
    now = utcnow()
    for device in devices:
        seen = (
            device.last_seen_at.strftime("%Y-%m-%d %H:%M UTC") if device.last_seen_at else "never"
        )
        campaign = device.campaign.slug if device.campaign else "-"
        click.echo(
            f"{device.id:>4}  {device.name[:30]:30} {STATUS_WORDS[device_status(device, now)]:19} "
            f"{campaign:16} last seen {seen:20} waiting {device.queue_length:>4}  "
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
