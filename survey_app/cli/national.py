"""`survey national --questionnaire KEY [--year Y | --from DATE --to DATE] [--format ...]`.

text, csv and json go to standard output unless --output is given; xlsx needs --output.

The administrator's national view on the command line: every site's results on one
questionnaire, ranked, with the national total; the same numbers as /admin/national.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import click
from flask.cli import with_appcontext

from analysis.national.output import SORT_KEYS, render_csv, render_json, render_text, sort_sites
from analysis.national.xlsx import render_xlsx
from analysis.results import SMALL_SAMPLE_BELOW

from ..core.db import db
from ..outputs.national import Period, UnknownQuestionnaire, national_view, questionnaire_keys
from .output import write_result

FORMATS = ("text", "csv", "json", "xlsx")


def _period(year: int | None, start: date | None, end: date | None) -> Period:
    if year is not None and (start or end):
        raise click.UsageError("use --year or --from/--to, not both")
    try:
        return Period.year(year) if year is not None else Period(start, end)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None


@click.command()
@click.option("--questionnaire", "key", required=True, help="Questionnaire key (all versions).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option(
    "--year",
    type=click.IntRange(2000, 2100),
    default=None,
    help="Campaigns overlapping this calendar year, pooled per site.",
)
@click.option(
    "--from",
    "start",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Campaigns overlapping the period from this day (YYYY-MM-DD).",
)
@click.option(
    "--to",
    "end",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="... up to this day. Default without dates: each site's latest closed campaign.",
)
@click.option(
    "--sort",
    type=str,
    default="rank",
    show_default=True,
    help=f"Sort the sites by {', '.join(SORT_KEYS)} or a rating item's key.",
)
@click.option("--descending", is_flag=True, help="Sort from the largest value down.")
@click.option(
    "--small-sample",
    type=click.IntRange(1),
    default=SMALL_SAMPLE_BELOW,
    show_default=True,
    help="Sites with fewer expressed answers are not ranked.",
)
@click.option("--exclude-flagged", is_flag=True, help="Leave out responses flagged as misuse.")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="File to write (default: standard output; required for xlsx).",
)
@with_appcontext
def national(key, fmt, year, start, end, sort, descending, small_sample, exclude_flagged, output):
    """Compare every site's results on one questionnaire, ranked, with the national total."""
    if fmt == "xlsx" and output is None:
        raise click.UsageError("--format xlsx needs --output FILE.xlsx")
    period = _period(year, start.date() if start else None, end.date() if end else None)
    try:
        view = national_view(
            db.session,
            key,
            period,
            small_sample_below=small_sample,
            include_flagged=not exclude_flagged,
        )
    except UnknownQuestionnaire:
        known = ", ".join(questionnaire_keys(db.session)) or "none yet"
        raise click.ClickException(
            f"no campaign uses questionnaire '{key}' (known: {known})"
        ) from None
    results = view.results
    if sort not in SORT_KEYS and sort not in {i.key for i in results.items}:
        raise click.UsageError(f"--sort: use {', '.join(SORT_KEYS)} or a rating item's key")
    results = replace(results, sites=sort_sites(results.sites, sort, descending))
    if fmt == "csv":
        content = render_csv(results)
    elif fmt == "json":
        content = render_json(results, view.about())
    elif fmt == "xlsx":
        content = render_xlsx(results, view.heading())
    else:
        content = render_text(results, view.heading())
    done = f"Wrote the national view of {len(results.sites)} sites to {output}."
    write_result(content, output, done)
