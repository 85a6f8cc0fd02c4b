"""`survey user create|passwd|disable`: accounts from the command line."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from survey_app.core.db import db
from survey_app.core.models import AuditEvent, Site, User, UserSite
from tests.app.admin_helpers import login


@pytest.fixture
def site(app):
    from survey_app.core.campaigns import get_or_create_site

    with app.app_context():
        get_or_create_site(db.session, "prefecture", "Préfecture", "Europe/Paris")
        db.session.commit()


def _user(app, login_name):
    with app.app_context():
        return db.session.scalar(select(User).filter_by(login=login_name))


def test_create_an_officer_for_a_site_with_a_password_printed_once(app, run, site):
    result = run("user", "create", "marie", "--role", "officer", "--site", "prefecture")
    assert result.exit_code == 0, result.output
    password = result.output.split("password: ")[1].split()[0]
    user = _user(app, "marie")
    assert user.role == "officer" and user.password_hash.startswith("scrypt:")
    with app.app_context():
        sites = db.session.scalars(
            select(Site.slug)
            .join(UserSite, UserSite.site_id == Site.id)
            .filter(UserSite.user_id == user.id)
        ).all()
        assert sites == ["prefecture"]
    assert login(app.test_client(), "marie", password).status_code == 303


def test_create_refuses_clear_mistakes(app, run, site):
    no_site = run("user", "create", "paul", "--role", "reader")
    assert no_site.exit_code == 1 and "needs at least one --site" in no_site.output
    unknown = run("user", "create", "paul", "--site", "nowhere")
    assert unknown.exit_code == 1 and "no site 'nowhere' (known: prefecture)" in unknown.output
    short = run("user", "create", "paul", "--site", "prefecture", "--password", "court")
    assert short.exit_code == 1 and "at least 12 characters" in short.output
    assert _user(app, "paul") is None
    run("user", "create", "root2", "--role", "admin", "--password", "long enough phrase")
    again = run("user", "create", "root2", "--role", "admin", "--password", "long enough phrase")
    assert again.exit_code == 1 and "already exists" in again.output


def test_create_with_a_new_site_name_creates_the_site(app, run):
    result = run("user", "create", "lea", "--site", "sp-nord", "--site-name", "Sous-préfecture")
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(select(Site.name).filter_by(slug="sp-nord")) == "Sous-préfecture"


def test_passwd_and_disable(app, run, site):
    first, second = "first long passphrase", "second long passphrase"
    run("user", "create", "marc", "--site", "prefecture", "--password", first)
    client = app.test_client()
    assert login(client, "marc", first).status_code == 303
    assert run("user", "passwd", "marc", "--password", second).exit_code == 0
    assert client.get("/admin/").status_code == 302  # the old session ended
    assert login(app.test_client(), "marc", second).status_code == 303
    disabled = run("user", "disable", "marc")
    assert disabled.exit_code == 0 and "disabled" in disabled.output
    assert login(app.test_client(), "marc", second).status_code == 401
    assert run("user", "disable", "nobody").exit_code == 1
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action).filter_by(target="user:marc")).all()
        assert actions == ["user.create", "user.passwd", "user.disable"]
