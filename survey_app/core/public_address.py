"""The service's public address: what QR codes, posters, the website snippet and tablet
pairing links point to.

SURVEY_BASE_URL (the BASE_URL setting), when set, wins; else the address an administrator
saved in the workspace (table app_settings); else none, and each caller falls back to the
address it was reached at (a page) or http://HOST:PORT (the command line). A link made
from a loopback or an unset address reaches nobody outside: callers show a warning.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from .clock import utcnow
from .models import AppSetting, AuditEvent

KEY = "public_base_url"
MAX_LENGTH = 200


class AddressError(ValueError):
    """Not a usable public address; the message is French (the workspace)."""


@dataclass(frozen=True)
class PublicAddress:
    url: str | None
    """Without a trailing slash; None when neither the setting nor the database has one."""
    source: str
    """'setting' (SURVEY_BASE_URL), 'database' (saved in the workspace) or 'unset'."""

    def base(self, fallback: str) -> str:
        return (self.url or fallback).rstrip("/")


def is_loopback(url: str) -> bool:
    """Whether the address only reaches this machine: localhost, 127.0.0.0/8, ::1, 0.0.0.0."""
    host = (urlsplit(url).hostname or "").lower()
    if host in ("", "localhost") or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def check_address(text: str) -> str:
    """'https://enquetes.example.gouv.fr' (a path prefix allowed): cleaned, or AddressError."""
    text = text.strip()
    if len(text) > MAX_LENGTH:
        raise AddressError(f"L'adresse compte au plus {MAX_LENGTH} caractères.")
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise AddressError(
            "Écrivez l'adresse complète, commençant par https:// "
            "(par exemple https://enquetes.prefecture.gouv.fr)."
        )
    if parts.query or parts.fragment or parts.username or parts.password:
        raise AddressError("L'adresse ne doit contenir ni « ? », ni « # », ni identifiant.")
    if any(c.isspace() for c in text):
        raise AddressError("L'adresse ne doit pas contenir d'espace.")
    return text.rstrip("/")


def public_address(session: Session, config: Mapping[str, Any]) -> PublicAddress:
    if config.get("BASE_URL"):
        return PublicAddress(str(config["BASE_URL"]).rstrip("/"), "setting")
    stored = session.get(AppSetting, KEY)
    if stored is not None and stored.value:
        return PublicAddress(stored.value, "database")
    return PublicAddress(None, "unset")


def save_public_address(session: Session, text: str, by: int | None = None) -> str:
    """Store the address typed in the workspace ('' forgets it); audited; only flushes."""
    url = check_address(text) if text.strip() else ""
    stored = session.get(AppSetting, KEY)
    before = stored.value if stored is not None else ""
    if stored is None:
        stored = AppSetting(key=KEY, value=url)
        session.add(stored)
    stored.value, stored.updated_at, stored.updated_by_id = url, utcnow(), by
    session.add(
        AuditEvent(
            at=utcnow(),
            user_id=by,
            action="settings.public_address",
            target="settings:public_base_url",
            details={"before": before, "after": url},
        )
    )
    session.flush()
    return url
