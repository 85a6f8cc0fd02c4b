"""Who receives the alert e-mails: the enabled quality officers of the site an alert is
about who have an address and alerts on, plus ALERT_TO; nobody configured, nothing sent
nor stored until someone is. A real SMTP server receives them (the `inbox` fixture)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from survey_app.accounts.users import create_user, set_email, set_enabled
from survey_app.core.db import db
from survey_app.core.models import AlertNotice, User
from survey_app.outputs.alerts import send_alerts

# Monday 7 December 2026, 10:00 in Paris: each open campaign's weekly digest is due.
MONDAY_10 = datetime(2026, 12, 7, 9)
ADMIN_COPY = ["accueil@prefecture.example", "qualite@prefecture.example"]


def _account(login: str) -> User:
    return db.session.scalar(select(User).filter_by(login=login))


def _address(login: str, email: str | None, alerts: bool = True) -> None:
    set_email(db.session, _account(login), email, alerts)
    db.session.commit()


def _digests(app):
    app.config.update(ALERT_DIGEST=True)
    return send_alerts(db.session, app.config, MONDAY_10)


def _received(inbox) -> dict[str, list[str]]:
    """Each e-mail's campaign (from its subject) and who the server delivered it to."""
    return {
        message["Subject"].split(" — ")[1].split(" (")[0]: recipients
        for message, recipients in zip(inbox.messages, inbox.envelope_recipients, strict=True)
    }


def test_an_alert_goes_to_its_sites_officers_with_an_address_and_to_alert_to(
    app, app_ctx, world, inbox
):
    _address("officer_a", "Officer.A@sp-alpha.example")
    create_user(db.session, "officer_a2", None, "officer", site_ids=[world["site_id"]],
                email="second.a@sp-alpha.example")  # fmt: skip
    _address("officer_b", "officer.b@sp-beta.example")
    _address("reader_a", "reader.a@sp-alpha.example")  # a reader: no alerts by role
    _address("admin", "admin@prefecture.example")  # sees every site: no site's alerts
    db.session.commit()
    run = _digests(app)
    assert len(run.sent) == 2 and run.unaddressed == [] and run.errors == []
    assert _received(inbox) == {
        "Campagne Alpha": sorted(
            ["Officer.A@sp-alpha.example", "second.a@sp-alpha.example", *ADMIN_COPY]
        ),
        "Campagne Beta": sorted(["officer.b@sp-beta.example", *ADMIN_COPY]),
    }
    alpha = next(m for m in inbox.messages if "Campagne Alpha" in m["Subject"])
    assert alpha["To"] == (
        "Officer.A@sp-alpha.example, second.a@sp-alpha.example, "
        "qualite@prefecture.example, accueil@prefecture.example"
    )
    assert db.session.scalar(select(func.count()).select_from(AlertNotice)) == 2


def test_the_same_address_on_two_accounts_receives_one_copy(app, app_ctx, world, inbox):
    app.config["ALERT_TO"] = "qualite@sp-alpha.example"
    _address("officer_a", "QUALITE@sp-alpha.example")
    _digests(app)
    assert _received(inbox)["Campagne Alpha"] == ["QUALITE@sp-alpha.example"]


def test_a_disabled_officer_or_one_with_alerts_off_receives_nothing(app, app_ctx, world, inbox):
    create_user(db.session, "officer_a2", None, "officer", site_ids=[world["site_id"]],
                email="gone@sp-alpha.example")  # fmt: skip
    set_enabled(db.session, _account("officer_a2"), False)
    _address("officer_a", "officer.a@sp-alpha.example", alerts=False)
    _digests(app)
    assert _received(inbox)["Campagne Alpha"] == ADMIN_COPY


def test_an_alert_nobody_receives_is_not_sent_nor_stored_until_someone_is_set(
    app, app_ctx, run, world, inbox
):
    app.config["ALERT_TO"] = ""
    _address("officer_b", "officer.b@sp-beta.example")
    first = _digests(app)
    assert [m["Subject"] for m in inbox.messages] == [
        "[Enquêtes] Point de la semaine — Campagne Beta (Sous-préfecture)"
    ]
    assert [a.title for a in first.unaddressed] == [
        "[Enquêtes] Point de la semaine — Campagne Alpha (Préfecture)"
    ]
    assert db.session.scalar(select(func.count()).select_from(AlertNotice)) == 1
    dry = run("alerts", "--dry-run", "--at", "2026-12-07 09:30")
    assert "To: nobody: no enabled officer of this site" in dry.output
    assert "Campagne Alpha" in dry.output and "Campagne Beta" not in dry.output  # sent already
    _address("officer_a", "officer.a@sp-alpha.example")
    dry = run("alerts", "--dry-run", "--at", "2026-12-07 09:30")
    assert "To: officer.a@sp-alpha.example\n[Enquêtes] Point de la semaine — Campagne Alpha" in (
        dry.output
    )
    assert len(_digests(app).sent) == 1
    assert _received(inbox)["Campagne Alpha"] == ["officer.a@sp-alpha.example"]
    assert db.session.scalar(select(func.count()).select_from(AlertNotice)) == 2


def test_an_address_the_server_refuses_is_reported_and_the_others_receive_it_once(
    app, app_ctx, world, inbox
):
    _address("officer_a", "parti@sp-alpha.example")
    inbox.refused.add("parti@sp-alpha.example")
    run = _digests(app)
    assert run.errors == [] and len(run.sent) == 2
    assert run.refused == [
        "[Enquêtes] Point de la semaine — Campagne Alpha (Préfecture): parti@sp-alpha.example"
    ]
    assert _received(inbox)["Campagne Alpha"] == ADMIN_COPY
    assert _digests(app).sent == []  # stored: the others do not get it twice
    assert len(inbox.messages) == 2


def test_a_send_that_fails_for_everyone_is_not_stored_and_goes_whole_next_time(
    app, app_ctx, world, inbox
):
    _address("officer_a", "officer.a@sp-alpha.example")
    inbox.refused.update([*ADMIN_COPY, "officer.a@sp-alpha.example"])
    run = _digests(app)
    assert run.sent == [] and len(run.errors) == 2
    assert db.session.scalar(select(func.count()).select_from(AlertNotice)) == 0
    inbox.refused.clear()
    assert len(_digests(app).sent) == 2
    assert _received(inbox)["Campagne Alpha"] == sorted(["officer.a@sp-alpha.example", *ADMIN_COPY])
