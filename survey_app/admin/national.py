"""The national view at /admin/national: every site side by side, for administrators only.

Quality officers and readers get a 403 (the role check comes first), so no URL reveals
another site's numbers. The page and its downloads read the same survey_app.national view.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import plotly.io as pio
from flask import abort, render_template, request, url_for

from analysis.national_chart import national_figure
from analysis.national_output import (
    SORT_KEYS,
    render_csv,
    render_json,
    site_cells,
    sort_sites,
)
from analysis.report.tables import percent_or_dash

from ..db import db
from ..national import NationalView, Period, national_view, questionnaire_keys
from .access import ADMIN, roles_required
from .blueprint import bp

DOWNLOADS = {
    "csv": ("text/csv; charset=utf-8", "CSV"),
    "json": ("application/json", "JSON"),
}
FILTERS = ("questionnaire", "year", "from", "to", "exclude_flagged")
"""Query parameters that choose the numbers; sorting only reorders them."""


def _date(name: str) -> date | None:
    text = request.args.get(name, "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        abort(400, description=f"Date illisible ({name}) : utilisez le format AAAA-MM-JJ.")


def _period() -> Period:
    year = request.args.get("year", "").strip()
    start, end = _date("from"), _date("to")
    if year and (start or end):
        abort(400, description="Choisissez une année ou des dates, pas les deux.")
    if year and not (year.isdigit() and 2000 <= int(year) <= 2100):
        abort(400, description="Année illisible : par exemple 2026.")
    try:
        return Period.year(int(year)) if year else Period(start, end)
    except ValueError:
        abort(400, description="La fin de la période est avant son début.")


def _view(keys: list[str]) -> NationalView | None:
    """The view the query asks for (sorted as asked), None when no questionnaire exists yet."""
    key = request.args.get("questionnaire") or (keys[0] if keys else None)
    if key is None:
        return None
    if key not in keys:
        abort(404)
    exclude = request.args.get("exclude_flagged") == "1"
    view = national_view(db.session, key, _period(), include_flagged=not exclude)
    sort = request.args.get("sort", "rank")
    if sort not in SORT_KEYS and sort not in {i.key for i in view.results.items}:
        abort(400, description="Colonne de tri inconnue.")
    sites = sort_sites(view.results.sites, sort, request.args.get("order") == "desc")
    return replace(view, results=replace(view.results, sites=sites))


def _sort_links(view: NationalView) -> dict[str, dict]:
    """column -> its link (same filters, this sort, flipped order if already sorted by it)."""
    filters = {k: v for k, v in request.args.items() if k in FILTERS and v}
    current = request.args.get("sort", "rank")
    order = "desc" if request.args.get("order") == "desc" else "asc"
    links = {}
    for key in (*SORT_KEYS, *(i.key for i in view.results.items)):
        is_current = key == current
        first = "asc" if key in ("rank", "site") else "desc"  # best rates first
        flipped = {"asc": "desc", "desc": "asc"}[order] if is_current else first
        links[key] = {
            "url": url_for("admin.national", **filters, sort=key, order=flipped),
            "aria": ("descending" if order == "desc" else "ascending") if is_current else None,
        }
    return links


@bp.get("/national")
@roles_required(ADMIN)
def national():
    keys = questionnaire_keys(db.session)
    view = _view(keys)
    if view is None:
        return render_template("admin/national.html", view=None, keys=keys)
    figure = national_figure(view.results)
    rank_item = next((i for i in view.results.items if i.key == view.results.rank_item), None)
    filters = {k: v for k, v in request.args.items() if k in FILTERS and v}
    return render_template(
        "admin/national.html",
        view=view,
        keys=keys,
        args=request.args,
        figure=pio.to_json(figure) if figure is not None else None,
        cells=site_cells,
        rank_label=(
            "la satisfaction globale"
            if rank_item is None or rank_item.is_overall
            else f"« {rank_item.label['fr']} »"
        ),
        rate=percent_or_dash,
        sort_links=_sort_links(view),
        downloads=[
            (label, url_for("admin.national_download", fmt=fmt, **filters))
            for fmt, (_, label) in DOWNLOADS.items()
        ],
    )


@bp.get("/national.<fmt>")
@roles_required(ADMIN)
def national_download(fmt: str):
    if fmt not in DOWNLOADS:
        abort(404)
    view = _view(questionnaire_keys(db.session))
    if view is None:
        abort(404)
    if fmt == "csv":
        content = "\ufeff" + render_csv(view.results)
    else:
        content = render_json(view.results, view.about())
    return (
        content.encode("utf-8"),
        200,
        {
            "Content-Type": DOWNLOADS[fmt][0],
            "Content-Disposition": f'attachment; filename="vue-nationale-{view.key}.{fmt}"',
            "Cache-Control": "no-store",
        },
    )
