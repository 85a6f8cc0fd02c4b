"""Year over year: the report compares with last year's campaign of the same site and
questionnaire family unless told otherwise (survey_app/outputs/comparing.py)."""

from __future__ import annotations

from datetime import date

import pytest

from questionnaires import bundled_path, load_questionnaire
from questionnaires.loader import parse_questionnaire
from survey_app.core.campaigns import create_campaign, get_or_create_site
from survey_app.core.db import db
from survey_app.outputs.comparing import previous_campaign
from tests.app.admin_helpers import login

COMPARED = "Comparaison avec\u00a0: "


def _campaign(slug, opens_on, site="prefecture", questionnaire=None, status="closed"):
    site = get_or_create_site(db.session, site, site.title(), "Europe/Paris")
    campaign = create_campaign(
        db.session,
        slug=slug,
        title=f"Enquête {slug}",
        site=site,
        questionnaire=questionnaire or load_questionnaire(bundled_path()),
        status=status,
    )
    campaign.opens_on = opens_on
    db.session.commit()
    return campaign


@pytest.fixture
def years(app_ctx):
    """2026 and its candidates: last year's (the one), a draft of last year, last year on
    another site, two years ago, and last year on another questionnaire family."""
    text = bundled_path().read_text(encoding="utf-8")
    other = parse_questionnaire(text.replace("key: qualepref-accueil", "key: autre", 1), "autre")
    campaigns = {
        "a2026": _campaign("a2026", date(2026, 1, 5), status="open"),
        "a2025": _campaign("a2025", date(2025, 2, 1)),
        "draft2025": _campaign("draft2025", date(2025, 9, 1), status="draft"),
        "b2025": _campaign("b2025", date(2025, 3, 1), site="autre-site"),
        "a2024": _campaign("a2024", date(2024, 3, 1)),
        "q2025": _campaign("q2025", date(2025, 10, 1), questionnaire=other),
    }
    return campaigns


def test_last_year_is_the_same_site_and_questionnaire_family_the_year_before(years):
    assert previous_campaign(db.session, years["a2026"]) is years["a2025"]
    assert previous_campaign(db.session, years["a2025"]) is years["a2024"]
    assert previous_campaign(db.session, years["a2024"]) is None
    assert previous_campaign(db.session, years["b2025"]) is None


def test_the_report_compares_with_last_year_unless_told_otherwise(run, years):
    found = run("report", "--campaign", "a2026")
    assert found.exit_code == 0, found.output
    assert f"{COMPARED}Enquête a2025 (" in found.stdout
    assert "Taux 2025" in found.stdout
    named = run("report", "--campaign", "a2026", "--compare", "a2024")
    assert f"{COMPARED}Enquête a2024 (" in named.stdout and "Taux 2024" in named.stdout
    none = run("report", "--campaign", "a2026", "--compare", "none")
    assert none.exit_code == 0 and COMPARED not in none.stdout and "Taux 2025" not in none.stdout
    itself = run("report", "--campaign", "a2026", "--compare", "a2026")
    assert itself.exit_code != 0 and "the campaign itself" in itself.output


def test_the_admin_proposes_last_year_and_can_leave_it_out(app, years):
    from tests.app.admin_helpers import make_staff

    make_staff()
    admin = app.test_client()
    login(admin, "admin")
    page = admin.get("/admin/campaigns/a2026/results").get_data(as_text=True)
    assert '<option value="a2025" selected>' in page and "Taux 2025" in page
    assert "compare=a2025" in page  # downloads carry the comparison shown
    none = admin.get("/admin/campaigns/a2026/results?compare=").get_data(as_text=True)
    assert "Taux 2025" not in none and '<option value="a2025" selected>' not in none
    assert "results.pdf?compare=" in none and "results.pdf?compare=a2025" not in none
    by_rate = admin.get("/admin/campaigns/a2026/results?ordre=taux").get_data(as_text=True)
    assert '<option value="taux" selected>' in by_rate and "ordre=taux" in by_rate
