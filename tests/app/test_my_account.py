"""«Mon compte» (/admin/account): every role sees its own login, role and sites, sets its
own e-mail address, changes its password with the current one (other sessions end, this
one stays) and ends its other sessions; never anyone else's account, all audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from survey_app.core.db import db
from survey_app.core.models import AdminSession, AuditEvent, User
from tests.app.admin_helpers import PASSWORD, csrf_token, login, make_staff, post

NEW_PASSWORD = "le marché de Brive le samedi"


@pytest.fixture
def staff(app):
    with app.app_context():
        made = make_staff()
        db.session.get(User, made.ids["officer_b"]).email = "officer.b@sp.example"
        db.session.commit()
        return made.ids


def _signed_in(app, name: str, address: str = "192.0.2.1"):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    assert login(client, name).status_code == 303
    return client


def _copy(app, client):
    """Another browser holding a copy of `client`'s session cookie (a stolen cookie)."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def _user(app, name: str) -> tuple[str | None, bool]:
    with app.app_context():
        user = db.session.scalar(select(User).filter_by(login=name))
        return user.email, user.has_email_alerts


def _audits(app, action: str) -> list[tuple[int | None, str, dict]]:
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).filter_by(action=action))
        return [(event.user_id, event.target, event.details) for event in events]


def _change(client, current: str, new: str, confirm: str | None = None):
    form = {"current": current, "password": new, "confirm": new if confirm is None else confirm}
    return post(client, "/admin/account/password", form, token_from="/admin/account")


@pytest.mark.parametrize(
    ("name", "role", "sites"),
    [
        ("admin", "Administrateur", "Tous les sites"),
        ("officer_a", "Responsable qualité", "<dd>Préfecture</dd>"),
        ("reader_b", "Lecteur", "<dd>Sous-préfecture</dd>"),
    ],
)
def test_every_role_reaches_its_own_account_from_the_header(app, staff, name, role, sites):
    client = _signed_in(app, name)
    assert 'href="/admin/account">Mon compte</a>' in client.get("/admin/").get_data(as_text=True)
    reply = client.get("/admin/account")
    page = reply.get_data(as_text=True)
    assert reply.status_code == 200 and reply.headers["Cache-Control"] == "no-store"
    assert "<h1>Mon compte</h1>" in page and f"<dd>{name}</dd>" in page
    assert role in page and sites in page and 'aria-current="page">Mon compte' in page
    others = {"admin", "officer_a", "officer_b", "reader_a", "reader_b"} - {name}
    marks = (">{}<", ">{} (", 'value="{}"', "user:{}")
    shown = [o for o in others if any(mark.format(o) in page for mark in marks)]
    assert shown == []  # nobody else's login, in the header, a fact or a field
    assert "officer.b@sp.example" not in page
    assert page.count("Cette session") == 1 and "Autre session" not in page


def test_anonymous_visitors_are_sent_to_the_login_page(app, staff):
    client = app.test_client()
    reply = client.get("/admin/account")
    assert reply.status_code == 302 and "/admin/login" in reply.headers["Location"]
    token = csrf_token(client)
    for path in ("/admin/account/email", "/admin/account/password", "/admin/account/sessions/end"):
        reply = client.post(path, data={"csrf_token": token, "email": "x@sp.example"})
        assert reply.status_code == 302 and "/admin/login" in reply.headers["Location"]


def test_an_officer_sets_her_address_and_alerts_audited_as_herself(app, staff):
    officer = _signed_in(app, "officer_a")
    reply = post(officer, "/admin/account/email", {"email": " lea@sp.example "}, "/admin/account")
    assert reply.status_code == 303 and reply.headers["Location"] == "/admin/account"
    page = officer.get("/admin/account").get_data(as_text=True)
    assert "Votre adresse électronique est enregistrée." in page
    assert 'value="lea@sp.example"' in page
    assert _user(app, "officer_a") == ("lea@sp.example", False)  # the box was left unticked
    assert _audits(app, "user.email") == [
        (
            staff["officer_a"],
            "user:officer_a",
            {"before": {"email": None, "alerts": True}, "email": "lea@sp.example", "alerts": False},
        )
    ]


def test_a_reader_keeps_the_alerts_choice_it_has_no_box_for(app, staff):
    reader = _signed_in(app, "reader_a")
    assert "has_email_alerts" not in reader.get("/admin/account").get_data(as_text=True)
    assert post(reader, "/admin/account/email", {"email": "r@sp.example"}).status_code == 303
    assert _user(app, "reader_a") == ("r@sp.example", True)


def test_a_bad_address_is_refused_on_its_field_and_nothing_changes(app, staff):
    officer = _signed_in(app, "officer_a")
    reply = post(officer, "/admin/account/email", {"email": "Léa <lea@sp.example>"})
    page = reply.get_data(as_text=True)
    assert reply.status_code == 422 and reply.headers["Cache-Control"] == "no-store"
    assert 'id="email-error"' in page and "Adresse électronique non valide" in page
    assert 'href="#email"' in page  # the error summary links the field
    assert _user(app, "officer_a") == (None, True)
    assert _audits(app, "user.email") == []


def test_a_new_password_needs_the_current_one_and_ends_the_other_sessions(app, staff):
    office = _signed_in(app, "officer_a")
    phone = _signed_in(app, "officer_a")
    stolen = _copy(app, office)
    colleague = _signed_in(app, "officer_b")

    wrong = _change(office, "not my password", NEW_PASSWORD)
    page = wrong.get_data(as_text=True)
    assert wrong.status_code == 422 and 'id="current-error"' in page
    assert "Mot de passe actuel incorrect." in page and 'aria-invalid="true"' in page
    weak = _change(office, PASSWORD, "motdepasse2026")
    assert weak.status_code == 422 and "trop courant" in weak.get_data(as_text=True)
    differs = _change(office, PASSWORD, NEW_PASSWORD, "autre chose encore")
    assert differs.status_code == 422 and "Les deux saisies diffèrent" in differs.get_data(
        as_text=True
    )
    same = _change(office, PASSWORD, PASSWORD)
    assert same.status_code == 422 and "différent de l&#39;actuel" in same.get_data(as_text=True)
    assert _audits(app, "user.passwd") == []
    assert phone.get("/admin/").status_code == 200  # nothing changed so far

    changed = _change(office, PASSWORD, NEW_PASSWORD)
    assert changed.status_code == 303 and changed.headers["Location"] == "/admin/account"
    page = office.get("/admin/account").get_data(as_text=True)
    assert "Votre mot de passe est changé\u00a0; vos autres sessions sont fermées." in page
    assert page.count("Cette session") == 1 and "Autre session" not in page
    for ended in (phone, stolen):  # a copy of this browser's old cookie ends too
        assert ended.get("/admin/").status_code == 302
    assert colleague.get("/admin/").status_code == 200
    assert _audits(app, "user.passwd") == [(staff["officer_a"], "user:officer_a", {})]
    assert login(app.test_client(), "officer_a", PASSWORD).status_code == 401
    assert login(app.test_client(), "officer_a", NEW_PASSWORD).status_code == 303


def test_wrong_current_passwords_are_limited_per_account_like_failed_logins(app, staff):
    thief = _signed_in(app, "reader_a", "198.51.100.1")
    statuses = [_change(thief, f"guess {n}", NEW_PASSWORD).status_code for n in range(6)]
    assert statuses == [422] * 5 + [429]
    # Another copy of the session, even with the right password, waits as well.
    held = _change(_signed_in(app, "reader_a", "198.51.100.2"), PASSWORD, NEW_PASSWORD)
    page = held.get_data(as_text=True)
    assert held.status_code == 429 and int(held.headers["Retry-After"]) >= 1
    assert "Trop de mots de passe actuels incorrects\u00a0: patientez" in page
    assert "<h1>Mon compte</h1>" in page
    assert login(app.test_client(), "reader_a", NEW_PASSWORD).status_code == 401
    # Other accounts are not held, and invalid forms are not counted.
    other = _signed_in(app, "reader_b", "198.51.100.1")
    assert [_change(other, PASSWORD, "court").status_code for _ in range(6)] == [422] * 6
    assert _change(other, PASSWORD, NEW_PASSWORD).status_code == 303


def test_ending_the_other_sessions_keeps_this_one(app, staff):
    office = _signed_in(app, "officer_a")
    phone, laptop = _signed_in(app, "officer_a"), _signed_in(app, "officer_a")
    colleague = _signed_in(app, "officer_b")
    page = office.get("/admin/account").get_data(as_text=True)
    assert page.count("Cette session") == 1 and page.count("Autre session") == 2
    reply = post(office, "/admin/account/sessions/end", token_from="/admin/account")
    assert reply.status_code == 303
    page = office.get("/admin/account").get_data(as_text=True)
    assert "2 autres sessions fermées." in page and "Aucune autre session n'est ouverte." in page
    assert phone.get("/admin/").status_code == 302 and laptop.get("/admin/").status_code == 302
    assert colleague.get("/admin/").status_code == 200
    assert _audits(app, "user.logout_others") == [
        (staff["officer_a"], "user:officer_a", {"sessions": 2})
    ]
    assert post(office, "/admin/account/sessions/end").status_code == 303
    assert "Aucune autre session n&#39;était ouverte." in office.get("/admin/account").get_data(
        as_text=True
    )


def test_every_form_of_the_page_needs_its_csrf_token(app, staff):
    officer = _signed_in(app, "officer_a")
    for path in ("/admin/account/email", "/admin/account/password", "/admin/account/sessions/end"):
        assert officer.post(path, data={"email": "x@sp.example"}).status_code == 400
    assert _user(app, "officer_a") == (None, True)


def test_hostile_input_gets_a_field_error_never_a_500(app, staff):
    officer = _signed_in(app, "officer_a")
    for email in ("a\x00@sp.example", "x" * 5000, "é@é.fr"):
        assert post(officer, "/admin/account/email", {"email": email}).status_code == 422
    for current, new in (
        ("\x00", NEW_PASSWORD),
        ("x" * 5000, NEW_PASSWORD),
        (PASSWORD, "y" * 5000),
    ):
        assert _change(officer, current, new).status_code == 422
    extra = {"email": "o@sp.example", "has_email_alerts": "oui" * 1000, "user_id": "1"}
    assert post(officer, "/admin/account/email", extra).status_code == 303
    assert _user(app, "officer_a") == ("o@sp.example", True)  # its own account, whatever is sent


FIREFOX_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


def test_each_session_shows_its_browser_and_system_and_keeps_nothing_more(app, staff):
    def browser(user_agent: str | None):
        client = app.test_client()
        if user_agent is not None:
            client.environ_base["HTTP_USER_AGENT"] = user_agent
        assert login(client, "officer_a").status_code == 303
        return client

    office = browser(FIREFOX_LINUX)
    browser(SAFARI_IPHONE)
    browser("")  # a script, or a browser that sends none
    page = office.get("/admin/account").get_data(as_text=True)
    rows = page.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    assert "Cette session" in rows[0] and "Firefox 133 sous Linux" in rows[0]
    others = "".join(rows[1:])
    assert "Mobile Safari 17 sous iOS (iPhone)" in others and "Navigateur inconnu" in others
    with app.app_context():
        kept = set(db.session.scalars(select(AdminSession.device)))
    assert kept == {"Firefox 133 sous Linux", "Mobile Safari 17 sous iOS (iPhone)", None}
    # A new password opens a fresh session for this browser: still named.
    assert _change(office, PASSWORD, NEW_PASSWORD).status_code == 303
    assert "Firefox 133 sous Linux" in office.get("/admin/account").get_data(as_text=True)


def test_a_made_up_user_agent_is_read_only_so_far_and_named_at_most_80_characters(app):
    from survey_app.web.admin.browsers import LONGEST, device_label

    with app.test_request_context():
        assert device_label("curl/8.5.0") == "curl 8"
        assert device_label("x" * 100_000) is None
        long_firefox = FIREFOX_LINUX + " " + "y" * 100_000
        assert device_label(long_firefox) == "Firefox 133 sous Linux"
        assert device_label("z" * LONGEST + FIREFOX_LINUX) is None  # past what is read
        model = "SM-X" + "2" * 150  # a model name as long as a header allows
        tablet = f"Mozilla/5.0 (Linux; Android 14; {model} Build/UP1A) AppleWebKit/537.36 "
        named = device_label(tablet + "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36")
        assert named.startswith("Chrome 131 sous Android (Samsung SM-X222") and len(named) == 80
