"""`survey visits set|import|list`: the visits the queue-management system counted, per
campaign, channel and day, for the participation rate (responses / visits).

`import` reads the system's export of daily (or hourly) counts: the days in the file
replace the counts stored for those days, other days stay; so importing the same file
again changes nothing, and a corrected export corrects its days. The whole file is checked
first; with one problem, nothing is stored.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from ..collect.visits import MAX_VISITS, VISIT_CHANNELS, period_problem, set_visits
from ..core.db import db, write_intent
from ..core.models import CampaignVisits
from .lookup import campaign_or_fail
from .visits_list import list_visits

FILE = click.Path(exists=True, dir_okay=False, path_type=Path)
CHANNEL = click.option(
    "--channel",
    type=click.Choice(VISIT_CHANNELS),
    default=None,
    help="Channel the visits are for (default: kiosk, the reception desk's tablet).",
)


@click.group()
def visits() -> None:
    """Visits counted by the queue system, for the participation rate."""


visits.add_command(list_visits)


@visits.command("set")
@click.argument("slug")
@CHANNEL
@click.option(
    "--day",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Day (YYYY-MM-DD); without it, the count is the campaign's total for the channel.",
)
@click.option("--count", type=click.IntRange(0, MAX_VISITS), required=True, help="Visits.")
@with_appcontext
def set_count(slug: str, channel: str | None, day: datetime | None, count: int) -> None:
    """Set one day's visits (setting it again corrects it)."""
    channel = channel or "kiosk"
    with write_intent():
        campaign = campaign_or_fail(slug)
        when = day.date() if day else None
        problem = when and period_problem(campaign, when)
        if problem:
            raise click.ClickException(f"{problem}. Nothing set.")
        before = db.session.scalar(_stored(campaign.id, channel, when))
        set_visits(db.session, campaign, channel, when, count)
        db.session.commit()
    period = when.isoformat() if when else "campaign total"
    was = "new" if before is None else f"was {before}"
    click.echo(f"'{slug}' {channel} {period}: {count} visits ({was}).")


def _stored(campaign_id: int, channel: str, day: date | None):
    return select(CampaignVisits.visits).filter_by(
        campaign_id=campaign_id, channel=channel, day=day
    )


@visits.command("import")
@click.argument("slug")
@click.argument("file", type=FILE)
@CHANNEL
@click.option("--date-column", default=None, help="Column of the days (default: «Date», «Jour»…).")
@click.option(
    "--count-column",
    default=None,
    help="Column of the counts (default: «Nombre de tickets», «Visiteurs», «Visites»…).",
)
@click.option(
    "--only",
    multiple=True,
    metavar="COLUMN=VALUE",
    help="Keep only the lines whose COLUMN is VALUE, e.g. one site of the export (repeat).",
)
@click.option(
    "--mapping",
    "mapping_path",
    type=FILE,
    default=None,
    help="YAML file with channel, date, count and only, for an export used every year.",
)
@click.option(
    "--delimiter",
    type=click.Choice([";", ",", "tab"]),
    default=None,
    help="CSV column separator (default: detected).",
)
@click.option("--dry-run", is_flag=True, help="Check the file and show the days, store nothing.")
@with_appcontext
def import_visits(
    slug, file, channel, date_column, count_column, only, mapping_path, delimiter, dry_run
):
    """Import the queue system's export of visits per day (or per hour) for a channel."""
    from .visits_import import run_import

    run_import(
        slug, file, channel, date_column, count_column, only, mapping_path, delimiter, dry_run
    )
