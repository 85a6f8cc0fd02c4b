"""What `survey report` does once its options are read: the report built through the one
read path, inside the app, and written in the format asked (report.py keeps the command
itself light, so the drawing process starts before this module's imports load)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click
from flask import current_app
from sqlalchemy.orm import Session

from analysis.report import render
from analysis.report.printed import chart_names

from ..core.db import db
from ..core.models import Campaign
from ..counts.reading import iter_responses
from ..outputs.comparing import previous_campaign
from ..outputs.reporting import campaign_report, chart_folder
from ..register.rules import rules_from
from .lookup import campaign_or_fail
from .output import write_result

if TYPE_CHECKING:
    from analysis.report.chart_process import ChartProcess


def write_report(
    slug: str,
    compare_slug: str | None,
    order: str,
    fmt: str,
    output: Path | None,
    threshold: float,
    small_sample: int,
    exclude_flagged: bool,
    charts: bool,
    drawing: ChartProcess | None = None,
) -> None:
    """The command's work, in the app context; `drawing`, a ChartProcess waiting for the
    report (DOCX and PDF with their charts)."""
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
    folder = chart_folder(current_app)
    images = drawing.charts(built, chart_names(built), folder) if drawing is not None else None
    content = render(built, fmt, responses, chart_folder=folder, charts=images, with_charts=charts)
    write_result(
        content,
        output,
        f"Wrote the {fmt} report of {built.responses} responses to {output}{compared}.",
    )


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
