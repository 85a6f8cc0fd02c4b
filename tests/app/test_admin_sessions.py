"""Admin sessions end on the server: logout, «déconnecter partout», a new password, a
disabled account, idle and absolute timeouts end every copy of a session cookie."""

from __future__ import annotations

import base64
import json
import zlib
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from survey_app.accounts.sessions import count_sessions
from survey_app.core.clock import utcnow
from survey_app.core.db import db
from survey_app.core.models import AdminSession, AuditEvent, User
from tests.app.admin_helpers import csrf_token, login, make_staff, post


@pytest.fixture
def staff(app):
    with app.app_context():
        return make_staff()


def _signed_in(app, name: str):
    client = app.test_client()
    assert login(client, name).status_code == 303
    return client


def _copy(app, client):
    """Another browser holding a copy of `client`'s session cookie (a stolen cookie)."""
    thief = app.test_client()
    cookie = client.get_cookie("session")
    thief.set_cookie("session", cookie.value)
    return thief


def _session_payload(client) -> dict:
    value = client.get_cookie("session").value
    compressed = value.startswith(".")
    data = value.lstrip(".").split(".")[0]
    raw = base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))
    return json.loads(zlib.decompress(raw) if compressed else raw)


def test_a_copy_of_the_cookie_taken_before_logout_no_longer_opens_anything(app, staff):
    owner = _signed_in(app, "officer_a")
    thief = _copy(app, owner)
    assert thief.get("/admin/").status_code == 200  # the copy works while the session lives
    token = csrf_token(thief, "/admin/")
    assert post(owner, "/admin/logout").status_code == 303
    assert thief.get("/admin/").status_code == 302
    # A form posted with the copy (and its valid CSRF token) is sent to the login page.
    reply = thief.post("/admin/tablets", data={"name": "Borne volée", "csrf_token": token})
    assert reply.status_code == 302 and "/admin/login" in reply.headers["Location"]


def test_the_cookie_carries_a_random_token_and_nothing_from_the_password(app, staff):
    client = _signed_in(app, "officer_a")
    payload = _session_payload(client)
    with app.app_context():
        user = db.session.scalar(select(User).filter_by(login="officer_a"))
        password_hash = user.password_hash
        stored = db.session.scalars(select(AdminSession.token_hash)).all()
    token = payload["_user_id"]
    assert len(token) >= 40 and str(user.id) != token.split(":")[0]
    for piece in (password_hash[-16:], password_hash.split("$")[-1][:16]):
        assert piece not in json.dumps(payload)
    assert token not in stored  # the table keeps its hash, useless to whoever reads it


def test_logout_ends_only_that_session_not_the_users_other_browsers(app, staff):
    office, phone = _signed_in(app, "officer_a"), _signed_in(app, "officer_a")
    assert post(office, "/admin/logout").status_code == 303
    assert phone.get("/admin/").status_code == 200


def test_an_administrator_ends_every_session_of_an_account_at_once(app, staff):
    office, phone = _signed_in(app, "officer_a"), _signed_in(app, "officer_a")
    stolen = _copy(app, office)
    other = _signed_in(app, "officer_b")
    admin = _signed_in(app, "admin")
    url = f"/admin/users/{staff.ids['officer_a']}/sessions/end"
    reply = post(admin, url, {"next": "/admin/campaigns/new"})
    assert reply.status_code == 303 and reply.headers["Location"] == "/admin/campaigns/new"
    assert "officer_a\u00a0: 2 sessions fermées." in admin.get("/admin/").get_data(as_text=True)
    for browser in (office, phone, stolen):
        assert browser.get("/admin/").status_code == 302
    assert other.get("/admin/").status_code == 200
    assert admin.get("/admin/").status_code == 200
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).filter_by(action="user.logout_everywhere"))
        assert event.target == "user:officer_a" and event.details == {"sessions": 2}
        assert event.user_id == staff.ids["admin"]


def test_only_an_administrator_may_end_someone_elses_sessions(app, staff):
    officer = _signed_in(app, "officer_a")
    victim = _signed_in(app, "officer_b")
    reply = post(officer, f"/admin/users/{staff.ids['officer_b']}/sessions/end")
    assert reply.status_code == 403
    assert victim.get("/admin/").status_code == 200
    admin = _signed_in(app, "admin")
    assert post(admin, "/admin/users/999999/sessions/end").status_code == 404


def test_survey_user_logout_everywhere_ends_the_accounts_sessions(app, run, staff):
    browser = _signed_in(app, "reader_a")
    result = run("user", "logout-everywhere", "reader_a")
    assert result.exit_code == 0, result.output
    assert "Ended 1 open session(s) of 'reader_a'." in result.output
    assert browser.get("/admin/").status_code == 302
    assert run("user", "logout-everywhere", "nobody").exit_code != 0


@pytest.mark.parametrize(
    "change", ["passwd", "disable", "password_attribute", "disabled_attribute"]
)
def test_a_new_password_or_a_disabled_account_ends_every_copy_of_its_sessions(
    app, run, staff, change
):
    owner = _signed_in(app, "officer_a")
    stolen = _copy(app, owner)
    if change in ("passwd", "disable"):
        assert run("user", change, "officer_a").exit_code == 0
    else:  # whatever code changes the account (the users page), the sessions end
        with app.app_context():
            user = db.session.get(User, staff.ids["officer_a"])
            if change == "password_attribute":
                user.password_hash = "pbkdf2:sha256:1000$x$y"
            else:
                user.is_enabled = False
            db.session.commit()
            assert count_sessions(db.session, user.id) == 0
    assert owner.get("/admin/").status_code == 302
    assert stolen.get("/admin/").status_code == 302


def _age_sessions(app, **ago: timedelta) -> None:
    now = utcnow()
    with app.app_context():
        values = {f"{name}_at": now - delta for name, delta in ago.items()}
        db.session.execute(update(AdminSession).values(**values))
        db.session.commit()


def test_a_session_unused_past_the_idle_timeout_ends(app, staff):
    app.config["ADMIN_IDLE_MINUTES"] = 30
    client = _signed_in(app, "officer_a")
    _age_sessions(app, last_seen=timedelta(minutes=29))
    assert client.get("/admin/").status_code == 200  # and the page view counts as use
    with app.app_context():
        seen = db.session.scalar(select(AdminSession.last_seen_at))
    assert utcnow() - seen < timedelta(minutes=1)
    _age_sessions(app, last_seen=timedelta(minutes=31))
    assert client.get("/admin/").status_code == 302


def test_a_session_ends_after_its_absolute_lifetime_however_busy(app, staff):
    app.config["ADMIN_SESSION_HOURS"] = 8
    client = _signed_in(app, "officer_a")
    _age_sessions(app, created=timedelta(hours=7, minutes=59))
    assert client.get("/admin/").status_code == 200
    _age_sessions(app, created=timedelta(hours=8, minutes=1))
    assert client.get("/admin/").status_code == 302


def test_signing_in_again_forgets_the_users_ended_sessions(app, staff):
    _signed_in(app, "officer_a")
    _age_sessions(app, created=timedelta(days=30))
    _signed_in(app, "officer_a")
    with app.app_context():
        assert count_sessions(db.session, staff.ids["officer_a"]) == 1


def test_only_sessions_still_open_are_counted_as_closed(app, run, staff):
    """«N sessions fermées» counts sessions that were open: those a timeout had already
    ended are deleted with them but not counted, on each of the three ways to end them."""
    app.config["ADMIN_IDLE_MINUTES"] = 30

    def two_timed_out() -> None:
        """Two more sessions of officer_a, then every one of its sessions unused for an hour."""
        for _ in range(2):
            _signed_in(app, "officer_a")
        with app.app_context():
            an_hour_ago = utcnow() - timedelta(hours=1)
            mine = AdminSession.user_id == staff.ids["officer_a"]
            db.session.execute(update(AdminSession).where(mine).values(last_seen_at=an_hour_ago))
            db.session.commit()

    two_timed_out()
    office, other = _signed_in(app, "officer_a"), _signed_in(app, "officer_a")
    post(office, "/admin/account/sessions/end", token_from="/admin/account")
    assert "1 autre session fermée." in office.get("/admin/account").get_data(as_text=True)
    with app.app_context():
        assert count_sessions(db.session, staff.ids["officer_a"]) == 1  # the rest deleted
    assert other.get("/admin/").status_code == 302

    two_timed_out()  # `office` with them
    _signed_in(app, "officer_a")
    admin = _signed_in(app, "admin")
    post(admin, f"/admin/users/{staff.ids['officer_a']}/sessions/end")
    assert "officer_a\u00a0: 1 session fermée." in admin.get("/admin/").get_data(as_text=True)

    two_timed_out()
    _signed_in(app, "officer_a")
    result = run("user", "logout-everywhere", "officer_a")
    assert "Ended 1 open session(s) of 'officer_a'." in result.output
    with app.app_context():
        assert count_sessions(db.session, staff.ids["officer_a"]) == 0
        events = db.session.scalars(
            select(AuditEvent.details).where(AuditEvent.action.like("user.logout_%"))
        ).all()
    assert [e["sessions"] for e in events] == [1, 1, 1]
