"""Fault tests: a real server on each database the suite runs on (see tests/conftest.py)."""

from __future__ import annotations

import pytest

from .server import SurveyServer


def _served(instance, database_url):
    instance.mkdir()
    server = SurveyServer(instance, database_url)
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
def sqlite_survey_server(tmp_path):
    """The same on SQLite only, for faults that are SQLite's own (file locks)."""
    server = _served(tmp_path / "instance", f"sqlite:///{tmp_path / 'survey.db'}")
    yield server
    server.stop()
