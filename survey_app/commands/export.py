"""`survey export --campaign SLUG --format csv|json`."""

from __future__ import annotations

import sys
from contextlib import nullcontext
from pathlib import Path

import click
from flask.cli import with_appcontext

from ..campaigns import get_campaign, questionnaire_of
from ..db import db
from ..exporting import iter_json, write_csv
from ..reading import count_responses, iter_responses


def register(cli: click.Group) -> None:
    cli.add_command(export)


@click.command()
@click.option("--campaign", "slug", required=True, help="Campaign slug.")
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="File to write (default: standard output).",
)
@with_appcontext
def export(slug: str, fmt: str, output: Path | None) -> None:
    """Export raw responses: one row per response, one column per item key."""
    campaign = get_campaign(db.session, slug)
    if campaign is None:
        raise click.ClickException(f"no campaign '{slug}' (see `survey campaign list`)")
    questionnaire = questionnaire_of(campaign.questionnaire_version)
    total = count_responses(db.session, campaign)
    responses = iter_responses(db.session, campaign)
    try:
        out = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
    except OSError as exc:
        raise click.ClickException(f"{output}: {exc.strerror}") from None
    with out if output else nullcontext(out):
        if output:  # progress only when stdout is free for it
            responses = _with_progress(responses, total)
        if fmt == "csv":
            write_csv(out, questionnaire, responses)
        else:
            for chunk in iter_json(questionnaire, responses):
                out.write(chunk)
    if output:
        click.echo(f"Wrote {total} responses to {output}.", err=True)


def _with_progress(responses, total):
    with click.progressbar(responses, length=total, label="Exporting", file=sys.stderr) as bar:
        yield from bar
