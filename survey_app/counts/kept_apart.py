"""Answers kept apart (paper forms and past years' rows that break a questionnaire rule):
counted per rule for the report's note, listed per response for exports and the paper page.

They are never in `answers`, so no tally (folded or not) counts them: a hidden item's answer
is not in that item's rate, a required item left unanswered is «non répondu» (docs/report.md).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..core.models import Campaign, KeptApartAnswer, Response

KeptApart = dict[str, tuple[str, str | None]]
"""item key -> (rule code, the value or text given; None for a required item unanswered)."""


def kept_apart_counts(
    session: Session, campaign: Campaign, include_flagged: bool = True
) -> dict[str, int]:
    """Rule code ("hidden", "required") -> responses with at least one answer it set apart."""
    query = (
        select(KeptApartAnswer.code, func.count(func.distinct(KeptApartAnswer.response_id)))
        .where(KeptApartAnswer.campaign_id == campaign.id)
        .group_by(KeptApartAnswer.code)
    )
    if not include_flagged:
        query = query.join(Response, Response.id == KeptApartAnswer.response_id).where(
            Response.is_flagged.is_(False)
        )
    return {code: int(n) for code, n in session.execute(query)}


def has_kept_apart(session: Session, campaign: Campaign) -> bool:
    found = select(KeptApartAnswer.response_id).where(KeptApartAnswer.campaign_id == campaign.id)
    return session.scalar(found.limit(1)) is not None


def kept_apart_by_response(
    session: Session, campaign: Campaign, response_ids: Collection[str] | None = None
) -> dict[str, KeptApart]:
    """response id -> its kept-apart answers, for the campaign (or only `response_ids`).

    They are few (a paper form here and there), so they are read at once, not streamed.
    """
    query = select(
        KeptApartAnswer.response_id,
        KeptApartAnswer.item_key,
        KeptApartAnswer.code,
        func.coalesce(KeptApartAnswer.value, KeptApartAnswer.text),
    ).where(KeptApartAnswer.campaign_id == campaign.id)
    if response_ids is not None:
        query = query.where(KeptApartAnswer.response_id.in_(list(response_ids)))
    found: dict[str, KeptApart] = defaultdict(dict)
    for response_id, key, code, given in session.execute(query):
        found[response_id][key] = (code, given)
    return dict(found)
