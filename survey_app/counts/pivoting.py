"""A campaign's responses, each with its answers by item key, streamed in id order for
the exports: pivoted by the database or in Python.

Both read the answers joined with a free text's review (the officer's redaction first)
and give the same responses and answers. Which is faster depends on the database
(docs/benchmarks.md, benchmark 3): SQLite spent most of an export in its `MAX(CASE …)` per
item over `GROUP BY` the response, while its responses and answers each stream in
primary-key order with no sort; PostgreSQL's pivot in the server is cheaper than Python's.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from contextlib import contextmanager
from itertools import chain, groupby
from operator import itemgetter

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from ..core.models import Answer, Campaign, CommentReview, Response

EXPORT_BATCH = 2000
PIVOT_IN_PYTHON = frozenset({"sqlite", "postgresql"})
"""Dialects whose exports pivot the joined rows in Python (measured faster there)."""


def pivoted_responses(
    session: Session,
    campaign: Campaign,
    keys: list[str],
    text_keys: Collection[str],
    include_flagged: bool,
    in_python: bool | None = None,
) -> Iterator[tuple[tuple, dict[str, str]]]:
    """Each response's columns (id, channel, lang, collected_at, received_at) with its
    answers by item key (an option item's value, a text item's shown text), in id order, a
    batch at a time (a server-side cursor on PostgreSQL), never through the ORM: a million
    responses keep memory flat. `in_python` chooses the pivot (None: the faster one here)."""
    if in_python is None:
        in_python = session.get_bind().dialect.name in PIVOT_IN_PYTHON
    shown = func.coalesce(CommentReview.redacted_text, Answer.text)
    if not in_python:
        cells = [
            func.max(case((Answer.item_key == key, shown if key in text_keys else Answer.value)))
            for key in keys
        ]
        query = _responses(session, campaign, include_flagged, *cells)
        query = _with_answers(query.outerjoin(Answer, Answer.response_id == Response.id))
        with _streamed(session, query.group_by(Response.id)) as rows:
            for row in rows:
                yield row[:5], {k: c for k, c in zip(keys, row[5:], strict=True) if c is not None}
        return
    cell = case((Answer.item_key.in_(list(text_keys)), shown), else_=Answer.value)
    with (
        _streamed(session, _responses(session, campaign, include_flagged)) as responses,
        _fetched(session, _answers(session, campaign, include_flagged, cell)) as answers,
    ):
        yield from _merged(responses, answers)


def _responses(session: Session, campaign: Campaign, include_flagged: bool, *columns):
    """The campaign's responses in id order (their columns, then `columns`)."""
    in_campaign = Response.campaign_id == campaign.id
    if session.get_bind().dialect.name == "sqlite":
        # campaign_id + 0 keeps SQLite from taking the campaign index and then sorting every
        # row: it walks responses in primary-key order, which is already the output order.
        in_campaign = (Response.campaign_id + 0) == campaign.id
    fixed = (Response.channel, Response.lang, Response.collected_at, Response.received_at)
    query = select(Response.id, *fixed, *columns).where(in_campaign).order_by(Response.id)
    if not include_flagged:
        query = query.where(Response.is_flagged.is_(False))
    return query


def _with_answers(query):
    return query.outerjoin(
        CommentReview,
        Answer.text.is_not(None)  # only free text is reviewed: no lookup for the others
        & (CommentReview.response_id == Answer.response_id)
        & (CommentReview.item_key == Answer.item_key),
    )


def _answers(session: Session, campaign: Campaign, include_flagged: bool, cell):
    """(response id, item key, answer) of the campaign's answers in response id order.

    Every export includes the flagged responses unless asked: then the answers carry
    their campaign (the write path copies it), and SQLite walks their primary key
    (response id, item key) without visiting the responses at all."""
    if not include_flagged:
        query = _responses(session, campaign, False).join(Answer, Answer.response_id == Response.id)
        return _with_answers(query).with_only_columns(Answer.response_id, Answer.item_key, cell)
    in_campaign = Answer.campaign_id == campaign.id
    if session.get_bind().dialect.name == "sqlite":
        in_campaign = (Answer.campaign_id + 0) == campaign.id  # as in _responses
    query = select(Answer.response_id, Answer.item_key, cell).where(in_campaign)
    return _with_answers(query.order_by(Answer.response_id))


@contextmanager
def _streamed(session: Session, query) -> Iterator[Iterator[tuple]]:
    """The query's rows, fetched a batch at a time; the cursor closed on leaving."""
    result = session.connection().execute(
        query.execution_options(stream_results=True, yield_per=EXPORT_BATCH)
    )
    try:
        yield chain.from_iterable(result.partitions())
    finally:  # an export stopped part-way (error, client gone) closes its server-side cursor
        result.close()


@contextmanager
def _fetched(session: Session, query) -> Iterator[Iterator[tuple]]:
    """The query's rows as the driver's own tuples, a batch at a time: for a million
    responses' answers (plain strings), SQLAlchemy's row objects cost as much as the
    database's pivot saved. A server-side cursor on PostgreSQL, closed on leaving."""
    connection = session.connection()
    compiled = query.compile(
        dialect=connection.dialect, compile_kwargs={"render_postcompile": True}
    )
    params = compiled.construct_params()
    if compiled.positional:
        params = tuple(params[name] for name in compiled.positiontup)
    driver = connection.connection.driver_connection
    is_server_side = connection.dialect.name == "postgresql"
    cursor = driver.cursor(name="export_answers") if is_server_side else driver.cursor()
    try:
        cursor.execute(str(compiled), params)
        yield chain.from_iterable(iter(lambda: cursor.fetchmany(EXPORT_BATCH), []))
    finally:
        cursor.close()


def _merged(
    responses: Iterator[tuple], answers: Iterator[tuple]
) -> Iterator[tuple[tuple, dict[str, str]]]:
    """Each response with its answers, both streams in response id order."""
    groups = groupby(answers, itemgetter(0))
    pending = next(groups, None)
    for response in responses:
        if pending is not None and pending[0] == response[0]:
            yield response, {key: cell for _, key, cell in pending[1]}
            pending = next(groups, None)
        else:
            yield response, {}
