"""`survey import --campaign SLUG FILE.csv|FILE.xlsx --mapping MAPPING.yaml`.

Loads past results exported from the previous tool into a campaign (usually a closed one,
e.g. last year's), so the report can compare years from the first year on. The whole file
is checked first and every problem printed with its row and column; nothing is loaded
until the file is clean, then everything is loaded in one transaction.
"""

from __future__ import annotations

import getpass
import re
import sys
from pathlib import Path
from typing import NoReturn

import click
from flask import current_app
from flask.cli import with_appcontext

from ..collect.importing import (
    ImportCheckError,
    LoadResult,
    check_file,
    load_file,
    load_mapping,
    open_table,
)
from ..collect.importing.files import DELIMITERS
from ..collect.importing.limits import ImportLimits
from ..collect.importing.load import KEPT_MESSAGES
from ..collect.importing.mapping import IMPORT_CHANNELS, with_channel
from ..core.campaigns import questionnaire_of
from ..core.db import db, write_intent
from .lookup import campaign_or_fail

SHOWN_PROBLEMS = 200
"""A wrong mapping can fail every row: past this many, the rest are counted, not printed."""
PROGRESS_FROM = 500
"""Files with fewer rows load too fast for a progress bar to help."""

UNTOLD = re.compile(r": ([\d,]+) more problems, not listed$")
FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


def _refuse(problems: list[str], file: Path) -> NoReturn:
    untold = UNTOLD.search(problems[-1]) if len(problems) > KEPT_MESSAGES else None
    if untold:  # check_file kept the first problems and counted the others
        problems = problems[:-1]
    total = len(problems) + (int(untold.group(1).replace(",", "")) if untold else 0)
    for message in problems[:SHOWN_PROBLEMS]:
        click.echo(message, err=True)
    if total > SHOWN_PROBLEMS:
        click.echo(f"... and {total - SHOWN_PROBLEMS} more problems", err=True)
    plural = "s" if total > 1 else ""
    raise click.ClickException(f"nothing imported from {file}: {total} problem{plural}")


def _load(table, mapping, campaign, count: int) -> LoadResult:
    who = f"cli:{_system_user()}"
    if count < PROGRESS_FROM:
        return load_file(db.session, table, mapping, campaign, imported_by=who)
    with click.progressbar(length=count, label="Importing", file=sys.stderr) as bar:
        return load_file(db.session, table, mapping, campaign, lambda: bar.update(1), who)


def _system_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name (a container without a passwd entry)
        return "?"


def _summary(loaded: LoadResult) -> str:
    """«64 responses: 30 kiosk, 20 web, 14 paper; kept apart: 5 with an answer to a question
    not asked, 3 with a required question unanswered.»"""
    if not loaded.created:
        return ""
    channels = ", ".join(f"{n} {c}" for c, n in sorted(loaded.by_channel.items()))
    text = f" By channel: {channels}."
    hidden, required = loaded.kept_apart.get("hidden"), loaded.kept_apart.get("required")
    if hidden or required:
        parts = [f"{hidden} with an answer to a question not asked" if hidden else "",
                 f"{required} with a required question unanswered" if required else ""]  # fmt: skip
        text += (" Kept apart (stored, not counted: docs/report.md): "
                 f"{'; '.join(p for p in parts if p)}.")  # fmt: skip
    return text


def _count_ahead(campaign_id: int) -> None:
    """Fold what was just loaded, here, where no request waits: otherwise the first report or
    dashboard after a large import folds it (a million answers: minutes, past a worker's
    timeout)."""
    from ..counts.folding import fold

    with db.engine.connect() as connection:
        fold(connection, campaign_id)


@click.command("import")
@click.argument("file", type=FILE)
@click.option("--campaign", "slug", required=True, help="Campaign to load the results into.")
@click.option(
    "--mapping",
    "mapping_path",
    type=FILE,
    required=True,
    help="YAML file: which column is which item, which label which value.",
)
@click.option(
    "--delimiter",
    type=click.Choice(list(DELIMITERS)),
    default=None,
    help="CSV column separator (default: detected).",
)
@click.option(
    "--channel",
    type=click.Choice(IMPORT_CHANNELS),
    default=None,
    help="Channel of every row (default: the mapping's `channel`, else `import`).",
)
@click.option("--dry-run", is_flag=True, help="Check the file and the mapping, load nothing.")
@with_appcontext
def import_results(
    file: Path,
    slug: str,
    mapping_path: Path,
    delimiter: str | None,
    channel: str | None,
    dry_run: bool,
) -> None:
    """Import past results (one row per respondent) exported from the previous tool."""
    campaign = campaign_or_fail(slug)
    questionnaire = questionnaire_of(campaign.questionnaire_version)
    try:
        mapping = load_mapping(mapping_path, questionnaire)
        if channel is not None:
            mapping = with_channel(mapping, channel)
        table = open_table(file, delimiter, ImportLimits.from_config(current_app.config))
        count, problems = check_file(table, mapping, campaign)
    except ImportCheckError as exc:
        problems = exc.messages
    if problems:
        _refuse(problems, file)
    if dry_run:
        click.echo(f"{file}: {count} responses ready to import into '{slug}' (nothing loaded).")
        return
    # End the checking (read) transaction: the load opens its own, which on SQLite takes the
    # write lock at BEGIN, so tablets wait for it (up to SQLITE_BUSY_TIMEOUT) instead of failing.
    db.session.rollback()
    with write_intent():
        try:
            loaded = _load(table, mapping, campaign, count)
        except ImportCheckError as exc:
            db.session.rollback()
            _refuse(exc.messages, file)
        db.session.commit()
    if loaded.created:
        _count_ahead(campaign.id)
    click.echo(
        f"Imported {loaded.created} responses into '{slug}' from {file}"
        f" ({loaded.already_there} already imported).{_summary(loaded)}"
    )
    if loaded.created and loaded.already_there:
        click.echo(
            "Note: part of this file was already in the campaign. A row is known by its "
            "number and its cells: rows inserted, moved or corrected since the last import "
            "were loaded as new responses; check the campaign's total.",
            err=True,
        )
