"""SIGKILL of the whole server while 8 clients submit: no acknowledged response is lost,
and once clients retry what they could not confirm, every response is stored exactly once."""

from __future__ import annotations

import http.client
import threading
import time
import uuid

import pytest
from sqlalchemy import create_engine, func, select

from survey_app.core.models import Answer, Response
from tests.helpers import valid_answers

CLIENTS = 8
ACKS_BEFORE_KILL = 60


def _submit_until(server, stop: threading.Event, acked: dict, unsure: dict, lock) -> None:
    """Submit new responses until told to stop; sort each into acknowledged or unsure."""
    while not stop.is_set():
        body = {"id": str(uuid.uuid4()), "channel": "web", "lang": "fr",
                "answers": valid_answers()}  # fmt: skip
        try:
            status, _ = server.post(body, timeout=10)
        except (OSError, http.client.HTTPException):  # refused, reset, cut mid-reply: unknown
            status = None
        with lock:
            if status in (200, 201):
                acked[body["id"]] = body
            else:
                unsure[body["id"]] = body
        if status is None:
            time.sleep(0.01)


def _stored(database_url: str) -> tuple[set[str], int, int]:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            ids = set(connection.scalars(select(Response.id)))
            responses = connection.scalar(select(func.count()).select_from(Response))
            answers = connection.scalar(select(func.count()).select_from(Answer))
    finally:
        engine.dispose()
    return ids, responses, answers


@pytest.mark.slow
def test_sigkill_while_clients_submit_loses_no_acknowledged_response(survey_server, database_url):
    acked: dict[str, dict] = {}
    unsure: dict[str, dict] = {}
    lock = threading.Lock()
    stop = threading.Event()
    clients = [
        threading.Thread(target=_submit_until, args=(survey_server, stop, acked, unsure, lock))
        for _ in range(CLIENTS)
    ]
    for client in clients:
        client.start()
    deadline = time.monotonic() + 60
    while len(acked) < ACKS_BEFORE_KILL and time.monotonic() < deadline:
        time.sleep(0.02)
    survey_server.kill()  # mid-stream: some requests are in flight in every worker
    stop.set()
    for client in clients:
        client.join(timeout=30)
    assert len(acked) >= ACKS_BEFORE_KILL, survey_server.log()
    assert unsure, "the kill should have cut requests in flight"

    ids, _, _ = _stored(database_url)
    lost = set(acked) - ids
    assert lost == set(), f"{len(lost)} acknowledged responses lost after SIGKILL"

    survey_server.start()
    # The clients retry what they could not confirm, and replay some confirmed ones:
    # idempotent on the id, so nothing is stored twice.
    replays = list(unsure.values()) + list(acked.values())[:10]
    for body in replays:
        status, text = survey_server.post(body)
        assert status in (200, 201), text
    for body in list(acked.values())[:10]:
        assert survey_server.post(body)[0] == 200

    ids, responses, answers = _stored(database_url)
    sent = set(acked) | set(unsure)
    assert ids == sent
    assert responses == len(sent)
    assert answers == len(sent) * len(valid_answers())
