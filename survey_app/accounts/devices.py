"""Hall tablets: enrolment by a one-time pairing link, bearer tokens, revocation, heartbeat.

Only SHA-256 hashes of pairing codes and tokens are stored: a copy of the database
lets nobody post as a tablet. Functions only flush; the caller commits.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..core.clock import utcnow
from ..core.models import AuditEvent, Campaign, Device, Site

PAIRING_VALID_FOR = timedelta(hours=24)
NAME_MAX = 100
APP_VERSION_MAX = 64


class DeviceError(ValueError):
    """A tablet cannot be enrolled or changed as asked; the message says why.

    `code` is stable, for an interface that words the reason in its own language.
    """

    def __init__(self, message: str, code: str = "invalid"):
        super().__init__(message)
        self.code = code


class PairingError(DeviceError):
    """The pairing code is unknown, already used, expired or its tablet revoked."""

    def __init__(self, message: str):
        super().__init__(message, "pairing_invalid")


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def pairing_link(base_url: str, code: str) -> str:
    """The address to open on the tablet; the code is in the fragment, never sent in logs."""
    return f"{base_url.rstrip('/')}/kiosk/#pair={code}"


def check_pinnable(device_site_id: int, campaign: Campaign) -> None:
    """Raise DeviceError unless a tablet of this site may be pinned to the campaign."""
    if campaign.site_id != device_site_id:
        raise DeviceError(f"campaign '{campaign.slug}' is not on the tablet's site", "other_site")
    if "kiosk" not in campaign.channels:
        message = f"the kiosk channel is not enabled for campaign '{campaign.slug}'"
        raise DeviceError(message, "kiosk_not_enabled")


def enrol_device(
    session: Session,
    *,
    name: str,
    site: Site | None = None,
    campaign: Campaign | None = None,
    user_id: int | None = None,
    now: datetime | None = None,
) -> tuple[Device, str]:
    """Create a tablet of the site, following its open campaign or pinned to `campaign`
    (the site is then the campaign's); return it and its one-time pairing code."""
    name = name.strip()
    if not name:
        raise DeviceError("the tablet name is empty", "name_empty")
    if len(name) > NAME_MAX:
        raise DeviceError(f"the tablet name is longer than {NAME_MAX} characters", "name_too_long")
    if site is None and campaign is None:
        raise DeviceError("a tablet belongs to a site: name one", "no_site")
    site_id = site.id if site is not None else campaign.site_id
    if campaign is not None:
        check_pinnable(site_id, campaign)
    device = Device(
        name=name,
        site_id=site_id,
        campaign_id=campaign.id if campaign else None,
        queue_length=0,
        rejected_count=0,
    )
    session.add(device)
    session.flush()
    code = new_pairing_code(session, device, user_id=user_id, now=now, action="tablet.enrol")
    return device, code


def new_pairing_code(
    session: Session,
    device: Device,
    *,
    user_id: int | None = None,
    now: datetime | None = None,
    action: str = "tablet.pairing_code",
) -> str:
    """A fresh one-time code (e.g. after a tablet reset); the current token works until used."""
    if device.revoked_at is not None:
        raise DeviceError(f"tablet {device.id} is revoked: enrol a new one", "revoked")
    now = now or utcnow()
    code = secrets.token_urlsafe(24)
    device.pairing_code_hash = hash_secret(code)
    device.pairing_expires_at = now + PAIRING_VALID_FOR
    _audit(session, action, device, user_id, now)
    session.flush()
    return code


def pair_device(session: Session, code: str, now: datetime | None = None) -> tuple[Device, str]:
    """Exchange a pairing code for a new device token, once; raise PairingError otherwise."""
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    code_hash = hash_secret(code) if isinstance(code, str) and code else ""
    # One conditional UPDATE: two tablets racing with the same code cannot both win.
    result = session.execute(
        update(Device)
        .where(
            Device.pairing_code_hash == code_hash,
            Device.pairing_expires_at >= now,
            Device.revoked_at.is_(None),
        )
        .values(
            pairing_code_hash=None,
            pairing_expires_at=None,
            token_hash=hash_secret(token),
            paired_at=now,
            last_seen_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise PairingError("this pairing link is unknown, already used or expired")
    device = session.scalar(
        select(Device).filter_by(token_hash=hash_secret(token)),
        execution_options={"populate_existing": True},
    )
    assert device is not None
    _audit(session, "tablet.pair", device, None, now)
    session.flush()
    return device, token


def device_for_token(session: Session, token: str | None) -> Device | None:
    """The active (not revoked) tablet holding this token, or None."""
    if not token:
        return None
    device = session.scalar(select(Device).filter_by(token_hash=hash_secret(token)))
    if device is None or device.revoked_at is not None:
        return None
    return device


def revoke_device(
    session: Session, device: Device, *, user_id: int | None = None, now: datetime | None = None
) -> None:
    """Stop the tablet's token and pairing code at once; its responses stay."""
    now = now or utcnow()
    device.revoked_at = device.revoked_at or now
    device.pairing_code_hash = None
    device.pairing_expires_at = None
    _audit(session, "tablet.revoke", device, user_id, now)
    session.flush()


def record_heartbeat(
    device: Device,
    *,
    queue_length: int,
    rejected_count: int,
    app_version: str | None,
    now: datetime | None = None,
) -> None:
    """What the tablet reports: responses waiting to be sent (and since when), rejected,
    its shell version."""
    device.last_seen_at = now = now or utcnow()
    if queue_length == 0:
        device.queue_since_at = None
    elif not device.queue_length or device.queue_since_at is None:
        device.queue_since_at = now
    device.queue_length = queue_length
    device.rejected_count = rejected_count
    device.app_version = (app_version or "")[:APP_VERSION_MAX] or None


def device_status(device: Device, now: datetime | None = None) -> str:
    """'revoked', 'active' (paired), 'waiting' (link not used yet) or 'link_expired'."""
    now = now or utcnow()
    if device.revoked_at is not None:
        return "revoked"
    if device.token_hash is not None:
        return "active"
    if device.pairing_expires_at is not None and device.pairing_expires_at >= now:
        return "waiting"
    return "link_expired"


def _audit(session: Session, action: str, device: Device, user_id: int | None, now) -> None:
    session.add(
        AuditEvent(
            at=now,
            user_id=user_id,
            action=action,
            target=f"device:{device.id}",
            details={"name": device.name},
        )
    )
