"""Answers counted ahead. `folded_counts` holds each campaign's answers counted per item,
value and dimension (channel, language, reason for the visit, local weekday x hour, flag);
every tally adds to them the answers of the few responses not folded yet (`counted`).

Why: without it, each report, dashboard refresh or national page grouped every answer of
the campaigns it shows (1.4 s per million responses on PostgreSQL, on every page view).

What keeps the counts exact (tests/app/test_folding.py checks each against a GROUP BY of
the answers themselves):
- the one write path stores every new response unfolded (`Response.is_folded` False);
- `fold` marks a batch of unfolded responses folded and adds their answers' counts, in one
  transaction per batch;
- whatever changes or deletes a stored response's answers calls `unfold` first, in its own
  transaction: the response's counts are taken back out and it is unfolded again (today the
  paper corrections; the comment purge erases free text, which is never counted);
- `fold` and `unfold` of one campaign take the same lock (PostgreSQL: a transaction-level
  advisory lock; SQLite: its one writer), so neither counts a response the other is
  changing. New responses need no lock: a batch folds only committed ones.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Collection, Iterable
from typing import Any

from sqlalchemy import (
    ARRAY,
    String,
    any_,
    bindparam,
    cast,
    func,
    literal,
    literal_column,
    select,
    union_all,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

from .db import holds_write_lock, take_write_lock, write_intent
from .models import NO_ITEM, NO_REASON, NO_WEEK_HOUR, Answer, FoldedCount, Response

FOLD_BATCH = 20_000
"""Responses folded per transaction: SQLite's writers wait at most for one batch."""
FOLD_FROM = 1_000
"""Unfolded responses from which a reader folds before counting (`fold_pending`); below
that, counting them one by one costs less than the write."""
_LOCK_SPACE = 0x5F01D
"""First key of PostgreSQL's two-key advisory lock: folding, per campaign id."""

KEY = ("item_key", "value", "channel", "lang", "reason", "week_hour", "is_flagged")
_folded = FoldedCount.__table__
_responses = Response.__table__


# --- Writing: fold, unfold -----------------------------------------------------------------


def fold_pending(session: Session, campaign_ids: Iterable[int], at_least: int | None = None) -> int:
    """Fold the campaigns with `at_least` (FOLD_FROM) unfolded responses; return how many
    were folded.

    A reader calls it before counting. It folds on a connection of its own and commits
    each batch; the reader's statements then see a response folded or unfolded, never
    both. A session that holds SQLite's write lock (a writing request) does not fold:
    the other connection would wait for it. Counts are exact either way.
    """
    ids = sorted(set(campaign_ids))
    engine = session.get_bind()
    if not ids or not isinstance(engine, Engine) or holds_write_lock(session):
        return 0
    with engine.connect() as connection:
        pending = connection.execute(
            select(Response.campaign_id, func.count())
            .where(Response.campaign_id.in_(ids), ~Response.is_folded)
            .group_by(Response.campaign_id)
        ).all()
        connection.rollback()
        return sum(
            fold(connection, campaign_id, count)
            for campaign_id, count in pending
            if count >= (FOLD_FROM if at_least is None else at_least)
        )


def fold(connection: Connection, campaign_id: int, expected: int | None = None) -> int:
    """Fold the campaign's unfolded responses, FOLD_BATCH per transaction; return how many.

    Stops after `expected` (the unfolded count the caller saw) rounded up to a batch, so
    that responses arriving meanwhile do not keep it running: they stay unfolded, counted
    one by one, until the next fold.
    """
    folded = 0
    batches = None if expected is None else -(-expected // FOLD_BATCH)
    while batches is None or batches > 0:
        with write_intent(), connection.begin():
            _lock(connection, campaign_id)
            done = _fold_batch(connection, campaign_id)
        folded += done
        if batches is not None:
            batches -= 1
        if done < FOLD_BATCH:
            break
    return folded


def unfold(session: Session, campaign_id: int, response_ids: Collection[str]) -> int:
    """Take these responses' counts back out of folded_counts, in the caller's transaction,
    before it changes or deletes their answers; return how many were folded."""
    take_write_lock(session)
    connection = session.connection()
    _lock(connection, campaign_id)
    rows = connection.execute(
        update(_responses)
        .where(_responses.c.id.in_(sorted(response_ids)), _responses.c.is_folded)
        .values(is_folded=False)
        .returning(_responses.c.id, _responses.c.channel, _responses.c.is_flagged)
    ).all()
    _add(connection, campaign_id, rows, sign=-1)
    connection.execute(
        _folded.delete().where(_folded.c.campaign_id == campaign_id, _folded.c.n == 0)
    )
    return len(rows)


def _lock(connection: Connection, campaign_id: int) -> None:
    if connection.dialect.name == "postgresql":
        connection.execute(select(func.pg_advisory_xact_lock(_LOCK_SPACE, campaign_id))).scalar()
    # SQLite: the transaction holds the write lock (write_intent, or a writing request).


def _fold_batch(connection: Connection, campaign_id: int) -> int:
    batch = (
        select(_responses.c.id)
        .where(_responses.c.campaign_id == campaign_id, ~_responses.c.is_folded)
        .limit(FOLD_BATCH)
        .scalar_subquery()
    )
    rows = connection.execute(
        update(_responses)
        .where(_responses.c.id.in_(batch))
        .values(is_folded=True)
        .returning(_responses.c.id, _responses.c.channel, _responses.c.is_flagged)
    ).all()
    _add(connection, campaign_id, rows, sign=1)
    return len(rows)


def _add(connection: Connection, campaign_id: int, responses: list[Any], sign: int) -> None:
    """Add (sign 1) or take out (sign -1) these responses and their option answers."""
    if not responses:
        return
    ids = [row.id for row in responses]
    answers = (
        select(
            literal(campaign_id).label("campaign_id"),
            Answer.item_key,
            Answer.value,
            *_answer_dimensions(),
            (func.count() * sign).label("n"),
        )
        .where(_among(connection, ids), Answer.value.is_not(None))
        .group_by(Answer.item_key, Answer.value, *_DIMENSION_COLUMNS)
    )
    upsert = _upsert(connection)
    connection.execute(upsert.from_select(["campaign_id", *KEY, "n"], answers))
    per_channel = Counter((row.channel, bool(row.is_flagged)) for row in responses)
    connection.execute(
        _upsert(connection),
        [
            {
                "campaign_id": campaign_id,
                "item_key": NO_ITEM,
                "value": NO_ITEM,
                "channel": channel,
                "lang": "",
                "reason": NO_REASON,
                "week_hour": NO_WEEK_HOUR,
                "is_flagged": is_flagged,
                "n": count * sign,
            }
            for (channel, is_flagged), count in sorted(per_channel.items())
        ],
    )


def _among(connection: Connection, ids: list[str]) -> Any:
    """answers.response_id among `ids`, as one parameter whatever their number."""
    if connection.dialect.name == "postgresql":
        return Answer.response_id == any_(cast(bindparam("ids", ids), ARRAY(String)))
    listed = select(literal_column("value")).select_from(func.json_each(bindparam("ids")))
    return Answer.response_id.in_(listed.params(ids=json.dumps(ids)))


def _upsert(connection: Connection) -> Any:
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(_folded)
    return statement.on_conflict_do_update(
        index_elements=[_folded.c.campaign_id, *(_folded.c[name] for name in KEY)],
        set_={"n": _folded.c.n + statement.excluded.n},
    )


_DIMENSION_COLUMNS = (
    Answer.channel, Answer.lang, Answer.reason, Answer.collected_week_hour, Answer.is_flagged
)  # fmt: skip


def _answer_dimensions() -> list[Any]:
    """An answer's dimensions as folded_counts keys them (no NULLs); grouped by the
    columns themselves (each NULL is one group either way)."""
    return [
        func.coalesce(Answer.channel, "").label("channel"),
        func.coalesce(Answer.lang, "").label("lang"),
        func.coalesce(Answer.reason, NO_REASON).label("reason"),
        func.coalesce(Answer.collected_week_hour, NO_WEEK_HOUR).label("week_hour"),
        func.coalesce(Answer.is_flagged, False).label("is_flagged"),
    ]


# --- Reading: what the tallies count ---------------------------------------------------------


def counted_answers(
    campaign_ids: Collection[int],
    include_flagged: bool = True,
    item_keys: Collection[str] | None = None,
) -> Any:
    """(campaign_id, item_key, value, channel, lang, reason, week_hour, n) of the campaigns'
    option answers: the folded counts, then the unfolded responses' answers counted now.
    Rows repeat a key (folded and not): tallies sum `n` over the columns they group by."""
    ids = list(campaign_ids)
    folded = select(
        _folded.c.campaign_id,
        _folded.c.item_key,
        _folded.c.value,
        _folded.c.channel,
        _folded.c.lang,
        _folded.c.reason,
        _folded.c.week_hour,
        _folded.c.n,
    ).where(_folded.c.campaign_id.in_(ids), _folded.c.item_key != NO_ITEM)
    dimensions = _answer_dimensions()[:-1]
    live = (
        select(
            Answer.campaign_id,
            Answer.item_key,
            Answer.value,
            *dimensions,
            func.count().label("n"),
        )
        .join(Response, Response.id == Answer.response_id)
        .where(Response.campaign_id.in_(ids), ~Response.is_folded, Answer.value.is_not(None))
        .group_by(Answer.campaign_id, Answer.item_key, Answer.value, *_DIMENSION_COLUMNS[:-1])
    )
    if not include_flagged:
        folded = folded.where(~_folded.c.is_flagged)
        live = live.where(Answer.is_flagged.is_not(True))
    if item_keys is not None:
        folded = folded.where(_folded.c.item_key.in_(list(item_keys)))
        live = live.where(Answer.item_key.in_(list(item_keys)))
    return union_all(folded, live).subquery("counted")


def counted_responses(campaign_ids: Collection[int], include_flagged: bool = True) -> Any:
    """(campaign_id, channel, n) of the campaigns' responses, folded and not."""
    ids = list(campaign_ids)
    folded = select(_folded.c.campaign_id, _folded.c.channel, _folded.c.n).where(
        _folded.c.campaign_id.in_(ids), _folded.c.item_key == NO_ITEM
    )
    live = (
        select(Response.campaign_id, Response.channel, func.count().label("n"))
        .where(Response.campaign_id.in_(ids), ~Response.is_folded)
        .group_by(Response.campaign_id, Response.channel)
    )
    if not include_flagged:
        folded = folded.where(~_folded.c.is_flagged)
        live = live.where(~Response.is_flagged)
    return union_all(folded, live).subquery("counted_responses")


def dimension(value: Any) -> Any:
    """A folded key's stand-in for "none" (NO_REASON, NO_WEEK_HOUR) back to None."""
    return None if value in (NO_REASON, NO_WEEK_HOUR) else value
