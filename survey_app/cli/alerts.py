"""`survey alerts`: the alert e-mails (silent tablets, responses waiting, weekly digest).

Run every few minutes by a systemd timer (docs/deploy/survey-alerts.timer) or cron; each
alert is sent once (survey_app/outputs/alerts.py), so running it often is harmless. Each
goes to the quality officers of its site who have an e-mail address and alerts on, plus
SURVEY_ALERT_TO; `--dry-run` names them.
"""

from __future__ import annotations

from datetime import datetime

import click
from flask import current_app
from flask.cli import with_appcontext

from ..core.clock import utcnow
from ..core.db import db, write_intent
from ..outputs.alert_recipients import alert_recipients
from ..outputs.alerts import due_alerts, send_alerts, was_sent
from ..outputs.mail import missing_setting

NOBODY = (
    "nobody: no enabled officer of this site has an e-mail address with alerts on, "
    "and SURVEY_ALERT_TO is empty"
)


@click.command("alerts")
@click.option(
    "--dry-run", is_flag=True, help="Print the alerts due, who gets each, their text; send none."
)
@click.option(
    "--at",
    type=click.DateTime(["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"]),
    default=None,
    help="With --dry-run: the alerts due at this UTC time (YYYY-MM-DD HH:MM), not now.",
)
@with_appcontext
def alerts(dry_run: bool, at: datetime | None) -> None:
    """Send the alert e-mails due now, each once (run it every few minutes)."""
    config = current_app.config
    if at is not None and not dry_run:
        raise click.UsageError("--at goes with --dry-run only: alerts are sent at their time")
    now = at or utcnow()
    if dry_run:
        due = [a for a in due_alerts(db.session, config, now) if not was_sent(db.session, a)]
        for alert in due:
            to = ", ".join(alert_recipients(db.session, config, alert.site_id))
            click.echo(f"To: {to or NOBODY + ' (not sent)'}\n{alert.title}\n\n{alert.body}\n")
        click.echo(f"{len(due)} alert(s) due; nothing sent (--dry-run).")
        return
    missing = missing_setting(config)
    if missing == "SURVEY_SMTP_HOST":
        click.echo(
            "Alert e-mails are off: set SURVEY_SMTP_HOST, then give the sites' quality officers "
            "an e-mail address or set SURVEY_ALERT_TO (docs/configuration.md). Nothing sent."
        )
        return
    if missing:
        raise click.ClickException(
            f"{missing} is empty or not an e-mail address: set the sender of the alert e-mails"
        )
    with write_intent():
        run = send_alerts(db.session, config, now)
    for alert in run.sent:
        click.echo(f"sent: {alert.title}")
    for alert in run.unaddressed:
        click.echo(f"not sent, {NOBODY}: {alert.title}")
    for refused in run.refused:
        click.echo(f"refused by the mail server (the others received it): {refused}", err=True)
    if run.errors:
        raise click.ClickException(
            "not sent, tried again at the next run:\n" + "\n".join(run.errors)
        )
