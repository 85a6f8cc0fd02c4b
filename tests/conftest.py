"""Shared fixtures: a real database per test, on SQLite and (when configured) PostgreSQL.

PostgreSQL runs when SURVEY_TEST_DATABASE_URL is set (`.ci/run` sets it); each
test gets its own schema there (in its process's own database: tests/pg.py), so tests
never see each other's rows.
"""

from __future__ import annotations

import contextvars
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from jinja2.bccache import Bucket, BytecodeCache
from werkzeug.routing import Rule

from survey_app import create_app
from survey_app.core.db import db
from tests import pg
from tests.migrated import migrate
from tests.pg import PG_ENV


class _CompiledTemplates(BytecodeCache):
    """Templates compiled once per test process, not once per test's app (Jinja checks
    each template's source checksum before using its code)."""

    def __init__(self):
        self._codes: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self._codes:
            bucket.bytecode_from_string(self._codes[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._codes[bucket.key] = bucket.bytecode_to_string()


COMPILED_TEMPLATES = _CompiledTemplates()


def _share_url_builders() -> None:
    """Each test builds its own app, and werkzeug generates and compiles two URL-building
    functions for each of its ~100 routes: three quarters of `create_app`'s time, paid
    again by some 1,400 apps. A builder depends only on the rule's text and parts (it reads
    the converters from the rule it is bound to when called), so each is made once per
    test process. Rules with defaults resolve them through a converter when compiled:
    those are compiled each time, as werkzeug does."""
    compile_builder = Rule._compile_builder
    builders: dict[tuple, object] = {}

    def shared(self: Rule, append_unknown: bool = True):
        if self.defaults:
            return compile_builder(self, append_unknown)
        key = (self.rule, self.host, self.subdomain, tuple(self._trace), append_unknown)
        if key not in builders:
            builders[key] = compile_builder(self, append_unknown)
        return builders[key]

    Rule._compile_builder = shared


_share_url_builders()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'survey.db'}"
        return
    url = postgresql_url()
    yield url
    pg.release(url)


def postgresql_url() -> str:
    """An empty schema of this process's PostgreSQL database (tests/pg.py), or a skip."""
    if not pg.configured():
        pytest.skip(f"{PG_ENV} is not set: PostgreSQL tests skipped (.ci/run sets it)")
    return pg.new_schema()


@pytest.fixture(scope="session", autouse=True)
def _postgresql_database():
    yield
    pg.drop_database()


def migrated_app(database_url: str, instance, monkeypatch):
    """An app on `database_url` brought to the latest schema, with only the test's settings
    (no SURVEY_ variable of the environment but the instance folder)."""
    monkeypatch.setenv("SURVEY_INSTANCE_PATH", str(instance))
    for name in list(os.environ):
        if name.startswith("SURVEY_") and name not in ("SURVEY_INSTANCE_PATH", PG_ENV):
            monkeypatch.delenv(name)
    migrate(database_url)  # the chain's result, not the chain: see tests/migrated.py
    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "test-secret", "TESTING": True})
    app.jinja_env.bytecode_cache = COMPILED_TEMPLATES
    return app


def closed(app) -> None:
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@contextmanager
def shared_app(engine: str, folder: Path) -> Iterator:
    """An app for a whole module whose tests only read what one costly set-up stored
    (a module-scoped fixture's body): `engine` is "sqlite" or "postgresql"."""
    url = f"sqlite:///{folder / 'survey.db'}" if engine == "sqlite" else postgresql_url()
    with pytest.MonkeyPatch.context() as monkeypatch:
        app = migrated_app(url, folder / "instance", monkeypatch)
        try:
            yield app
        finally:
            closed(app)


@pytest.fixture
def app(database_url, tmp_path, monkeypatch):
    app = migrated_app(database_url, tmp_path / "instance", monkeypatch)
    yield app
    closed(app)


class IsolatedClient(FlaskClient):
    """Each request runs in fresh context variables, as on a real server.

    Without this, a request reuses the app context a test holds open (for its own
    db.session), so `g` and the session would leak between requests and hide bugs
    such as a view that forgets to commit.
    """

    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)


@pytest.fixture
def client(app):
    app.test_client_class = IsolatedClient
    return app.test_client()


@pytest.fixture
def app_ctx(app):
    with app.app_context():
        yield app


@pytest.fixture
def make_campaign(app_ctx):
    """Create a campaign on the bundled questionnaire; returns it (attached to db.session)."""
    from questionnaires import bundled_path, load_questionnaire
    from survey_app.core.campaigns import create_campaign, get_or_create_site

    def make(slug="accueil-2026", status="open", questionnaire=None, **fields):
        site = get_or_create_site(db.session, "prefecture", "Préfecture", "Europe/Paris")
        campaign = create_campaign(
            db.session,
            slug=slug,
            title=fields.pop("title", "Enquête accueil 2026"),
            site=site,
            questionnaire=questionnaire or load_questionnaire(bundled_path()),
            status=status,
            **fields,
        )
        db.session.commit()
        return campaign

    return make


@pytest.fixture
def campaign(make_campaign):
    return make_campaign()
