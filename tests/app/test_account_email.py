"""An account's e-mail address and its «Recevoir les alertes par courriel» choice: set by
an administrator on the accounts pages or by `survey user create|edit --email`, checked
field by field in French, audited, shown to administrators only."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from survey_app.core.db import db
from survey_app.core.models import AuditEvent, User
from tests.app.admin_helpers import login, make_staff, post


@pytest.fixture
def staff(app):
    with app.app_context():
        made = make_staff()
        return {"site_a": made.site_a.id, **made.ids}


@pytest.fixture
def admin(app, staff):
    client = app.test_client()
    assert login(client, "admin").status_code == 303
    return client


def _stored(app, login_name: str) -> tuple[str | None, bool, str]:
    with app.app_context():
        user = db.session.scalar(select(User).filter_by(login=login_name))
        return user.email, user.has_email_alerts, user.role


def _audits(app, action: str) -> list[dict]:
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).filter_by(action=action))
        return [event.details for event in events]


@pytest.mark.parametrize(
    "address",
    ["pas une adresse", "marie@localhost", "Marie <marie@sp.example>", "a@b.fr, c@d.fr", "a @b.fr"],
)
def test_a_bad_address_is_refused_on_its_field_in_french_and_nothing_changes(
    app, staff, admin, address
):
    form = {"role": "reader", "sites": str(staff["site_a"]), "email": address}
    edit = post(admin, f"/admin/users/{staff['officer_a']}", {**form, "has_email_alerts": "y"})
    page = edit.get_data(as_text=True)
    assert edit.status_code == 422
    assert 'id="email-error"' in page and "Adresse électronique non valide" in page
    assert 'aria-invalid="true"' in page and 'href="#email"' in page  # the summary links it
    assert _stored(app, "officer_a") == (None, True, "officer")  # the role did not change
    created = post(admin, "/admin/users", {**form, "login": "marie"})
    assert created.status_code == 422 and "Adresse électronique non valide" in created.get_data(
        as_text=True
    )
    with app.app_context():
        assert db.session.scalar(select(User).filter_by(login="marie")) is None


def test_an_administrator_sets_and_clears_an_address_and_its_alerts_audited(app, staff, admin):
    created = post(
        admin,
        "/admin/users",
        {"login": "marie", "role": "officer", "sites": str(staff["site_a"]),
         "email": " Marie.Curie@sp-alpha.example ", "has_email_alerts": "y"},
    )  # fmt: skip
    assert created.status_code == 201
    assert _stored(app, "marie") == ("Marie.Curie@sp-alpha.example", True, "officer")
    assert _audits(app, "user.create")[-1]["email"] == "Marie.Curie@sp-alpha.example"
    form = {"role": "officer", "sites": str(staff["site_a"]), "email": "qualite@sp-alpha.example"}
    assert post(admin, f"/admin/users/{staff['officer_a']}", form).status_code == 303
    assert _stored(app, "officer_a") == ("qualite@sp-alpha.example", False, "officer")
    assert _audits(app, "user.email") == [
        {
            "before": {"email": None, "alerts": True},
            "email": "qualite@sp-alpha.example",
            "alerts": False,
        }
    ]
    page = admin.get("/admin/users").get_data(as_text=True)
    assert 'qualite@<wbr>sp-alpha.example <span class="hint">(sans&nbsp;alertes)</span>' in page
    edit_page = admin.get(f"/admin/users/{staff['officer_a']}").get_data(as_text=True)
    assert 'value="qualite@sp-alpha.example"' in edit_page
    cleared = {**form, "email": "", "has_email_alerts": "y"}
    assert post(admin, f"/admin/users/{staff['officer_a']}", cleared).status_code == 303
    assert _stored(app, "officer_a") == (None, True, "officer")
    assert post(admin, f"/admin/users/{staff['officer_a']}", cleared).status_code == 303
    assert len(_audits(app, "user.email")) == 2  # saving it unchanged audits nothing


def test_an_officer_does_not_see_the_addresses(app, staff, admin):
    form = {"role": "officer", "sites": str(staff["site_a"]), "email": "a@sp-alpha.example"}
    post(admin, f"/admin/users/{staff['officer_a']}", form)
    officer = app.test_client()
    login(officer, "officer_a")
    page = officer.get("/admin/users").get_data(as_text=True)
    assert "officer_a" in page and "a@sp-alpha.example" not in page


def test_the_command_line_sets_the_address_and_the_alerts(app, run, staff):
    bad = run("user", "create", "paul", "--site", "prefecture", "--email", "paul@", "--password",
              "une phrase assez longue")  # fmt: skip
    assert bad.exit_code == 1 and "'paul@' is not an e-mail address" in bad.output
    made = run("user", "create", "paul", "--site", "prefecture", "--email", "paul@sp.example",
               "--no-alerts", "--password", "une phrase assez longue")  # fmt: skip
    assert made.exit_code == 0 and _stored(app, "paul") == ("paul@sp.example", False, "officer")
    edited = run("user", "edit", "paul", "--alerts")
    assert edited.exit_code == 0 and "paul@sp.example, alert e-mails on" in edited.output
    assert run("user", "edit", "paul", "--email", "").exit_code == 0
    assert _stored(app, "paul") == (None, True, "officer")
    assert "paul@sp.example" not in run("user", "list").output
    assert run("user", "edit", "paul").exit_code == 2  # nothing to change: usage error
    assert [d["email"] for d in _audits(app, "user.email")] == ["paul@sp.example", None]
