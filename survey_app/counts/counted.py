"""What the tallies count: the counts folded ahead (folding.py) plus the answers of the few
responses not folded yet, counted now, as one SELECT per table for a GROUP BY to sum.

A response is in exactly one of the two halves: folded (`Response.is_folded`, its
answers in folded_counts and folded_hours) or not (its answers counted one by one here).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import func, select, union_all

from ..core.models import NO_ITEM, NO_REASON, Answer, FoldedCount, FoldedHour, Response

_counts = FoldedCount.__table__
_hours = FoldedHour.__table__


def _live(ids: list[int], include_flagged: bool, item_keys: Collection[str] | None) -> list:
    """The option answers of the campaigns' unfolded responses (a few, from the partial
    index ix_responses_unfolded, then the answers' primary key)."""
    filters = [Response.campaign_id.in_(ids), ~Response.is_folded, Answer.value.is_not(None)]
    if not include_flagged:
        filters.append(Answer.is_flagged.is_not(True))
    if item_keys is not None:
        filters.append(Answer.item_key.in_(list(item_keys)))
    return filters


def _folded(table: Any, ids: list[int], include_flagged: bool, item_keys) -> list:
    filters = [table.c.campaign_id.in_(ids), table.c.item_key != NO_ITEM]
    if not include_flagged:
        filters.append(~table.c.is_flagged)
    if item_keys is not None:
        filters.append(table.c.item_key.in_(list(item_keys)))
    return filters


def counted_answers(
    campaign_ids: Collection[int],
    include_flagged: bool = True,
    item_keys: Collection[str] | None = None,
) -> Any:
    """(campaign_id, item_key, value, channel, lang, reason, n) of the campaigns' option
    answers: the folded counts, then the unfolded responses' answers counted now. A key
    may come twice (folded and not): tallies sum `n` over the columns they group by.
    `reason` is NO_REASON for responses that did not give one (see `dimension`)."""
    dimensions = {
        "channel": (func.coalesce(Answer.channel, ""), Answer.channel),
        "lang": (func.coalesce(Answer.lang, ""), Answer.lang),
        "reason": (func.coalesce(Answer.reason, NO_REASON), Answer.reason),
    }
    return _counted(_counts, dimensions, campaign_ids, include_flagged, item_keys, [])


def counted_hours(
    campaign_ids: Collection[int],
    include_flagged: bool = True,
    item_keys: Collection[str] | None = None,
) -> Any:
    """(campaign_id, item_key, value, week_hour, n) of the campaigns' option answers that
    have a collection hour, folded and not, as counted_answers."""
    hour = Answer.collected_week_hour
    only = [hour.is_not(None)]
    return _counted(
        _hours, {"week_hour": (hour, hour)}, campaign_ids, include_flagged, item_keys, only
    )


def _counted(
    table: Any,
    dimensions: dict[str, tuple[Any, Any]],
    campaign_ids: Collection[int],
    include_flagged: bool,
    item_keys: Collection[str] | None,
    live_filters: list,
) -> Any:
    """`table`'s folded rows, then the unfolded answers counted by the same key: each of
    `dimensions` is (the answer's value as the table keys it, the column grouped by)."""
    ids = list(campaign_ids)
    key = [table.c.campaign_id, table.c.item_key, table.c.value]
    folded = select(*key, *(table.c[name] for name in dimensions), table.c.n).where(
        *_folded(table, ids, include_flagged, item_keys)
    )
    live = (
        select(
            Answer.campaign_id,
            Answer.item_key,
            Answer.value,
            *(value.label(name) for name, (value, _) in dimensions.items()),
            func.count().label("n"),
        )
        .join(Response, Response.id == Answer.response_id)
        .where(*_live(ids, include_flagged, item_keys), *live_filters)
        .group_by(
            Answer.campaign_id,
            Answer.item_key,
            Answer.value,
            *(column for _, column in dimensions.values()),
        )
    )
    return union_all(folded, live).subquery(f"counted_{table.name}")


def counted_responses(campaign_ids: Collection[int], include_flagged: bool = True) -> Any:
    """(campaign_id, channel, n) of the campaigns' responses, folded and not."""
    ids = list(campaign_ids)
    folded = select(_counts.c.campaign_id, _counts.c.channel, _counts.c.n).where(
        _counts.c.campaign_id.in_(ids), _counts.c.item_key == NO_ITEM
    )
    live = (
        select(Response.campaign_id, Response.channel, func.count().label("n"))
        .where(Response.campaign_id.in_(ids), ~Response.is_folded)
        .group_by(Response.campaign_id, Response.channel)
    )
    if not include_flagged:
        folded = folded.where(~_counts.c.is_flagged)
        live = live.where(~Response.is_flagged)
    return union_all(folded, live).subquery("counted_responses")


def dimension(value: Any) -> Any:
    """A folded key's stand-in for "none" (NO_REASON, or an empty channel or language of a
    row written without them) back to None."""
    return None if value == NO_REASON else value
