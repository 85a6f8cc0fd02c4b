"""The national view for the CLI and the admin page: which campaigns count, then the numbers.

Choosing campaigns reads the campaigns table only (a few rows per site); every count comes
from one statement across sites (reading.tally_by_site) handed to analysis.national.compute.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.national.compute import national_results
from analysis.national.sites import NationalResults, SiteTally, merged_items
from analysis.results import SMALL_SAMPLE_BELOW
from analysis.tally import Tally

from ..core.campaigns import campaign_state, questionnaire_of
from ..core.clock import local_today
from ..core.models import Campaign, QuestionnaireVersion, Site
from ..counts.folding import fold_pending
from ..counts.reading import tally_by_site

COLON = "\u00a0:"


class UnknownQuestionnaire(LookupError):
    """No campaign ever used a questionnaire with this key."""


@dataclass(frozen=True)
class Period:
    """Which campaigns count.

    No dates (the default): each site's latest closed campaign on the questionnaire, so every
    site weighs in with one complete campaign and a campaign still collecting answers never
    sits beside finished ones. With dates: every campaign except drafts whose days overlap
    [start, end] (either end may be open), pooled per site; a campaign without a last day
    counts as running until today.
    """

    start: date | None = None
    end: date | None = None

    def __post_init__(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValueError("the end of the period is before its start")

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))

    @property
    def is_latest_closed(self) -> bool:
        return self.start is None and self.end is None

    def describe(self) -> str:
        """In French, for the page and the text output."""
        if self.is_latest_closed:
            return "dernière enquête close de chaque site"
        start = self.start.strftime("%d/%m/%Y") if self.start else "…"
        end = self.end.strftime("%d/%m/%Y") if self.end else "…"
        return f"enquêtes dont les dates recoupent la période du {start} au {end}"

    def overlaps(self, campaign: Campaign, now: datetime | None = None) -> bool:
        first = campaign.opens_on or campaign.created_at.date()
        last = campaign.closes_on or local_today(campaign.site.timezone, now)
        return (self.end is None or first <= self.end) and (
            self.start is None or last >= self.start
        )


def questionnaire_keys(session: Session) -> list[str]:
    """Keys of every questionnaire a campaign ever froze, alphabetically."""
    query = select(QuestionnaireVersion.key).distinct().order_by(QuestionnaireVersion.key)
    return list(session.scalars(query))


def chosen_campaigns(
    session: Session, key: str, period: Period, now: datetime | None = None
) -> list[Campaign]:
    """The campaigns on questionnaire `key` (any version) that `period` counts, by site name."""
    campaigns = session.scalars(
        select(Campaign)
        .join(QuestionnaireVersion, QuestionnaireVersion.id == Campaign.questionnaire_version_id)
        .where(QuestionnaireVersion.key == key, Campaign.status != "draft")
        .order_by(Campaign.id)
    ).all()
    if not period.is_latest_closed:
        chosen = [c for c in campaigns if period.overlaps(c, now)]
    else:
        closed = [c for c in campaigns if campaign_state(c, now) == "closed"]
        by_last_day = sorted(closed, key=lambda c: (c.closes_on or c.created_at.date(), c.id))
        chosen = list({c.site_id: c for c in by_last_day}.values())  # the latest one wins
    return sorted(chosen, key=lambda c: (c.site.name.casefold(), c.opens_on or date.min, c.id))


@dataclass(frozen=True)
class NationalView:
    """The national results and what they were built from, for the page, CLI and downloads."""

    key: str
    title: str
    period: Period
    include_flagged: bool
    campaigns: tuple[Campaign, ...]
    sites_without: tuple[str, ...]
    """Names of the sites with no campaign counted: absent from the ranking, not forgotten."""
    results: NationalResults

    def heading(self) -> list[str]:
        """The first lines of the text output."""
        lines = [
            f"Vue nationale — {self.title} ({self.key})",
            f"Enquêtes retenues{COLON} {self.period.describe()} ({len(self.campaigns)}).",
        ]
        if not self.include_flagged:
            lines.append("Réponses signalées comme suspectes exclues.")
        if self.sites_without:
            lines.append(f"Sans enquête retenue{COLON} " + ", ".join(self.sites_without) + ".")
        return lines

    def about(self) -> dict:
        """What the JSON download says about the choice of campaigns."""
        return {
            "questionnaire": self.key,
            "selection": "latest_closed" if self.period.is_latest_closed else "period",
            "period": {
                "start": self.period.start.isoformat() if self.period.start else None,
                "end": self.period.end.isoformat() if self.period.end else None,
            },
            "include_flagged": self.include_flagged,
            "campaigns": [
                {
                    "slug": c.slug,
                    "title": c.title,
                    "site": c.site.slug,
                    "version": c.questionnaire_version.version,
                    "opens_on": c.opens_on.isoformat() if c.opens_on else None,
                    "closes_on": c.closes_on.isoformat() if c.closes_on else None,
                }
                for c in self.campaigns
            ],
            "sites_without_campaign": list(self.sites_without),
        }


def national_view(
    session: Session,
    key: str,
    period: Period | None = None,
    *,
    small_sample_below: int = SMALL_SAMPLE_BELOW,
    include_flagged: bool = True,
    now: datetime | None = None,
) -> NationalView:
    """Every site's results on questionnaire `key`, ranked, with the national total."""
    period = period or Period()
    campaigns = chosen_campaigns(session, key, period, now)
    fold_pending(session, [c.id for c in campaigns])
    tallies = tally_by_site(session, [c.id for c in campaigns], include_flagged)
    versions = {c.questionnaire_version.id: c.questionnaire_version for c in campaigns}
    if not versions:  # nothing counted: still list the questionnaire's items
        newest = session.scalars(
            select(QuestionnaireVersion).filter_by(key=key).order_by(QuestionnaireVersion.version)
        ).all()[-1:]
        if not newest:
            raise UnknownQuestionnaire(key)
        versions = {v.id: v for v in newest}
    newest_first = sorted(versions.values(), key=lambda v: v.version, reverse=True)
    questionnaires = [questionnaire_of(v) for v in newest_first]
    by_site: dict[int, list[Campaign]] = defaultdict(list)
    for campaign in campaigns:
        by_site[campaign.site_id].append(campaign)
    sites = [
        SiteTally(
            slug=group[0].site.slug,
            name=group[0].site.name,
            tally=tallies.get(site_id, Tally()),
            campaigns=tuple(c.title for c in group),
        )
        for site_id, group in by_site.items()
    ]
    others = session.scalars(select(Site).where(Site.id.not_in(list(by_site))).order_by(Site.name))
    return NationalView(
        key=key,
        title=questionnaires[0].title["fr"],
        period=period,
        include_flagged=include_flagged,
        campaigns=tuple(campaigns),
        sites_without=tuple(site.name for site in others),
        results=national_results(merged_items(questionnaires), sites, small_sample_below),
    )
