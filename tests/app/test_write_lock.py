"""SQLite: a submission reads and validates without the write lock, and takes it to insert.

While another writer holds the lock, an API submission must get as far as its inserts
(campaign read, validation) and then wait, not wait at its first SELECT; and when that
writer commits meanwhile, the submission must still succeed: its read transaction ended
before it asked for the lock (an in-place upgrade would fail with SQLITE_BUSY_SNAPSHOT).
"""

from __future__ import annotations

import sqlite3
import threading
import time
import uuid

import pytest
from sqlalchemy import event, func, select

from survey_app.core.db import db
from survey_app.core.models import Response
from tests.helpers import valid_answers

HELD_FOR = 0.6


@pytest.fixture
def sqlite_path(app, database_url):
    if not database_url.startswith("sqlite"):
        pytest.skip("the write lock is SQLite's; PostgreSQL locks rows")
    return database_url.removeprefix("sqlite:///")


def _statements(app) -> list[tuple[float, str]]:
    seen: list[tuple[float, str]] = []
    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "before_cursor_execute")
    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append((time.monotonic(), statement.split(None, 2)[0].upper()))

    return seen


def _post_in_thread(client, slug: str, response_id: str) -> tuple[threading.Thread, list]:
    replies: list = []

    def post():
        body = {"id": response_id, "channel": "web", "lang": "fr", "answers": valid_answers()}
        replies.append(client.post(f"/api/v1/campaigns/{slug}/responses", json=body))

    thread = threading.Thread(target=post)
    thread.start()
    return thread, replies


def test_submission_reads_while_another_writer_holds_the_lock_then_waits_for_it(
    app, client, campaign, sqlite_path
):
    slug = campaign.slug
    statements = _statements(app)
    holder = sqlite3.connect(sqlite_path, isolation_level=None, timeout=5)
    holder.execute("BEGIN IMMEDIATE")
    thread, replies = _post_in_thread(client, slug, str(uuid.uuid4()))
    time.sleep(HELD_FOR)
    released_at = time.monotonic()
    holder.execute("COMMIT")
    thread.join(timeout=10)

    assert replies and replies[0].status_code == 201
    selects = [at for at, verb in statements if verb == "SELECT"]
    inserts = [at for at, verb in statements if verb == "INSERT"]
    assert selects and min(selects) < released_at, "the campaign read waited for the lock"
    assert inserts and min(inserts) > released_at, "an insert ran while another held the lock"


def test_submission_succeeds_when_another_writer_commits_between_its_read_and_its_write(
    app, client, campaign, sqlite_path
):
    holder = sqlite3.connect(sqlite_path, isolation_level=None, timeout=5)
    holder.execute("BEGIN IMMEDIATE")
    thread, replies = _post_in_thread(client, campaign.slug, str(uuid.uuid4()))
    time.sleep(HELD_FOR)  # the submission has read its snapshot and waits for the lock
    holder.execute(
        "UPDATE campaigns SET title = title || ' (modifiée)' WHERE id = ?", (campaign.id,)
    )
    holder.execute("COMMIT")  # a commit after the submission's snapshot began
    thread.join(timeout=10)

    assert replies and replies[0].status_code == 201, replies and replies[0].get_json()
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Response)) == 1


def test_tablet_batch_of_refused_responses_still_records_the_visit_after_a_concurrent_commit(
    app, client, campaign, sqlite_path
):
    from tests.app.test_kiosk_api import bearer, enrol, item

    device, code = enrol(campaign)
    device_id = device.id
    token = client.post("/api/v1/kiosk/pair", json={"code": code}).get_json()["token"]
    holder = sqlite3.connect(sqlite_path, isolation_level=None, timeout=5)
    holder.execute("BEGIN IMMEDIATE")
    replies: list = []
    refused = {"responses": [item(answers={"satisfaction_globale": "excellent"})]}

    def post():
        replies.append(
            client.post("/api/v1/kiosk/responses/batch", json=refused, headers=bearer(token))
        )

    thread = threading.Thread(target=post)
    thread.start()
    time.sleep(HELD_FOR)
    # a commit after the request's snapshot began: it forgets when the tablet was last seen
    holder.execute("UPDATE devices SET last_seen_at = NULL WHERE id = ?", (device_id,))
    holder.execute("COMMIT")
    thread.join(timeout=10)

    assert replies and replies[0].status_code == 200, replies and replies[0].get_json()
    assert [r["status"] for r in replies[0].get_json()["results"]] == [422]
    seen = holder.execute("SELECT last_seen_at FROM devices WHERE id = ?", (device_id,)).fetchone()
    assert seen[0] is not None
