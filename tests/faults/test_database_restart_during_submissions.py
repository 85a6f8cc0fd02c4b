"""PostgreSQL restarted while 8 clients submit: while it is down the service answers 503 with
Retry-After (never a 500, never a cut connection), the clients' retries succeed once it is
back, and the database then holds exactly the responses that were acknowledged.

The restart is of a private cluster (tests/faults/private_postgres.py), never of the
shared server other test workers use.
"""

from __future__ import annotations

import http.client
import threading
import time
import uuid
from dataclasses import dataclass

import pytest
from sqlalchemy import create_engine, func, select

from survey_app.core.models import Answer, Response
from tests.helpers import valid_answers

from .server import API_PATH

CLIENTS = 8
ACKS_BEFORE_STOP = 40
ACKS_AFTER_START = 40
DOWN_SECONDS = 3
GIVE_UP_SECONDS = 45
"""A client stops retrying past this (the test then fails): the suite never hangs."""


@dataclass(frozen=True)
class Attempt:
    response_id: str
    sent_at: float
    status: int | None
    retry_after: str | None
    text: str


def _submit_until(server, stop: threading.Event, attempts: list[Attempt], lock) -> None:
    """Submit new responses until told to stop, each retried as Retry-After says until 2xx."""
    give_up = time.monotonic() + GIVE_UP_SECONDS
    while not stop.is_set():
        body = {"id": str(uuid.uuid4()), "channel": "web", "lang": "fr",
                "answers": valid_answers()}  # fmt: skip
        while time.monotonic() < give_up:
            sent_at = time.monotonic()
            try:
                status, headers, text = server.request(API_PATH, body, timeout=20)
                retry_after = headers.get("Retry-After")
            except (OSError, http.client.HTTPException) as exc:
                status, retry_after, text = None, None, repr(exc)
            with lock:
                attempts.append(Attempt(body["id"], sent_at, status, retry_after, text))
            if status != 503 or not (retry_after or "").isdigit():
                break  # stored, or an outcome the test reports as a failure
            time.sleep(int(retry_after))


def _wait_for(condition, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.02)


def _stored(database_url: str) -> tuple[set[str], int]:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            ids = set(connection.scalars(select(Response.id)))
            answers = connection.scalar(select(func.count()).select_from(Answer))
    finally:
        engine.dispose()
    return ids, answers


@pytest.mark.slow
def test_postgresql_restart_answers_503_then_retries_are_stored_exactly_once(
    private_postgres, private_postgres_server
):
    server, cluster = private_postgres_server, private_postgres
    attempts: list[Attempt] = []
    lock = threading.Lock()
    stop = threading.Event()

    def acked_since(moment: float) -> int:
        with lock:
            return sum(1 for a in attempts if a.status in (200, 201) and a.sent_at >= moment)

    clients = [
        threading.Thread(target=_submit_until, args=(server, stop, attempts, lock))
        for _ in range(CLIENTS)
    ]
    for client in clients:
        client.start()
    try:
        _wait_for(lambda: acked_since(0) >= ACKS_BEFORE_STOP, 30)
        stopped_at = time.monotonic()
        cluster.stop("fast")  # as `systemctl restart postgresql` does: sessions are cut
        time.sleep(DOWN_SECONDS)
        cluster.start()
        started_at = time.monotonic()
        _wait_for(lambda: acked_since(started_at) >= ACKS_AFTER_START, 30)
    finally:
        stop.set()
        for client in clients:
            client.join(timeout=GIVE_UP_SECONDS + 30)

    failures = [a for a in attempts if a.status not in (200, 201, 503)]
    assert failures == [], f"{failures[:5]}\n{server.log()[-3000:]}"
    assert "Exception on" not in server.log(), server.log()[-3000:]
    refused = [a for a in attempts if a.status == 503]
    assert refused, "clients submitting while PostgreSQL was down should have got 503s"
    assert all(a.retry_after == "1" for a in refused), refused[:5]
    assert min(a.sent_at for a in refused) >= stopped_at - 1
    # Stale pooled connections are replaced (db.check_on_checkout), not answered with a 503.
    late = [a for a in refused if a.sent_at > started_at + 1]
    assert late == [], f"503s after PostgreSQL was back:\n{late[:5]}"
    assert acked_since(started_at) >= ACKS_AFTER_START

    # Restarted again while idle: each worker's pooled connections are stale, yet the
    # next requests succeed at once (db.check_on_checkout replaces them), with no 503 to retry.
    cluster.stop("fast")
    cluster.start()
    idle_restart: list[Attempt] = []
    clients = [
        threading.Thread(target=_submit_until, args=(server, stop, idle_restart, lock))
        for _ in range(CLIENTS)
    ]
    stop.clear()
    for client in clients:
        client.start()
    _wait_for(lambda: len(idle_restart) >= 2 * CLIENTS, 20)
    stop.set()
    for client in clients:
        client.join(timeout=GIVE_UP_SECONDS + 30)
    not_at_once = [a for a in idle_restart if a.status not in (200, 201)]
    assert not_at_once == [], not_at_once[:5]
    attempts += idle_restart

    acked = {a.response_id for a in attempts if a.status in (200, 201)}
    assert {a.response_id for a in refused} <= acked, "every refused response was retried"
    assert {a.response_id for a in attempts} == acked, "every client ended with a 2xx"
    ids, answers = _stored(cluster.url)
    assert ids == acked
    assert answers == len(acked) * len(valid_answers())
