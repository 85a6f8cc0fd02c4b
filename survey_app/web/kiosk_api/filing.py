"""Files a tablet's responses under the campaign each was answered for, through the write path.

The kiosk names the campaign of every response it queues: a queue kept offline while the
site's campaign changed still lands in the campaign its visitors saw (within the grace
period after it closed). A response that names none (a shell from before tablets followed
their site) goes to the campaign the tablet shows now: for a tablet pinned by the upgrade,
the one it was enrolled for.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask import current_app

from ...accounts.tablet_campaign import answered_campaign, shown_campaign
from ...collect.recording import (
    InvalidResponse,
    Recorded,
    RecordingError,
    Submission,
    record_responses,
)
from ...collect.sources import device_source
from ...core.db import db
from ...core.models import Campaign, Device
from ..api.replies import answer_errors, refusal
from . import payload

Reply = tuple[int, dict[str, Any]]
NO_CAMPAIGN: Reply = (
    403,
    {"error": "no_campaign", "message": "no campaign is open for this tablet's site"},
)


def _unknown_campaign() -> Reply:
    message = "'campaign' is not a campaign of this tablet's site"
    error = payload.field_error("campaign", "unknown_campaign", message)
    return 422, {"error": "invalid_response", "errors": [error]}


def file_responses(device: Device, bodies: list[Any], now: datetime) -> list[Reply]:
    """(HTTP status, reply) for each response the tablet sends, in order.

    A refused response writes nothing (record_responses validates before it inserts), so
    the others stay in place without a savepoint each; one write-path call per campaign.
    """
    replies: list[Reply | None] = []
    groups: dict[int, tuple[Campaign, list[int], list[Submission]]] = {}
    current: list[Campaign | None] = []  # looked up once, only if a response names none
    for body in bodies:
        errors = payload.response_errors(body)
        moment, time_error = (None, None)
        if not errors:
            moment, time_error = payload.collected_at(body["collected_at"], now)
        if errors or time_error:
            replies.append((422, {"error": "invalid_response", "errors": errors or [time_error]}))
            continue
        if body.get("campaign") is not None:
            campaign = answered_campaign(db.session, device, body["campaign"])
            if campaign is None:
                replies.append(_unknown_campaign())
                continue
        else:
            if not current:
                current.append(shown_campaign(db.session, device, now))
            campaign = current[0]
            if campaign is None:
                replies.append(NO_CAMPAIGN)
                continue
        group = groups.setdefault(campaign.id, (campaign, [], []))
        group[1].append(len(replies))
        group[2].append(
            Submission(body["id"], "kiosk", body.get("lang", "fr"), body["answers"], moment)
        )
        replies.append(None)
    grace = timedelta(days=current_app.config["KIOSK_GRACE_DAYS"])
    for campaign, positions, submissions in groups.values():
        outcomes = record_responses(
            db.session,
            campaign,
            submissions,
            now=now,
            device_id=device.id,
            grace=grace,
            misuse=device_source(device.id),
        )
        for position, outcome in zip(positions, outcomes, strict=True):
            replies[position] = _reply(campaign, outcome)
    return [reply for reply in replies if reply is not None]


def _reply(campaign: Campaign, outcome: Recorded | RecordingError) -> Reply:
    if isinstance(outcome, InvalidResponse):
        return 422, {"error": "invalid_response", "errors": answer_errors(outcome)}
    if isinstance(outcome, RecordingError):
        return outcome.status, refusal(outcome)
    return (201 if outcome.created else 200), {
        "id": outcome.response_id,
        "campaign": campaign.slug,
        "channel": outcome.channel,
        "received_at": outcome.received_at.isoformat(timespec="minutes"),
    }
