"""SQLite durability: the pragmas a live connection really runs with, and IMMEDIATE writes.

BEGIN IMMEDIATE takes the write lock when a request's transaction opens, so two writers
queue at BEGIN (within the busy timeout) instead of one failing later with "database is
locked" when its read turns into a write.
"""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from sqlalchemy import select

from survey_app.core.db import db
from survey_app.web.common import csrf

sqlite_only = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def pragma(name: str):
    with db.engine.connect() as connection:
        return connection.exec_driver_sql(f"PRAGMA {name}").scalar()


@sqlite_only
def test_a_live_connection_runs_with_full_sync_wal_and_foreign_keys(app_ctx):
    assert pragma("synchronous") == 2  # FULL: a committed response survives a power cut
    assert pragma("journal_mode") == "wal"  # readers never block the writer
    assert pragma("foreign_keys") == 1


@sqlite_only
def test_the_synchronous_setting_reaches_the_connection(make_app):
    app = make_app(SQLITE_SYNCHRONOUS="NORMAL")
    with app.app_context():
        assert pragma("synchronous") == 1


def _file(app) -> str:
    return app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")


def _another_writer_can_begin(path: str, timeout: float) -> bool:
    other = sqlite3.connect(path, timeout=timeout, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError:  # "database is locked" once the timeout has passed
        return False
    finally:
        other.close()


@pytest.fixture
def lock_probe(app):
    """A view that opens the request's transaction with a read, then asks whether another
    connection could start writing meanwhile (the answer is what the view returns)."""

    @csrf.exempt
    def probe():
        db.session.execute(select(1))  # the request's transaction begins here
        return {"other_writer_can_begin": _another_writer_can_begin(_file(app), 0.05)}

    app.add_url_rule("/_lock-probe", "lock_probe", probe, methods=["GET", "POST"])
    return app.test_client()


@sqlite_only
def test_a_post_request_holds_the_write_lock_from_its_first_read(lock_probe):
    assert lock_probe.post("/_lock-probe").get_json() == {"other_writer_can_begin": False}


@sqlite_only
def test_a_get_request_reads_without_blocking_writers(lock_probe):
    assert lock_probe.get("/_lock-probe").get_json() == {"other_writer_can_begin": True}


@sqlite_only
def test_another_writer_waits_for_the_request_and_then_succeeds(app):
    """The second writer queues at BEGIN while the request works, then gets its turn."""
    in_request, release = threading.Event(), threading.Event()

    @csrf.exempt
    def slow_write():
        db.session.execute(select(1))
        in_request.set()
        release.wait(10)
        return {"done": True}

    app.add_url_rule("/_slow-write", "slow_write", slow_write, methods=["POST"])
    outcome = {}

    def request():
        outcome["reply"] = app.test_client().post("/_slow-write").status_code

    thread = threading.Thread(target=request)
    thread.start()
    assert in_request.wait(10)
    started = time.monotonic()
    timer = threading.Timer(0.3, release.set)
    timer.start()
    assert _another_writer_can_begin(_file(app), timeout=5)  # waited, then began
    waited = time.monotonic() - started
    thread.join(10)
    assert outcome["reply"] == 200
    assert waited >= 0.25
