"""PostgreSQL: the pool hands out only live connections, without a round trip per request
(survey_app.core.db.check_on_checkout)."""

from __future__ import annotations

import os
import time

import pytest
from sqlalchemy import create_engine, text

from survey_app.core.db import check_on_checkout
from tests.conftest import PG_ENV


@pytest.fixture
def engine():
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"{PG_ENV} is not set: PostgreSQL tests skipped (.ci/run sets it)")
    engine = create_engine(url, pool_size=1, max_overflow=0)
    yield engine
    engine.dispose()


@pytest.fixture
def pings(engine, monkeypatch):
    """Counts the pings the pool sends (the dialect's own ping still runs)."""
    sent = []
    ping = engine.dialect.do_ping

    def counted(dbapi_connection):
        sent.append(dbapi_connection)
        return ping(dbapi_connection)

    monkeypatch.setattr(engine.dialect, "do_ping", counted)
    return sent


def _backend_pid(engine) -> int:
    with engine.connect() as connection:
        return connection.scalar(text("SELECT pg_backend_pid()"))


def _terminate(url: str, pid: int) -> None:
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    finally:
        admin.dispose()


def test_a_connection_the_server_ended_is_replaced_before_use(engine, pings):
    check_on_checkout(engine)
    before = _backend_pid(engine)
    _terminate(engine.url, before)  # as a restart of the server does to every session
    time.sleep(0.2)  # the server's goodbye reaches the idle socket
    after = _backend_pid(engine)  # no OperationalError: a fresh connection was handed out
    assert after != before
    assert pings == []  # seen locally, no ping needed


def test_without_the_check_the_same_request_fails(engine):
    before = _backend_pid(engine)
    _terminate(engine.url, before)
    time.sleep(0.2)
    with pytest.raises(Exception, match="terminat|closed|server"):
        _backend_pid(engine)


def test_a_recently_used_connection_is_not_pinged(engine, pings):
    check_on_checkout(engine)
    first = _backend_pid(engine)
    for _ in range(5):
        assert _backend_pid(engine) == first
    assert pings == []


def test_a_connection_idle_for_long_is_pinged(engine, pings):
    check_on_checkout(engine, ping_if_idle_for=0.1)
    first = _backend_pid(engine)
    time.sleep(0.15)
    assert _backend_pid(engine) == first
    assert len(pings) == 1
