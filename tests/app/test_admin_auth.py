"""Signing in to the workspace: sessions, cookies, CSRF, rate limit, safe redirects."""

from __future__ import annotations

import pytest

from survey_app.core.db import db
from survey_app.core.models import User
from survey_app.web.admin.auth import is_safe_next
from tests.app.admin_helpers import PASSWORD, csrf_token, login, make_staff, post


@pytest.fixture
def staff(app):
    # No app context is kept open during requests: each request must get its own `g`.
    with app.app_context():
        return make_staff()


def _change_user(app, user_id, **fields):
    with app.app_context():
        user = db.session.get(User, user_id)
        for name, value in fields.items():
            setattr(user, name, value)
        db.session.commit()


def test_anonymous_visitor_is_sent_to_the_login_page_with_next(client, staff):
    reply = client.get("/admin/")
    assert reply.status_code == 302
    assert reply.headers["Location"].startswith("/admin/login?next=")


def test_good_password_opens_a_session_and_a_wrong_one_is_refused(client, staff):
    wrong = login(client, "officer_a", "not the password")
    assert wrong.status_code == 401
    assert "Identifiant ou mot de passe incorrect" in wrong.get_data(as_text=True)
    assert client.get("/admin/").status_code == 302
    right = login(client, "officer_a")
    assert right.status_code == 303 and right.headers["Location"] == "/admin/"
    page = client.get("/admin/").get_data(as_text=True)
    assert "officer_a" in page and "Responsable qualité" in page


def test_accounts_store_a_scrypt_hash_and_sign_in_with_it(app, client):
    from survey_app.accounts.users import create_user

    with app.app_context():
        user = create_user(db.session, "scrypt_user", PASSWORD, role="admin")
        assert user.password_hash.startswith("scrypt:")
        assert PASSWORD not in user.password_hash
        db.session.commit()
    assert login(client, "scrypt_user").status_code == 303


def test_session_cookie_is_httponly_and_samesite(client, staff):
    reply = login(client, "admin")
    cookie = reply.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_session_cookie_is_secure_when_served_over_https(app, staff):
    app.config["SESSION_COOKIE_SECURE"] = True
    client = app.test_client()
    reply = login(client, "admin")
    assert "Secure" in reply.headers["Set-Cookie"]


def test_login_without_csrf_token_is_refused(client, staff):
    reply = client.post("/admin/login", data={"login": "admin", "password": PASSWORD})
    assert reply.status_code == 400
    assert "Le formulaire a expiré" in reply.get_data(as_text=True)


def test_empty_fields_are_named(client, staff):
    reply = client.post("/admin/login", data={"csrf_token": csrf_token(client)})
    assert reply.status_code == 422
    assert reply.get_data(as_text=True).count("Ce champ est obligatoire.") == 2


@pytest.mark.parametrize(
    "target,expected",
    [
        ("/admin/campaigns/new", "/admin/campaigns/new"),
        ("//evil.example/admin", "/admin/"),
        ("https://evil.example/admin", "/admin/"),
        ("/\\evil.example", "/admin/"),
        ("/s/accueil", "/admin/"),
    ],
)
def test_next_only_leads_inside_the_workspace(client, staff, target, expected):
    reply = login(client, "admin", next_url=target)
    assert reply.status_code == 303
    assert reply.headers["Location"] == expected


def test_is_safe_next_refuses_control_characters():
    assert not is_safe_next("/admin/\r\nLocation: http://evil")
    assert is_safe_next("/admin/campaigns/x?tab=1")


def test_logout_needs_a_post_with_csrf_and_ends_the_session(client, staff):
    login(client, "admin")
    assert client.get("/admin/logout").status_code == 405
    assert client.post("/admin/logout").status_code == 400  # no token
    assert post(client, "/admin/logout").status_code == 303
    assert client.get("/admin/").status_code == 302


def test_disabling_an_account_ends_its_open_sessions(app, client, staff):
    login(client, "officer_a")
    assert client.get("/admin/").status_code == 200
    _change_user(app, staff.ids["officer_a"], is_enabled=False)
    assert client.get("/admin/").status_code == 302
    assert login(client, "officer_a").status_code == 401


def test_a_new_password_ends_sessions_opened_with_the_old_one(app, client, staff):
    from werkzeug.security import generate_password_hash

    login(client, "officer_a")
    _change_user(app, staff.ids["officer_a"], password_hash=generate_password_hash("x" * 12))
    assert client.get("/admin/").status_code == 302


def test_failed_logins_are_rate_limited_per_address(client, staff):
    for _ in range(5):
        assert login(client, "admin", "wrong password").status_code == 401
    blocked = login(client, "admin")  # even the right password waits now
    assert blocked.status_code == 429
    assert "Trop de tentatives de connexion" in blocked.get_data(as_text=True)
    assert "Retry-After" in blocked.headers
    assert login(client, "officer_a").status_code == 429  # same address, other login


def test_failed_logins_are_rate_limited_per_login_name_across_addresses(app, staff):
    for number in range(5):
        other = app.test_client()
        other.environ_base["REMOTE_ADDR"] = f"10.0.0.{number}"
        assert login(other, "admin", "wrong password").status_code == 401
    fresh = app.test_client()
    fresh.environ_base["REMOTE_ADDR"] = "10.0.0.99"
    assert login(fresh, "admin").status_code == 429
    assert login(fresh, "officer_a").status_code == 303


def test_successful_logins_do_not_count_toward_the_limit(app, staff):
    for _ in range(8):
        client = app.test_client()
        assert login(client, "admin").status_code == 303
