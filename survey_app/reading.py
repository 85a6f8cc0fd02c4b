"""The one read path: counts come from SQL GROUP BY, rows stream for exports."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .models import Answer, Campaign, Response

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


def iter_responses(session: Session, campaign: Campaign) -> Iterator[dict[str, Any]]:
    """Every response of the campaign with its answers, streamed in id order."""
    query = (
        select(
            Response.id,
            Response.channel,
            Response.lang,
            Response.collected_at,
            Response.received_at,
            Answer.item_key,
            Answer.value,
            Answer.text,
        )
        .outerjoin(Answer, Answer.response_id == Response.id)
        .where(Response.campaign_id == campaign.id)
        .order_by(Response.id)
        .execution_options(yield_per=EXPORT_BATCH)
    )
    rows = session.execute(query)
    for response_id, group in groupby(rows, key=lambda row: row.id):
        first = None
        answers: dict[str, str] = {}
        for row in group:
            first = first or row
            if row.item_key is not None:
                answers[row.item_key] = row.value if row.value is not None else row.text
        assert first is not None
        yield {
            "id": response_id,
            "channel": first.channel,
            "lang": first.lang,
            "collected_at": first.collected_at,
            "received_at": first.received_at,
            "answers": answers,
        }
