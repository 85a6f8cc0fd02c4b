"""The one write path: every channel records a response through `record_response`."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from questionnaires import AnswerError, clean_answers

from .campaigns import accepts_late, campaign_state, questionnaire_of
from .clock import to_hour, utcnow
from .models import Answer, Campaign, Response


class RecordingError(Exception):
    """The response was not recorded; `status` is the HTTP status that says why."""

    status = 400


class CampaignNotOpen(RecordingError):
    def __init__(self, state: str):
        self.state = state
        self.status = 410 if state == "closed" else 403
        super().__init__(f"campaign is {state.replace('_', ' ')}")


class InvalidResponse(RecordingError):
    status = 422

    def __init__(self, errors: list[AnswerError]):
        self.errors = errors
        super().__init__("; ".join(f"{e.item}: {e.code}" for e in errors))


class ResponseConflict(RecordingError):
    status = 409

    def __init__(self, response_id: str):
        super().__init__(f"response {response_id} was already recorded with other content")


def record_response(
    session: Session,
    campaign: Campaign,
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
) -> tuple[Response, bool]:
    """Validate and store one response; return (response, created).

    Idempotent on `response_id`: the same content returns the stored response
    (created False), other content raises ResponseConflict. Only flushes: the
    caller commits, so the response and its answers land together or not at all.
    With `grace` (a tablet's offline queue), a closed campaign still takes a
    response collected (naive UTC `collected_at`) while it was open: see accepts_late.
    With `historical` (`survey import` of a past survey, not live collection), the
    campaign's state and dates are not checked: past campaigns are usually closed.
    """
    questionnaire = questionnaire_of(campaign.questionnaire_version)
    cleaned, errors = clean_answers(questionnaire, answers)
    response_id = _normalise_id(response_id, errors)
    if channel not in campaign.channels:
        errors.append(AnswerError("channel", "channel_not_enabled", {"channel": str(channel)}))
    if lang not in questionnaire.languages:
        errors.append(AnswerError("lang", "language_not_offered", {"lang": str(lang)[:16]}))
    digest = _content_hash(campaign.id, channel, lang, cleaned)
    if response_id:
        existing = session.get(Response, response_id)
        if existing is not None:
            return _same_or_conflict(existing, digest, response_id)
    if errors:
        raise InvalidResponse(errors)
    now = now or utcnow()
    state = campaign_state(campaign, now)
    if state == "closed" and grace is not None and collected_at is not None:
        if accepts_late(campaign, collected_at, now, grace):
            state = "open"
    if state != "open" and not historical:
        raise CampaignNotOpen(state)

    response = Response(
        id=response_id,
        campaign_id=campaign.id,
        questionnaire_version_id=campaign.questionnaire_version_id,
        channel=channel,
        lang=lang,
        received_at=to_hour(now),
        collected_at=to_hour(collected_at or now),
        content_hash=digest,
        device_id=device_id,
    )
    rows = [_answer_row(campaign, questionnaire, response_id, k, v) for k, v in cleaned.items()]
    try:
        with session.begin_nested():
            session.add(response)
            session.flush()
            if rows:
                session.execute(insert(Answer), rows)
    except IntegrityError:
        # Another request stored the same id between our read and our insert.
        existing = session.get(Response, response_id, populate_existing=True)
        if existing is None:
            raise
        return _same_or_conflict(existing, digest, response_id)
    return response, True


def _normalise_id(response_id: Any, errors: list[AnswerError]) -> str:
    try:
        return str(uuid.UUID(str(response_id)))
    except ValueError:
        errors.append(AnswerError("id", "invalid_id"))
        return ""


def _same_or_conflict(existing: Response, digest: str, response_id: str) -> tuple[Response, bool]:
    if existing.content_hash == digest:
        return existing, False
    raise ResponseConflict(response_id)


def _content_hash(campaign_id: int, channel: str, lang: str, answers: dict[str, str]) -> str:
    canonical = json.dumps([campaign_id, channel, lang, answers], sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _answer_row(campaign, questionnaire, response_id, key, value) -> dict[str, Any]:
    is_text = questionnaire.item(key).type == "text"
    return {
        "response_id": response_id,
        "item_key": key,
        "campaign_id": campaign.id,
        "value": None if is_text else value,
        "text": value if is_text else None,
    }
