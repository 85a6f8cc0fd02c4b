"""`survey questionnaire check FILE...`."""

from __future__ import annotations

from pathlib import Path

import click

from ..core.catalog import check_files


@click.group()
def questionnaire() -> None:
    """Questionnaire files."""


@questionnaire.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def check(files: tuple[Path, ...]) -> None:
    """Validate questionnaire files; print every error and exit 1 if any."""
    loaded, errors = check_files(list(files))
    for message in errors:
        click.echo(message, err=True)
    for key, questionnaire in loaded.items():
        click.echo(
            f"ok: {key} ({len(questionnaire.items)} items, "
            f"languages {', '.join(questionnaire.languages)})"
        )
    if errors:
        raise SystemExit(1)
