"""Fault tests: a real server on each database the suite runs on (see tests/conftest.py)."""

from __future__ import annotations

import os
import shutil

import pytest

from tests.conftest import PG_ENV

from .private_postgres import PrivateCluster, missing_reason
from .server import SurveyServer


def _served(instance, database_url, **settings: str):
    instance.mkdir()
    server = SurveyServer(instance, database_url)
    server.env.update({f"SURVEY_{name}": value for name, value in settings.items()})
    server.cli("init", "--demo")
    server.start()
    return server


@pytest.fixture
def survey_server(database_url, tmp_path):
    """`survey init --demo` then `survey serve` (2 workers) on a free port; stopped after."""
    server = _served(tmp_path / "instance", database_url)
    yield server
    server.stop()


@pytest.fixture
def make_survey_server(tmp_path):
    """make(database_url, WORKERS="4", ...): the same with settings (no SURVEY_ prefix)."""
    servers: list[SurveyServer] = []

    def make(database_url: str, **settings: str) -> SurveyServer:
        servers.append(_served(tmp_path / "instance", database_url, **settings))
        return servers[-1]

    yield make
    for server in servers:
        server.stop()


@pytest.fixture
def sqlite_survey_server(tmp_path):
    """The same on SQLite only, for faults that are SQLite's own (file locks)."""
    server = _served(tmp_path / "instance", f"sqlite:///{tmp_path / 'survey.db'}")
    yield server
    server.stop()


def _private_cluster(is_tls: bool = False):
    if not os.environ.get(PG_ENV):
        pytest.skip(f"{PG_ENV} is not set: PostgreSQL tests skipped (.ci/run sets it)")
    reason = missing_reason()
    if reason:
        pytest.skip(f"no private PostgreSQL cluster: {reason}")
    if is_tls and shutil.which("openssl") is None:
        pytest.skip("no openssl to make the test certificate")
    cluster = PrivateCluster()
    try:
        cluster.init()
        if is_tls:
            cluster.enable_tls()
        cluster.start()
        yield cluster
    finally:
        cluster.remove()


@pytest.fixture
def private_postgres():
    """A PostgreSQL cluster of the test's own, which it may stop and start; removed after.

    Never the shared server of SURVEY_TEST_DATABASE_URL: other workers use it meanwhile.
    Skipped where PostgreSQL tests are (no SURVEY_TEST_DATABASE_URL) or cannot run here.
    """
    yield from _private_cluster()


@pytest.fixture
def private_tls_postgres():
    """The same, serving TLS only (clients connect with sslmode=require)."""
    yield from _private_cluster(is_tls=True)


@pytest.fixture
def private_postgres_server(private_postgres, tmp_path):
    """`survey serve` on the private cluster, asking clients to retry after 1 s (not 5)."""
    server = _served(tmp_path / "instance", private_postgres.url, RETRY_AFTER_SECONDS="1")
    yield server
    server.stop()
