"""`survey visits list`: the visits recorded for a campaign, a line per day, a column per
channel, with each day's total and each channel's total as the participation rate counts
it (from the one read path)."""

from __future__ import annotations

import csv
import io
import sys
from datetime import date

import click
from flask.cli import with_appcontext

from ..collect.visits import VISIT_CHANNELS
from ..core.db import db
from ..counts.reading import visits_by_channel, visits_by_day
from .lookup import campaign_or_fail

TOTAL_ROW = "campaign total"
COUNTED_ROW = "counted"


@click.command("list")
@click.argument("slug")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "csv"]),
    default="text",
    show_default=True,
    help="csv: comma-separated, for a spreadsheet or a script.",
)
@with_appcontext
def list_visits(slug: str, output_format: str) -> None:
    """Visits per day and channel, with the totals the participation rate uses."""
    campaign = campaign_or_fail(slug)
    by_day = visits_by_day(db.session, campaign)
    counted = visits_by_channel(db.session, campaign)
    channels = [c for c in VISIT_CHANNELS if any(c in row for row in by_day.values())]
    rows = _rows(by_day, counted, channels)
    if output_format == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["day", *channels, "total"])
        writer.writerows(rows)
        sys.stdout.write(out.getvalue())
        return
    if not channels:
        click.echo(f"No visits recorded for '{slug}' (`survey visits set` or `import`).")
        return
    period = f"{campaign.opens_on or '…'} → {campaign.closes_on or '…'}"
    click.echo(f"Visits of '{slug}' ({period}), as the queue system counted them:")
    header = ["day", *channels, "total"]
    width = max(len(TOTAL_ROW), 10)
    for row in [header, *rows]:
        cells = ["—" if cell == "" else str(cell) for cell in row[1:]]
        click.echo(f"{row[0]:<{width}}" + "".join(f"{cell:>9}" for cell in cells))
    if None in by_day:
        click.echo(
            "A campaign total counts only for a channel with no day recorded: "
            f"'{COUNTED_ROW}' is what the participation rate uses."
        )


def _rows(
    by_day: dict[date | None, dict[str, int]], counted: dict[str, int], channels: list[str]
) -> list[list]:
    """A row per day, the campaign totals typed in, then what the rate counts."""
    rows: list[list] = []
    for day in sorted(d for d in by_day if d is not None):
        rows.append(_row(day.isoformat(), by_day[day], channels))
    if None in by_day:
        rows.append(_row(TOTAL_ROW, by_day[None], channels, with_total=False))
    if rows:
        rows.append(_row(COUNTED_ROW, counted, channels))
    return rows


def _row(name: str, values: dict[str, int], channels: list[str], with_total=True) -> list:
    cells = [values.get(c, "") for c in channels]
    total = sum(values.get(c, 0) for c in channels) if with_total else ""
    return [name, *cells, total]
