"""The register's figures for a year (the bilan's section, as the report has it) and the
entries' CSV export, personal data masked unless the site's officer asks for it."""

from __future__ import annotations

from flask import abort, current_app, render_template, request, url_for

from analysis.report.outline import Bullets, Heading, Paragraph, TableBlock, requests_blocks

from ...core.clock import local_today
from ...core.db import db
from ...outputs.register_export import render_entries
from ...register.reading import EntryFilters, entry_years, site_entries, year_figures
from ...register.rules import rules_from
from .access import EVERYONE, MANAGERS, roles_required
from .audit import audit
from .blueprint import bp
from .downloads import attachment
from .register import sees_personal_data, site_or_404

KINDS_OF = {Heading: "heading", Paragraph: "paragraph", Bullets: "bullets", TableBlock: "table"}
"""Block kinds as the results page's template names them."""


def _year(default: int) -> int:
    year = request.args.get("year", "")
    if not year:
        return default
    if not (year.isdigit() and 2000 <= int(year) <= 2100):
        abort(404)
    return int(year)


@bp.get("/requests/<site>/figures")
@roles_required(*EVERYONE)
def requests_figures(site: str):
    chosen = site_or_404(site)
    today = local_today(chosen.timezone)
    year = _year(today.year)
    figures = year_figures(db.session, chosen.id, year, today, rules_from(current_app.config))
    return render_template(
        "admin/requests_figures.html",
        site=chosen,
        year=year,
        years=sorted({*entry_years(db.session, chosen.id), today.year}, reverse=True),
        figures=figures,
        blocks=[{"kind": KINDS_OF[type(b)], "block": b} for b in requests_blocks(figures)],
        export_url=url_for("admin.requests_export", site=chosen.slug, year=year),
        personal=sees_personal_data(chosen),
    )


@bp.get("/requests/<site>/export.csv")
@roles_required(*MANAGERS)
def requests_export(site: str):
    chosen = site_or_404(site)
    today = local_today(chosen.timezone)
    year = _year(today.year)
    with_personal = request.args.get("personal") == "1"
    if with_personal and not sees_personal_data(chosen):
        abort(403)
    entries = site_entries(db.session, chosen.id, EntryFilters(year=year), today)
    figures = year_figures(db.session, chosen.id, year, today, rules_from(current_app.config))
    content = render_entries(entries, figures, "csv", with_personal)
    if with_personal:
        audit("requests.export_personal", f"site:{chosen.slug}", year=year, entries=len(entries))
        db.session.commit()
    suffix = "-avec-coordonnees" if with_personal else ""
    return attachment(
        content,
        "text/csv; charset=utf-8",
        f"registre-{chosen.slug}-{year}{suffix}.csv",
    )
