"""The one read path: counts come from SQL GROUP BY, rows stream for exports (the report's
breakdowns by channel, language, reason and hour are in breakdowns.py)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterator
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import String, cast, func, null, select, union_all
from sqlalchemy.orm import Session

from analysis.masking import mask
from analysis.tally import Tally

from ..core.campaigns import questionnaire_of
from ..core.models import Campaign, CampaignVisits, Response
from .counted import counted_answers, counted_responses
from .folding import fold_pending
from .kept_apart import kept_apart_by_response, kept_apart_counts
from .pivoting import pivoted_responses


def count_responses(session: Session, campaign: Campaign) -> int:
    return (
        session.scalar(
            select(func.count()).select_from(Response).where(Response.campaign_id == campaign.id)
        )
        or 0
    )


def count_flagged(session: Session, campaign: Campaign) -> int:
    """Responses flagged as suspected misuse (bursts, identical runs): kept, reportable apart."""
    query = select(func.count()).select_from(Response)
    query = query.where(Response.campaign_id == campaign.id, Response.is_flagged.is_(True))
    return session.scalar(query) or 0


def iter_responses(
    session: Session,
    campaign: Campaign,
    include_flagged: bool = True,
    is_masked: bool = True,
    pivot_in_python: bool | None = None,
) -> Iterator[dict[str, Any]]:
    """Every response of the campaign with its answers, streamed in id order.

    Free text comes out as every export must show it: the officer's redaction if any,
    then automatic masking of e-mails, phones and file numbers (`is_masked`).
    `pivot_in_python` forces a pivot (pivoting.py; None: the faster one for the database).
    `kept_apart` holds the answers a rule set apart (counts/kept_apart.py), usually none.
    """
    questionnaire = questionnaire_of(campaign.questionnaire_version)
    keys = [item.key for item in questionnaire.items]
    text_keys = {item.key for item in questionnaire.items if item.type == "text"}
    kept = kept_apart_by_response(session, campaign)
    rows = pivoted_responses(
        session, campaign, keys, text_keys, include_flagged, in_python=pivot_in_python
    )
    for (response_id, channel, lang, collected_at, received_at), found in rows:
        answers = {}
        for key in keys:  # the questionnaire's order; a key it does not have is left out
            cell = found.get(key)
            if cell is not None:
                answers[key] = mask(cell) if is_masked and key in text_keys else cell
        yield {
            "id": response_id,
            "channel": channel,
            "lang": lang,
            "collected_at": collected_at,
            "received_at": received_at,
            "answers": answers,
            "kept_apart": {
                key: (code, mask(given) if is_masked and given and key in text_keys else given)
                for key, (code, given) in kept.get(response_id, {}).items()
            },
        }


def responses_by_day(session: Session, campaign: Campaign) -> dict[date, dict[str, int]]:
    """Local day -> channel -> responses, from one GROUP BY on the stored collection hour."""
    zone = ZoneInfo(campaign.site.timezone)
    rows = session.execute(
        select(Response.collected_at, Response.channel, func.count())
        .where(Response.campaign_id == campaign.id)
        .group_by(Response.collected_at, Response.channel)
    )
    days: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for collected_at, channel, count in rows:
        if isinstance(collected_at, str):  # SQLite may hand back text
            collected_at = datetime.fromisoformat(collected_at)
        day = collected_at.replace(tzinfo=UTC).astimezone(zone).date()
        days[day][channel] += count
    return {day: dict(days[day]) for day in sorted(days)}


# --- Tallies for analysis/: one GROUP BY per question asked, never a loop over responses ---


def visits_by_channel(session: Session, campaign: Campaign) -> dict[str, int]:
    """Recorded visits per channel; daily rows win over a campaign total typed in for the same
    channel, so a total and the days it sums are never counted twice."""
    is_total = CampaignVisits.day.is_(None).label("is_total")
    rows = session.execute(
        select(CampaignVisits.channel, is_total, func.sum(CampaignVisits.visits))
        .where(CampaignVisits.campaign_id == campaign.id)
        .group_by(CampaignVisits.channel, is_total)
    )
    daily: dict[str, int] = {}
    totals: dict[str, int] = {}
    for channel, total_row, visits in rows:
        (totals if total_row else daily)[channel] = int(visits or 0)
    return {**totals, **daily}


def visits_by_day(session: Session, campaign: Campaign) -> dict[date | None, dict[str, int]]:
    """The recorded visits as stored, day by day (None: a campaign total typed in), per
    channel: the detail behind visits_by_channel, for `survey visits list`."""
    rows = session.execute(
        select(CampaignVisits.day, CampaignVisits.channel, CampaignVisits.visits).where(
            CampaignVisits.campaign_id == campaign.id
        )
    )
    by_day: dict[date | None, dict[str, int]] = defaultdict(dict)
    for day, channel, visits in rows:
        by_day[day][channel] = visits
    return dict(by_day)


def campaign_tally(
    session: Session,
    campaign: Campaign,
    include_flagged: bool = True,
    skip_items: Collection[str] = (),
) -> Tally:
    """Everything campaign_results() needs: answer counts, responses and visits per channel.

    `skip_items` are items the caller counts elsewhere (the report's overall items, with
    their breakdowns): left out of the counts (answer_counts).
    """
    fold_pending(session, [campaign.id])
    return Tally.from_rows(
        answer_counts(session, campaign, include_flagged, skip_items),
        responses_by_channel=responses_by_channel(session, campaign, include_flagged),
        visits_by_channel=visits_by_channel(session, campaign),
        kept_apart=kept_apart_counts(session, campaign, include_flagged),
    )


def answer_counts(
    session: Session,
    campaign: Campaign,
    include_flagged: bool = True,
    skip_items: Collection[str] = (),
) -> list[tuple[str, str, int]]:
    """(item key, value, count) of the campaign's option answers, `skip_items` left out:
    folded counts plus the answers of responses not folded yet (survey_app/counts/folding.py)."""
    keys = None
    if skip_items:
        skipped = set(skip_items)
        keys = [key for key in option_keys(campaign) if key not in skipped]
    counted = counted_answers([campaign.id], include_flagged, keys)
    rows = session.connection().execute(
        select(counted.c.item_key, counted.c.value, func.sum(counted.c.n))
        .group_by(counted.c.item_key, counted.c.value)
        .having(func.sum(counted.c.n) > 0)
    )
    return [(key, value, int(count)) for key, value, count in rows]


def responses_by_channel(
    session: Session, campaign: Campaign, include_flagged: bool = True
) -> dict[str, int]:
    """Channel -> responses of the campaign (flagged ones left out if asked)."""
    counted = counted_responses([campaign.id], include_flagged)
    rows = session.connection().execute(
        select(counted.c.channel, func.sum(counted.c.n))
        .group_by(counted.c.channel)
        .having(func.sum(counted.c.n) > 0)
    )
    return {channel: int(count) for channel, count in rows}


def option_keys(campaign: Campaign) -> list[str]:
    questionnaire = questionnaire_of(campaign.questionnaire_version)
    return [item.key for item in questionnaire.items if item.type != "text"]


def tally_by_site(
    session: Session, campaign_ids: Collection[int], include_flagged: bool = True
) -> dict[int, Tally]:
    """site id -> answer counts and responses per channel, pooled over the given campaigns.

    For the national view: one statement whatever the number of responses or sites. Each
    campaign's counts (folded ahead, plus its unfolded responses: survey_app/counts/folding.py)
    are summed per (item, value), and its responses per channel (a row with no item key
    and the channel as value), then joined to their campaign's site and summed per site.
    Items are matched by key, so campaigns on several questionnaire versions pool together.
    The caller folds first (fold_pending).
    """
    ids = list(campaign_ids)
    if not ids:
        return {}
    answers = counted_answers(ids, include_flagged)
    responses = counted_responses(ids, include_flagged)
    counted = union_all(
        select(answers.c.campaign_id, answers.c.item_key, answers.c.value, answers.c.n),
        select(
            responses.c.campaign_id,
            cast(null(), String(64)).label("item_key"),
            responses.c.channel.label("value"),
            responses.c.n,
        ),
    ).subquery()
    per_site = (
        select(Campaign.site_id, counted.c.item_key, counted.c.value, func.sum(counted.c.n))
        .join(Campaign, Campaign.id == counted.c.campaign_id)
        .group_by(Campaign.site_id, counted.c.item_key, counted.c.value)
        .having(func.sum(counted.c.n) > 0)
    )
    answer_rows: dict[int, list[tuple[str, str, int]]] = defaultdict(list)
    channels: dict[int, dict[str, int]] = defaultdict(dict)
    for site_id, item_key, value, count in session.execute(per_site):
        if item_key is None:
            channels[site_id][value] = int(count)
        else:
            answer_rows[site_id].append((item_key, value, int(count)))
    return {
        site_id: Tally.from_rows(answer_rows[site_id], responses_by_channel=channels[site_id])
        for site_id in sorted(answer_rows.keys() | channels.keys())
    }
