"""docs/api.md shows the OpenAPI document's own examples, and they are true.

Each example block of the page is marked `<!-- example: operationId request|status name -->`
and must hold the document's example there (the failure message gives the block to paste,
as json.dumps(value, indent=2, ensure_ascii=False) prints it). Every example of the
document is valid against its schema, and posting them gives the replies they show.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from survey_app.web.api import examples
from tests.app.hardening_helpers import bearer, tablet_token

PAGE = Path(__file__).parents[2] / "docs" / "api.md"
BLOCK = re.compile(r"<!-- example: (\S+) (\S+) (\S+) -->\n```json\n(.*?)\n```", re.S)


@pytest.fixture
def document(client):
    return client.get("/api/v1/openapi.json").get_json()


def documented_examples(document) -> dict[tuple[str, str, str], tuple[dict, object]]:
    """(operationId, "request" or status, name) -> (schema, example value)."""
    found = {}
    for operations in document["paths"].values():
        for operation in operations.values():
            places = {"request": operation.get("requestBody", {})}
            places |= operation["responses"]
            for place, body in places.items():
                media = body.get("content", {}).get("application/json", {})
                for name, example in media.get("examples", {}).items():
                    key = (operation["operationId"], place, name)
                    found[key] = (media["schema"], example["value"])
    return found


def test_the_page_shows_every_example_of_the_document_as_it_is(document):
    shown = {(op, place, name): text for op, place, name, text in BLOCK.findall(PAGE.read_text())}
    documented = documented_examples(document)
    assert set(shown) == set(documented)
    for key, (_, value) in documented.items():
        expected = json.dumps(value, indent=2, ensure_ascii=False)
        assert json.loads(shown[key]) == value, f"docs/api.md, example {key}: paste\n{expected}"


def test_every_example_is_valid_against_its_schema(document):
    documented = documented_examples(document)
    assert len(documented) >= 8
    for key, (schema, value) in documented.items():
        validator = jsonschema.Draft202012Validator(
            schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
        )
        assert not list(validator.iter_errors(value)), key


def _without_time(reply: dict) -> dict:
    return {k: v for k, v in reply.items() if k != "received_at"}


def test_posting_the_examples_gives_the_replies_they_show(app, client, make_campaign):
    campaign = make_campaign(slug="accueil-2026")
    url = "/api/v1/campaigns/accueil-2026/responses"
    response = examples.NEW_RESPONSE["visit"]["value"]
    stored = client.post(url, json=response)
    assert stored.status_code == 201
    assert _without_time(stored.get_json()) == _without_time(examples.STORED["visit"]["value"])
    wrong = {**response["answers"], "courtoisie": "ravi"}
    del wrong["profil"]
    refused = client.post(url, json={**response, "id": examples.KIOSK_ID, "answers": wrong})
    assert refused.status_code == 422
    assert refused.get_json() == examples.FIELD_ERRORS["visit"]["value"]
    token = tablet_token(client, campaign)
    batch = client.post(
        "/api/v1/kiosk/responses/batch",
        json=examples.KIOSK_BATCH["visit"]["value"],
        headers=bearer(token),
    )
    [result] = batch.get_json()["results"]
    [shown] = examples.KIOSK_RESULTS["visit"]["value"]["results"]
    assert _without_time(result) == _without_time(shown)
    beat = client.post(
        "/api/v1/kiosk/heartbeat", json=examples.HEARTBEAT["visit"]["value"], headers=bearer(token)
    )
    assert beat.status_code == 200
    app.config["API_VISITS_TOKEN"] = "t" * 40
    visits = client.put(
        "/api/v1/campaigns/accueil-2026/visits",
        json=examples.VISITS["visit"]["value"],
        headers=bearer("t" * 40),
    )
    assert visits.status_code == 201
    assert visits.get_json() == examples.VISITS_SET["visit"]["value"]
