"""One submission checked against its questionnaire and campaign, and the rows it becomes:
what the one write path (recording.py) stores, worked out without the database."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from questionnaires import AnswerError, Questionnaire, clean_answers, split_answers

from ..core.campaigns import CampaignRow, accepts_late
from ..core.clock import to_hour, week_hour
from ..core.models import Campaign


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


@dataclass(frozen=True)
class Submission:
    """One response as a client sent it, not yet validated (e.g. an item of a kiosk batch)."""

    response_id: Any
    channel: str
    lang: str
    answers: Mapping[str, Any]
    collected_at: datetime | None = None


class Checked(NamedTuple):
    response_id: str
    """The normalised UUID, or "" when the client sent something else."""
    digest: str
    error: RecordingError | None
    row: dict[str, Any]
    """The `responses` row to insert (empty when refused)."""
    answers: list[dict[str, Any]]
    at: datetime
    """When it was collected, for the misuse check."""
    kept_apart: list[dict[str, Any]] = []
    """kept_apart_answers rows (tolerant channels only)."""


def check(
    campaign: Campaign | CampaignRow,
    questionnaire: Questionnaire,
    submission: Submission,
    state: str,
    now: datetime,
    device_id: int | None,
    grace: timedelta | None,
    historical: bool,
    is_tolerant: bool = False,
) -> Checked:
    """Validate one submission against the questionnaire and the campaign; no database."""
    channel, lang, collected_at = submission.channel, submission.lang, submission.collected_at
    kept: dict[str, tuple[str, str | None]] = {}
    if is_tolerant:
        cleaned, kept, errors = split_answers(questionnaire, submission.answers)
        if not errors and not cleaned and all(v is None for _, v in kept.values()):
            errors.append(AnswerError("form", "empty"))
    else:
        cleaned, errors = clean_answers(questionnaire, submission.answers)
    response_id = _normalise_id(submission.response_id, errors)
    if channel not in campaign.channels:
        errors.append(AnswerError("channel", "channel_not_enabled", {"channel": str(channel)}))
    if lang not in questionnaire.languages:
        errors.append(AnswerError("lang", "language_not_offered", {"lang": str(lang)[:16]}))
    # Kept-apart answers are part of the content only when there are (live hashes unchanged).
    content: dict[str, Any] = {**cleaned, "~kept_apart": kept} if kept else cleaned
    digest = _content_hash(campaign.id, channel, lang, content)
    at = collected_at or now
    if errors:
        return Checked(response_id, digest, InvalidResponse(errors), {}, [], at)
    if state == "closed" and grace is not None and collected_at is not None:
        if accepts_late(campaign, collected_at, now, grace):
            state = "open"
    if state != "open" and not historical:
        return Checked(response_id, digest, CampaignNotOpen(state), {}, [], at)
    row = {
        "id": response_id,
        "campaign_id": campaign.id,
        "questionnaire_version_id": campaign.questionnaire_version_id,
        "channel": channel,
        "lang": lang,
        "received_at": to_hour(now),
        "collected_at": to_hour(at),
        "content_hash": digest,
        "device_id": device_id,
        "is_flagged": False,
    }
    dimensions = {
        "response_id": response_id,
        "campaign_id": campaign.id,
        "channel": channel,
        "lang": lang,
        "collected_at": row["collected_at"],
        "collected_week_hour": week_hour(row["collected_at"], campaign.site.timezone),
        "reason": _reason(questionnaire, cleaned),
        "is_flagged": False,
    }
    answers = [_answer_row(questionnaire, dimensions, k, v) for k, v in cleaned.items()]
    kept_rows = [_kept_row(questionnaire, row, key, kept[key]) for key in sorted(kept)]
    return Checked(response_id, digest, None, row, answers, at, kept_rows)


def _normalise_id(response_id: Any, errors: list[AnswerError]) -> str:
    try:
        return str(uuid.UUID(str(response_id)))
    except ValueError:
        errors.append(AnswerError("id", "invalid_id"))
        return ""


def _content_hash(campaign_id: int, channel: str, lang: str, answers: dict[str, Any]) -> str:
    canonical = json.dumps([campaign_id, channel, lang, answers], sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _reason(questionnaire: Questionnaire, cleaned: dict[str, str]) -> str | None:
    """The answer to the item the questionnaire declares the reason for the visit."""
    item = questionnaire.reason_item
    return cleaned.get(item.key) if item is not None else None


def _answer_row(
    questionnaire: Questionnaire, dimensions: dict[str, Any], key: str, value: str
) -> dict[str, Any]:
    """One `answers` row, with its response's dimensions (see models.Answer)."""
    is_text = questionnaire.item(key).type == "text"
    return {
        **dimensions,
        "item_key": key,
        "value": None if is_text else value,
        "text": value if is_text else None,
    }


def _kept_row(
    questionnaire: Questionnaire, row: dict[str, Any], key: str, kept: tuple[str, str | None]
) -> dict[str, Any]:
    """One kept_apart_answers row: the rule it breaks and what was given (see split_answers)."""
    code, value = kept
    is_text = questionnaire.item(key).type == "text"
    return {
        "response_id": row["id"],
        "campaign_id": row["campaign_id"],
        "item_key": key,
        "code": code,
        "value": None if is_text else value,
        "text": value if is_text else None,
    }
