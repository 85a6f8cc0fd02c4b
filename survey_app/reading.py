"""The one read path: counts come from SQL GROUP BY, rows stream for exports."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterator
from datetime import UTC, date, datetime
from itertools import groupby
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, aliased

from analysis.masking import mask
from analysis.tally import GroupedTally, Tally

from .models import Answer, Campaign, CampaignVisits, CommentReview, Response

EXPORT_BATCH = 2000


def count_responses(session: Session, campaign: Campaign) -> int:
    return (
        session.scalar(
            select(func.count()).select_from(Response).where(Response.campaign_id == campaign.id)
        )
        or 0
    )


def responses_by_channel(session: Session, campaign: Campaign) -> dict[str, int]:
    rows = session.execute(
        select(Response.channel, func.count())
        .where(Response.campaign_id == campaign.id)
        .group_by(Response.channel)
    )
    return {channel: count for channel, count in rows}


def answer_counts(session: Session, campaign: Campaign) -> dict[tuple[str, str], int]:
    """(item key, value) -> number of answers, for every option item of the campaign."""
    rows = session.execute(
        select(Answer.item_key, Answer.value, func.count())
        .where(Answer.campaign_id == campaign.id, Answer.value.is_not(None))
        .group_by(Answer.item_key, Answer.value)
    )
    return {(key, value): count for key, value, count in rows}


def iter_responses(
    session: Session, campaign: Campaign, include_flagged: bool = True, is_masked: bool = True
) -> Iterator[dict[str, Any]]:
    """Every response of the campaign with its answers, streamed in id order.

    Free text comes out as every export must show it: the officer's redaction if any,
    then automatic masking of e-mails, phones and file numbers (`is_masked`).
    """
    query = (
        select(
            Response.id,
            Response.channel,
            Response.lang,
            Response.collected_at,
            Response.received_at,
            Answer.item_key,
            Answer.value,
            func.coalesce(CommentReview.redacted_text, Answer.text).label("text"),
        )
        .outerjoin(Answer, Answer.response_id == Response.id)
        .outerjoin(
            CommentReview,
            (CommentReview.response_id == Answer.response_id)
            & (CommentReview.item_key == Answer.item_key),
        )
        .where(Response.campaign_id == campaign.id)
        .order_by(Response.id)
        .execution_options(yield_per=EXPORT_BATCH)
    )
    if not include_flagged:
        query = query.where(Response.is_flagged.is_(False))
    rows = session.execute(query)
    for response_id, group in groupby(rows, key=lambda row: row.id):
        first = None
        answers: dict[str, str] = {}
        for row in group:
            first = first or row
            if row.item_key is None:
                continue
            if row.value is not None:
                answers[row.item_key] = row.value
            else:
                answers[row.item_key] = mask(row.text) if is_masked else row.text
        assert first is not None
        yield {
            "id": response_id,
            "channel": first.channel,
            "lang": first.lang,
            "collected_at": first.collected_at,
            "received_at": first.received_at,
            "answers": answers,
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

WEEKDAY_HOUR = ("weekday", "hour")
"""Dimensions of the heatmap tally: weekday 0 = Monday, hour 0-23, in the site's time zone."""


def _answer_filters(
    campaign: Campaign, item_keys: Collection[str] | None, include_flagged: bool
) -> list:
    """Option answers of the campaign, for some items only, flagged responses left out if asked.

    Flagged responses are few, so leaving them out is a NOT IN on their ids: the tally keeps
    reading the answers index alone instead of joining every answer to its response.
    """
    filters = [Answer.campaign_id == campaign.id, Answer.value.is_not(None)]
    if item_keys is not None:
        filters.append(Answer.item_key.in_(list(item_keys)))
    if not include_flagged:
        flagged = select(Response.id).where(
            Response.campaign_id == campaign.id, Response.is_flagged.is_(True)
        )
        filters.append(Answer.response_id.not_in(flagged))
    return filters


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


def campaign_tally(session: Session, campaign: Campaign, include_flagged: bool = True) -> Tally:
    """Everything campaign_results() needs: answer counts, responses and visits per channel."""
    answers = (
        select(Answer.item_key, Answer.value, func.count())
        .where(*_answer_filters(campaign, None, include_flagged))
        .group_by(Answer.item_key, Answer.value)
    )
    channels = select(Response.channel, func.count()).where(Response.campaign_id == campaign.id)
    if not include_flagged:
        channels = channels.where(Response.is_flagged.is_(False))
    return Tally.from_rows(
        session.execute(answers),
        responses_by_channel=dict(session.execute(channels.group_by(Response.channel)).all()),
        visits_by_channel=visits_by_channel(session, campaign),
    )


def _by_response_column(
    session: Session,
    campaign: Campaign,
    group: Any,
    item_keys: Collection[str] | None,
    include_flagged: bool,
) -> Iterator[Any]:
    """(group value, item key, value, count) rows, grouped by a column of the responses."""
    query = (
        select(group, Answer.item_key, Answer.value, func.count())
        .join(Response, Response.id == Answer.response_id)
        .where(*_answer_filters(campaign, item_keys, include_flagged))
        .group_by(group, Answer.item_key, Answer.value)
    )
    return session.execute(query)


def tally_by_channel(
    session: Session,
    campaign: Campaign,
    item_keys: Collection[str] | None = None,
    include_flagged: bool = True,
) -> GroupedTally:
    """Answer counts per channel (kiosk, web, ...), optionally for some items only."""
    rows = _by_response_column(session, campaign, Response.channel, item_keys, include_flagged)
    return GroupedTally.from_rows(rows, ("channel",))


def tally_by_lang(
    session: Session,
    campaign: Campaign,
    item_keys: Collection[str] | None = None,
    include_flagged: bool = True,
) -> GroupedTally:
    """Answer counts per language the questionnaire was answered in."""
    rows = _by_response_column(session, campaign, Response.lang, item_keys, include_flagged)
    return GroupedTally.from_rows(rows, ("lang",))


def tally_by_answer(
    session: Session,
    campaign: Campaign,
    group_item_key: str,
    item_keys: Collection[str] | None = None,
    include_flagged: bool = True,
) -> GroupedTally:
    """Answer counts per answer to one choice item (e.g. the reason for the visit).

    Responses that left `group_item_key` unanswered are in no group.
    """
    grouping = aliased(Answer, name="grouping")
    query = (
        select(grouping.value, Answer.item_key, Answer.value, func.count())
        .join(
            grouping,
            and_(grouping.response_id == Answer.response_id, grouping.item_key == group_item_key),
        )
        .where(grouping.value.is_not(None), *_answer_filters(campaign, item_keys, include_flagged))
        .group_by(grouping.value, Answer.item_key, Answer.value)
    )
    return GroupedTally.from_rows(session.execute(query), (group_item_key,))


def _utc_hour(dialect: str) -> Any:
    """collected_at truncated to the hour (it is stored so; this keeps odd imports exact)."""
    if dialect == "postgresql":
        return func.date_trunc("hour", Response.collected_at)
    return func.strftime("%Y-%m-%d %H:00:00", Response.collected_at)


def _as_datetime(value: datetime | str) -> datetime:
    """SQLite's strftime gives text, PostgreSQL's date_trunc a datetime."""
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def tally_by_weekday_hour(
    session: Session,
    campaign: Campaign,
    timezone: str | None = None,
    item_keys: Collection[str] | None = None,
    include_flagged: bool = True,
) -> GroupedTally:
    """Answer counts per (weekday, hour) in the site's time zone, for the heatmap.

    SQL groups by the stored UTC hour; each group key is then converted to local time,
    which is exact (daylight saving included) because times are stored to the hour.
    """
    zone = ZoneInfo(timezone or campaign.site.timezone)
    hour = _utc_hour(session.get_bind().dialect.name).label("utc_hour")
    local_rows = []
    for utc_hour, item_key, value, count in _by_response_column(
        session, campaign, hour, item_keys, include_flagged
    ):
        local = _as_datetime(utc_hour).replace(tzinfo=UTC).astimezone(zone)
        local_rows.append((local.weekday(), local.hour, item_key, value, count))
    return GroupedTally.from_rows(local_rows, WEEKDAY_HOUR)
