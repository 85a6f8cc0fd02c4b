"""Shared fixtures: a real database per test, on SQLite and (when configured) PostgreSQL.

PostgreSQL runs when SURVEY_TEST_DATABASE_URL is set (`.ci/run` sets it); each
test gets its own schema there, so tests never see each other's rows.
"""

from __future__ import annotations

import contextvars
import os
import uuid

import pytest
from flask.testing import FlaskClient
from jinja2.bccache import Bucket, BytecodeCache
from sqlalchemy import create_engine, text

from survey_app import create_app
from survey_app.core.db import db
from tests.migrated import migrate

PG_ENV = "SURVEY_TEST_DATABASE_URL"


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


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'survey.db'}"
        return
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"{PG_ENV} is not set: PostgreSQL tests skipped (.ci/run sets it)")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in base else "?"
    yield f"{base}{separator}options=-csearch_path%3D{schema}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture
def app(database_url, tmp_path, monkeypatch):
    monkeypatch.setenv("SURVEY_INSTANCE_PATH", str(tmp_path / "instance"))
    for name in list(os.environ):
        if name.startswith("SURVEY_") and name not in ("SURVEY_INSTANCE_PATH", PG_ENV):
            monkeypatch.delenv(name)
    migrate(database_url)  # the chain's result, not the chain: see tests/migrated.py
    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "test-secret", "TESTING": True})
    app.jinja_env.bytecode_cache = COMPILED_TEMPLATES
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


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
