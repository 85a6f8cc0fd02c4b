"""The open campaign's row kept for a second by the form and the API (recent_campaign_row):
reused while fresh, forgotten on a change made here, never kept when not open."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import update

from survey_app.core import campaigns
from survey_app.core.db import db
from survey_app.core.models import Campaign
from tests.helpers import valid_answers
from tests.migrated import migrate


def post(client, slug: str):
    body = {"id": str(uuid.uuid4()), "channel": "web", "lang": "fr", "answers": valid_answers()}
    return client.post(f"/api/v1/campaigns/{slug}/responses", json=body)


def elsewhere(slug: str, **values) -> None:
    """A change made by another process (another worker, the `survey` command): straight
    to the database, unseen by this process's sessions."""
    with db.engine.begin() as connection:
        connection.execute(update(Campaign.__table__).where(Campaign.slug == slug).values(values))


@pytest.fixture
def clock(monkeypatch):
    """This process's monotonic clock, moved by hand."""
    now = [1000.0]
    monkeypatch.setattr(campaigns, "monotonic", lambda: now[0])
    return now


def test_a_close_made_elsewhere_is_seen_once_the_kept_row_is_a_second_old(client, campaign, clock):
    assert post(client, campaign.slug).status_code == 201  # read and kept
    elsewhere(campaign.slug, status="closed")
    clock[0] += 0.5
    assert post(client, campaign.slug).status_code == 201  # within the second: still open here
    clock[0] += 0.6
    assert post(client, campaign.slug).status_code == 410
    assert client.get(f"/s/{campaign.slug}").status_code == 410


def test_a_close_made_in_this_process_is_seen_at_once(client, campaign, clock):
    assert post(client, campaign.slug).status_code == 201
    db.session.rollback()  # end the test's read transaction, older than the post
    db.session.get(Campaign, campaign.id).status = "closed"
    db.session.commit()  # as the admin page or `survey campaign close` in this process
    assert post(client, campaign.slug).status_code == 410
    assert client.get(f"/s/{campaign.slug}").status_code == 410


def test_a_campaign_not_open_is_never_kept_so_its_opening_is_seen_at_once(
    client, make_campaign, clock
):
    draft = make_campaign(slug="brouillon", status="draft")
    assert post(client, draft.slug).status_code == 404
    assert client.get("/s/brouillon").status_code == 404
    elsewhere("brouillon", status="open")
    assert post(client, "brouillon").status_code == 201  # no time has passed
    assert client.get("/s/brouillon").status_code == 200


def test_rows_are_kept_per_database(app, make_app, campaign, clock, tmp_path):
    """Two apps of one process on two databases never share a kept row."""
    assert post(app.test_client(), campaign.slug).status_code == 201
    other_database = f"sqlite:///{tmp_path / 'other.db'}"
    migrate(other_database)  # the same schema, no campaign
    other = make_app(DATABASE_URL=other_database)
    assert post(other.test_client(), campaign.slug).status_code == 404
