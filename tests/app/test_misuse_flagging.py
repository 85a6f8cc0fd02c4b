"""Bursts and identical runs are flagged, never refused, through every live channel.

One source is a tablet (its id) or, on the web, a keyed hash of the address and campaign
kept in memory or Redis for minutes: no address reaches the database.
"""

from __future__ import annotations

import os
import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from survey_app.core.db import Base, db
from survey_app.core.models import Response
from tests.app.hardening_helpers import (
    API,
    KIOSK_BATCH,
    api_body,
    bearer,
    flags_of,
    form_fields,
    kiosk_item,
    response_count,
    tablet_token,
)
from tests.helpers import valid_answers

REDIS_URL = os.environ.get("SURVEY_TEST_REDIS_URL")
needs_redis = pytest.mark.skipif(
    not REDIS_URL, reason="SURVEY_TEST_REDIS_URL is not set: no Redis to test against"
)


def collected(minutes: float) -> str:
    start = datetime.now(UTC) - timedelta(hours=2)
    return (start + timedelta(minutes=minutes)).isoformat()


def post_api(client, slug, body, address="192.0.2.10"):
    return client.post(API.format(slug=slug), json=body, environ_base={"REMOTE_ADDR": address})


def test_a_tablet_run_of_identical_responses_is_flagged_from_the_third(client, campaign):
    token = tablet_token(client, campaign)
    items = [kiosk_item(collected_at=collected(2 * n)) for n in range(4)]  # 2 minutes apart
    reply = client.post(KIOSK_BATCH, headers=bearer(token), json={"responses": items})
    assert [r["status"] for r in reply.get_json()["results"]] == [201] * 4  # all stored
    assert flags_of([i["id"] for i in items]) == [False, False, True, True]


def test_a_tablet_burst_faster_than_people_answer_is_flagged(client, campaign):
    token = tablet_token(client, campaign)
    motifs = ["titre_sejour", "cni_passeport", "permis_immatriculation", "autre"]
    answers = [valid_answers(motif=motifs[n % 4], commentaire=f"n{n}") for n in range(6)]
    items = [kiosk_item(answers=a, collected_at=collected(n / 6)) for n, a in enumerate(answers)]
    client.post(KIOSK_BATCH, headers=bearer(token), json={"responses": items})
    assert flags_of([i["id"] for i in items]) == [False] * 4 + [True] * 2


def test_the_same_tablet_queue_sent_again_changes_nothing(client, campaign):
    token = tablet_token(client, campaign)
    items = [kiosk_item(collected_at=collected(2 * n)) for n in range(3)]
    for _ in range(2):
        client.post(KIOSK_BATCH, headers=bearer(token), json={"responses": items})
    assert response_count() == 3
    assert flags_of([i["id"] for i in items]) == [False, False, True]


def test_web_responses_are_judged_per_address(client, campaign):
    bodies = [api_body() for _ in range(4)]
    statuses = [post_api(client, campaign.slug, body).status_code for body in bodies[:3]]
    statuses.append(post_api(client, campaign.slug, bodies[3], address="192.0.2.99").status_code)
    assert statuses == [201] * 4
    assert flags_of([b["id"] for b in bodies]) == [False, False, True, False]


def test_a_replayed_web_response_is_not_a_new_one(client, campaign):
    body = api_body()
    replies = [post_api(client, campaign.slug, body).status_code for _ in range(4)]
    assert replies == [201, 200, 200, 200]
    assert flags_of([body["id"]]) == [False]


def test_a_burst_through_the_web_form_is_flagged(client, campaign):
    ids = []
    motifs = ["titre_sejour", "cni_passeport", "permis_immatriculation", "autre", "titre_sejour"]
    for motif in motifs:
        script = client.application.test_client()  # a script keeps no session cookie
        fields = form_fields(script, campaign.slug)
        answers = valid_answers(motif=motif, commentaire=motif + str(len(ids)))
        reply = script.post(f"/s/{campaign.slug}", data={**fields, **answers})
        assert reply.status_code == 200  # thanked in the POST's answer
        ids.append(fields["response_id"])
    assert flags_of(ids) == [False] * 4 + [True]


def test_no_table_holds_the_address_a_response_came_from(client, campaign):
    address = "203.0.113.77"
    for _ in range(3):  # enough for a flag: the decision leaves no trace of its input
        assert post_api(client, campaign.slug, api_body(), address).status_code == 201
    db.session.rollback()
    for table in Base.metadata.sorted_tables:
        for row in db.session.execute(select(table)):
            assert address not in repr(tuple(row)), table.name


def test_an_unreachable_redis_stores_the_response_unflagged(campaign, make_app):
    app = make_app(RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0")
    client = app.test_client()
    bodies = [api_body() for _ in range(3)]
    assert [post_api(client, campaign.slug, b).status_code for b in bodies] == [201] * 3
    assert flags_of([b["id"] for b in bodies]) == [False] * 3


@needs_redis
def test_workers_share_source_histories_through_redis_without_addresses(campaign, make_app):
    import redis

    # Each app has its own Redis store, as each gunicorn worker would.
    first, second = (
        make_app(RATELIMIT_STORAGE_URI=REDIS_URL),
        make_app(RATELIMIT_STORAGE_URI=REDIS_URL),
    )
    address = f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.9"
    bodies = [api_body() for _ in range(3)]
    post_api(first.test_client(), campaign.slug, bodies[0], address)
    post_api(second.test_client(), campaign.slug, bodies[1], address)
    post_api(first.test_client(), campaign.slug, bodies[2], address)
    assert flags_of([b["id"] for b in bodies]) == [False, False, True]
    server = redis.Redis.from_url(REDIS_URL)
    keys = [key.decode() for key in server.scan_iter("survey:source:*")]
    assert keys and not any(address in key for key in keys)
    assert all(0 < server.ttl(key) <= 601 for key in keys)
    assert all(address.encode() not in server.get(key) for key in keys)
    server.close()


# --- The officer's results page: with and without flagged responses -------------------


def test_results_page_shows_rates_with_and_without_flagged_responses(app, client):
    from tests.app.admin_helpers import login, make_world, record

    make_world(app)
    with app.app_context():
        from survey_app.core.campaigns import get_campaign

        alpha = get_campaign(db.session, "alpha")
        for _ in range(3):
            flagged = record(alpha, satisfaction_globale="pas_du_tout_satisfait")
            flagged.is_flagged = True
        db.session.commit()
        total = len(db.session.scalars(select(Response).filter_by(campaign_id=alpha.id)).all())
    login(client, "admin")
    every = client.get("/admin/campaigns/alpha/results").get_data(as_text=True)
    assert (
        "3 réponses ont été signalées" in every and "Les résultats ci-dessous les incluent" in every
    )
    assert f"{total} réponses collectées" in every
    link = re.search(r'href="([^"]*signalees=exclues[^"]*)"', every).group(1)
    without = client.get(link.replace("&amp;", "&")).get_data(as_text=True)
    assert "Les résultats ci-dessous les excluent" in without
    assert f"{total - 3} réponses collectées" in without
    docx = re.search(r'href="([^"]*results\.docx[^"]*)"', without).group(1)
    assert "signalees=exclues" in docx  # downloads follow the choice
    raw = client.get("/admin/campaigns/alpha/results.responses.csv?signalees=exclues")
    assert raw.get_data(as_text=True).count("\n") == total - 3 + 1  # header + unflagged rows


def test_results_page_says_nothing_when_no_response_is_flagged(app, client):
    from tests.app.admin_helpers import login, make_world

    make_world(app)
    login(client, "admin")
    page = client.get("/admin/campaigns/alpha/results").get_data(as_text=True)
    assert "Réponses signalées" not in page
