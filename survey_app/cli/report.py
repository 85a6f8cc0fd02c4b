"""`survey report --campaign SLUG [--compare SLUG|none] [--order rate] --format FORMAT`.

Reads counts through the one read path (a few GROUP BY queries, whatever the number of
responses) and hands them to analysis.report, which writes the bilan qualité section
(report_write.py). This module loads click and the options only: a DOCX or PDF's charts
are drawn by a second process (analysis/report/chart_process.py), started before Flask,
SQLAlchemy and the models load (report_start.py), so that it imports matplotlib on the
other core meanwhile.
"""

from __future__ import annotations

from pathlib import Path

import click

from analysis.report import DEFAULT_THRESHOLD, FORMATS
from analysis.report.model import ORDERS
from analysis.results import SMALL_SAMPLE_BELOW

from .report_start import drawing_for

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
    drawing = drawing_for(click.get_current_context(), fmt, charts)
    try:
        from flask.cli import with_appcontext

        from .report_write import write_report

        with_appcontext(write_report)(
            slug, compare_slug, order, fmt, output, threshold, small_sample,
            exclude_flagged, charts, drawing,
        )  # fmt: skip
    finally:
        if drawing is not None:
            drawing.stop()
