"""Fixtures for the app tests beyond tests/conftest.py."""

from __future__ import annotations

import socket
from email import message_from_bytes
from email.policy import default

import pytest
from flask.cli import ScriptInfo

from survey_app import create_app
from survey_app.cli import cli
from survey_app.core.db import db
from tests.app.admin_helpers import login, make_world
from tests.conftest import COMPILED_TEMPLATES, IsolatedClient


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
        app.jinja_env.bytecode_cache = COMPILED_TEMPLATES
        apps.append(app)
        return app

    yield make
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def world(app):
    """Two sites, their campaigns, accounts and a tablet (admin_helpers.make_world)."""
    return make_world(app)


@pytest.fixture
def officer(app, world):
    """A test client signed in as officer_a, the quality officer of site A."""
    client = app.test_client()
    login(client, "officer_a")
    return client


@pytest.fixture
def editor(app, world, app_ctx):
    """officer_a signed in, for the questionnaire editor's tests, which read db.session
    between requests: the test holds an app context (app_ctx), so each request runs in its
    own (IsolatedClient), as on a real server, and nothing leaks from one to the next."""
    app.test_client_class = IsolatedClient
    client = app.test_client()
    login(client, "officer_a")
    return client


class Inbox:
    """aiosmtpd handler: keeps every message it receives; refuses the addresses in
    `refused` (a mailbox that does not exist)."""

    def __init__(self):
        self.messages = []
        self.envelope_recipients = []
        self.refused: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content, policy=default))
        self.envelope_recipients.append(sorted(envelope.rcpt_tos))
        return "250 OK"


@pytest.fixture
def inbox(app):
    """A real SMTP server on a free local port, with the SMTP_* and ALERT_* settings to
    reach it; ALERT_TO holds two addresses (the server administrator's copy)."""
    from aiosmtpd.controller import Controller

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=port,
        SMTP_SECURITY="none",
        ALERT_FROM="enquetes@prefecture.example",
        ALERT_TO="qualite@prefecture.example, accueil@prefecture.example",
    )
    yield handler
    controller.stop()
