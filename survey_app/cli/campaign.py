"""`survey campaign create|list|open|close`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from questionnaires import BUNDLED, QuestionnaireError, load_questionnaire

from ..core.campaigns import (
    CampaignError,
    campaign_state,
    create_campaign,
)
from ..core.catalog import check_bundled
from ..core.db import db, write_intent
from ..core.models import CHANNELS, Campaign
from ..core.sites import SiteError, site_for_command
from ..counts.reading import count_responses
from .lookup import campaign_or_fail


@click.group()
def campaign() -> None:
    """Survey campaigns."""


def _questionnaire(name: str):
    if name.endswith((".yaml", ".yml")) or "/" in name:
        try:
            return load_questionnaire(Path(name))
        except QuestionnaireError as exc:
            raise click.ClickException(str(exc)) from None
    bundled = check_bundled()
    if name not in bundled:
        raise click.ClickException(
            f"unknown questionnaire '{name}': use a file path or one of {', '.join(bundled)}"
        )
    return bundled[name]


@campaign.command("create")
@click.argument("slug")
@click.option("--title", required=True, help="Title shown to respondents.")
@click.option(
    "--questionnaire",
    "questionnaire_name",
    default=BUNDLED,
    show_default=True,
    help="Bundled questionnaire key or a YAML file path.",
)
@click.option("--site", "site_slug", default="prefecture", show_default=True)
@click.option(
    "--site-name",
    default=None,
    help="Name of the --site when it is created (needed, but for 'prefecture'); an error if "
    "the site exists with another name (rename it at /admin/sites).",
)
@click.option(
    "--opens",
    "opens_on",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="First day (YYYY-MM-DD, site time zone).",
)
@click.option(
    "--closes",
    "closes_on",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Last day (YYYY-MM-DD, site time zone).",
)
@click.option(
    "--channel",
    "channels",
    multiple=True,
    type=click.Choice(CHANNELS),
    help="Enabled channel (repeat); default all.",
)
@click.option("--open", "is_open", is_flag=True, help="Open it at once.")
@with_appcontext
def create(
    slug, title, questionnaire_name, site_slug, site_name, opens_on, closes_on, channels, is_open
) -> None:
    """Create a campaign (a draft unless --open)."""
    questionnaire = _questionnaire(questionnaire_name)
    with write_intent():
        try:
            site = site_for_command(
                db.session, site_slug, site_name, current_app.config["TIMEZONE"]
            )
            created = create_campaign(
                db.session,
                slug=slug,
                title=title,
                site=site,
                questionnaire=questionnaire,
                opens_on=_date(opens_on),
                closes_on=_date(closes_on),
                channels=list(channels) or None,
                status="open" if is_open else "draft",
            )
        except (CampaignError, SiteError) as exc:
            raise click.ClickException(str(exc)) from None
        version = created.questionnaire_version
        db.session.commit()
    click.echo(
        f"Created campaign '{slug}' ({created.status}), questionnaire "
        f"{version.key} version {version.version}."
    )


def _date(value) -> date | None:
    return value.date() if value else None


@campaign.command("list")
@with_appcontext
def list_campaigns() -> None:
    """List campaigns with their state and number of responses."""
    campaigns = db.session.scalars(select(Campaign).order_by(Campaign.id)).all()
    if not campaigns:
        click.echo("No campaign yet: `survey campaign create SLUG --title ...`.")
    for item in campaigns:
        dates = f"{item.opens_on or '…'} → {item.closes_on or '…'}"
        click.echo(
            f"{item.slug:24} {campaign_state(item):13} {dates:25} "
            f"{count_responses(db.session, item):>8} responses  {item.title}"
        )


def _set_status(slug: str, status: str) -> None:
    with write_intent():
        found = campaign_or_fail(slug)
        found.status = status
        db.session.commit()
        click.echo(f"Campaign '{slug}' is now {campaign_state(found).replace('_', ' ')}.")


@campaign.command("open")
@click.argument("slug")
@with_appcontext
def open_campaign(slug: str) -> None:
    """Start accepting responses (within the campaign's dates)."""
    _set_status(slug, "open")


@campaign.command("close")
@click.argument("slug")
@with_appcontext
def close_campaign(slug: str) -> None:
    """Stop accepting responses."""
    _set_status(slug, "closed")
