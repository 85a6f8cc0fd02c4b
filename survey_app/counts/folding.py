"""Answers counted ahead. Each campaign's option answers are kept counted in two tables:
`folded_counts` per item, value, channel, language, reason for the visit and flag (plus
its responses per channel), and `folded_hours` per item, value, local weekday x hour and
flag. Every tally adds to them the answers of the few responses not folded yet
(counted.py reads both).

Why: without it, each report, dashboard refresh or national page grouped every answer of
the campaigns it shows (0.7 to 1.4 s per million responses on PostgreSQL, per page view);
a campaign's counts are a few thousand rows whatever its number of responses.

What keeps the counts exact (tests/app/test_folding.py checks each tally against a GROUP
BY of the answers themselves):
- the one write path stores every new response unfolded (`Response.is_folded` False);
- `fold` marks a batch of unfolded responses folded and adds their answers' counts, in one
  transaction per batch;
- whatever changes or deletes a stored response's answers calls `unfold` first, in the
  caller's own transaction (its session's connection, before that transaction's first
  write: on SQLite `unfold` takes the write lock): the response's counts are taken back
  out and it is marked unfolded, then the change follows. Both commit together, or roll
  back together (a paper correction that fails its checks leaves the response folded and
  counted as before). Today the paper corrections; the comment purge erases free text,
  which is never counted. Forgetting it fails loudly: the database refuses a change to a
  folded response's counted rows (migration 0007's triggers) and the ORM an option answer
  added to one (guard.py);
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
    bindparam,
    cast,
    func,
    literal,
    literal_column,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session, scoped_session

from ..core.db import dialect_insert, holds_write_lock, take_write_lock, write_intent
from ..core.models import NO_ITEM, NO_REASON, Answer, FoldedCount, FoldedHour, Response

FOLD_BATCH = 20_000
"""Responses folded per transaction on SQLite: its writers wait at most for one batch."""
FOLD_BATCH_POSTGRESQL = 100_000
"""Responses folded per transaction on PostgreSQL (a few seconds each)."""
FOLD_FROM = 1_000
"""Unfolded responses from which a reader folds before counting (`fold_pending`); below
that, counting them one by one costs less than the write."""
ANALYZE_FROM = 100_000
"""Responses folded at once from which PostgreSQL's statistics are refreshed: the planner
must know that the unfolded ones are now few."""
_LOCK_SPACE = 0x5F01D
"""First key of PostgreSQL's two-key advisory lock: folding, per campaign id."""

_counts = FoldedCount.__table__
_hours = FoldedHour.__table__
_responses = Response.__table__


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
        folded = sum(
            fold(connection, campaign_id, count, wait=False)
            for campaign_id, count in pending
            if count >= (FOLD_FROM if at_least is None else at_least)
        )
        if folded >= ANALYZE_FROM and connection.dialect.name == "postgresql":
            with connection.begin():
                connection.execute(text("ANALYZE responses, folded_counts, folded_hours"))
    if folded and engine.dialect.name == "sqlite":
        _see_the_fold(session)
    return folded


def _see_the_fold(session: Session) -> None:
    """SQLite: a read transaction begun before the fold keeps seeing the database as it was
    (every answer unfolded, counted one by one); end it, if it is a read that changed
    nothing, so that the reader's next statements read the folded counts."""
    if isinstance(session, scoped_session):
        session = session()
    if session.in_transaction() and not (session.new or session.dirty or session.deleted):
        session.commit()


def fold(
    connection: Connection, campaign_id: int, expected: int | None = None, wait: bool = True
) -> int:
    """Fold the campaign's unfolded responses, a batch per transaction; return how many.
    Without `wait`, PostgreSQL gives up (0) if another transaction holds the campaign's
    lock: a reader never waits for a fold or a correction under way.

    Batches are FOLD_BATCH responses (SQLite: its writers wait for one batch at most) or
    FOLD_BATCH_POSTGRESQL (writers are not held up there). Stops after `expected` (the
    unfolded count the caller saw) rounded up to a batch: responses arriving meanwhile do
    not keep it running; they stay unfolded, counted one by one, until the next fold.
    """
    size = FOLD_BATCH_POSTGRESQL if connection.dialect.name == "postgresql" else FOLD_BATCH
    folded = 0
    batches = None if expected is None else -(-expected // size)
    while batches is None or batches > 0:
        with write_intent(), connection.begin():
            if not lock_campaign(connection, campaign_id, wait):
                break
            if connection.dialect.name == "postgresql":
                # A batch groups a million answers into a few hundred thousand keys: by
                # hashing in memory (sorting them on text keys took three times as long),
                # and compiling the plan (JIT) costs more than it saves.
                for setting in ("work_mem = '64MB'", "enable_sort = off", "jit = off"):
                    connection.execute(text(f"SET LOCAL {setting}"))
            done = _fold_batch(connection, campaign_id, size)
        folded += done
        if batches is not None:
            batches -= 1
        if done < size:
            break
    return folded


def unfold(session: Session, campaign_id: int, response_ids: Collection[str]) -> int:
    """Take these responses' counts back out of folded_counts, in the caller's transaction,
    before it changes or deletes their answers; return how many were folded."""
    take_write_lock(session)
    connection = session.connection()
    lock_campaign(connection, campaign_id)
    rows = connection.execute(
        update(_responses)
        .where(_responses.c.id.in_(sorted(response_ids)), _responses.c.is_folded)
        .values(is_folded=False)
        .returning(_responses.c.id, _responses.c.channel, _responses.c.is_flagged)
    ).all()
    _add(connection, campaign_id, rows, sign=-1)
    for table in (_counts, _hours):
        connection.execute(table.delete().where(table.c.campaign_id == campaign_id, table.c.n == 0))
    return len(rows)


def lock_campaign(connection: Connection, campaign_id: int, wait: bool = True) -> bool:
    """Take the campaign's folding lock for the transaction; False if busy and not `wait`.
    SQLite: the transaction holds the write lock already (write_intent, a writing request)."""
    if connection.dialect.name != "postgresql":
        return True
    if wait:
        connection.execute(select(func.pg_advisory_xact_lock(_LOCK_SPACE, campaign_id)))
        return True
    taken = select(func.pg_try_advisory_xact_lock(_LOCK_SPACE, campaign_id))
    return bool(connection.execute(taken).scalar())


def _fold_batch(connection: Connection, campaign_id: int, size: int) -> int:
    batch = (
        select(_responses.c.id)
        .where(_responses.c.campaign_id == campaign_id, ~_responses.c.is_folded)
        .limit(size)
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
    among = _among(connection, [row.id for row in responses])
    read_once = connection.dialect.name == "postgresql"
    inserts = [
        _upsert(connection, table).from_select(
            [column.name for column in counted.selected_columns], counted
        )
        for table, counted in _answer_counts(campaign_id, among, sign, read_once)
    ]
    if read_once:  # one statement: the answers are read once
        inserts = [
            inserts[-1].add_cte(*(insert.cte(f"add_{n}") for n, insert in enumerate(inserts[:-1])))
        ]
    for insert in inserts:
        connection.execute(insert)
    per_channel = Counter((row.channel, bool(row.is_flagged)) for row in responses)
    connection.execute(
        _upsert(connection, _counts),
        [
            {
                "campaign_id": campaign_id,
                "item_key": NO_ITEM,
                "value": NO_ITEM,
                "channel": channel,
                "lang": "",
                "reason": NO_REASON,
                "is_flagged": is_flagged,
                "n": count * sign,
            }
            for (channel, is_flagged), count in sorted(per_channel.items())
        ],
    )


def _answer_counts(
    campaign_id: int, among: Any, sign: int, read_once: bool
) -> list[tuple[Any, Any]]:
    """(table, SELECT of its rows) counting the option answers `among` selects, times
    `sign`. With `read_once` (PostgreSQL, where both inserts are one statement) the answers
    are grouped once by every dimension and each table sums those groups; otherwise each
    table groups the answers by its own dimensions: SQLite would group by every dimension
    once per insert, into hundreds of thousands of keys (a weekday x hour each) where each
    table keeps a few thousand."""
    keys = {
        "item_key": Answer.item_key,
        "value": Answer.value,
        "channel": func.coalesce(Answer.channel, ""),
        "lang": func.coalesce(Answer.lang, ""),
        "reason": func.coalesce(Answer.reason, NO_REASON),
        "week_hour": Answer.collected_week_hour,
        "is_flagged": func.coalesce(Answer.is_flagged, False),
    }
    per_dimension = ["item_key", "value", "channel", "lang", "reason", "is_flagged"]
    per_hour = ["item_key", "value", "week_hour", "is_flagged"]
    campaign = literal(campaign_id).label("campaign_id")
    keyed = (
        select(*(column.label(name) for name, column in keys.items()))
        .where(among, Answer.value.is_not(None))
        .subquery("keyed")
    )
    if read_once:
        source = select(*keyed.c, (func.count() * sign).label("n")).group_by(*keyed.c)
        source = source.cte("every_dimension")
        counted = func.sum(source.c.n).label("n")
    else:
        source, counted = keyed, (func.count() * sign).label("n")
    return [
        (table, select(campaign, *grouped, counted).where(*where).group_by(*grouped))
        for table, grouped, where in (
            (_counts, [source.c[name] for name in per_dimension], ()),
            (_hours, [source.c[name] for name in per_hour], (source.c.week_hour.is_not(None),)),
        )
    ]


def _among(connection: Connection, ids: list[str]) -> Any:
    """answers.response_id among `ids`, passed as one parameter whatever their number and
    read as a set of rows, so that each is looked up in the primary key."""
    if connection.dialect.name == "postgresql":
        listed = select(func.unnest(cast(bindparam("ids", ids), ARRAY(String))))
        return Answer.response_id.in_(listed)
    listed = select(literal_column("value")).select_from(func.json_each(bindparam("ids")))
    return Answer.response_id.in_(listed.params(ids=json.dumps(ids)))


def _upsert(connection: Connection, table: Any) -> Any:
    statement = dialect_insert(connection.dialect.name, table)
    return statement.on_conflict_do_update(
        index_elements=[column for column in table.primary_key.columns],
        set_={"n": table.c.n + statement.excluded.n},
    )
