"""/admin/national with 300 sites, as a ministry administrator uses it: pages, sorting, a
search on the site's name, a chart of the page's sites, full downloads, one aggregate
statement per page view, and clear answers to bad parameters."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from fractions import Fraction
from urllib.parse import parse_qs, urlsplit

import pytest
from flask.cli import ScriptInfo
from openpyxl import load_workbook
from sqlalchemy import event

from analysis.french import NBSP
from analysis.rounding import shown_share
from survey_app.cli import cli
from survey_app.core.db import db
from tests.app.admin_helpers import login
from tests.app.national_helpers import KEY, TRAP_NAME, make_many_sites
from tests.conftest import shared_app

COUNT = 300
SMALL = 30


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def country(request, tmp_path_factory):
    """One app and its 300 sites for the whole module, on each database: building them
    takes seconds, and no test here changes them (logins and reads only)."""
    with shared_app(request.param, tmp_path_factory.mktemp("national-many")) as app:
        yield app, make_many_sites(app, COUNT)


@pytest.fixture
def app(country):
    return country[0]


@pytest.fixture
def sites(country):
    return country[1]


@pytest.fixture
def admin(app, sites):
    client = app.test_client()
    assert login(client, "admin").status_code == 303
    return client


def _page(client, query: str = "") -> str:
    reply = client.get(f"/admin/national?{query}")
    assert reply.status_code == 200, reply.status_code
    return reply.get_data(as_text=True)


def _rows(page: str, title_id: str = "ranking-title") -> list[str]:
    """Row headers of the table labelled by `title_id` (the total included), in page order."""
    table = page.split(f'aria-labelledby="{title_id}"')[1].split("</table>")[0]
    return [html.unescape(n) for n in re.findall(r'<th scope="row">([^<]+)', table)]


def _sites(page: str) -> list[str]:
    names = _rows(page)
    assert names[-1] == "Ensemble des sites"
    return names[:-1]


def _page_links(page: str) -> dict[str, dict[str, list[str]]]:
    """Text of each link in the pagination -> its query parameters."""
    nav = page.split('aria-label="Pages du classement"')[1].split("</nav>")[0]
    links = re.findall(r'<a href="([^"]+)"[^>]*>(.*?)</a>', nav)
    return {
        re.sub(r"<[^>]+>", "", text): parse_qs(urlsplit(html.unescape(url)).query)
        for url, text in links
    }


def _expected(sites, key: str = "rank", descending: bool = False) -> list[str]:
    """The whole table's order, computed from what was inserted: ranked sites (n >= 30)
    first, then small samples, each part by `key`, ties by name; by rank (the default),
    small samples have none and come by name."""
    ranked = [s for s in sites if s.n >= SMALL]
    small = [s for s in sites if s.n < SMALL]
    if key == "rank":
        ordered = sorted(ranked, key=lambda s: (-Fraction(s.satisfied, s.n), s.name.casefold()))
        unranked = sorted(small, key=lambda s: s.name.casefold())
        return [s.name for s in ordered + unranked]
    value = {
        "site": lambda s: s.name.casefold(),
        "n": lambda s: s.n,
        "responses": lambda s: s.responses,
        "rate": lambda s: s.satisfied / s.n,
    }[key]

    def part(group):
        by_name = sorted(group, key=lambda s: s.name.casefold())
        return [s.name for s in sorted(by_name, key=value, reverse=descending)]

    return part(ranked) + part(small)


def _first_page_shows_50_of_300_sites_with_the_national_total(admin, sites):
    page = _page(admin)
    assert _sites(page) == _expected(sites)[:50]
    assert "Sites 1 à 50 sur 300, page 1 sur 6." in page
    assert f'<span class="stat-card__value">{COUNT}</span>' in page  # every site counts
    assert re.search(rf"\d,\d{NBSP}%", page) and not re.search(r"\d\.\d ?%", page)
    assert "Page précédente" not in page and "Page suivante" in page
    links = _page_links(page)
    pages = ["Page 1", "Page 2", "Page 3", "Page 6", "Page suivante"]  # «1 2 3 … 6»
    assert [text for text in links if text.startswith("Page ")] == pages
    assert 'aria-current="page"><span class="sr-only">Page </span>1</a>' in page


def _walking_every_page_shows_each_site_once_in_the_table_order(admin, sites):
    seen = []
    for number in range(1, 7):
        page = _page(admin, f"page={number}")
        rows = _sites(page)
        assert len(rows) == 50
        assert f"Sites {50 * number - 49} à {50 * number} sur 300" in page
        seen += rows
    assert seen == _expected(sites)
    last = _page(admin, "page=6")
    assert "Page suivante" not in last and "Page précédente" in last
    assert "non classés" in last  # the small samples come after every ranked site


SORTS = [("rate", True), ("rate", False), ("n", True), ("responses", False), ("site", False),
         ("site", True)]  # fmt: skip


def _each_sort_order_pages_through_the_whole_table(admin, sites):
    for key, descending in SORTS:
        order = "desc" if descending else "asc"
        expected = _expected(sites, key, descending)
        first = _page(admin, f"sort={key}&order={order}")
        assert _sites(first) == expected[:50], (key, order)
        assert _rows(first, "items-title")[:-1] == expected[:50]  # the second table: same sites
        second = _page(admin, f"sort={key}&order={order}&page=2")
        assert _sites(second) == expected[50:100], (key, order)


def _page_links_keep_every_other_parameter_and_sorting_starts_again_at_page_one(admin):
    query = f"questionnaire={KEY}&year=2025&exclude_flagged=1&sort=n&order=desc&per_page=25"
    page = _page(admin, query + "&page=5")
    assert "Sites 101 à 125 sur 300, page 5 sur 12." in page
    links = _page_links(page)
    assert list(links) == ["Page précédente", *(f"Page {n}" for n in (1, 2, 3, 4, 5, 6, 7, 12)),
                           "Page suivante"]  # fmt: skip
    assert '<span aria-hidden="true">…</span>' in page  # between 7 and 12
    for text, params in links.items():
        assert params["questionnaire"] == [KEY] and params["year"] == ["2025"]
        assert params["exclude_flagged"] == ["1"] and params["per_page"] == ["25"]
        assert params["sort"] == ["n"] and params["order"] == ["desc"]
        number = {"Page précédente": "4", "Page suivante": "6"}.get(text, text.split()[-1])
        assert params["page"] == [number]
    header = re.search(r'<a href="([^"]+)">Site<span', page).group(1)
    params = parse_qs(urlsplit(html.unescape(header)).query)
    assert params["sort"] == ["site"] and params["per_page"] == ["25"] and "page" not in params


def test_the_search_ignores_accents_and_case_and_never_changes_a_rank(admin, sites):
    ranked_row = r'<td class="num">(\d+)</td>\s*<th scope="row">([^<]+)'
    everyone = "".join(_page(admin, f"page={n}&per_page=100") for n in (1, 2, 3))
    national_ranks = {name: rank for rank, name in re.findall(ranked_row, everyone)}
    page = _page(admin, "q=ETAMPES&per_page=100")
    rows = _sites(page)
    assert len(rows) == COUNT // 3 and all("Étampes" in name for name in rows)
    assert "Sites 1 à 100 sur 100 correspondant à « ETAMPES »." in page
    assert rows == [n for n in _expected(sites) if "Étampes" in n]
    shown = re.findall(ranked_row, page)
    assert shown and all(national_ranks[name] == rank for rank, name in shown)
    by_slug = _page(admin, "q=s007")
    assert _sites(by_slug) == ["Préfecture 007"]
    none = _page(admin, "q=Guyane")
    assert _sites(none) == [] and "Aucun site ne correspond à « Guyane »." in none
    assert "Voir tous les sites" in none and "data-figure" not in none


def _the_chart_draws_only_the_sites_of_the_page(admin):
    page = _page(admin, "sort=site&page=2")
    figure = json.loads(html.unescape(re.search(r'data-figure="([^"]*)"', page).group(1)))
    labels = figure["data"][0]["y"]
    assert len(labels) == 50
    assert [re.sub(r"^\d+\. | \(n = .*\)$", "", label) for label in labels] == _sites(page)
    assert "sites 51 à 100 du tableau" in page


def test_one_aggregate_statement_per_page_view_whatever_the_page(app, admin):
    seen: list[str] = []

    def listen(_conn, _cursor, statement, *_args):
        seen.append(statement)

    _page(admin, "")  # the process's first view reads the questionnaire version once
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", listen)
    try:
        counts = []
        for query in ("", "page=6", "sort=site&order=desc&page=3", "q=etampes", "per_page=100"):
            seen.clear()
            _page(admin, query)
            assert len([s for s in seen if "answers" in s]) == 1, query
            counts.append(len(seen))
        seen.clear()
        assert admin.get("/admin/national.xlsx").status_code == 200
        assert len([s for s in seen if "answers" in s]) == 1
    finally:
        with app.app_context():
            event.remove(db.engine, "before_cursor_execute", listen)
    assert len(set(counts)) == 1 and counts[0] <= 8  # none per site, none per page


def _the_csv_download_has_every_site_whatever_page_or_search(admin, sites):
    reply = admin.get("/admin/national.csv?sort=site&order=asc&q=etampes&page=2&format=plain")
    assert reply.status_code == 200
    assert reply.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert reply.headers["Content-Disposition"] == (
        f'attachment; filename="vue-nationale-{KEY}.csv"'
    )
    rows = list(csv.DictReader(io.StringIO(reply.get_data(as_text=True).lstrip("\ufeff"))))
    assert len(rows) == COUNT + 1 and rows[-1]["site"] == "national"
    names = [r["name"] for r in rows[:-1]]
    assert names == [("'" + n if n == TRAP_NAME else n) for n in _expected(sites, "site")]
    by_slug = {s.slug: s for s in sites}
    for row in rows[:-1]:
        site = by_slug[row["site"]]
        assert (int(row["n"]), int(row["satisfied"])) == (site.n, site.satisfied)
        assert row["is_small_sample"] == str(site.n < SMALL).lower()
        assert row["interval_low"] and row["position"] in {"above", "below", "level"}


def _the_xlsx_download_keeps_numbers_numeric_and_names_as_text(admin, sites):
    page = _page(admin)
    assert re.search(r'href="/admin/national\.xlsx[^"]*" download>XLSX</a>', page)
    reply = admin.get("/admin/national.xlsx?sort=n&order=desc")
    assert reply.status_code == 200
    assert reply.headers["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert reply.headers["Content-Disposition"] == (
        f'attachment; filename="vue-nationale-{KEY}.xlsx"'
    )
    book = load_workbook(io.BytesIO(reply.data))
    assert book.sheetnames == ["Sites", "Par question", "Synthèse"]
    for sheet in book.worksheets:  # printed on the page's width, the tables' header repeated
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
    assert book["Sites"].print_title_rows == "$1:$1"
    assert book["Sites"].page_setup.orientation == "landscape"
    table = list(book["Sites"].iter_rows(values_only=True))
    header, body, total = table[0], table[1:-1], table[-1]
    assert header[:8] == ("Rang", "Site", "Identifiant", "Enquêtes", "Réponses",
                          "Avis exprimés", "Satisfaits", "Taux de satisfaction")  # fmt: skip
    assert len(body) == COUNT and total[1] == "Ensemble des sites"
    assert [row[1] for row in body] == [
        ("'" + n if n == TRAP_NAME else n) for n in _expected(sites, "n", True)
    ]
    by_slug = {s.slug: s for s in sites}
    for row in body:
        site = by_slug[row[2]]
        assert (row[5], row[6]) == (site.n, site.satisfied)
        # the rate as the sheet shows it, one decimal of percent (docs/report.md)
        assert row[7] == float(shown_share(Fraction(site.satisfied, site.n)))
        assert isinstance(row[8], float) and row[10] in {"oui", "non"}
    rate = book["Sites"]["H2"]
    assert isinstance(rate.value, float) and rate.number_format == f'0.0"{NBSP}"%'
    assert book["Sites"]["F2"].number_format == "#,##0"
    assert book["Sites"]["L2"].number_format.startswith("+0.0")


BAD = [
    ("page=abc", "Numéro de page illisible"),
    ("page=0", "Numéro de page illisible"),
    ("page=-1", "Numéro de page illisible"),
    ("page=%C2%B2", "Numéro de page illisible"),  # «²» is a digit to str.isdigit
    ("page=" + "9" * 40, "Numéro de page illisible"),
    ("per_page=7", "Nombre de sites par page\u00a0: 25, 50 ou 100."),
    ("per_page=all", "Nombre de sites par page"),
    ("sort=unknown", "Colonne de tri inconnue"),
    ("year=%C2%B2", "Année illisible"),
]
FALLBACKS = [
    ("page=9999", "Sites 251 à 300 sur 300, page 6 sur 6."),
    ("order=sideways", "Sites 1 à 50 sur 300, page 1 sur 6."),
    ("page=%202%20", "Sites 51 à 100 sur 300, page 2 sur 6."),
    ("q=" + "x" * 5000, "Aucun site ne correspond"),
    ("q=etampes&page=3", "Sites 51 à 100 sur 100 correspondant à « etampes », page 2 sur 2."),
]


def _a_bad_parameter_is_a_400_that_says_which_never_a_500(admin):
    for query, message in BAD:
        reply = admin.get(f"/admin/national?{query}")
        assert reply.status_code == 400, query
        assert html.escape(message, quote=True) in reply.get_data(as_text=True), query


def _a_page_past_the_end_or_an_odd_order_falls_back_sensibly(admin):
    for query, shown in FALLBACKS:
        assert shown in _page(admin, query), query


# Building 300 sites takes a few seconds: each test below checks several behaviours on one
# country, each behaviour a function of its own.


def test_the_page_shows_50_sites_at_a_time_each_site_once(admin, sites):
    _first_page_shows_50_of_300_sites_with_the_national_total(admin, sites)
    _walking_every_page_shows_each_site_once_in_the_table_order(admin, sites)
    _the_chart_draws_only_the_sites_of_the_page(admin)


def test_sorting_and_page_links(admin, sites):
    _each_sort_order_pages_through_the_whole_table(admin, sites)
    _page_links_keep_every_other_parameter_and_sorting_starts_again_at_page_one(admin)


def test_the_downloads_carry_every_site(admin, sites):
    _the_csv_download_has_every_site_whatever_page_or_search(admin, sites)
    _the_xlsx_download_keeps_numbers_numeric_and_names_as_text(admin, sites)


def test_bad_parameters_never_give_a_500(admin):
    _a_bad_parameter_is_a_400_that_says_which_never_a_500(admin)
    _a_page_past_the_end_or_an_odd_order_falls_back_sensibly(admin)


def test_officers_and_readers_get_a_403_on_every_national_url(app, sites):
    for name in ("officer_a", "reader_a"):
        _forbidden_everywhere(app, name)


def _forbidden_everywhere(app, name: str) -> None:
    client = app.test_client()
    login(client, name)
    for url in (
        "/admin/national?page=2&sort=n&order=desc",
        "/admin/national?q=etampes&per_page=100",
        "/admin/national.csv",
        "/admin/national.xlsx",
        "/admin/national.json?sort=site",
        "/admin/national?page=abc",  # the role check comes before reading parameters
    ):
        assert client.get(url).status_code == 403, url


def test_survey_national_writes_every_site_as_csv_and_xlsx(app, sites, tmp_path):
    runner = app.test_cli_runner()

    def run(*args):
        return runner.invoke(cli, list(args), obj=ScriptInfo(create_app=lambda: app))

    result = run("national", "--questionnaire", KEY, "--format", "csv", "--sort", "site")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert len(rows) == COUNT + 1
    target = tmp_path / "national.xlsx"
    written = run("national", "--questionnaire", KEY, "--format", "xlsx", "--output", str(target))
    assert written.exit_code == 0, written.output
    assert load_workbook(target)["Sites"].max_row == COUNT + 2
    to_stdout = run("national", "--questionnaire", KEY, "--format", "xlsx")
    assert to_stdout.exit_code == 2 and "--output" in to_stdout.output
