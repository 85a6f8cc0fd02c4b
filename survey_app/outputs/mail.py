"""Sending an e-mail with the standard library (smtplib, email), as the SMTP_* settings say.

Nothing is sent unless SMTP_HOST is set and someone receives the message (an officer's
address, ALERT_TO): a fresh install never mails anyone.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Mapping
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

TIMEOUT_SECONDS = 30


class MailError(Exception):
    """The mail server could not be reached or refused the message; the message says why."""


def recipients(config: Mapping[str, Any]) -> list[str]:
    """The addresses of ALERT_TO, the server administrator's copy of every alert."""
    return [address.strip() for address in config["ALERT_TO"].split(",") if address.strip()]


def is_smtp_on(config: Mapping[str, Any]) -> bool:
    return bool(config["SMTP_HOST"].strip())


def missing_setting(config: Mapping[str, Any]) -> str | None:
    """The setting that still stops e-mails from going out, or None when all are set."""
    if not is_smtp_on(config):
        return "SURVEY_SMTP_HOST"
    if "@" not in config["ALERT_FROM"]:
        return "SURVEY_ALERT_FROM"
    return None


def send_mail(config: Mapping[str, Any], subject: str, body: str, to: list[str]) -> list[str]:
    """Send one plain-text e-mail to every address of `to` at once; return those the server
    refused while it took the others; raise MailError if it went to nobody."""
    message = EmailMessage()
    message["From"] = config["ALERT_FROM"]
    message["To"] = ", ".join(to)
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=config["ALERT_FROM"].rpartition("@")[2] or None)
    message.set_content(body)
    host, port, security = config["SMTP_HOST"].strip(), config["SMTP_PORT"], config["SMTP_SECURITY"]
    try:
        if security == "ssl":
            context = ssl.create_default_context()
            server = smtplib.SMTP_SSL(host, port, timeout=TIMEOUT_SECONDS, context=context)
        else:
            server = smtplib.SMTP(host, port, timeout=TIMEOUT_SECONDS)
        with server:
            if security == "starttls":
                server.starttls(context=ssl.create_default_context())
            if config["SMTP_USER"]:
                server.login(config["SMTP_USER"], config["SMTP_PASSWORD"])
            refused = server.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        raise MailError(f"mail server {host}:{port}: {exc}") from None
    return sorted(refused)
