"""/admin/national in the browser's shoes: the page, its sorting, its downloads, who sees it."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from flask.cli import ScriptInfo

from survey_app.cli import cli
from tests.app.admin_helpers import login, make_staff
from tests.app.national_helpers import KEY, make_country
from tests.conftest import shared_app


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def shared(request, tmp_path_factory):
    """One country for the module, on each database: sending its responses through the
    write path takes most of a second, and the tests that use it only read."""
    with shared_app(request.param, tmp_path_factory.mktemp("admin-national")) as app:
        yield app, make_country(app)


@pytest.fixture
def country_app(shared):
    return shared[0]


@pytest.fixture
def country(shared):
    return shared[1]


@pytest.fixture
def admin(country_app):
    client = country_app.test_client()
    assert login(client, "admin").status_code == 303
    return client


def _row_names(page: str, title_id: str) -> list[str]:
    """Row headers of the table labelled by `title_id`, in page order."""
    table = page.split(f'aria-labelledby="{title_id}"')[1].split("</table>")[0]
    return re.findall(r'<th scope="row">([^<]+)', table)


def test_the_page_ranks_the_sites_and_keeps_the_small_one_apart(admin):
    reply = admin.get("/admin/national")
    assert reply.status_code == 200
    page = reply.get_data(as_text=True)
    names = _row_names(page, "ranking-title")
    assert names[-2:] == ["Sous-préfecture de Mini", "Ensemble des sites"]
    assert "non classés" in page.split("Sous-préfecture de Mini")[0].rsplit("<tbody>", 1)[1]
    assert "dernière enquête close de chaque site" in page
    assert "Site sans enquête" in page  # listed as having no campaign counted


def test_the_chart_comes_as_data_for_admin_js_with_nothing_inline(admin):
    page = admin.get("/admin/national").get_data(as_text=True)
    assert 'data-figure="' in page and "admin/assets/plotly.min.js" in page
    assert "<script>" not in page and " style=" not in page


def test_sorting_is_done_by_the_server_and_never_lifts_a_small_sample(admin):
    page = admin.get("/admin/national?sort=site&order=desc").get_data(as_text=True)
    names = _row_names(page, "ranking-title")
    assert names == [
        "Préfecture du Rhône",
        "Préfecture des Bouches-du-Rhône",
        "Préfecture de Paris",
        "Sous-préfecture de Mini",
        "Ensemble des sites",
    ]
    assert 'aria-sort="descending"' in page
    by_item = admin.get("/admin/national?sort=courtoisie&order=desc").get_data(as_text=True)
    assert _row_names(by_item, "items-title")[-1] == "Ensemble des sites"
    assert admin.get("/admin/national?sort=nope").status_code == 400


def test_downloads_carry_the_same_numbers_as_the_cli(country_app, admin):
    data = json.loads(admin.get("/admin/national.json").get_data(as_text=True))
    runner = country_app.test_cli_runner()
    cli_output = runner.invoke(
        cli,
        ["national", "--questionnaire", KEY, "--format", "json"],
        obj=ScriptInfo(create_app=lambda: country_app),
    ).output
    assert data == json.loads(cli_output)
    reply = admin.get("/admin/national.csv?sort=n&order=desc&format=plain")
    assert reply.headers["Content-Disposition"] == (
        f'attachment; filename="vue-nationale-{KEY}.csv"'
    )
    text = reply.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [r["site"] for r in rows][-2:] == ["sp-mini", "national"]
    ns = [int(r["n"]) for r in rows[:3]]
    assert ns == sorted(ns, reverse=True)


def test_the_period_filters_choose_other_campaigns(admin):
    page = admin.get("/admin/national?year=2026").get_data(as_text=True)
    assert "du 01/01/2026 au 31/12/2026" in page
    assert "Accueil Préfecture de Paris 2026" in page
    assert "Accueil Préfecture de Paris 2025" not in page


@pytest.mark.parametrize(
    "query",
    ["year=deux", "from=2025-13-01", "from=2025-02-01&to=2025-01-01", "year=2025&from=2025-01-01"],
)
def test_a_bad_filter_is_a_400_with_a_french_message(admin, query):
    reply = admin.get(f"/admin/national?{query}")
    assert reply.status_code == 400
    assert "Espace qualité" in reply.get_data(as_text=True)


def test_an_unknown_questionnaire_is_a_404(admin):
    assert admin.get("/admin/national?questionnaire=nope").status_code == 404
    assert admin.get("/admin/national.xml").status_code == 404


def test_only_administrators_see_the_link_and_the_page(country_app):
    admin = country_app.test_client()
    login(admin, "admin")
    assert "Vue nationale" in admin.get("/admin/").get_data(as_text=True)
    for name in ("officer_a", "reader_a"):
        client = country_app.test_client()
        login(client, name)
        assert "Vue nationale" not in client.get("/admin/").get_data(as_text=True)
        assert client.get("/admin/national").status_code == 403
        assert client.get("/admin/national.csv").status_code == 403


def test_before_any_campaign_the_page_says_so(app):
    with app.app_context():
        make_staff()
    client = app.test_client()
    login(client, "admin")
    reply = client.get("/admin/national")
    assert reply.status_code == 200
    assert "Aucune enquête n'a encore utilisé de questionnaire." in reply.get_data(as_text=True)
    assert client.get("/admin/national.csv").status_code == 404
