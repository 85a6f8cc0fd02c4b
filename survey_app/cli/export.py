"""`survey export --campaign SLUG --format csv|json [--labels [--lang LANG]] [--codebook FILE]`."""

from __future__ import annotations

import sys
from contextlib import nullcontext
from pathlib import Path

import click
from flask.cli import with_appcontext

from analysis.codebook import check_language

from ..core.campaigns import questionnaire_of
from ..core.db import db
from ..counts.kept_apart import has_kept_apart
from ..counts.reading import count_responses, iter_responses
from ..outputs.exporting import iter_json, write_codebook, write_csv
from .lookup import campaign_or_fail

FILE = click.Path(dir_okay=False, path_type=Path)


@click.command()
@click.option("--campaign", "slug", required=True, help="Campaign slug.")
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True
)
@click.option("--output", type=FILE, default=None, help="File to write (default: standard output).")
@click.option("--labels", is_flag=True, help="Answers as their labels instead of their codes.")
@click.option(
    "--lang",
    default="fr",
    show_default=True,
    help="Language of the labels (--labels and --codebook).",
)
@click.option(
    "--codebook",
    "codebook_path",
    type=FILE,
    default=None,
    help="Also write the codebook CSV here: item key, type, question, value code, label.",
)
@with_appcontext
def export(
    slug: str, fmt: str, output: Path | None, labels: bool, lang: str, codebook_path: Path | None
) -> None:
    """Export raw responses: one row per response, one column per item key."""
    campaign = campaign_or_fail(slug)
    questionnaire = questionnaire_of(campaign.questionnaire_version)
    try:
        check_language(questionnaire, lang)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--lang") from None
    if codebook_path is not None:
        with _open(codebook_path) as out:
            write_codebook(out, questionnaire, lang)
    total = count_responses(db.session, campaign)
    responses = iter_responses(db.session, campaign)
    kept = has_kept_apart(db.session, campaign)
    label_lang = lang if labels else None
    out = _open(output) if output else nullcontext(sys.stdout)
    with out as stream:
        if output:  # progress only when stdout is free for it
            responses = _with_progress(responses, total)
        if fmt == "csv":
            write_csv(stream, questionnaire, responses, label_lang, kept)
        else:
            for chunk in iter_json(questionnaire, responses, label_lang):
                stream.write(chunk)
    if output:
        click.echo(f"Wrote {total} responses to {output}.", err=True)
    if codebook_path is not None:
        click.echo(f"Wrote the codebook to {codebook_path}.", err=True)


def _open(path: Path):
    try:
        return open(path, "w", encoding="utf-8", newline="")
    except OSError as exc:
        raise click.ClickException(f"{path}: {exc.strerror}") from None


def _with_progress(responses, total):
    with click.progressbar(responses, length=total, label="Exporting", file=sys.stderr) as bar:
        yield from bar
