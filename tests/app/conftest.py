"""Fixtures for the app tests beyond tests/conftest.py."""

from __future__ import annotations

import pytest
from flask.cli import ScriptInfo

from survey_app import create_app
from survey_app.cli import cli
from survey_app.core.db import db


@pytest.fixture
def run(app):
    """`survey ARGS...` against the test's app; arguments may be paths or numbers."""
    runner = app.test_cli_runner()

    def invoke(*args):
        return runner.invoke(cli, [str(a) for a in args], obj=ScriptInfo(create_app=lambda: app))

    return invoke


@pytest.fixture
def make_app(database_url, tmp_path, monkeypatch):
    """Another app (another worker, other settings) on the test's database; closed after."""
    monkeypatch.setenv("SURVEY_INSTANCE_PATH", str(tmp_path / "instance"))
    apps = []

    def make(**settings):
        app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "x", **settings})
        apps.append(app)
        return app

    yield make
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
