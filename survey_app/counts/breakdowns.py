"""Breakdowns of answer counts for the report: per channel, language, reason for the visit
and local weekday x hour, each a GROUP BY of the campaign's counts (folded ahead, plus the
answers of responses not folded yet: folding.py). Part of the one read path (reading.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, aliased

from analysis.tally import GroupedTally, Tally

from ..core.campaigns import questionnaire_of
from ..core.models import Answer, Campaign
from .counted import counted_answers, counted_hours, dimension

WEEKDAY_HOUR = ("weekday", "hour")
"""Dimensions of the heatmap tally: weekday 0 = Monday, hour 0-23, in the site's time zone."""


def _dimension_filters(
    campaign: Campaign, item_keys: Collection[str] | None, include_flagged: bool
) -> list:
    """Option answers of the campaign for a grouped tally, read from the answers table alone:
    each row carries its response's dimensions and flag (models.Answer)."""
    filters = [Answer.campaign_id == campaign.id, Answer.value.is_not(None)]
    if item_keys is not None:
        filters.append(Answer.item_key.in_(list(item_keys)))
    if not include_flagged:
        filters.append(Answer.is_flagged.is_not(True))
    return filters


def _by_dimension(
    session: Session,
    campaign: Campaign,
    name: str,
    item_keys: Collection[str] | None,
    include_flagged: bool,
) -> list[tuple]:
    """(dimension value, item key, value, count) rows for the answers' dimension `name`
    (channel, reason, week_hour): folded counts plus unfolded answers (folding.py)."""
    if name == "week_hour":
        counted = counted_hours([campaign.id], include_flagged, item_keys)
    else:
        counted = counted_answers([campaign.id], include_flagged, item_keys)
    group = counted.c[name]
    query = (
        select(group, counted.c.item_key, counted.c.value, func.sum(counted.c.n))
        .group_by(counted.c.item_key, group, counted.c.value)
        .having(func.sum(counted.c.n) > 0)
    )
    return [
        (dimension(by), key, value, int(n))
        for by, key, value, n in _plain_rows(session, query)
        if dimension(by) is not None
    ]


def tally_by_channel(
    session: Session,
    campaign: Campaign,
    item_keys: Collection[str] | None = None,
    include_flagged: bool = True,
) -> GroupedTally:
    """Answer counts per channel (kiosk, web, ...), optionally for some items only."""
    rows = _by_dimension(session, campaign, "channel", item_keys, include_flagged)
    return GroupedTally.from_rows(rows, ("channel",))


def reason_key(campaign: Campaign) -> str | None:
    """The key of the item the campaign's questionnaire declares the reason for the visit:
    what the write path copied onto every answer row (models.Answer.reason)."""
    item = questionnaire_of(campaign.questionnaire_version).reason_item
    return item.key if item is not None else None


def breakdown_tallies(
    session: Session,
    campaign: Campaign,
    item_keys: Collection[str],
    include_flagged: bool = True,
) -> tuple[Tally, dict[str, GroupedTally], GroupedTally]:
    """For some items (the report's overall ones): their answer counts, the same per channel,
    per language and per reason for the visit (keyed by the reason item's key; none when
    the questionnaire declares no reason item), and per weekday x hour.

    Two GROUP BYs of the campaign's counts (folded ahead, plus the unfolded responses'
    answers: folding.py), a few thousand rows whatever the number of responses: one over
    channel, language and reason at once, summed here along each, one over weekday x hour.
    Responses that left the reason unanswered are in no reason group; answers stored
    without a week hour are in no heatmap cell.
    """
    counted = counted_answers([campaign.id], include_flagged, item_keys)
    dimensions = [counted.c[name] for name in ("channel", "lang", "reason")]
    query = (
        select(*dimensions, counted.c.item_key, counted.c.value, func.sum(counted.c.n))
        .group_by(counted.c.item_key, *dimensions, counted.c.value)
        .having(func.sum(counted.c.n) > 0)
    )
    totals: dict[tuple[str, str], int] = defaultdict(int)
    by_channel: dict[tuple, int] = defaultdict(int)
    by_lang: dict[tuple, int] = defaultdict(int)
    by_reason: dict[tuple, int] = defaultdict(int)
    for channel, lang, reason, item_key, value, n in _plain_rows(session, query):
        lang, reason, count = dimension(lang), dimension(reason), int(n)
        totals[item_key, value] += count
        by_channel[channel, item_key, value] += count
        by_lang[lang, item_key, value] += count
        if reason is not None:
            by_reason[reason, item_key, value] += count
    reason = reason_key(campaign)
    breakdown = {"channel": by_channel, "lang": by_lang, **({reason: by_reason} if reason else {})}
    grouped = {
        name: GroupedTally.from_rows([(*key, n) for key, n in counts.items()], (name,))
        for name, counts in breakdown.items()
    }
    hours = _by_dimension(session, campaign, "week_hour", item_keys, include_flagged)
    return (
        Tally.from_rows([(*key, n) for key, n in totals.items()]),
        grouped,
        _weekday_hour_tally({(week_hour, key, value): n for week_hour, key, value, n in hours}),
    )


def _plain_rows(session: Session, query: Any) -> list[tuple]:
    """The rows as the driver returns them: these columns (text and integers) need no
    conversion, and tens of thousands of Row objects cost more than the summing."""
    result = session.connection().execute(query)
    try:
        return result.cursor.fetchall()
    finally:
        result.close()


def tally_by_answer(
    session: Session,
    campaign: Campaign,
    group_item_key: str,
    item_keys: Collection[str] | None = None,
    include_flagged: bool = True,
) -> GroupedTally:
    """Answer counts per answer to one choice item (e.g. the reason for the visit).

    Responses that left `group_item_key` unanswered are in no group. The reason for the
    visit is on every answer row (models.Answer.reason); any other item is a self-join.
    """
    if group_item_key == reason_key(campaign):
        rows = _by_dimension(session, campaign, "reason", item_keys, include_flagged)
        return GroupedTally.from_rows(rows, (group_item_key,))
    grouping = aliased(Answer, name="grouping")
    query = (
        select(grouping.value, Answer.item_key, Answer.value, func.count())
        .join(
            grouping,
            and_(grouping.response_id == Answer.response_id, grouping.item_key == group_item_key),
        )
        .where(
            grouping.value.is_not(None), *_dimension_filters(campaign, item_keys, include_flagged)
        )
        .group_by(grouping.value, Answer.item_key, Answer.value)
    )
    return GroupedTally.from_rows(session.execute(query), (group_item_key,))


def tally_by_weekday_hour(
    session: Session,
    campaign: Campaign,
    item_keys: Collection[str] | None = None,
    include_flagged: bool = True,
) -> GroupedTally:
    """Answer counts per (weekday, hour) in the site's time zone, for the heatmap.

    Each answer carries the local weekday and hour of its collection (`collected_week_hour`,
    set by the write path in the site's time zone): at most 168 groups per value.
    """
    rows = _by_dimension(session, campaign, "week_hour", item_keys, include_flagged)
    return _weekday_hour_tally({(week_hour, key, value): n for week_hour, key, value, n in rows})


def _weekday_hour_tally(counts: dict[tuple[int, str, str], int]) -> GroupedTally:
    rows = [
        (week_hour // 24, week_hour % 24, key, value, n)
        for (week_hour, key, value), n in counts.items()
    ]
    return GroupedTally.from_rows(rows, WEEKDAY_HOUR)
