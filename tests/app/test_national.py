"""The national view on SQLite and PostgreSQL: one statement, counts equal to what was sent,
the right campaigns chosen, versions pooled by item key, and the `survey national` command."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime

import pytest
from sqlalchemy import event, select, update

from survey_app.core.db import db
from survey_app.core.models import Campaign, Site
from survey_app.counts.reading import tally_by_site
from survey_app.outputs.national import Period, national_view
from tests.app.hardening_helpers import flag_stored
from tests.app.national_helpers import KEY, SITES, V2_SITE, make_country

NOW = datetime(2026, 3, 2, 10)
LATEST = [f"{slug}-2025" for slug, *_ in SITES]


@pytest.fixture
def country(app):
    return make_country(app)


@pytest.fixture
def statements(app_ctx):
    """SQL statements run while the test body runs."""
    seen: list[str] = []

    def listen(_conn, _cursor, statement, *_args):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", listen)
    yield seen
    event.remove(db.engine, "before_cursor_execute", listen)


def _campaign_ids(slugs):
    return list(db.session.scalars(select(Campaign.id).where(Campaign.slug.in_(slugs))))


def test_tally_by_site_equals_what_was_sent_in_one_statement(app_ctx, country, statements):
    ids = _campaign_ids(LATEST)
    statements.clear()
    tallies = tally_by_site(db.session, ids)
    assert len(statements) == 1
    sites = dict(db.session.execute(select(Site.id, Site.slug)).all())
    assert sorted(sites[i] for i in tallies) == sorted(slug for slug, *_ in SITES)
    for site_id, tally in tallies.items():
        slug = f"{sites[site_id]}-2025"
        assert dict(tally.counts) == dict(country.site_counts([slug]))
        sent = {ch: n for (c, ch), n in country.responses.items() if c == slug}
        assert dict(tally.responses_by_channel) == sent


def test_no_campaign_no_statement(app_ctx, statements):
    assert tally_by_site(db.session, []) == {}
    assert statements == []


def test_the_whole_view_reads_the_answers_table_once(app_ctx, country, statements):
    national_view(db.session, KEY, now=NOW)
    assert len([s for s in statements if "answers" in s]) == 1


def test_by_default_each_site_counts_its_latest_closed_campaign(app_ctx, country):
    view = national_view(db.session, KEY, now=NOW)
    assert sorted(c.slug for c in view.campaigns) == sorted(LATEST)
    assert set(view.sites_without) == {"Préfecture", "Sous-préfecture", "Site sans enquête"}
    for result in view.results.sites:
        slug = f"{result.slug}-2025"
        assert (result.main.satisfied, result.main.n) == country.overall([slug])
        assert result.responses == len(country.ids[slug])
    satisfied, n = country.overall(LATEST)
    assert (view.results.total.main.satisfied, view.results.total.main.n) == (satisfied, n)
    assert view.results.total.responses == sum(len(country.ids[s]) for s in LATEST)


def test_the_small_site_is_listed_but_not_ranked(app_ctx, country):
    view = national_view(db.session, KEY, now=NOW)
    assert [s.slug for s in view.results.unranked] == ["sp-mini"]
    ranked = view.results.ranked
    assert [s.rank for s in ranked] == [1, 2, 3]
    rates = [s.main.satisfaction_rate for s in ranked]
    assert rates == sorted(rates, reverse=True)


def test_a_campaign_past_its_last_day_counts_as_closed_and_a_draft_never_counts(app_ctx, country):
    db.session.execute(update(Campaign).where(Campaign.slug == "p75-2026").values(
        closes_on=date(2026, 2, 28)))  # fmt: skip
    db.session.commit()
    view = national_view(db.session, KEY, now=NOW)  # 2 March: over by date, status still open
    assert "p75-2026" in {c.slug for c in view.campaigns}
    assert "p75-2025" not in {c.slug for c in view.campaigns}
    assert "vide-2025" not in {c.slug for c in view.campaigns}


def test_a_period_pools_every_campaign_overlapping_it_per_site(app_ctx, country):
    period = Period(date(2024, 6, 1), date(2025, 1, 31))
    view = national_view(db.session, KEY, period, now=NOW)
    chosen = {c.slug for c in view.campaigns}
    assert chosen == {f"{slug}-{year}" for slug, *_ in SITES for year in ("2024", "2025")}
    for result in view.results.sites:
        slugs = [f"{result.slug}-2024", f"{result.slug}-2025"]
        assert (result.main.satisfied, result.main.n) == country.overall(slugs)
    this_year = national_view(db.session, KEY, Period.year(2026), now=NOW)
    assert {c.slug for c in this_year.campaigns} == {f"{slug}-2026" for slug, *_ in SITES}


def test_campaigns_on_two_versions_pool_by_item_key(app_ctx, country):
    view = national_view(db.session, KEY, now=NOW)
    versions = {c.slug: c.questionnaire_version.version for c in view.campaigns}
    assert versions[f"{V2_SITE}-2025"] == 2 and versions["p75-2025"] == 1
    keys = [i.key for i in view.results.items]
    assert keys[-1] == "info_telephone"  # only version 1 has it: after version 2's items
    by_slug = {s.slug: s for s in view.results.sites}
    assert by_slug[V2_SITE].rating("info_telephone").no_opinion == 0
    assert by_slug["p75"].rating("info_telephone").no_opinion == 60  # valid_answers: sans avis
    expected = country.site_counts(LATEST)
    assert view.results.total.rating("courtoisie").n == sum(
        count for (item, value), count in expected.items()
        if item == "courtoisie" and value != "sans_avis"
    )  # fmt: skip
    assert view.results.unmatched == {}


def test_flagged_responses_are_left_out_when_asked(app_ctx, country):
    flagged = country.ids["p13-2025"][:10]
    flag_stored(flagged)
    with_all = national_view(db.session, KEY, now=NOW).results
    without = national_view(db.session, KEY, include_flagged=False, now=NOW).results
    assert with_all.total.responses - without.total.responses == 10
    p13 = {s.slug: s for s in without.sites}["p13"]
    assert p13.responses == len(country.ids["p13-2025"]) - 10
    assert without.total.main.n < with_all.total.main.n


def test_survey_national_json_has_the_counts_sent(app, country, run):
    result = run("national", "--questionnaire", KEY, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["selection"] == "latest_closed"
    for site in data["sites"]:
        overall = next(r for r in site["ratings"] if r["item"] == "satisfaction_globale")
        assert (overall["satisfied"], overall["n"]) == country.overall([f"{site['site']}-2025"])
    assert [s["rank"] for s in data["sites"]] == [1, 2, 3, None]


def test_survey_national_text_and_csv(app, country, run):
    text = run("national", "--questionnaire", KEY).output
    assert "Préfecture de Paris" in text and "non classés" in text
    assert text.index("Sous-préfecture de Mini") > text.index("non classés")
    rows = list(csv.DictReader(io.StringIO(
        run("national", "--questionnaire", KEY, "--format", "csv", "--sort", "site").output
    )))  # fmt: skip
    assert [r["site"] for r in rows] == ["p75", "p13", "p69", "sp-mini", "national"]


def test_survey_national_explains_its_mistakes(app, country, run):
    unknown = run("national", "--questionnaire", "nope")
    assert unknown.exit_code == 1 and "known: qualepref-accueil" in unknown.output
    both = run("national", "--questionnaire", KEY, "--year", "2025", "--from", "2025-01-01")
    assert both.exit_code == 2 and "not both" in both.output
    backwards = run(
        "national", "--questionnaire", KEY, "--from", "2025-02-01", "--to", "2025-01-01"
    )
    assert backwards.exit_code == 2 and "before its start" in backwards.output
    bad_sort = run("national", "--questionnaire", KEY, "--sort", "nope")
    assert bad_sort.exit_code == 2
