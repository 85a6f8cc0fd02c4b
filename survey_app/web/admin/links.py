"""Links for the outside world (QR codes, posters, the website snippet, tablet pairing):
made from the public address (survey_app/core/public_address.py), with the warning every
page that shows one carries while that address is unset or reaches only this machine."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, request

from ...core.db import db
from ...core.public_address import is_loopback, public_address


@dataclass(frozen=True)
class LinkBase:
    url: str
    """Where outside links start, without a trailing slash."""
    source: str
    """'setting', 'database' or 'unset' (then the address this page was reached at)."""
    warning: str | None
    """Why a link made from it may reach nobody, in French; None when it looks public."""


def link_base() -> LinkBase:
    address = public_address(db.session, current_app.config)
    url = address.base(request.url_root)
    warning = None
    if is_loopback(url):
        warning = (
            f"Les liens et QR codes pointent vers {url}, une adresse que seul ce serveur "
            "peut joindre : un téléphone ou une tablette ne l'atteindra pas."
        )
    elif address.source == "unset":
        warning = (
            f"L'adresse publique du service n'est pas définie : les liens et QR codes "
            f"reprennent l'adresse de cette page ({url}). Vérifiez qu'elle est bien joignable "
            "depuis l'extérieur."
        )
    return LinkBase(url, address.source, warning)
