"""The national view at /admin/national: every site side by side, for administrators only.

Quality officers and readers get a 403 (the role check comes first), so no URL reveals
another site's numbers. The page and its downloads read the same survey_app.outputs.national view.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import plotly.io as pio
from flask import abort, render_template, request, url_for

from analysis.national.chart import national_figure
from analysis.national.output import (
    SORT_KEYS,
    render_csv,
    render_json,
    site_cells,
    sort_sites,
)
from analysis.national.table import PAGE_SIZE, PAGE_SIZES, matching, page_of
from analysis.national.xlsx import render_xlsx
from analysis.report.charts import drawable
from analysis.report.tables import percent_or_dash

from ...core.db import db
from ...outputs.national import NationalView, Period, national_view, questionnaire_keys
from .access import ADMIN, roles_required
from .blueprint import bp
from .downloads import PLAIN, PLAIN_LABEL, attachment
from .query_args import page_number

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOWNLOADS = {
    "csv": ("text/csv; charset=utf-8", "CSV (Excel)"),
    "xlsx": (XLSX, "XLSX"),
    "json": ("application/json", "JSON"),
}
FILTERS = ("questionnaire", "year", "from", "to", "exclude_flagged")
"""Query parameters that choose the numbers; the others only choose the rows shown."""
ORDERING = ("sort", "order")
DISPLAY = ("q", "per_page")
"""A search on the site's name and the page size: the page only, never the downloads."""


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
    if year and not (year.isascii() and year.isdecimal() and 2000 <= int(year) <= 2100):
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
        abort(400, description="Colonne de tri inconnue\u00a0: cliquez un titre de colonne.")
    sites = sort_sites(view.results.sites, sort, request.args.get("order") == "desc")
    return replace(view, results=replace(view.results, sites=sites))


def _args(*names: str, **changes) -> dict[str, str]:
    """The current query's non-empty parameters among `names`, with `changes` on top."""
    kept = {k: v for k, v in request.args.items() if k in names and v}
    return kept | {k: v for k, v in changes.items() if v is not None}


def _sort_links(view: NationalView) -> dict[str, dict]:
    """column -> its link (same filters, this sort, flipped order if already sorted by it).

    A new order starts again from the first page: page 3 of another order means nothing.
    """
    current = request.args.get("sort", "rank")
    order = "desc" if request.args.get("order") == "desc" else "asc"
    links = {}
    for key in (*SORT_KEYS, *(i.key for i in view.results.items)):
        is_current = key == current
        first = "asc" if key in ("rank", "site") else "desc"  # best rates first
        flipped = {"asc": "desc", "desc": "asc"}[order] if is_current else first
        links[key] = {
            "url": url_for("admin.national", **_args(*FILTERS, *DISPLAY, sort=key, order=flipped)),
            "aria": ("descending" if order == "desc" else "ascending") if is_current else None,
        }
    return links


def _page_request() -> tuple[int, int]:
    """(page number, sites per page) from the query; 400 for anything but a whole number."""
    number = page_number()
    size = request.args.get("per_page", "").strip() or str(PAGE_SIZE)
    if size not in {str(choice) for choice in PAGE_SIZES}:
        choices = ", ".join(str(c) for c in PAGE_SIZES[:-1]) + f" ou {PAGE_SIZES[-1]}"
        abort(400, description=f"Nombre de sites par page\u00a0: {choices}.")
    return number, int(size)


@bp.get("/national")
@roles_required(ADMIN)
def national():
    keys = questionnaire_keys(db.session)
    number, size = _page_request()  # before counting anything: a bad page costs no query
    view = _view(keys)
    if view is None:
        return render_template("admin/national.html", view=None, keys=keys)
    query = request.args.get("q", "").strip()
    page = page_of(matching(view.results.sites, query), number, size)
    figure = national_figure(replace(view.results, sites=page.sites))
    rank_item = next((i for i in view.results.items if i.key == view.results.rank_item), None)
    shown = {s.slug for s in page.sites}
    return render_template(
        "admin/national.html",
        view=view,
        keys=keys,
        args=request.args,
        query=query,
        page=page,
        page_sizes=PAGE_SIZES,
        page_url=lambda n: url_for(
            "admin.national", **_args(*FILTERS, *ORDERING, *DISPLAY, page=str(n))
        ),
        page_campaigns=[c for c in view.campaigns if c.site.slug in shown],
        clear_search_url=url_for("admin.national", **_args(*FILTERS, *ORDERING, "per_page")),
        figure=None if figure is None else pio.to_json(drawable(figure), validate=False),
        cells=site_cells,
        rank_label=(
            "la satisfaction globale"
            if rank_item is None or rank_item.is_overall
            else f"« {rank_item.label['fr']} »"
        ),
        rate=percent_or_dash,
        sort_links=_sort_links(view),
        downloads=[
            (label, url_for("admin.national_download", fmt=fmt, **_args(*FILTERS, *ORDERING)))
            for fmt, (_, label) in DOWNLOADS.items()
        ]
        + [
            (
                "CSV" + PLAIN_LABEL,
                url_for(
                    "admin.national_download", fmt="csv", format=PLAIN, **_args(*FILTERS, *ORDERING)
                ),
            )  # fmt: skip
        ],
    )


@bp.get("/national.<fmt>")
@roles_required(ADMIN)
def national_download(fmt: str):
    """Every site (no search, no pages), in the order asked for."""
    if fmt not in DOWNLOADS:
        abort(404)
    view = _view(questionnaire_keys(db.session))
    if view is None:
        abort(404)
    if fmt == "csv":
        content = render_csv(view.results)
    elif fmt == "xlsx":
        content = render_xlsx(view.results, view.heading())
    else:
        content = render_json(view.results, view.about())
    return attachment(content, DOWNLOADS[fmt][0], f"vue-nationale-{view.key}.{fmt}")
