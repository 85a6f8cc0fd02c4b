"""`survey user create|edit|passwd|disable|enable|list|logout-everywhere`,
`survey purge-comments`."""

from __future__ import annotations

import secrets
from datetime import timedelta

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import delete, select, update

from ..accounts.sessions import Lifetimes, end_sessions
from ..accounts.users import UserError, create_user, set_email, set_enabled, set_password
from ..core.clock import utcnow
from ..core.db import db, write_intent
from ..core.models import (
    ROLES,
    Answer,
    AuditEvent,
    CommentReview,
    KeptApartAnswer,
    Response,
    Site,
    User,
    UserSite,
)
from ..core.sites import SiteError, site_for_command


@click.group()
def user() -> None:
    """Accounts of the admin workspace."""


def _password(given: str | None) -> tuple[str, bool]:
    """The password given, or a new random one (then printed once)."""
    return (given, False) if given else (secrets.token_urlsafe(15), True)


def _find(login: str) -> User:
    found = db.session.scalar(select(User).filter_by(login=login))
    if found is None:
        raise click.ClickException(f"no user '{login}' (see `survey user list`)")
    return found


@user.command("create")
@click.argument("login")
@click.option("--role", type=click.Choice(ROLES), default="officer", show_default=True)
@click.option("--site", "sites", multiple=True, help="Site slug the user may see (repeat).")
@click.option("--site-name", default=None, help="Name of a site to create with --site.")
@click.option("--password", default=None, help="Default: a random one, printed once.")
@click.option("--email", default=None, help="Where the alerts of its sites go (officers).")
@click.option(
    "--alerts/--no-alerts", default=True, help="Whether it receives the alert e-mails (default on)."
)
@with_appcontext
def create(
    login: str,
    role: str,
    sites: tuple[str, ...],
    site_name: str | None,
    password: str | None,
    email: str | None,
    alerts: bool,
) -> None:
    """Create an account; officers and readers see only their --site(s).

    Passwords: 12 characters at least, not a common one, not containing the login.
    """
    if role != "admin" and not sites:
        raise click.ClickException(
            f"a {role} needs at least one --site (see `survey campaign list`)"
        )
    password, generated = _password(password)
    with write_intent():
        try:
            site_ids = [
                site_for_command(db.session, slug, site_name, current_app.config["TIMEZONE"]).id
                for slug in sites
            ]
            create_user(
                db.session,
                login,
                password,
                role=role,
                site_ids=site_ids,
                email=email,
                has_email_alerts=alerts,
            )
        except (UserError, SiteError) as exc:
            raise click.ClickException(str(exc)) from None
        db.session.commit()
    click.echo(f"Created {role} '{login}'" + (f" for {', '.join(sites)}." if sites else "."))
    if generated:
        click.echo(f"  password: {password}  (shown only this once)")


@user.command("edit")
@click.argument("login")
@click.option("--email", default=None, help="The new address; '' removes it.")
@click.option("--alerts/--no-alerts", default=None, help="Receive the alert e-mails or not.")
@with_appcontext
def edit(login: str, email: str | None, alerts: bool | None) -> None:
    """Change an account's e-mail address and whether it receives the alert e-mails."""
    if email is None and alerts is None:
        raise click.UsageError("give --email and/or --alerts/--no-alerts")
    with write_intent():
        account = _find(login)
        try:
            set_email(db.session, account, account.email if email is None else email, alerts)
        except UserError as exc:
            raise click.ClickException(str(exc)) from None
        db.session.commit()
        address, receives = account.email or "no e-mail address", account.has_email_alerts
    click.echo(f"'{login}': {address}, alert e-mails {'on' if receives else 'off'}.")


@user.command("passwd")
@click.argument("login")
@click.option("--password", default=None, help="Default: a random one, printed once.")
@with_appcontext
def passwd(login: str, password: str | None) -> None:
    """Set a new password and enable the account (it ends the account's open sessions)."""
    password, generated = _password(password)
    with write_intent():
        account = _find(login)
        try:
            set_password(db.session, account, password)
        except UserError as exc:
            raise click.ClickException(str(exc)) from None
        if not account.is_enabled:
            set_enabled(db.session, account, True)
        db.session.commit()
    click.echo(f"New password set for '{login}'.")
    if generated:
        click.echo(f"  password: {password}  (shown only this once)")


@user.command("disable")
@click.argument("login")
@with_appcontext
def disable(login: str) -> None:
    """Stop an account from signing in; its open sessions end at once."""
    with write_intent():
        account = _find(login)
        try:
            set_enabled(db.session, account, False)
        except UserError as exc:
            raise click.ClickException(str(exc)) from None
        db.session.commit()
    click.echo(f"Account '{login}' is disabled (`survey user enable {login}` enables it again).")


@user.command("enable")
@click.argument("login")
@with_appcontext
def enable(login: str) -> None:
    """Let a disabled account sign in again, with its password."""
    with write_intent():
        set_enabled(db.session, _find(login), True)
        db.session.commit()
    click.echo(f"Account '{login}' is enabled.")


@user.command("list")
@with_appcontext
def list_users() -> None:
    """Every account: login, role, state, sites, e-mail address (alerts off: '(no alerts)')."""
    users = db.session.scalars(select(User).order_by(User.login)).all()
    slugs: dict[int, list[str]] = {}
    rows = db.session.execute(
        select(UserSite.user_id, Site.slug).join(Site, Site.id == UserSite.site_id)
    )
    for user_id, slug in rows:
        slugs.setdefault(user_id, []).append(slug)
    for account in users:
        sites = (
            "all sites" if account.role == "admin" else ", ".join(sorted(slugs.get(account.id, [])))
        )
        state = "enabled" if account.is_enabled else "disabled"
        if account.is_enabled and account.reset_token_hash is not None:
            state = "waiting for its one-time password link"
        email = account.email or "-"
        if account.email and not account.has_email_alerts:
            email += " (no alerts)"
        click.echo(f"{account.login:30} {account.role:8} {state:10} {sites or '-'}  {email}")


@user.command("logout-everywhere")
@click.argument("login")
@with_appcontext
def logout_everywhere(login: str) -> None:
    """End every open session of an account, on every browser (the password stays)."""
    with write_intent():
        account = _find(login)
        ended = end_sessions(db.session, account.id, Lifetimes.configured(current_app.config))
        db.session.add(
            AuditEvent(
                action="user.logout_everywhere", target=f"user:{login}", details={"sessions": ended}
            )
        )
        db.session.commit()
    click.echo(f"Ended {ended} open session(s) of '{login}'.")


@click.command("purge-comments")
@click.option(
    "--older-than",
    "days",
    type=click.IntRange(1),
    default=None,
    help="Days to keep (default: the COMMENT_RETENTION_DAYS setting).",
)
@with_appcontext
def purge_comments(days: int | None) -> None:
    """Erase free-comment text collected more than DAYS ago; scored answers stay."""
    days = days or current_app.config["COMMENT_RETENTION_DAYS"]
    cutoff = utcnow() - timedelta(days=days)
    old = select(Response.id).where(Response.collected_at < cutoff)
    with write_intent():
        erased = db.session.execute(
            delete(Answer)
            .where(Answer.text.is_not(None), Answer.response_id.in_(old))
            .execution_options(synchronize_session=False)
        ).rowcount
        erased += db.session.execute(  # free text kept apart (a comment its show_if hid)
            delete(KeptApartAnswer)
            .where(KeptApartAnswer.text.is_not(None), KeptApartAnswer.response_id.in_(old))
            .execution_options(synchronize_session=False)
        ).rowcount
        db.session.execute(
            update(CommentReview)
            .where(CommentReview.response_id.in_(old))
            .values(redacted_text=None)
            .execution_options(synchronize_session=False)
        )
        db.session.add(
            AuditEvent(
                action="comments.purge",
                target="answers",
                details={"older_than_days": days, "erased": erased},
            )
        )
        db.session.commit()
    click.echo(f"Erased {erased} comment(s) collected before {cutoff:%Y-%m-%d} ({days} days).")
