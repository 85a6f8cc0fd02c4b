"""A campaign's bilan qualité report, built the same way for the CLI and the browser.

Counts come through the one read path (a few GROUP BY queries whatever the number of
responses); analysis.report turns them into the report model every renderer reads.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sqlalchemy.orm import Session

from analysis.campaign import CampaignResults, campaign_results
from analysis.register import RegisterFigures
from analysis.report import DEFAULT_THRESHOLD, Report, build_report
from analysis.report.sentences import period_text
from analysis.results import SMALL_SAMPLE_BELOW
from analysis.tally import GroupedTally, Tally
from questionnaires import Questionnaire

from ..core.campaigns import questionnaire_of
from ..core.clock import local_today
from ..core.models import Campaign
from ..counts.breakdowns import breakdown_tallies
from ..counts.reading import campaign_tally
from ..register.reading import entry_years, year_figures
from ..register.rules import RegisterRules
from .comparing import campaign_year


def _results(
    session: Session, campaign: Campaign, small_sample_below: int, include_flagged: bool
) -> tuple[Questionnaire, CampaignResults]:
    questionnaire = questionnaire_of(campaign.questionnaire_version)
    tally = campaign_tally(session, campaign, include_flagged=include_flagged)
    return questionnaire, campaign_results(questionnaire, tally, small_sample_below)


def _report_tallies(
    session: Session, campaign: Campaign, questionnaire: Questionnaire, include_flagged: bool
) -> tuple[Tally, dict[str, GroupedTally], GroupedTally | None]:
    """The campaign's counts and the breakdowns of its overall items: the overall items
    through breakdown_tallies, every other option item apart. Each reads the counts kept
    ahead (folding.py), a few thousand rows; campaign_tally, first, folds what waits."""
    overall = [i.key for i in questionnaire.items if i.is_overall]
    tally = campaign_tally(session, campaign, include_flagged, skip_items=overall)
    if not overall:
        return tally, {}, None
    counts, grouped, by_weekday_hour = breakdown_tallies(
        session, campaign, overall, include_flagged
    )
    return (
        Tally(
            tally.responses_by_channel,
            {**tally.counts, **counts.counts},
            tally.visits_by_channel,
            tally.kept_apart,
        ),
        grouped,
        by_weekday_hour,
    )


def _other_year(previous: Campaign | None, campaign: Campaign) -> int | None:
    """The compared campaign's year when it is another year (it then heads its column)."""
    if previous is None or campaign_year(previous) == campaign_year(campaign):
        return None
    return campaign_year(previous)


def campaign_report(
    session: Session,
    campaign: Campaign,
    previous: Campaign | None = None,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    small_sample_below: int = SMALL_SAMPLE_BELOW,
    include_flagged: bool = True,
    rules: RegisterRules | None = None,
    order: str = "questionnaire",
) -> Report:
    """The report of `campaign`, compared with `previous` (usually last year's, see
    comparing.previous_campaign) when given; `order` lists the points as model.ORDERS says;
    with `rules`, the requests register's section of the campaign's site and year."""
    questionnaire = questionnaire_of(campaign.questionnaire_version)
    tally, grouped, by_weekday_hour = _report_tallies(
        session, campaign, questionnaire, include_flagged
    )
    results = campaign_results(questionnaire, tally, small_sample_below)
    previous_results = None
    if previous is not None:
        previous_results = _results(session, previous, small_sample_below, include_flagged)[1]
    built = build_report(
        questionnaire,
        results,
        title=campaign.title,
        period=period_text(campaign.opens_on, campaign.closes_on),
        threshold=threshold,
        previous=previous_results,
        previous_title=previous.title if previous is not None else None,
        previous_year=_other_year(previous, campaign),
        grouped=grouped,
        by_weekday_hour=by_weekday_hour,
        organisation=campaign.site.name,
        year=campaign_year(campaign),
        edited_on=local_today(campaign.site.timezone),
        order=order,
    )
    if rules is None:
        return built
    return replace(built, requests=campaign_requests(session, campaign, rules))


def campaign_requests(
    session: Session, campaign: Campaign, rules: RegisterRules
) -> RegisterFigures | None:
    """The register's figures of the campaign's site and year, None when that year has no
    entry (the report then has no such section)."""
    year = campaign_year(campaign)
    if not entry_years(session, campaign.site_id).count(year):
        return None
    today = local_today(campaign.site.timezone)
    return year_figures(session, campaign.site_id, year, today, rules)


def chart_folder(app) -> Path:
    """Where the instance keeps the printed charts of its reports, for every process
    (analysis/report/chart_store.py): the CLI's and each server worker's."""
    return Path(app.instance_path) / "charts"
