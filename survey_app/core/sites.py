"""Sites: the prefecture, its sous-préfectures, other services that receive the public.

A site's name is what reports and posters print; renaming it rewrites no stored response
(responses point to a campaign, the campaign to the site). Its time zone is fixed once the
site has responses: each answer keeps the local weekday and hour of its collection
(answers.collected_week_hour) and the heatmap counts folded from them (folded_hours), both
computed in that zone, so a new zone would silently shift the past. Functions only flush.
"""

from __future__ import annotations

import re
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .clock import utcnow
from .models import SITE_KINDS, AuditEvent, Campaign, Response, Site
from .setting_values import OpeningHours, parse_opening_hours

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
NAME_MAX = 200


class SiteError(ValueError):
    """A site cannot be created or changed as asked: `field` names the field at fault, the
    message is English (the command line), `french` the workspace's sentence."""

    def __init__(self, message: str, field: str, french: str):
        super().__init__(message)
        self.field = field
        self.french = french


def check_timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise SiteError(
            f"unknown time zone {name!r} (e.g. Europe/Paris)",
            "timezone",
            f"Fuseau horaire inconnu « {name} » (par exemple Europe/Paris).",
        ) from None
    return name


def _check(name: str, kind: str, opening_hours: str | None) -> None:
    if not name.strip() or len(name.strip()) > NAME_MAX:
        raise SiteError(
            f"the site name must have 1 to {NAME_MAX} characters",
            "name",
            f"Le nom compte de 1 à {NAME_MAX} caractères.",
        )
    if kind not in SITE_KINDS:
        raise SiteError(
            f"unknown kind {kind!r}: use {', '.join(SITE_KINDS)}", "kind", "Type inconnu."
        )
    if opening_hours:
        try:
            parse_opening_hours(opening_hours)
        except ValueError as exc:
            raise SiteError(
                str(exc),
                "opening_hours",
                "Horaires non compris : écrivez par exemple « mon-fri 08:30-16:30 » "
                "(jours en anglais abrégés, heures locales).",
            ) from None


def responses_of_site(session: Session, site: Site) -> int:
    """How many responses the site's campaigns hold."""
    return session.scalar(
        select(func.count(Response.id))
        .join(Campaign, Campaign.id == Response.campaign_id)
        .where(Campaign.site_id == site.id)
    )


def _audit(session: Session, action: str, site: Site, by: int | None, **details: Any) -> None:
    session.add(
        AuditEvent(
            at=utcnow(), user_id=by, action=action, target=f"site:{site.slug}", details=details
        )
    )


def create_site(
    session: Session,
    *,
    slug: str,
    name: str,
    timezone: str,
    kind: str = "prefecture",
    opening_hours: str | None = None,
    is_results_public: bool = True,
    by: int | None = None,
) -> Site:
    if not SLUG.match(slug):
        raise SiteError(
            f"invalid site slug {slug!r}: use a-z, 0-9 and '-' (64 at most)",
            "slug",
            "Lettres minuscules sans accent, chiffres et tirets (64 au plus).",
        )
    if session.scalar(select(Site.id).filter_by(slug=slug)) is not None:
        raise SiteError(
            f"a site '{slug}' already exists", "slug", f"Le site « {slug} » existe déjà."
        )
    _check(name, kind, opening_hours)
    site = Site(
        slug=slug,
        name=name.strip(),
        timezone=check_timezone(timezone),
        kind=kind,
        opening_hours=(opening_hours or "").strip() or None,
        is_results_public=is_results_public,
    )
    session.add(site)
    session.flush()
    _audit(session, "site.create", site, by, name=site.name, kind=kind, timezone=timezone)
    session.flush()
    return site


def update_site(session: Session, site: Site, *, by: int | None = None, **changes: Any) -> None:
    """Change name, kind, time zone (refused once the site has responses), opening hours or
    public results; audits what changed."""
    values = {key: getattr(site, key) for key in changes}
    values.update(changes)
    if "opening_hours" in changes:
        values["opening_hours"] = (changes["opening_hours"] or "").strip() or None
    if "name" in changes:
        values["name"] = changes["name"].strip()
    _check(
        values.get("name", site.name), values.get("kind", site.kind), values.get("opening_hours")
    )
    new_zone = values.get("timezone", site.timezone)
    if new_zone != site.timezone:
        check_timezone(new_zone)
        held = responses_of_site(session, site)
        if held:
            raise SiteError(
                f"the time zone of site '{site.slug}' cannot change: its {held} responses "
                f"were counted by local hour in {site.timezone}",
                "timezone",
                f"Le fuseau horaire ne peut plus changer : les {held} réponses déjà reçues "
                f"sont comptées par heure locale de {site.timezone}.",
            )
    before = {key: getattr(site, key) for key in values if getattr(site, key) != values[key]}
    for key, value in values.items():
        setattr(site, key, value)
    if before:
        after = {key: values[key] for key in before}
        _audit(session, "site.update", site, by, before=before, after=after)
    session.flush()


def opening_hours_of(site: Site, default: str) -> OpeningHours:
    """The site's opening hours, or the OPENING_HOURS setting when it has none of its own."""
    return parse_opening_hours(site.opening_hours or default)


def site_for_command(session: Session, slug: str, name: str | None, timezone: str) -> Site:
    """The site a command names: created when new (it needs a name, but 'prefecture'),
    refused when --site-name differs from the existing site's name (rename it in the
    workspace, /admin/sites), never renamed in passing."""
    site = session.scalar(select(Site).filter_by(slug=slug))
    if site is None:
        if name is None and slug != "prefecture":
            known = ", ".join(session.scalars(select(Site.slug).order_by(Site.slug))) or "none"
            raise SiteError(
                f"no site '{slug}' (known: {known}); add --site-name to create it",
                "slug",
                "Site inconnu.",
            )
        return create_site(session, slug=slug, name=name or "Préfecture", timezone=timezone)
    if name is not None and name.strip() != site.name:
        raise SiteError(
            f"site '{slug}' is named '{site.name}', not '{name}': rename it at /admin/sites "
            "(a command never renames a site in passing), or leave out --site-name",
            "name",
            "Nom différent.",
        )
    return site
