"""Accounts in the workspace: create with a one-time link, choose a password under the
rules, change role and sites, disable, never lose the last administrator, all audited;
officers see their own sites' people only."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from survey_app.core.db import db
from survey_app.core.models import AuditEvent, User, UserSite
from tests.app.admin_helpers import PASSWORD, csrf_token, login, make_staff, post

LINK = re.compile(r'href="(http://localhost/admin/password/[^"]+)"')


@dataclass
class Ids:
    site_a: int
    site_b: int
    ids: dict[str, int]


@pytest.fixture
def staff(app):
    with app.app_context():
        made = make_staff()
        return Ids(made.site_a.id, made.site_b.id, made.ids)


@pytest.fixture
def admin(app, staff):
    client = app.test_client()
    assert login(client, "admin").status_code == 303
    return client


def _user(app, login_name: str) -> User | None:
    with app.app_context():
        user = db.session.scalar(select(User).filter_by(login=login_name))
        if user is not None:
            db.session.expunge(user)
        return user


def _choose(app, link: str, password: str, confirm: str | None = None):
    client = app.test_client()
    path = link.removeprefix("http://localhost")
    token = csrf_token(client, path)
    return client.post(
        path, data={"password": password, "confirm": confirm or password, "csrf_token": token}
    )


def test_an_administrator_creates_an_officer_who_chooses_a_password_by_a_one_time_link(
    app, staff, admin
):
    site_b = staff.site_b
    reply = post(
        admin, "/admin/users", {"login": "lea.martin", "role": "officer", "sites": str(site_b)}
    )
    assert reply.status_code == 201
    assert reply.headers["Cache-Control"] == "no-store"
    link = LINK.search(reply.get_data(as_text=True)).group(1)
    assert link not in admin.get("/admin/users").get_data(as_text=True)  # shown once
    created = _user(app, "lea.martin")
    assert created.role == "officer" and created.reset_token_hash not in (None, link)
    assert login(app.test_client(), "lea.martin", "").status_code != 303

    common = _choose(app, link, "motdepasse2026")
    assert common.status_code == 422 and "trop courant" in common.get_data(as_text=True)
    differs = _choose(app, link, "une longue phrase secrète", "une autre phrase")
    assert differs.status_code == 422 and "Les deux saisies diffèrent" in differs.get_data(
        as_text=True
    )
    assert _choose(app, link, "une longue phrase secrète").status_code == 303
    assert login(app.test_client(), "lea.martin", "une longue phrase secrète").status_code == 303
    used = app.test_client().get(link.removeprefix("http://localhost"))
    assert used.status_code == 404  # the link works once
    with app.app_context():
        sites = db.session.scalars(select(UserSite.site_id).filter_by(user_id=created.id)).all()
        assert sites == [site_b]
        actions = db.session.scalars(
            select(AuditEvent.action).filter_by(target="user:lea.martin").order_by(AuditEvent.id)
        ).all()
        assert actions == ["user.create", "user.reset_link", "user.passwd"]


def test_create_refuses_bad_input_field_by_field(app, staff, admin):
    taken = post(admin, "/admin/users", {"login": "officer_a", "role": "reader", "sites": "1"})
    assert taken.status_code == 422 and "existe déjà" in taken.get_data(as_text=True)
    no_site = post(admin, "/admin/users", {"login": "paul", "role": "reader"})
    assert no_site.status_code == 422 and "au moins un site" in no_site.get_data(as_text=True)
    spaces = post(admin, "/admin/users", {"login": "paul martin", "role": "admin"})
    assert spaces.status_code == 422 and "lettres sans accent" in spaces.get_data(as_text=True)
    assert _user(app, "paul") is None and _user(app, "paul martin") is None


def test_a_new_password_link_stops_the_old_password_and_its_sessions(app, staff, admin):
    officer = app.test_client()
    assert login(officer, "officer_a").status_code == 303
    reply = post(admin, f"/admin/users/{staff.ids['officer_a']}/password-link")
    assert reply.status_code == 200 and reply.headers["Cache-Control"] == "no-store"
    link = LINK.search(reply.get_data(as_text=True)).group(1)
    assert officer.get("/admin/").status_code == 302  # the open session ended
    assert login(app.test_client(), "officer_a", PASSWORD).status_code == 401
    assert _choose(app, link, "la nouvelle phrase choisie").status_code == 303
    assert login(app.test_client(), "officer_a", "la nouvelle phrase choisie").status_code == 303


def test_role_and_sites_change_and_are_audited(app, staff, admin):
    both = [str(staff.site_a), str(staff.site_b)]
    reply = post(admin, f"/admin/users/{staff.ids['reader_a']}", {"role": "officer", "sites": both})
    assert reply.status_code == 303
    with app.app_context():
        user = db.session.get(User, staff.ids["reader_a"])
        sites = set(db.session.scalars(select(UserSite.site_id).filter_by(user_id=user.id)))
        assert user.role == "officer" and sites == {staff.site_a, staff.site_b}
        event = db.session.scalar(select(AuditEvent).filter_by(action="user.update"))
        assert event.user_id == staff.ids["admin"]
        assert event.details["before"] == {"role": "reader", "sites": ["prefecture"]}


def test_the_last_administrator_can_be_neither_disabled_nor_demoted(app, staff, admin):
    me = staff.ids["admin"]
    refused = post(admin, f"/admin/users/{me}/disable")
    assert refused.status_code == 409
    assert "dernier administrateur" in refused.get_data(as_text=True)
    demoted = post(admin, f"/admin/users/{me}", {"role": "officer", "sites": "1"})
    assert demoted.status_code == 409
    assert _user(app, "admin").role == "admin" and _user(app, "admin").is_enabled
    # With a second administrator, the first may step down.
    post(admin, f"/admin/users/{staff.ids['officer_a']}", {"role": "admin"})
    assert post(admin, f"/admin/users/{me}/disable").status_code == 303
    assert not _user(app, "admin").is_enabled


def test_a_disabled_account_cannot_sign_in_until_enabled_again(app, staff, admin):
    reader = staff.ids["reader_b"]
    assert post(admin, f"/admin/users/{reader}/disable").status_code == 303
    assert login(app.test_client(), "reader_b").status_code == 401
    assert post(admin, f"/admin/users/{reader}/enable").status_code == 303
    assert login(app.test_client(), "reader_b").status_code == 303
    with app.app_context():
        actions = db.session.scalars(
            select(AuditEvent.action).filter_by(target="user:reader_b").order_by(AuditEvent.id)
        ).all()
        assert actions == ["user.create", "user.disable", "user.enable"]


def test_an_officer_sees_the_people_of_their_sites_only_and_changes_nothing(app, staff):
    officer = app.test_client()
    login(officer, "officer_a")
    page = officer.get("/admin/users").get_data(as_text=True)
    assert "reader_a" in page and "officer_a" in page
    assert "officer_b" not in page and "reader_b" not in page
    assert "Ajouter un compte" not in page and "Modifier" not in page


def test_an_unknown_or_expired_link_says_so(app, staff):
    reply = app.test_client().get("/admin/password/not-a-code")
    assert reply.status_code == 404 and "Ce lien ne fonctionne pas" in reply.get_data(as_text=True)


def test_user_list_and_the_rules_on_the_command_line(app, run, staff):
    listed = run("user", "list")
    assert listed.exit_code == 0
    assert re.search(r"officer_a\s+officer\s+enabled\s+prefecture", listed.output)
    assert re.search(r"admin\s+admin\s+enabled\s+all sites", listed.output)
    common = run("user", "create", "paul", "--site", "prefecture", "--password", "azerty123456")
    assert common.exit_code == 1 and "too common" in common.output
    last = run("user", "disable", "admin")
    assert last.exit_code == 1 and "last enabled administrator" in last.output
    assert _user(app, "admin").is_enabled


def test_two_administrators_disabling_each_other_at_once_leave_one_enabled(app, staff):
    """The second waits for the first's transaction and then sees it: refused."""
    import threading

    from survey_app.accounts.users import LastAdministrator, set_enabled
    from survey_app.core.db import write_intent

    with app.app_context():
        second = create_user_fast(app, "admin2")
    first_done, outcomes = threading.Event(), {}

    def disable(target_id: int, name: str, hold: bool) -> None:
        with app.app_context(), write_intent():
            try:
                if not hold:
                    first_done.wait(10)
                set_enabled(db.session, db.session.get(User, target_id), False)
                if hold:
                    first_done.set()  # its change is flushed, not committed yet
                    threading.Event().wait(0.5)
                db.session.commit()
                outcomes[name] = "disabled"
            except LastAdministrator:
                db.session.rollback()
                outcomes[name] = "refused"
            finally:
                db.session.remove()

    threads = [
        threading.Thread(target=disable, args=(second, "first", True)),
        threading.Thread(target=disable, args=(staff.ids["admin"], "second", False)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert outcomes == {"first": "disabled", "second": "refused"}
    assert _user(app, "admin").is_enabled and not _user(app, "admin2").is_enabled


def create_user_fast(app, login_name: str) -> int:
    from survey_app.accounts.users import create_user

    user = create_user(db.session, login_name, None, "admin")
    db.session.commit()
    return user.id


def test_an_accounts_page_ends_its_sessions_everywhere_and_comes_back(app, staff, admin):
    officer = app.test_client()
    assert login(officer, "officer_a").status_code == 303
    page_url = f"/admin/users/{staff.ids['officer_a']}"
    page = admin.get(page_url).get_data(as_text=True)
    action = f"/admin/users/{staff.ids['officer_a']}/sessions/end"
    assert f'action="{action}"' in page and "Déconnecter partout" in page
    reply = post(admin, action, {"next": page_url}, token_from=page_url)
    assert reply.status_code == 303 and reply.headers["Location"].endswith(page_url)
    assert officer.get("/admin/").status_code == 302  # its session ended
    assert admin.get("/admin/").status_code == 200  # the administrator's did not
    assert login(app.test_client(), "officer_a", PASSWORD).status_code == 303  # same password
