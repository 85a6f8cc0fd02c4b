"""Checking the counts kept ahead against the answers themselves, and rebuilding them.

The folded counts are a second copy of what the answers say; `differences` recounts the
answers of a campaign's folded responses (one GROUP BY per table, as the report used to
do) and lists every count that disagrees, so an administrator can verify the annual
report's numbers at any time (`survey counts check`). `rebuild` unfolds the whole
campaign and folds it again (`survey counts rebuild`).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.engine import Connection

from ..core.db import write_intent
from ..core.models import NO_ITEM, NO_REASON, Answer, FoldedCount, FoldedHour, Response
from .folding import fold, lock_campaign

_counts = FoldedCount.__table__
_hours = FoldedHour.__table__


def differences(connection: Connection, campaign_id: int) -> list[str]:
    """What folded_counts and folded_hours say that the folded responses' answers do not,
    one line per key; empty when they agree. Both are read from one snapshot (PostgreSQL:
    REPEATABLE READ; SQLite: a read transaction), so a fold or a correction committed
    meanwhile cannot tell them apart, and nothing waits for the check."""
    if connection.dialect.name == "postgresql":
        connection = connection.execution_options(isolation_level="REPEATABLE READ")
    with connection.begin():
        expected = _recount(connection, campaign_id)
        stored = _stored(connection, campaign_id)
    lines = []
    for key in sorted(expected.keys() | stored.keys(), key=repr):
        if expected[key] != stored[key]:
            lines.append(f"{_describe(key)}: answers say {expected[key]}, folded {stored[key]}")
    return lines


def rebuild(connection: Connection, campaign_id: int) -> int:
    """Forget the campaign's folded counts, unfold all its responses, fold them again;
    return how many were folded."""
    with write_intent(), connection.begin():
        lock_campaign(connection, campaign_id)
        for table in (_counts, _hours):
            connection.execute(table.delete().where(table.c.campaign_id == campaign_id))
        connection.execute(
            update(Response.__table__)
            .where(Response.campaign_id == campaign_id, Response.is_folded)
            .values(is_folded=False)
        )
    return fold(connection, campaign_id)


def _recount(connection: Connection, campaign_id: int) -> Counter:
    folded = select(Response.id).where(Response.campaign_id == campaign_id, Response.is_folded)
    answers = (
        select(
            Answer.item_key,
            Answer.value,
            Answer.channel,
            Answer.lang,
            Answer.reason,
            Answer.collected_week_hour,
            Answer.is_flagged,
            func.count(),
        )
        .where(Answer.response_id.in_(folded), Answer.value.is_not(None))
        .group_by(*(Answer.item_key, Answer.value, Answer.channel, Answer.lang, Answer.reason))
        .group_by(Answer.collected_week_hour, Answer.is_flagged)
    )
    counts: Counter = Counter()
    for key, value, channel, lang, reason, week_hour, is_flagged, n in connection.execute(answers):
        flagged = bool(is_flagged)
        counts["counts", key, value, channel or "", lang or "", reason or NO_REASON, flagged] += n
        if week_hour is not None:
            counts["hours", key, value, week_hour, flagged] += n
    responses = (
        select(Response.channel, Response.is_flagged, func.count())
        .where(Response.campaign_id == campaign_id, Response.is_folded)
        .group_by(Response.channel, Response.is_flagged)
    )
    for channel, is_flagged, n in connection.execute(responses):
        counts["counts", NO_ITEM, NO_ITEM, channel, "", NO_REASON, bool(is_flagged)] += n
    return counts


def _stored(connection: Connection, campaign_id: int) -> Counter:
    stored: Counter = Counter()
    rows = connection.execute(
        select(_counts.c.item_key, _counts.c.value, _counts.c.channel, _counts.c.lang)
        .add_columns(_counts.c.reason, _counts.c.is_flagged, _counts.c.n)
        .where(_counts.c.campaign_id == campaign_id)
    )
    for key, value, channel, lang, reason, is_flagged, n in rows:
        stored["counts", key, value, channel, lang, reason, bool(is_flagged)] += n
    rows = connection.execute(
        select(_hours.c.item_key, _hours.c.value, _hours.c.week_hour, _hours.c.is_flagged)
        .add_columns(_hours.c.n)
        .where(_hours.c.campaign_id == campaign_id)
    )
    for key, value, week_hour, is_flagged, n in rows:
        stored["hours", key, value, week_hour, bool(is_flagged)] += n
    return stored


def _describe(key: tuple[Any, ...]) -> str:
    table, *rest = key
    if table == "hours":
        item, value, week_hour, is_flagged = rest
        where = f"weekday {week_hour // 24} hour {week_hour % 24}"
        return f"{item}={value} at {where}{' (flagged)' if is_flagged else ''}"
    item, value, channel, lang, reason, is_flagged = rest
    flag = " (flagged)" if is_flagged else ""
    if item == NO_ITEM:
        return f"responses via {channel}{flag}"
    return f"{item}={value} via {channel}, {lang or '-'}, reason {reason or '-'}{flag}"
