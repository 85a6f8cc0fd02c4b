"""`survey counts check|rebuild [--campaign SLUG]`: the counts kept ahead, verified.

Every tally reads each campaign's answers counted ahead (survey_app/counts/folding.py). `check`
recounts the answers and says whether every count agrees (exit status 1 if not);
`rebuild` counts a campaign again from its answers.
"""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from ..core.db import db
from ..core.models import Campaign
from ..counts.folding_check import differences, rebuild
from .lookup import campaign_or_fail

SHOWN = 20
"""Differences listed per campaign; the rest are counted."""


@click.group()
def counts() -> None:
    """The answer counts kept ahead for the reports: check them, rebuild them."""


def _campaigns(slug: str | None) -> list[tuple[int, str]]:
    if slug is not None:
        campaign = campaign_or_fail(slug)
        found = [(campaign.id, campaign.slug)]
    else:
        query = select(Campaign.id, Campaign.slug).order_by(Campaign.slug)
        found = [(row.id, row.slug) for row in db.session.execute(query)]
    db.session.rollback()
    return found


@counts.command("check")
@click.option("--campaign", "slug", default=None, help="One campaign (default: every one).")
@with_appcontext
def check(slug: str | None) -> None:
    """Recount the answers and compare them with the counts the reports read."""
    wrong = []
    with db.engine.connect() as connection:
        for campaign_id, campaign_slug in _campaigns(slug):
            lines = differences(connection, campaign_id)
            if not lines:
                click.echo(f"Campaign '{campaign_slug}': the counts agree with the answers.")
                continue
            wrong.append(campaign_slug)
            click.echo(f"Campaign '{campaign_slug}': {len(lines)} count(s) differ:", err=True)
            for line in lines[:SHOWN]:
                click.echo(f"  {line}", err=True)
            if len(lines) > SHOWN:
                click.echo(f"  … and {len(lines) - SHOWN} more", err=True)
    if wrong:
        click.echo(
            "Rebuild them from the answers: "
            + "; ".join(f"survey counts rebuild --campaign {s}" for s in wrong),
            err=True,
        )
        raise SystemExit(1)


@counts.command("rebuild")
@click.option("--campaign", "slug", required=True, help="The campaign to count again.")
@with_appcontext
def rebuild_command(slug: str) -> None:
    """Count a campaign's answers again, from scratch."""
    ((campaign_id, campaign_slug),) = _campaigns(slug)
    with db.engine.connect() as connection:
        folded = rebuild(connection, campaign_id)
    click.echo(f"Campaign '{campaign_slug}': {folded} response(s) counted again.")
