"""Who receives an alert e-mail: the quality officers of the site it is about, plus the
server administrator's copy (SURVEY_ALERT_TO).

An officer receives them when the account is enabled, has an e-mail address and has not
turned them off (admin › Comptes, or `survey user edit --email`). Administrators see every
site and get no site's alerts by their role: a national rollout would drown them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..core.models import User, UserSite
from .mail import recipients as alert_to


def officer_addresses(session: Session, site_ids: Iterable[int]) -> dict[int, list[str]]:
    """The addresses of each site's officers who receive the alerts, by site id."""
    query = (
        select(UserSite.site_id, User.email)
        .join(User, User.id == UserSite.user_id)
        .where(
            UserSite.site_id.in_(list(site_ids)),
            User.role == "officer",
            User.is_enabled,
            User.has_email_alerts,
            User.email.is_not(None),
        )
        .order_by(UserSite.site_id, User.login)
    )
    addresses: dict[int, list[str]] = {}
    for site_id, email in session.execute(query):
        addresses.setdefault(site_id, []).append(email)
    return addresses


def unique(addresses: Iterable[str]) -> list[str]:
    """Each address once, whatever its case, in the order first given."""
    seen, kept = set(), []
    for address in addresses:
        if address.lower() not in seen:
            seen.add(address.lower())
            kept.append(address)
    return kept


def alert_recipients(session: Session, config: Mapping[str, Any], site_id: int) -> list[str]:
    """Everyone an alert about this site goes to; empty when nobody is configured."""
    officers = officer_addresses(session, [site_id]).get(site_id, [])
    return unique(officers + alert_to(config))


def unreached_site_ids(
    session: Session, config: Mapping[str, Any], site_ids: Iterable[int]
) -> list[int]:
    """The sites among these whose alerts nobody would receive."""
    site_ids = list(site_ids)
    if alert_to(config):
        return []
    reached = officer_addresses(session, site_ids)
    return [site_id for site_id in site_ids if site_id not in reached]
