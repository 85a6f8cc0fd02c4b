"""The requests register on the database: due dates, the report's section, the export with
personal data masked, the retention purge keeping the counts."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date

import pytest
from sqlalchemy import select

from survey_app.core.db import db
from survey_app.core.models import AuditEvent, RegisterEntry
from survey_app.register.entries import EntryError, EntryFields, create_entry, update_entry
from survey_app.register.rules import rules_from
from tests.app.register_helpers import RULES, TODAY, add_entry, the_bilan_entries

NBSP = "\u00a0"


def test_the_due_date_follows_the_configured_deadline_of_the_kind_in_working_days(app, campaign):
    app.config["REQUEST_DEADLINE_INFORMATION"] = 5
    rules = rules_from(app.config)
    site = campaign.site
    # Received Tuesday 22 December 2026: 5 working days skip Christmas, the weekend: 30 Dec.
    fields = EntryFields(date(2026, 12, 22), "courriel", "information", summary="Horaires ?")
    entry = create_entry(db.session, site, fields, rules, TODAY)
    assert entry.due_on == date(2026, 12, 30)
    # As a réclamation (15 working days), past 1 January: 14 January 2027.
    update_entry(entry, EntryFields(date(2026, 12, 22), "courriel", "reclamation"), rules, TODAY)
    assert entry.due_on == date(2027, 1, 14)


@pytest.mark.parametrize(
    "fields,field_name",
    [
        (EntryFields(date(2026, 12, 1), "pigeon", "reclamation"), "channel"),
        (EntryFields(date(2027, 2, 1), "courriel", "reclamation"), "received_on"),
        (EntryFields(date(2026, 12, 1), "courriel", "reclamation", is_in_scope=False),
         "out_of_scope_reason"),
    ],
)  # fmt: skip
def test_bad_fields_are_refused_naming_the_field(campaign, fields, field_name):
    with pytest.raises(EntryError) as caught:
        create_entry(db.session, campaign.site, fields, RULES, TODAY)
    assert caught.value.field_name == field_name


def test_report_has_the_bilan_section_from_42_entries_and_78_the_year_before(
    run, make_campaign, tmp_path
):
    campaign = make_campaign(slug="accueil-2020", opens_on=date(2020, 1, 6))
    the_bilan_entries(campaign.site)
    text = run("report", "--campaign", "accueil-2020", "--format", "markdown").output
    assert "## Demandes d'information – réclamations – suggestions" in text
    assert "*Questions et réclamations 2020*" in text
    for row in (f"| COURRIEL | 24 | 57{NBSP}% |", f"| COURRIER | 15 | 36{NBSP}% |",
                f"| FICHES HALL | 3 | 7{NBSP}% |", "| TOTAL | 42 |   |"):  # fmt: skip
        assert row in text
    assert "42 pour 78 en 2019." in text
    data = json.loads(run("report", "--campaign", "accueil-2020", "--format", "json").output)
    assert data["requests"]["total"] == 42 and data["requests"]["previous_total"] == 78
    docx = tmp_path / "bilan.docx"
    assert run("report", "--campaign", "accueil-2020", "--format", "docx", "--output", docx,
               "--no-charts").exit_code == 0  # fmt: skip


def test_a_campaign_year_without_entries_has_no_section(run, make_campaign):
    make_campaign(slug="accueil-2020", opens_on=date(2020, 1, 6))
    text = run("report", "--campaign", "accueil-2020", "--format", "text").output
    assert "Demandes d'information" not in text


def test_export_masks_contacts_and_text_unless_asked(run, campaign):
    add_entry(campaign.site, date(2026, 3, 2), contact="jeanne@example.org",
              summary="Écrire à jeanne@example.org au sujet du dossier")  # fmt: skip
    db.session.commit()
    masked = run("requests", "export", "--year", 2026, "--format", "csv").output
    row = next(csv.DictReader(io.StringIO(masked)))
    assert row["contact"] == "[coordonnées masquées]"
    assert "jeanne@example.org" not in masked
    full = run("requests", "export", "--year", 2026, "--format", "csv", "--with-personal-data")
    assert next(csv.DictReader(io.StringIO(full.output)))["contact"] == "jeanne@example.org"
    assert db.session.scalar(select(AuditEvent).filter_by(action="requests.export_personal"))
    text = run("requests", "export", "--year", 2026).output
    assert "Questions et réclamations 2026" in text
    assert re.search(rf"COURRIEL +1 +100{NBSP}%", text)


def test_purge_erases_contact_and_text_of_old_entries_and_keeps_the_counts(run, campaign):
    site = campaign.site
    answered = add_entry(site, date(2025, 1, 6), contact="a@example.org", summary="Merci",
                         replied_on=date(2025, 1, 8), themes=["accueil"])  # fmt: skip
    waiting = add_entry(site, date(2025, 1, 6), contact="b@example.org", summary="Et moi ?")
    recent = add_entry(site, date(2026, 11, 30), contact="c@example.org", summary="Récent",
                       replied_on=date(2026, 12, 1))  # fmt: skip
    db.session.commit()
    before = run("requests", "export", "--year", 2025, "--format", "json").output
    result = run("purge-requests", "--older-than", 365)
    assert result.exit_code == 0, result.output
    assert "2 register entries" in result.output and "1 of them had no reply" in result.output
    db.session.expire_all()
    assert (answered.contact, answered.summary, waiting.contact) == (None, None, None)
    assert answered.purged_at is not None and answered.themes == ["accueil"]
    assert waiting.status == "open" and recent.contact == "c@example.org"
    after = run("requests", "export", "--year", 2025, "--format", "json").output
    assert json.loads(after)["figures"] == json.loads(before)["figures"]
    assert db.session.scalar(select(RegisterEntry).filter_by(contact="a@example.org")) is None


def test_export_names_the_site_when_there_are_several(run, campaign):
    from survey_app.core.campaigns import get_or_create_site

    get_or_create_site(db.session, "autre", "Autre", "Europe/Paris")
    db.session.commit()
    result = run("requests", "export")
    assert result.exit_code != 0 and "choose one with --site (autre, prefecture)" in result.output
    assert "no site 'x'" in run("requests", "export", "--site", "x").output


def test_a_bad_holiday_area_stops_start_up_with_one_line_naming_it(tmp_path):
    from survey_app.core.settings import ConfigError, load_settings

    expected = r"^SURVEY_REQUEST_HOLIDAY_AREA: unknown holiday area '99'"
    with pytest.raises(ConfigError, match=expected):
        load_settings(tmp_path, environ={"SURVEY_REQUEST_HOLIDAY_AREA": "99"})
    moselle = load_settings(tmp_path, environ={"SURVEY_REQUEST_HOLIDAY_AREA": "57"})
    # Good Friday (3 April 2026) is a holiday in Moselle only: one working day later.
    assert rules_from(moselle).due_on("reclamation", date(2026, 4, 2)) == date(2026, 4, 27)
    paris = load_settings(tmp_path, environ={})
    assert rules_from(paris).due_on("reclamation", date(2026, 4, 2)) == date(2026, 4, 24)
