"""PostgreSQL over TLS, as a national deployment's app servers reach their database: the pool's
liveness check (one poll() of the socket, survey_app.core.db.check_on_checkout) must not mistake
TLS traffic for a closed connection, and must still see one the server ended."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import create_engine, text

from survey_app.core.db import check_on_checkout

CHECKOUTS = 300


def _backend(engine) -> tuple[int, bool]:
    with engine.connect() as connection:
        pid = connection.scalar(text("SELECT pg_backend_pid()"))
        is_tls = connection.scalar(
            text("SELECT ssl FROM pg_stat_ssl WHERE pid = :pid"), {"pid": pid}
        )
        return pid, is_tls


@pytest.mark.slow
def test_over_tls_live_connections_are_kept_and_ended_ones_replaced(private_tls_postgres):
    engine = create_engine(private_tls_postgres.url, pool_size=1, max_overflow=0)
    check_on_checkout(engine)
    try:
        pids = set()
        for index in range(CHECKOUTS):
            pid, is_tls = _backend(engine)
            assert is_tls
            pids.add(pid)
            if index % 100 == 99:
                time.sleep(1)  # idle a moment: nothing may arrive on a live TLS connection
        assert len(pids) == 1, "a live TLS connection was taken for a dead one and reopened"
        (pid,) = pids
        admin = create_engine(private_tls_postgres.url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        admin.dispose()
        time.sleep(0.2)
        assert _backend(engine)[0] != pid  # replaced before use: no error
    finally:
        engine.dispose()
