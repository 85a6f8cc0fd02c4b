"""A campaign's bilan qualité report, built the same way for the CLI and the browser.

Counts come through the one read path (a few GROUP BY queries whatever the number of
responses); analysis.report turns them into the report model every renderer reads.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from analysis.campaign import CampaignResults, campaign_results
from analysis.report import DEFAULT_THRESHOLD, Report, build_report
from analysis.report.sentences import period_text
from analysis.results import SMALL_SAMPLE_BELOW
from analysis.tally import GroupedTally, Tally
from questionnaires import Questionnaire

from .breakdowns import breakdown_tallies
from .campaigns import questionnaire_of
from .folding import fold_pending
from .models import REASON_ITEM, Campaign
from .reading import answer_counts, campaign_tally, responses_by_channel, visits_by_channel


def _results(
    session: Session, campaign: Campaign, small_sample_below: int, include_flagged: bool
) -> tuple[Questionnaire, CampaignResults]:
    questionnaire = questionnaire_of(campaign.questionnaire_version)
    tally = campaign_tally(session, campaign, include_flagged=include_flagged)
    return questionnaire, campaign_results(questionnaire, tally, small_sample_below)


def _report_tallies(
    session: Session, campaign: Campaign, questionnaire: Questionnaire, include_flagged: bool
) -> tuple[Tally, dict[str, GroupedTally], GroupedTally | None]:
    """The campaign's counts and the breakdowns of its overall items, each answer read once:
    the overall items through breakdown_tallies, every other option item beside them.

    The two scans run side by side, the breakdown on a second connection of its own: SQLite
    runs a query on one core, and PostgreSQL cannot share its parallel workers between the
    two. While responses arrive, the overall items may count one that the others do not
    have yet (each statement sees the database as it is when it starts, as every statement
    does on PostgreSQL); each item's own counts are always from one moment.
    """
    overall = [i.key for i in questionnaire.items if i.is_overall]
    if not overall:
        return campaign_tally(session, campaign, include_flagged=include_flagged), {}, None
    with ThreadPoolExecutor(max_workers=1) as beside:
        side = beside.submit(_beside, session.get_bind(), campaign.id, overall, include_flagged)
        rest = answer_counts(session, campaign, include_flagged, skip_items=overall)
        (counts, grouped, by_weekday_hour), responses, visits = side.result()
    if questionnaire.item(REASON_ITEM) is None:
        del grouped[REASON_ITEM]
    tally = Tally(responses, {**Tally.from_rows(rest).counts, **counts.counts}, visits)
    return tally, grouped, by_weekday_hour


def _beside(
    engine: Engine, campaign_id: int, item_keys: list[str], include_flagged: bool
) -> tuple[tuple[Tally, dict[str, GroupedTally], GroupedTally], dict[str, int], dict[str, int]]:
    """What runs beside the other items' count, in a session of its own (a thread shares
    neither the caller's session nor its objects): breakdown_tallies, then the responses
    and visits per channel, two small statements that would otherwise wait for the big one."""
    with Session(engine) as session:
        campaign = session.get_one(Campaign, campaign_id)
        breakdown = breakdown_tallies(session, campaign, item_keys, include_flagged)
        responses = responses_by_channel(session, campaign, include_flagged)
        return breakdown, responses, visits_by_channel(session, campaign)


def campaign_report(
    session: Session,
    campaign: Campaign,
    previous: Campaign | None = None,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    small_sample_below: int = SMALL_SAMPLE_BELOW,
    include_flagged: bool = True,
) -> Report:
    """The report of `campaign`, compared with `previous` (usually last year's) when given."""
    questionnaire = questionnaire_of(campaign.questionnaire_version)
    fold_pending(session, [campaign.id])
    tally, grouped, by_weekday_hour = _report_tallies(
        session, campaign, questionnaire, include_flagged
    )
    results = campaign_results(questionnaire, tally, small_sample_below)
    previous_results = None
    if previous is not None:
        previous_results = _results(session, previous, small_sample_below, include_flagged)[1]
    return build_report(
        questionnaire,
        results,
        title=campaign.title,
        period=period_text(campaign.opens_on, campaign.closes_on),
        threshold=threshold,
        previous=previous_results,
        previous_title=previous.title if previous is not None else None,
        grouped=grouped,
        by_weekday_hour=by_weekday_hour,
    )
