"""Alert e-mails (`survey alerts`), sent to a real SMTP server the test starts (aiosmtpd,
the `inbox` fixture of tests/app/conftest.py):
one e-mail per silence during opening hours, none outside them, waiting queues, the digest."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from survey_app.accounts.devices import enrol_device, pair_device, record_heartbeat
from survey_app.collect.recording import Submission, record_responses
from survey_app.core.db import db
from survey_app.core.models import AlertNotice
from survey_app.outputs.alerts import send_alerts
from tests.helpers import valid_answers

# Wednesday 2 December 2026; Paris is UTC+1: the hall opens 08:30-16:30 local (the default).
WEDNESDAY = datetime(2026, 12, 2)


def utc(day: datetime, local_hour: int, minute: int = 0) -> datetime:
    """The naive UTC time of a Paris local time that day (winter time)."""
    return day.replace(hour=local_hour - 1, minute=minute)


@pytest.fixture
def tablet(campaign):
    """A tablet of the campaign's site, paired on Wednesday at 09:00 (local)."""
    device, code = enrol_device(db.session, name="Hall, borne 1", site=campaign.site)
    pair_device(db.session, code, now=utc(WEDNESDAY, 9))
    db.session.commit()
    return device


def run_at(app, moment):
    run = send_alerts(db.session, app.config, moment)
    assert run.errors == [] and run.refused == []
    return run.sent


def test_a_silent_tablet_during_opening_hours_sends_exactly_one_email(app, inbox, tablet):
    for minute in (20, 45, 50):  # run every few minutes: silent 45 min past 09:00 at 09:45
        run_at(app, utc(WEDNESDAY, 9, minute))
    run_at(app, utc(WEDNESDAY, 11))
    run_at(app, utc(WEDNESDAY, 16, 20))
    assert len(inbox.messages) == 1
    mail = inbox.messages[0]
    assert (
        mail["Subject"]
        == "[Enquêtes] Tablette «\u00a0Hall, borne 1\u00a0» silencieuse — Préfecture"
    )
    assert mail["To"] == "qualite@prefecture.example, accueil@prefecture.example"
    assert "depuis 45 minutes" in mail.get_content()
    assert "Dernier contact\u00a0: 02/12/2026 à 09:00." in mail.get_content()
    # It calls in again, then falls silent: a new episode, a new e-mail.
    record_heartbeat(
        tablet, queue_length=0, rejected_count=0, app_version="x", now=utc(WEDNESDAY, 12)
    )
    db.session.commit()
    run_at(app, utc(WEDNESDAY, 12, 20))
    assert len(inbox.messages) == 1
    run_at(app, utc(WEDNESDAY, 12, 31))
    assert len(inbox.messages) == 2
    assert db.session.scalar(select(func.count()).select_from(AlertNotice)) == 2


def test_no_email_outside_opening_hours_and_the_night_does_not_count(app, inbox, tablet):
    record_heartbeat(
        tablet, queue_length=0, rejected_count=0, app_version="x", now=utc(WEDNESDAY, 16)
    )
    db.session.commit()
    run_at(app, utc(WEDNESDAY, 18))  # closed: the hall shut at 16:30
    run_at(app, utc(WEDNESDAY + timedelta(days=3), 10))  # Saturday
    thursday = WEDNESDAY + timedelta(days=1)
    run_at(app, utc(thursday, 8, 50))  # open for 20 minutes only: not late yet
    assert inbox.messages == []
    run_at(app, utc(thursday, 9, 5))  # 35 minutes since opening
    assert len(inbox.messages) == 1


def test_responses_waiting_too_long_send_one_email(app, inbox, tablet):
    start = utc(WEDNESDAY, 9, 1)
    for minutes in range(0, 90, 10):  # heartbeats keep coming, the queue never empties
        now = start + timedelta(minutes=minutes)
        record_heartbeat(tablet, queue_length=4, rejected_count=0, app_version="x", now=now)
        db.session.commit()
        run_at(app, now)
    assert [m["Subject"] for m in inbox.messages] == [
        "[Enquêtes] Tablette «\u00a0Hall, borne 1\u00a0»\u00a0: réponses en attente d'envoi — "
        "Préfecture"
    ]
    assert "garde 4 réponses" in inbox.messages[0].get_content()


def test_the_weekly_digest_is_sent_once_a_week_with_the_weak_questions(app, inbox, campaign):
    app.config.update(ALERT_DIGEST=True, ALERT_DIGEST_THRESHOLD=80)
    monday = datetime(2026, 12, 7)
    answers = [valid_answers(), valid_answers(file_attente="satisfait")]
    submissions = [
        Submission(f"00000000-0000-4000-8000-00000000000{i}", "web", "fr", a, utc(monday, 8))
        for i, a in enumerate(answers)
    ]
    record_responses(db.session, campaign, submissions, now=utc(monday, 8))
    db.session.commit()
    run_at(app, utc(monday, 8))  # before opening time: not yet
    assert inbox.messages == []
    for hour in (9, 10, 15):
        run_at(app, utc(monday, hour))
    run_at(app, utc(monday + timedelta(days=3), 10))
    assert len(inbox.messages) == 1
    body = inbox.messages[0].get_content()
    assert "Ces 7 derniers jours\u00a0: 2 réponses." in body
    assert "Depuis l'ouverture\u00a0: 2 réponses collectées sur le site internet." in body
    assert "Questions sous 80\u00a0% de satisfaction\u00a0:" in body
    # Only the waiting line is below 80 %: one of the two was satisfied.
    assert body.count("  - ") == 1
    assert "file d'attente au pré-accueil\u00a0: 50\u00a0% (2 réponses)" in body
    run_at(app, utc(monday + timedelta(days=7), 9))  # the next week
    assert len(inbox.messages) == 2


def test_nothing_is_sent_or_stored_while_smtp_is_not_set(app, run, tablet):
    assert app.config["SMTP_HOST"] == ""
    result = run("alerts")
    assert result.exit_code == 0 and "Alert e-mails are off" in result.output
    assert db.session.scalar(select(func.count()).select_from(AlertNotice)) == 0


def test_an_unreachable_mail_server_is_reported_and_tried_again(app, inbox, tablet):
    port, app.config["SMTP_PORT"] = app.config["SMTP_PORT"], 1  # nothing listens there
    run = send_alerts(db.session, app.config, utc(WEDNESDAY, 10))
    assert run.sent == [] and "mail server 127.0.0.1:1" in run.errors[0]
    assert db.session.scalar(select(func.count()).select_from(AlertNotice)) == 0
    app.config["SMTP_PORT"] = port
    run_at(app, utc(WEDNESDAY, 10, 5))
    assert len(inbox.messages) == 1


def test_a_tablet_with_no_campaign_to_show_is_not_alerted_when_silent(app, inbox, tablet, campaign):
    campaign.status = "closed"  # between two campaigns: the tablet may well be switched off
    db.session.commit()
    run_at(app, utc(WEDNESDAY, 11))
    assert inbox.messages == []


def test_a_missing_sender_is_named_and_dry_run_sends_nothing(app, run, inbox, campaign):
    app.config.update(ALERT_FROM="", ALERT_DIGEST=True)
    result = run("alerts")
    assert result.exit_code == 1
    assert "SURVEY_ALERT_FROM is empty or not an e-mail address" in result.stderr
    result = run("alerts", "--dry-run")
    assert result.exit_code == 0 and "nothing sent (--dry-run)" in result.output
    assert inbox.messages == []
