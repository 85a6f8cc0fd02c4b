"""Campaigns and the questionnaire versions they freeze."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from time import monotonic
from weakref import WeakKeyDictionary
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, event, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from questionnaires import Questionnaire, from_version

from .clock import local_today
from .models import CHANNELS, Campaign, QuestionnaireVersion, Site

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


class CampaignError(ValueError):
    """A campaign cannot be created or changed as asked; the message says why."""


def freeze_version(session: Session, questionnaire: Questionnaire) -> QuestionnaireVersion:
    """The stored version for this exact content, created on first use."""
    digest = questionnaire.content_hash
    version = session.scalar(
        select(QuestionnaireVersion).filter_by(key=questionnaire.key, content_hash=digest)
    )
    if version is None:
        latest = session.scalar(
            select(func.max(QuestionnaireVersion.version)).filter_by(key=questionnaire.key)
        )
        version = QuestionnaireVersion(
            key=questionnaire.key,
            version=(latest or 0) + 1,
            content_hash=digest,
            content=questionnaire.source,
        )
        session.add(version)
        session.flush()
    return version


_frozen: dict[str, Questionnaire] = {}


def questionnaire_of(version: QuestionnaireVersion | VersionRow) -> Questionnaire:
    """The parsed questionnaire of a version; parsed once per process (content is frozen).
    A version frozen before questionnaires declared their roles is read with the roles
    assumed then (questionnaires/frozen.py)."""
    parsed = _frozen.get(version.content_hash)
    if parsed is None:
        name = f"questionnaire version {version.key} v{version.version}"
        parsed = _frozen[version.content_hash] = from_version(version.content, name)
    return parsed


def get_or_create_site(session: Session, slug: str, name: str, timezone: str) -> Site:
    site = session.scalar(select(Site).filter_by(slug=slug))
    if site is None:
        site = Site(slug=slug, name=name, timezone=timezone)
        session.add(site)
        session.flush()
    return site


def create_campaign(
    session: Session,
    *,
    slug: str,
    title: str,
    site: Site,
    questionnaire: Questionnaire | None = None,
    version: QuestionnaireVersion | None = None,
    opens_on: date | None = None,
    closes_on: date | None = None,
    channels: list[str] | None = None,
    status: str = "draft",
) -> Campaign:
    """A campaign on `version` (a published one) or on `questionnaire`, frozen on first use."""
    if version is None and questionnaire is None:
        raise CampaignError("no questionnaire chosen")
    if not SLUG.match(slug):
        raise CampaignError(f"invalid slug {slug!r}: use a-z, 0-9 and '-' (64 at most)")
    if session.scalar(select(Campaign.id).filter_by(slug=slug)) is not None:
        raise CampaignError(f"a campaign with slug '{slug}' already exists")
    if not title.strip():
        raise CampaignError("the title is empty")
    if opens_on and closes_on and closes_on < opens_on:
        raise CampaignError("the closing date is before the opening date")
    channels = list(channels or CHANNELS)
    unknown = [c for c in channels if c not in CHANNELS]
    if unknown:
        raise CampaignError(f"unknown channel(s) {', '.join(unknown)}: use {', '.join(CHANNELS)}")
    campaign = Campaign(
        slug=slug,
        title=title.strip(),
        site=site,
        questionnaire_version=version or freeze_version(session, questionnaire),
        opens_on=opens_on,
        closes_on=closes_on,
        channels=channels,
        status=status,
    )
    session.add(campaign)
    session.flush()
    return campaign


def campaign_state(campaign: Campaign | CampaignRow, now: datetime | None = None) -> str:
    """'open', 'draft', 'not_yet_open' or 'closed', in the site's time zone."""
    if campaign.status != "open":
        return campaign.status
    today = local_today(campaign.site.timezone, now)
    if campaign.opens_on and today < campaign.opens_on:
        return "not_yet_open"
    if campaign.closes_on and today > campaign.closes_on:
        return "closed"
    return "open"


def accepts_late(
    campaign: Campaign | CampaignRow, collected_at: datetime, now: datetime, grace: timedelta
) -> bool:
    """Whether a closed campaign still takes a response collected offline while it was open.

    Closed by date: within `grace` after its last day. Closed by hand (when is not
    recorded): within `grace` after the collection, which came before the closing.
    """
    if campaign.status not in ("open", "closed") or collected_at > now:
        return False
    timezone = campaign.site.timezone
    collected_on = local_today(timezone, collected_at)
    if campaign.opens_on and collected_on < campaign.opens_on:
        return False
    if campaign.closes_on and collected_on > campaign.closes_on:
        return False
    if campaign.closes_on and local_today(timezone, now) > campaign.closes_on:
        last_moment = datetime.combine(campaign.closes_on + timedelta(days=1), time())
        closed_at = last_moment.replace(tzinfo=ZoneInfo(timezone)).astimezone(UTC)
        return now <= closed_at.replace(tzinfo=None) + grace
    return now <= collected_at + grace


_BY_SLUG = select(Campaign).where(Campaign.slug == bindparam("slug"))
"""Built once: every API post, form and page looks its campaign up by slug."""


def get_campaign(session: Session, slug: str) -> Campaign | None:
    return session.scalar(_BY_SLUG, {"slug": slug})


@dataclass(frozen=True, slots=True)
class SiteRow:
    timezone: str
    name: str


@dataclass(frozen=True, slots=True)
class VersionRow:
    id: int
    key: str
    version: int
    content_hash: str


@dataclass(frozen=True, slots=True)
class CampaignRow:
    """What the write path and the web form read of a campaign, with Campaign's names.

    Read by one Core SELECT (campaign_row): the JSON API's and the web form's hot path,
    where loading the ORM objects (a campaign, its site, its version) cost a fifth of a
    request's CPU, and reading them again once the commit expired them one more SELECT.
    """

    id: int
    slug: str
    status: str
    opens_on: date | None
    closes_on: date | None
    channels: list[str]
    questionnaire_version_id: int
    site: SiteRow
    questionnaire_version: VersionRow


_ROW_BY_SLUG = (
    select(
        Campaign.id, Campaign.slug, Campaign.status, Campaign.opens_on, Campaign.closes_on,
        Campaign.channels, Campaign.questionnaire_version_id, Site.timezone, Site.name,
        QuestionnaireVersion.key, QuestionnaireVersion.version, QuestionnaireVersion.content_hash,
    )
    .join(Site, Site.id == Campaign.site_id)
    .join(QuestionnaireVersion, QuestionnaireVersion.id == Campaign.questionnaire_version_id)
    .where(Campaign.slug == bindparam("slug"))
)  # fmt: skip


OPEN_ROW_KEPT_FOR = 1.0
"""Seconds an open campaign's row is reused by this process (recent_campaign_row)."""
_open_rows: WeakKeyDictionary[Engine, dict[str, tuple[float, CampaignRow]]] = WeakKeyDictionary()
"""Per database (engine), slug -> (when read, row)."""


def recent_campaign_row(
    session: Session, slug: str, engine: Engine | None = None
) -> CampaignRow | None:
    """campaign_row, with an open campaign's row reused for OPEN_ROW_KEPT_FOR seconds.

    The web form's and the API's submissions read it on every request (a fifth of a form
    submission's CPU, and on PostgreSQL a round trip each). Only rows of campaigns open by
    their status are kept: a campaign opened, created or renamed is seen at once. A change
    made in this process (closing it, its channels, dates, site name) forgets every kept
    row on flush (_forget_on_change); one made by another process (another worker, the
    `survey` command) is seen within the second. Dates are never stale: the state is
    computed from them at each use (campaign_state), so a campaign closing on its date
    closes on time. What the second allows is a response accepted up to a second after an
    officer closed the campaign by hand on another worker. `engine`, the session's, spares
    a request that reads nothing else (the form's GET) building a session to ask for it.
    """
    rows = _open_rows.setdefault(engine or session.get_bind(), {})
    now = monotonic()
    kept = rows.get(slug)
    if kept is not None and now - kept[0] < OPEN_ROW_KEPT_FOR:
        return kept[1]
    row = campaign_row(session, slug)
    if row is not None and row.status == "open":
        if len(rows) >= 1000:  # a national server's open campaigns, far beyond
            rows.clear()
        rows[slug] = (now, row)
    else:
        rows.pop(slug, None)
    return row


@event.listens_for(Session, "after_flush")
def _forget_on_change(session: Session, _context) -> None:
    if _open_rows and any(
        isinstance(instance, Campaign | Site | QuestionnaireVersion)
        for instance in (*session.dirty, *session.new, *session.deleted)
    ):
        for rows in list(_open_rows.values()):
            rows.clear()


def campaign_row(session: Session, slug: str) -> CampaignRow | None:
    """The campaign `slug` as the write path needs it, its questionnaire parsed (cached)."""
    found = session.connection().execute(_ROW_BY_SLUG, {"slug": slug}).first()
    if found is None:
        return None
    (id_, slug, status, opens_on, closes_on, channels, version_id, timezone, site_name,
     key, version, content_hash) = found  # fmt: skip
    if content_hash not in _frozen:  # first use in this process: parse it once
        questionnaire_of(session.get_one(QuestionnaireVersion, version_id))
    return CampaignRow(
        id_, slug, status, opens_on, closes_on, channels, version_id,
        SiteRow(timezone, site_name),
        VersionRow(version_id, key, version, content_hash),
    )  # fmt: skip
