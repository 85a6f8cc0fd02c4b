"""The tablet's fiche hall endpoint: a new route, bearer token, stored once in the site's
register as «fiche hall (borne)», never linked to a response, bad input a 422 per field."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select

from survey_app.core.db import db
from survey_app.core.models import RegisterEntry, Response
from tests.app.test_kiosk_api import bearer, check, spec, token  # noqa: F401  (fixtures)

URL = "/api/v1/kiosk/fiches"


def test_the_tablet_learns_how_long_a_contact_is_kept(client, token, spec):  # noqa: F811
    reply = client.get(URL, headers=bearer(token))
    assert reply.get_json() == {"retention_days": 365}
    check(spec, URL, "get", reply)
    assert client.get(URL).status_code == 401


def test_a_fiche_from_the_tablet_lands_in_the_register_once(client, token, spec, campaign):  # noqa: F811
    fiche = {"id": str(uuid.uuid4()), "kind": "suggestion", "message": "Plus de chaises",
             "contact": "lea@example.org"}  # fmt: skip
    reply = client.post(URL, json=fiche, headers=bearer(token))
    assert reply.status_code == 201
    check(spec, URL, "post", reply)
    assert client.post(URL, json=fiche, headers=bearer(token)).status_code == 200  # a retry
    entry = db.session.scalars(select(RegisterEntry)).one()
    assert (entry.channel, entry.kind, entry.contact) == ("borne", "suggestion", "lea@example.org")
    assert entry.site_id == campaign.site_id
    assert db.session.scalar(select(func.count()).select_from(Response)) == 0


def test_a_bad_fiche_is_a_422_naming_each_field_and_nothing_is_stored(client, token, spec):  # noqa: F811
    reply = client.post(URL, json={"id": "x", "kind": "insulte", "message": " ",
                                   "contact": 12}, headers=bearer(token))  # fmt: skip
    assert reply.status_code == 422
    check(spec, URL, "post", reply)
    assert {e["field"] for e in reply.get_json()["errors"]} == {"id", "kind", "message", "contact"}
    nul = {"id": str(uuid.uuid4()), "kind": "suggestion", "message": "a\u0000b"}
    assert client.post(URL, json=nul, headers=bearer(token)).status_code == 422
    assert db.session.scalar(select(func.count()).select_from(RegisterEntry)) == 0
    assert client.post(URL, json={}, headers={}).status_code == 401
