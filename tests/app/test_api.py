"""JSON API v1: every status it promises, checked against its OpenAPI document."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import jsonschema
import pytest
from openapi_spec_validator import validate
from sqlalchemy import func, select

from survey_app.core.db import db
from survey_app.core.models import Response
from tests.helpers import valid_answers


def body(**overrides):
    data = {"id": str(uuid.uuid4()), "channel": "web", "lang": "fr", "answers": valid_answers()}
    data.update(overrides)
    return data


@pytest.fixture
def spec(client):
    document = client.get("/api/v1/openapi.json").get_json()
    validate(document)
    return document


def check(spec, path, method, response):
    """The response's status is documented and its body matches the documented schema."""
    operation = spec["paths"][path][method]
    documented = operation["responses"]
    assert str(response.status_code) in documented, f"{response.status_code} not documented"
    content = documented[str(response.status_code)].get("content")
    if content:
        assert response.mimetype == "application/json"
        jsonschema.validate(response.get_json(), content["application/json"]["schema"])


POST = "/api/v1/campaigns/{slug}/responses"
GET = "/api/v1/campaigns/{slug}/questionnaire"


def post(client, slug, data, **kwargs):
    return client.post(f"/api/v1/campaigns/{slug}/responses", json=data, **kwargs)


def count():
    db.session.rollback()  # end the test's own read transaction: see what requests committed
    return db.session.scalar(select(func.count()).select_from(Response))


def test_questionnaire_returns_the_frozen_version_with_translations(client, spec, campaign):
    response = client.get(f"/api/v1/campaigns/{campaign.slug}/questionnaire")
    assert response.status_code == 200
    check(spec, GET, "get", response)
    data = response.get_json()
    assert data["content_hash"] == campaign.questionnaire_version.content_hash
    items = {i["key"]: i for i in data["questionnaire"]["items"]}
    assert items["courtoisie"]["label"]["ar"]
    assert data["questionnaire"]["scales"]["satisfaction"]["options"][4]["is_no_opinion"]


def test_questionnaire_of_unknown_campaign_is_404(client, spec, app_ctx):
    response = client.get("/api/v1/campaigns/nope/questionnaire")
    assert response.status_code == 404
    check(spec, GET, "get", response)


def test_post_creates_then_acknowledges_an_exact_repeat(client, spec, campaign):
    data = body()
    first = post(client, campaign.slug, data)
    assert first.status_code == 201
    check(spec, POST, "post", first)
    assert first.get_json()["id"] == data["id"]
    again = post(client, campaign.slug, data)
    assert again.status_code == 200
    check(spec, POST, "post", again)
    assert count() == 1


def test_a_fresh_worker_parses_the_campaign_questionnaire_on_its_first_post(
    client, campaign, monkeypatch
):
    """The API reads the campaign without ORM objects (campaigns.campaign_row); a worker
    that has not parsed its questionnaire version yet loads and parses it first."""
    from survey_app.core import campaigns

    monkeypatch.setattr(campaigns, "_frozen", {})
    first = post(client, campaign.slug, body())
    assert first.status_code == 201, first.get_json()
    assert campaign.questionnaire_version.content_hash in campaigns._frozen
    assert count() == 1


def test_a_campaign_closed_by_another_worker_refuses_the_next_post(client, make_app, make_campaign):
    """Nothing about a campaign is kept between requests: closing it elsewhere (another
    worker, `survey campaign close`) is seen by the very next post."""
    campaign = make_campaign(slug="ferme-ailleurs")
    assert post(client, campaign.slug, body()).status_code == 201
    other = make_app()
    with other.app_context():
        from survey_app.core.campaigns import get_campaign

        get_campaign(db.session, "ferme-ailleurs").status = "closed"
        db.session.commit()
    response = post(client, campaign.slug, body())
    assert response.status_code == 410
    assert count() == 1


def test_same_id_with_other_content_is_409(client, spec, campaign):
    data = body()
    post(client, campaign.slug, data)
    response = post(
        client, campaign.slug, {**data, "answers": valid_answers(langage="peu_satisfait")}
    )
    assert response.status_code == 409
    check(spec, POST, "post", response)
    assert count() == 1


def test_invalid_answers_are_422_with_one_error_per_field(client, spec, campaign):
    answers = valid_answers(courtoisie="ravi", profil=None, couleur="bleu")
    response = post(client, campaign.slug, body(answers=answers))
    assert response.status_code == 422
    check(spec, POST, "post", response)
    errors = {(e["field"], e["code"]) for e in response.get_json()["errors"]}
    assert errors == {
        ("courtoisie", "invalid_option"),
        ("profil", "required"),
        ("couleur", "unknown_item"),
    }
    assert count() == 0


@pytest.mark.parametrize(
    "data,field",
    [
        ({"channel": "web", "answers": {}}, "id"),
        ({"id": "x", "answers": {}}, "channel"),
        ({"id": "x", "channel": "web", "answers": ["a"]}, "answers"),
        ({"id": "x", "channel": "kiosk", "answers": {}}, "channel"),
    ],
)
def test_malformed_body_is_422_naming_the_field(client, spec, campaign, data, field):
    response = post(client, campaign.slug, data)
    assert response.status_code == 422
    check(spec, POST, "post", response)
    assert field in {e["field"] for e in response.get_json()["errors"]}


def test_unknown_campaign_is_404(client, spec, app_ctx):
    response = post(client, "nope", body())
    assert response.status_code == 404
    check(spec, POST, "post", response)


def test_draft_campaign_is_404(client, spec, make_campaign):
    campaign = make_campaign(status="draft")
    assert post(client, campaign.slug, body()).status_code == 404


def test_closed_campaign_is_410(client, spec, make_campaign):
    campaign = make_campaign(status="closed")
    response = post(client, campaign.slug, body())
    assert response.status_code == 410
    check(spec, POST, "post", response)
    assert count() == 0


def test_campaign_not_yet_open_is_403(client, spec, make_campaign):
    campaign = make_campaign(opens_on=date.today() + timedelta(days=3))
    response = post(client, campaign.slug, body())
    assert response.status_code == 403
    check(spec, POST, "post", response)


def test_too_large_body_is_413(client, spec, campaign, app):
    limit = app.config["MAX_CONTENT_LENGTH"]
    response = post(client, campaign.slug, body(answers={"commentaire": "x" * limit}))
    assert response.status_code == 413
    check(spec, POST, "post", response)
    assert count() == 0


def test_wrong_content_type_is_415(client, spec, campaign):
    import json

    response = client.post(
        f"/api/v1/campaigns/{campaign.slug}/responses",
        data=json.dumps(body()),
        content_type="text/plain",
    )
    assert response.status_code == 415
    check(spec, POST, "post", response)


def test_invalid_json_is_422(client, spec, campaign):
    response = client.post(
        f"/api/v1/campaigns/{campaign.slug}/responses",
        data="{not json",
        content_type="application/json",
    )
    assert response.status_code == 422
    check(spec, POST, "post", response)


def test_every_api_route_is_documented_and_every_documented_path_exists(app, spec):
    routes = {
        rule.rule.replace("<slug>", "{slug}")
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1")
    }
    assert routes == set(spec["paths"])
