"""`survey report --campaign SLUG [--compare SLUG|none] [--order rate] --format FORMAT`.

Reads counts through the one read path (a few GROUP BY queries, whatever the number of
responses) and hands them to analysis.report, which writes the bilan qualité section.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.orm import Session

from analysis.report import DEFAULT_THRESHOLD, FORMATS, render
from analysis.report.model import ORDERS
from analysis.results import SMALL_SAMPLE_BELOW

from ..core.db import db
from ..core.models import Campaign
from ..counts.reading import iter_responses
from ..outputs.comparing import previous_campaign
from ..outputs.reporting import campaign_report
from ..register.rules import rules_from
from .lookup import campaign_or_fail
from .output import write_result

BINARY_FORMATS = ("docx", "pdf", "xlsx")
FILE_ONLY_FORMATS = ("html", *BINARY_FORMATS)


@click.command()
@click.option("--campaign", "slug", required=True, help="Campaign slug.")
@click.option(
    "--compare",
    "compare_slug",
    default=None,
    help="Campaign to compare with; by default last year's of the same site and questionnaire "
    "when there is one; 'none' for no comparison.",
)
@click.option(
    "--order",
    type=click.Choice(ORDERS),
    default="questionnaire",
    show_default=True,
    help="Positive points and improvements in the questionnaire's order, or by rate.",
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="File to write (text, markdown, json and csv default to standard output).",
)
@click.option(
    "--threshold",
    type=click.FloatRange(0, 1),
    default=DEFAULT_THRESHOLD,
    show_default=True,
    help="Items rated below this share are listed as axes d'amélioration.",
)
@click.option(
    "--small-sample",
    type=click.IntRange(1),
    default=SMALL_SAMPLE_BELOW,
    show_default=True,
    help="Rates with fewer expressed answers are flagged as a small sample.",
)
@click.option(
    "--exclude-flagged", is_flag=True, help="Leave out responses flagged as suspected misuse."
)
@click.option(
    "--charts/--no-charts",
    default=True,
    help="DOCX and PDF: draw the charts as images (--no-charts: the tables only).",
)
@with_appcontext
def report(
    slug: str,
    compare_slug: str | None,
    order: str,
    fmt: str,
    output: Path | None,
    threshold: float,
    small_sample: int,
    exclude_flagged: bool,
    charts: bool,
) -> None:
    """Write the annual-report section (bilan qualité) of a campaign."""
    if fmt in FILE_ONLY_FORMATS and output is None:
        raise click.ClickException(f"--format {fmt} writes a file: add --output FILE.{fmt}")
    session = db.session
    campaign = campaign_or_fail(slug)
    previous = _previous(session, campaign, compare_slug)
    include_flagged = not exclude_flagged
    built = campaign_report(
        session,
        campaign,
        previous,
        threshold=threshold,
        small_sample_below=small_sample,
        include_flagged=include_flagged,
        rules=rules_from(current_app.config),
        order=order,
    )
    # The XLSX report carries the raw responses too: streamed, never held in memory.
    responses = iter_responses(session, campaign, include_flagged) if fmt == "xlsx" else None
    compared = f", compared with {previous.slug}" if previous is not None else ""
    _write(built, fmt, output, charts, responses, compared)


def _previous(session: Session, campaign: Campaign, compare_slug: str | None):
    """The campaign named by --compare, none for 'none', else last year's when found."""
    if compare_slug is None:
        return previous_campaign(session, campaign)
    if compare_slug.lower() == "none":
        return None
    previous = campaign_or_fail(compare_slug)
    if previous.id == campaign.id:
        raise click.ClickException("--compare names the campaign itself: choose another one")
    return previous


def _write(built, fmt: str, output: Path | None, charts: bool, responses, compared: str) -> None:
    if fmt == "docx":
        from analysis.report.word import render_docx

        content = render_docx(built, with_charts=charts)
    elif fmt == "pdf":
        from analysis.report.pdf import render_pdf

        content = render_pdf(built, with_charts=charts)
    else:
        content = render(built, fmt, responses)
    write_result(
        content,
        output,
        f"Wrote the {fmt} report of {built.responses} responses to {output}{compared}.",
    )
