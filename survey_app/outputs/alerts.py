"""Alert e-mails, sent by `survey alerts` (a systemd timer or cron runs it every few minutes).

Three kinds: a tablet silent during its site's opening hours (TABLET_SILENT_MINUTES), a
tablet whose responses wait to be sent (ALERT_QUEUE_MINUTES), and the weekly digest of
each open campaign (ALERT_DIGEST). Each e-mail sent is stored (alert_notices) with what
it is about and which episode: the last contact before a silence, the moment responses
started waiting, the week of a digest. So one silence makes one e-mail however many runs
see it; a new one only once the tablet has called in and fallen silent again.

Each alert is about one site and goes, as one e-mail with several To, to that site's
officers who receive alerts and to ALERT_TO (alert_recipients.py): one SMTP transaction,
so it is either out (and stored) or tried again whole at the next run, never sent twice to
some and never to others. An alert nobody would receive is neither sent nor stored: it
goes once someone is given an address.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.french import pluralize

from ..accounts.devices import device_status
from ..accounts.tablet_campaign import shown_campaign
from ..accounts.watch import is_silent, local_time, opening_hours_of, silent_minutes
from ..core.campaigns import campaign_state
from ..core.models import AlertNotice, Campaign, Device
from .alert_recipients import alert_recipients
from .digest import COLON, digest_text, quoted
from .mail import MailError, send_mail

PREFIX = "[Enquêtes]"


@dataclass(frozen=True)
class Alert:
    """One e-mail to send, unless its (kind, subject, episode) was sent already."""

    kind: str
    subject: str
    episode: str
    title: str
    body: str
    site_id: int


def _moment(value: datetime | None) -> str:
    return value.isoformat(timespec="seconds") if value else "never"


def _seen(device: Device) -> str:
    last = local_time(device.site, device.last_seen_at)
    return last.strftime("%d/%m/%Y à %H:%M") if last else "jamais"


def silent_alerts(session: Session, now: datetime) -> list[Alert]:
    """Tablets silent too long during opening hours, while they have a campaign to collect
    for (one switched off between two campaigns worries nobody)."""
    alerts = []
    for device in session.scalars(select(Device).where(Device.revoked_at.is_(None))):
        if not is_silent(device, now):
            continue
        campaign = shown_campaign(session, device, now)
        if campaign is None or campaign_state(campaign, now) != "open":
            continue
        minutes = int(silent_minutes(device, now) or 0)
        name = quoted(device.name)
        alerts.append(
            Alert(
                "silent",
                f"device:{device.id}",
                _moment(device.last_seen_at or device.paired_at),
                f"{PREFIX} Tablette {name} silencieuse — {device.site.name}",
                f"La tablette {name} ({device.site.name}) ne donne plus de nouvelles depuis "
                f"{minutes} minutes pendant les heures d'ouverture.\n"
                f"Dernier contact{COLON} {_seen(device)}.\n\n"
                "Vérifiez qu'elle est allumée, sur son chargeur et connectée au Wi-Fi. "
                "Les réponses déjà saisies restent sur la tablette jusqu'à leur envoi.\n",
                device.site_id,
            )
        )
    return alerts


def queue_alerts(session: Session, now: datetime, minutes: int) -> list[Alert]:
    if minutes <= 0:
        return []
    query = select(Device).where(
        Device.revoked_at.is_(None),
        Device.queue_length > 0,
        Device.queue_since_at <= now - timedelta(minutes=minutes),
    )
    alerts = []
    for device in session.scalars(query):
        if device_status(device, now) != "active":
            continue
        name = quoted(device.name)
        waiting = pluralize(device.queue_length, "réponse", "réponses")
        alerts.append(
            Alert(
                "queue",
                f"device:{device.id}",
                _moment(device.queue_since_at),
                f"{PREFIX} Tablette {name}{COLON} réponses en attente d'envoi — {device.site.name}",
                f"La tablette {name} ({device.site.name}) garde {waiting} qu'elle n'arrive "
                f"pas à envoyer depuis plus de {minutes} minutes.\n"
                f"Dernier contact{COLON} {_seen(device)}.\n\n"
                "Ne réinitialisez pas la tablette et n'effacez pas ses données : ces réponses "
                "n'existent que sur elle. Vérifiez le réseau, puis prévenez l'administrateur "
                "du service si le nombre ne baisse pas.\n",
                device.site_id,
            )
        )
    return alerts


def _digest_due(campaign: Campaign, now: datetime) -> tuple[bool, str, date]:
    """Whether this week's digest is due (Monday from opening time on), its week, today."""
    local = local_time(campaign.site, now)
    assert local is not None
    monday = (local - timedelta(days=local.weekday())).date()
    opening = datetime.combine(monday, opening_hours_of(campaign.site).start)
    year, week, _ = local.isocalendar()
    return local >= opening, f"{year}-W{week:02d}", local.date()


def digest_alerts(session: Session, now: datetime, threshold: int) -> list[Alert]:
    alerts = []
    for campaign in session.scalars(select(Campaign).where(Campaign.status == "open")):
        if campaign_state(campaign, now) != "open":
            continue
        is_due, week, today = _digest_due(campaign, now)
        if not is_due:
            continue
        alerts.append(
            Alert(
                "digest",
                f"campaign:{campaign.id}",
                week,
                f"{PREFIX} Point de la semaine — {campaign.title} ({campaign.site.name})",
                digest_text(session, campaign, today, threshold),
                campaign.site_id,
            )
        )
    return alerts


def due_alerts(session: Session, config: Mapping[str, Any], now: datetime) -> list[Alert]:
    """Every alert the situation calls for now, sent or not."""
    alerts = silent_alerts(session, now) + queue_alerts(session, now, config["ALERT_QUEUE_MINUTES"])
    if config["ALERT_DIGEST"]:
        alerts += digest_alerts(session, now, config["ALERT_DIGEST_THRESHOLD"])
    return alerts


def was_sent(session: Session, alert: Alert) -> bool:
    query = select(AlertNotice.id).filter_by(
        kind=alert.kind, subject=alert.subject, episode=alert.episode
    )
    return session.scalar(query) is not None


class AlertRun(NamedTuple):
    """What one run of send_alerts did."""

    sent: list[Alert]
    errors: list[str]
    """Alerts that could not go out: tried again at the next run."""
    unaddressed: list[Alert]
    """Alerts nobody receives (no officer of the site with an address, no ALERT_TO)."""
    refused: list[str]
    """Addresses the mail server refused while it took the others (the alert is sent)."""


def send_alerts(session: Session, config: Mapping[str, Any], now: datetime) -> AlertRun:
    """Send the alerts not sent yet, each to its site's recipients, stored and committed once
    it is out; an alert that could not go out, or that nobody receives, waits."""
    run = AlertRun([], [], [], [])
    for alert in due_alerts(session, config, now):
        if was_sent(session, alert):
            continue
        to = alert_recipients(session, config, alert.site_id)
        if not to:
            run.unaddressed.append(alert)
            continue
        try:
            refused = send_mail(config, alert.title, alert.body, to)
        except MailError as exc:
            run.errors.append(f"{alert.title}: {exc}")
            continue
        run.refused.extend(f"{alert.title}: {address}" for address in refused)
        session.add(
            AlertNotice(kind=alert.kind, subject=alert.subject, episode=alert.episode, sent_at=now)
        )
        session.commit()
        run.sent.append(alert)
    return run
