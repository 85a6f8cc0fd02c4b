"""The register in the workspace: create, list and filters, overdue entries, reply, close,
personal data for the site's officer only, the figures page and the export, the audit log."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from sqlalchemy import select

from survey_app.core.clock import local_today
from survey_app.core.db import db
from survey_app.core.models import AuditEvent, RegisterEntry
from tests.app.admin_helpers import login, make_world, post
from tests.app.register_helpers import add_entry

NBSP = "\u00a0"
BASE = "/admin/requests/prefecture"


def _entry(app, world) -> RegisterEntry:
    with app.app_context():
        return db.session.get(RegisterEntry, world["entry_id"])


def test_an_officer_records_a_request_and_its_due_date_is_in_working_days(app, client):
    world = make_world(app)
    login(client, "officer_a")
    reply = post(client, f"{BASE}/new", {
        "received_on": "13/05/2026", "channel": "courrier", "kind": "reclamation",  # typed
        "summary": "Horaires trop restreints le samedi", "contact": "M. Martin, 3 rue Haute",
        "themes": "horaires d'ouverture trop restreints ; attente", "is_in_scope": "y",
    })  # fmt: skip
    assert reply.status_code == 303
    with app.app_context():
        entry = db.session.scalars(select(RegisterEntry).order_by(RegisterEntry.id.desc())).first()
        # 13 May 2026 + 15 working days, skipping Ascension (14 May) and Whit Monday (25 May).
        assert entry.due_on == date(2026, 6, 5)
        assert entry.themes == ["horaires d'ouverture trop restreints", "attente"]
        event = db.session.scalar(select(AuditEvent).filter_by(action="request.create"))
        assert (
            event.target == f"request:{entry.id}" and event.user_id == world["staff"]["officer_a"]
        )
    page = client.get(reply.headers["Location"]).get_data(as_text=True)
    assert "M. Martin, 3 rue Haute" in page and "vendredi 5 juin 2026" in page


def test_bad_input_is_a_422_naming_the_field_and_nothing_is_stored(app, client):
    make_world(app)
    login(client, "officer_a")
    reply = post(client, f"{BASE}/new", {
        "received_on": "2026-05-13", "channel": "courriel", "kind": "reclamation",
        "summary": "Recours", "out_of_scope_reason": "",
    })  # fmt: skip
    assert reply.status_code == 422
    assert "Indiquez pourquoi la demande est hors du champ du label." in reply.get_data(True)
    future = (date.today() + timedelta(days=30)).isoformat()
    fields = {"received_on": future, "channel": "courriel", "kind": "reclamation",
              "summary": "x", "is_in_scope": "y"}  # fmt: skip
    reply = post(client, f"{BASE}/new", fields)
    assert reply.status_code == 422 and "dans le futur" in reply.get_data(True)
    with app.app_context():
        assert db.session.scalar(select(RegisterEntry).filter_by(summary="Recours")) is None


def test_overdue_entries_stand_out_and_filter(app, client):
    world = make_world(app)
    login(client, "officer_a")
    page = client.get(f"{BASE}?year=2026").get_data(as_text=True)
    assert "1 demande reçue en 2026<" in page
    assert 'class="row--alert"' in page and "En retard" in page  # received 5 January 2026
    with app.app_context():
        site = db.session.get(RegisterEntry, world["entry_id"]).site_id
        from survey_app.core.models import Site

        add_entry(db.session.get(Site, site), local_today("Europe/Paris"), service="Récente")
        db.session.commit()
    assert "2 demandes<" in client.get(f"{BASE}?year=all").get_data(as_text=True)
    page = client.get(f"{BASE}?year=all&overdue=1").get_data(as_text=True)
    assert "1 demande<" in page and f"n° {world['entry_id']}<" in page


def test_reply_marks_it_answered_within_the_deadline_and_is_audited(app, client):
    world = make_world(app)
    login(client, "officer_a")
    url = f"{BASE}/{world['entry_id']}"
    bad = post(client, f"{url}/reply", {"replied_on": "2025-12-31", "reply_channel": "courriel"})
    assert bad.status_code == 422 and "précède la date de réception" in bad.get_data(True)
    reply = post(client, f"{url}/reply", {"replied_on": "2026-01-09", "reply_channel": "courriel"})
    assert reply.status_code == 303
    entry = _entry(app, world)
    assert (entry.status, entry.replied_on, entry.replied_by) == ("answered", date(2026, 1, 9),
                                                                  "officer_a")  # fmt: skip
    page = client.get(url).get_data(as_text=True)
    assert "4 jours ouvrés, dans le délai" in page
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).filter_by(action="request.reply"))
        assert event.details == {"site": "prefecture", "replied_on": "2026-01-09", "in_time": True}
    assert post(client, f"{url}/status", {"action": "close"}).status_code == 303
    assert _entry(app, world).status == "closed"
    with app.app_context():
        assert db.session.scalar(select(AuditEvent.target).filter_by(action="request.close")) == (
            f"request:{world['entry_id']}"
        )


def test_contacts_and_text_are_shown_to_the_site_officer_only(app, client):
    world = make_world(app)
    url = f"{BASE}/{world['entry_id']}"
    login(client, "officer_a")
    assert "alpha@example.org" in client.get(url).get_data(as_text=True)
    assert "Demande Alpha" in client.get(f"{BASE}?year=all").get_data(as_text=True)
    for role in ("admin", "reader_a"):
        other = app.test_client()
        login(other, role)
        for page in (other.get(url), other.get(f"{BASE}?year=all"), other.get(f"{url}/edit")):
            body = page.get_data(as_text=True)
            assert "alpha@example.org" not in body and "Demande Alpha" not in body
    admin = app.test_client()
    login(admin, "admin")
    # The administrator edits the other fields; the contact and the text stay as they were.
    fields = {"received_on": "2026-01-05", "channel": "courriel", "kind": "suggestion",
              "is_in_scope": "y"}  # fmt: skip
    assert post(admin, f"{url}/edit", fields).status_code == 303
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).filter_by(action="request.edit"))
        # Names, never values: the form sent no service, so it was emptied too.
        assert event.details == {"site": "prefecture", "changed": ["kind", "service"]}
    entry = _entry(app, world)
    assert (entry.kind, entry.contact, entry.summary) == ("suggestion", "alpha@example.org",
                                                          "Demande Alpha")  # fmt: skip
    assert admin.get(f"{BASE}/export.csv?year=2026&personal=1").status_code == 403


def test_figures_page_and_export_masks_contacts(app, client):
    make_world(app)
    login(client, "officer_a")
    page = client.get(f"{BASE}/figures?year=2026").get_data(as_text=True)
    assert "Questions et réclamations 2026" in page and f"100{NBSP}%" in page
    assert client.get(f"{BASE}/figures?year=abc").status_code == 404
    masked = client.get(f"{BASE}/export.csv?year=2026&format=plain").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(masked.lstrip("\ufeff"))))
    assert [r["contact"] for r in rows] == ["[coordonnées masquées]"]
    assert "Service Beta" not in masked  # the other site's entry
    full = client.get(f"{BASE}/export.csv?year=2026&personal=1&format=plain").get_data(as_text=True)
    assert "alpha@example.org" in full
    with app.app_context():
        assert db.session.scalar(select(AuditEvent).filter_by(action="requests.export_personal"))
