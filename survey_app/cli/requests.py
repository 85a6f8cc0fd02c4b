"""`survey requests export` and `survey purge-requests`: the requests register from the shell."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from ..core.clock import local_today
from ..core.db import db, write_intent
from ..core.models import AuditEvent, Site
from ..outputs.register_export import EXPORT_FORMATS, render_entries
from ..register.privacy import purge_personal_data
from ..register.reading import EntryFilters, site_entries, year_figures
from ..register.rules import rules_from
from .output import write_result


@click.group()
def requests() -> None:
    """The register of réclamations, suggestions and demandes d'information."""


def _site(slug: str | None) -> Site:
    sites = list(db.session.scalars(select(Site).order_by(Site.slug)))
    if slug is None:
        if len(sites) == 1:
            return sites[0]
        names = ", ".join(s.slug for s in sites) or "none yet"
        raise click.ClickException(f"several sites: choose one with --site ({names})")
    for site in sites:
        if site.slug == slug:
            return site
    raise click.ClickException(f"no site '{slug}' (sites: {', '.join(s.slug for s in sites)})")


@requests.command("export")
@click.option("--site", "site_slug", default=None, help="Site slug (needed with several sites).")
@click.option("--year", type=click.IntRange(2000, 2100), default=None, help="Default: this year.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    default="text",
    show_default=True,
    help="text: the bilan's figures; csv, json, xlsx: the entries.",
)
@click.option(
    "--with-personal-data",
    is_flag=True,
    help="Write contacts and summaries as stored (masked otherwise).",
)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
@with_appcontext
def export(
    site_slug: str | None, year: int | None, fmt: str, with_personal_data: bool, output
) -> None:
    """The year's register: its figures (text) or its entries (csv, json, xlsx)."""
    if fmt == "xlsx" and output is None:
        raise click.ClickException("--format xlsx writes a file: add --output FILE.xlsx")
    site = _site(site_slug)
    today = local_today(site.timezone)
    year = year or today.year
    rules = rules_from(current_app.config)
    entries = site_entries(db.session, site.id, EntryFilters(year=year), today)
    figures = year_figures(db.session, site.id, year, today, rules)
    content = render_entries(entries, figures, fmt, with_personal_data)
    if with_personal_data:
        with write_intent():
            db.session.add(
                AuditEvent(action="requests.export_personal", target=f"site:{site.slug}",
                           details={"year": year, "entries": len(entries)})
            )  # fmt: skip
            db.session.commit()
    write_result(content, output, f"Wrote {len(entries)} entries of {year} to {output}.")


@requests.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--site", "site_slug", default=None, help="Site slug (needed with several sites).")
@click.option(
    "--mapping",
    "mapping_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    required=True,
    help="YAML: which column is which field (docs/officer-guide.md, «Registre»).",
)
@click.option("--dry-run", is_flag=True, help="Check the whole file, store nothing.")
@with_appcontext
def import_register(file: Path, site_slug: str | None, mapping_path: Path, dry_run: bool) -> None:
    """Load an existing register (CSV or XLSX) into a site's register; rows already imported
    are skipped, and nothing is stored unless every row is clean."""
    from ..collect.importing import ImportCheckError, open_table
    from .register_import import load_register_mapping, read_register, store_rows

    site = _site(site_slug)
    try:
        rows = read_register(open_table(file), load_register_mapping(mapping_path), site.slug)
        with write_intent():
            added, known = store_rows(db.session, site, rows, rules_from(current_app.config))
            if dry_run:
                db.session.rollback()
            else:
                db.session.add(
                    AuditEvent(action="requests.import", target=f"site:{site.slug}",
                               details={"file": file.name, "added": added, "known": known})
                )  # fmt: skip
                db.session.commit()
    except ImportCheckError as exc:
        db.session.rollback()
        for message in exc.messages[:200]:
            click.echo(message, err=True)
        raise click.ClickException(
            f"nothing imported from {file}: {len(exc.messages)} problem(s)"
        ) from None
    verb = "Would import" if dry_run else "Imported"
    click.echo(f"{verb} {added} entries into the register of {site.slug} "
               f"({known} already there).")  # fmt: skip


@click.command("purge-requests")
@click.option(
    "--older-than",
    "days",
    type=click.IntRange(0),
    default=None,
    help="Days to keep (default: the REQUEST_RETENTION_DAYS setting).",
)
@with_appcontext
def purge_requests(days: int | None) -> None:
    """Erase contacts and summaries of register entries received DAYS days ago or earlier; their
    counts stay for the statistics."""
    days = current_app.config["REQUEST_RETENTION_DAYS"] if days is None else days
    sites = list(db.session.scalars(select(Site)))
    today = max((local_today(s.timezone) for s in sites), default=local_today("UTC"))
    with write_intent():
        purged, waiting = purge_personal_data(db.session, days, today)
        db.session.add(
            AuditEvent(action="requests.purge", target="register_entries",
                       details={"older_than_days": days, "purged": purged})
        )  # fmt: skip
        db.session.commit()
    noun = "entry" if purged == 1 else "entries"
    click.echo(f"Erased the contact and text of {purged} register {noun} over {days} days old.")
    if waiting:
        click.echo(
            f"{waiting} of them had no reply yet: they stay open (and overdue) in /admin.",
            err=True,
        )
