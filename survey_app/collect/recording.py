"""The one write path: every channel records a response through `record_response` (or
`record_responses`, `record_one`); checking.py checks each submission first."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from functools import cache
from operator import itemgetter
from typing import Any, NamedTuple, Protocol

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session, make_transient_to_detached

from ..core.campaigns import CampaignRow, campaign_state, questionnaire_of
from ..core.clock import utcnow
from ..core.db import dialect_insert, take_write_lock
from ..core.models import Answer, Campaign, ImportedResponse, KeptApartAnswer, Response
from .checking import (
    CampaignNotOpen,
    Checked,
    InvalidResponse,
    RecordingError,
    ResponseConflict,
    Submission,
    check,
)

__all__ = [  # what the channels import from here, checking.py's included
    "CampaignNotOpen",
    "InvalidResponse",
    "Recorded",
    "RecordingError",
    "ResponseConflict",
    "Submission",
    "record_one",
    "record_response",
    "record_responses",
]


class MisuseCheck(Protocol):
    """Burst detection for the response's source (survey_app/collect/sources.py)."""

    def is_suspect(self, response_id: str, content_hash: str, at: datetime) -> bool: ...


def record_response(
    session: Session,
    campaign: Campaign | CampaignRow,
    *,
    response_id: str,
    channel: str,
    lang: str,
    answers: Mapping[str, Any],
    collected_at: datetime | None = None,
    now: datetime | None = None,
    device_id: int | None = None,
    grace: timedelta | None = None,
    historical: bool = False,
    misuse: MisuseCheck | None = None,
    is_tolerant: bool = False,
    import_id: int | None = None,
) -> tuple[Response, bool]:
    """Validate and store one response; return (response, created).

    Idempotent on `response_id`: the same content returns the stored response
    (created False), other content raises ResponseConflict. Only flushes: the
    caller commits, so the response and its answers land together or not at all.
    With `grace` (a tablet's offline queue), a closed campaign still takes a
    response collected (naive UTC `collected_at`) while it was open: see accepts_late.
    With `historical` (`survey import` of a past survey, not live collection), the
    campaign's state and dates are not checked: past campaigns are usually closed.
    With `misuse`, a new response from a source sending a burst or a run of identical
    responses is stored flagged; replays of a stored id never reach the check.
    With `is_tolerant` (paper entry, imports: the form as the visitor filled it in), an
    answer to an item its show_if hides and a required item left unanswered are stored
    kept apart (kept_apart_answers, never counted) instead of refusing the response; live
    channels leave it off and refuse them. `import_id` records which import brought it in.
    """
    submission = Submission(response_id, channel, lang, answers, collected_at)
    outcome = record_one(
        session,
        campaign,
        submission,
        now=now,
        device_id=device_id,
        grace=grace,
        historical=historical,
        misuse=misuse,
        is_tolerant=is_tolerant,
        import_id=import_id,
    )
    if not outcome.created:
        stored = session.get(Response, outcome.response_id)  # in the identity map already
        assert stored is not None
        return stored, False
    # The row is in: attach it as if loaded, so attributes a caller sets afterwards (the
    # paper entry's entered_by_id) are flushed as an UPDATE with the rest of its work.
    response = Response(**outcome.row, entered_by_id=None)
    make_transient_to_detached(response)
    session.add(response)
    return response, True


def record_one(
    session: Session, campaign: Campaign | CampaignRow, submission: Submission, **options: Any
) -> Recorded:
    """record_response without the ORM object: what was stored, or the RecordingError
    raised. For the live channels' hot path (the web form), where building a `Response`
    to throw away cost a tenth of a submission's CPU; `options` are record_responses'."""
    [outcome] = record_responses(session, campaign, [submission], **options)
    if isinstance(outcome, RecordingError):
        raise outcome
    return outcome


class Recorded(NamedTuple):
    """A submission that is stored: just now (`created`) or by an earlier identical one."""

    response_id: str
    channel: str
    received_at: datetime
    created: bool
    row: dict[str, Any]
    """The `responses` row as stored (for a replay, only its id, channel and times)."""


def record_responses(
    session: Session,
    campaign: Campaign | CampaignRow,
    submissions: Sequence[Submission],
    *,
    now: datetime | None = None,
    device_id: int | None = None,
    grace: timedelta | None = None,
    historical: bool = False,
    misuse: MisuseCheck | None = None,
    is_tolerant: bool = False,
    import_id: int | None = None,
) -> list[Recorded | RecordingError]:
    """Validate and store responses together; one outcome per submission, in order.

    The same rules as record_response, item by item, as if they were recorded one after
    the other (an id repeated in the batch is a replay of its first valid occurrence),
    but in a handful of statements: one INSERT ... ON CONFLICT DO NOTHING for the new
    responses, one for their answers, and a SELECT only when some id was seen before.
    A refused submission writes nothing, so the others need no savepoint. Only flushes.
    """
    now = now or utcnow()
    questionnaire = questionnaire_of(campaign.questionnaire_version)
    state = campaign_state(campaign, now)
    checked = [
        check(campaign, questionnaire, s, state, now, device_id, grace, historical, is_tolerant)
        for s in submissions
    ]
    first: dict[str, int] = {}
    for index, item in enumerate(checked):
        if item.error is None:
            first.setdefault(item.response_id, index)
    if first:
        take_write_lock(session)
    inserted = _insert_new(session, [checked[index].row for index in first.values()])
    seen_ids = {c.response_id for c in checked if c.response_id and c.response_id not in inserted}
    stored = _stored(session, seen_ids)
    outcomes: list[Recorded | RecordingError] = []
    created: list[Checked] = []
    for index, item in enumerate(checked):
        origin = first.get(item.response_id, len(checked)) if item.response_id in inserted else None
        if origin == index:
            created.append(item)
            outcomes.append(_recorded(item.row, True))
            continue
        if origin is not None and origin < index:  # a replay of an item of this batch
            earlier: tuple[Recorded, str] | None = (
                _recorded(checked[origin].row, False),
                checked[origin].digest,
            )
        else:
            earlier = stored.get(item.response_id)
        if earlier is None:
            if item.error is None:  # only if the row vanished since the INSERT
                raise RuntimeError(f"response {item.response_id} neither inserted nor found")
            outcomes.append(item.error)
        elif earlier[1] == item.digest:
            outcomes.append(earlier[0])
        else:
            outcomes.append(ResponseConflict(item.response_id))
    _store_answers(session, created, misuse)
    if import_id is not None and created:
        session.connection().execute(
            ImportedResponse.__table__.insert(),
            [{"response_id": item.response_id, "import_id": import_id} for item in created],
        )
    return outcomes


def _insert_new(session: Session, rows: list[dict[str, Any]]) -> set[str]:
    """Insert the responses whose id is new; return those ids (RETURNING, not rowcount)."""
    if not rows:
        return set()
    statement = _insert_if_new(session.get_bind().dialect.name)
    # Every writer inserts in id order, so two batches sharing ids cannot deadlock.
    rows = sorted(rows, key=itemgetter("id"))
    # Rows, not .scalars(): that builds a reduced result metadata on every call.
    return {row[0] for row in session.connection().execute(statement, rows)}


@cache
def _insert_if_new(dialect_name: str) -> Any:
    """INSERT ... ON CONFLICT (id) DO NOTHING RETURNING id, built once per dialect."""
    table = Response.__table__
    return (
        dialect_insert(dialect_name, table)
        .on_conflict_do_nothing(index_elements=[table.c.id])
        .returning(table.c.id)
    )


_FLAG = (
    update(Response.__table__)
    .where(Response.__table__.c.id.in_(bindparam("ids", expanding=True)))
    .values(is_flagged=True)
)


def _stored(session: Session, response_ids: set[str]) -> dict[str, tuple[Recorded, str]]:
    """id -> (what a replay answers, stored content hash) for the ids already stored."""
    if not response_ids:
        return {}
    found = session.scalars(select(Response).where(Response.id.in_(sorted(response_ids))))
    return {
        r.id: (Recorded(r.id, r.channel, r.received_at, False, {}), r.content_hash) for r in found
    }


def _recorded(row: dict[str, Any], created: bool) -> Recorded:
    return Recorded(row["id"], row["channel"], row["received_at"], created, row)


def _store_answers(session: Session, created: list[Checked], misuse: MisuseCheck | None) -> None:
    """Flag what the misuse check suspects (new responses only, in order), then the answers."""
    if misuse is not None:
        flagged = [
            item.response_id
            for item in created
            if misuse.is_suspect(item.response_id, item.digest, item.at)
        ]
        if flagged:
            for item in created:
                if item.response_id in flagged:
                    item.row["is_flagged"] = True
                    for answer in item.answers:
                        answer["is_flagged"] = True
            session.execute(_FLAG, {"ids": flagged})
    rows = [answer for item in created for answer in item.answers]
    if rows:
        session.connection().execute(_INSERT_ANSWERS, rows)
    kept = [row for item in created for row in item.kept_apart]
    if kept:
        session.connection().execute(_INSERT_KEPT_APART, kept)


# Built once, so their cache keys are too (an INSERT built per call is keyed again each time).
_INSERT_ANSWERS = Answer.__table__.insert()
_INSERT_KEPT_APART = KeptApartAnswer.__table__.insert()
