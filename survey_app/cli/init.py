"""`survey init`: create or upgrade the database, load the bundled questionnaire."""

from __future__ import annotations

import secrets

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select

from questionnaires import BUNDLED

from ..accounts.users import create_user
from ..core.campaigns import create_campaign
from ..core.catalog import check_bundled
from ..core.db import db, write_intent
from ..core.migrate import upgrade
from ..core.models import Campaign, User
from ..core.sites import SiteError, site_for_command

DEMO_SLUG = "accueil"


@click.command()
@click.option(
    "--demo/--no-demo", default=False, help="Also create an open demo campaign if there is none."
)
@click.option(
    "--site-name",
    default=None,
    help="Name of the 'prefecture' site when it is created (default «Préfecture»); an error "
    "if it exists with another name (rename it at /admin/sites).",
)
@with_appcontext
def init(demo: bool, site_name: str | None) -> None:
    """Create or upgrade the database; create the first admin account once."""
    upgrade(db.engine)
    click.echo(f"Database ready: {db.engine.url.render_as_string(hide_password=True)}")
    with write_intent():
        questionnaires = check_bundled()
        try:
            site = site_for_command(
                db.session, "prefecture", site_name, current_app.config["TIMEZONE"]
            )
        except SiteError as exc:
            raise click.ClickException(str(exc)) from None
        if demo and db.session.scalar(select(func.count(Campaign.id))) == 0:
            campaign = create_campaign(
                db.session,
                slug=DEMO_SLUG,
                title="Enquête de satisfaction — accueil",
                site=site,
                questionnaire=questionnaires[BUNDLED],
                status="open",
            )
            click.echo(f"Created the open demo campaign '{campaign.slug}'.")
        password = None
        if db.session.scalar(select(func.count(User.id))) == 0:
            password = secrets.token_urlsafe(12)
            create_user(db.session, "admin", password, role="admin")
        db.session.commit()
    if password:
        click.echo("")
        click.echo("Administrator account created (shown only this once):")
        click.echo("  login:    admin")
        click.echo(f"  password: {password}")
        click.echo("")
