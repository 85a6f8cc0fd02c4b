"""API v1's errors: 405 with Allow, one error shape, and 429 documented exactly where limits apply.

The fuzzing run (test_api_contract.py) has rate limits off; here they are on and low, and
every route is driven past them, so a route that answers 429 without documenting it, or
documents a 429 it never answers, fails.
"""

from __future__ import annotations

import pytest
from openapi_spec_validator import validate

from tests.app.hardening_helpers import api_body, bearer, kiosk_item
from tests.app.openapi_helpers import assert_documented

FORGED = bearer("forged-token")
ROUTES = {
    # path -> (method, JSON body, headers) of a request that passes the limiter's check
    "/api/v1/campaigns/{slug}/questionnaire": ("get", None, {}),
    "/api/v1/campaigns/{slug}/responses": ("post", api_body, {}),
    "/api/v1/campaigns/{slug}/visits": ("put", lambda: {"channel": "web", "visits": 3}, FORGED),
    "/api/v1/openapi.json": ("get", None, {}),
    "/api/v1/kiosk/pair": ("post", lambda: {"code": "not-a-code"}, {}),
    "/api/v1/kiosk/questionnaire": ("get", None, FORGED),
    "/api/v1/kiosk/responses": ("post", kiosk_item, FORGED),
    "/api/v1/kiosk/responses/batch": ("post", lambda: {"responses": [kiosk_item()]}, FORGED),
    "/api/v1/kiosk/heartbeat": ("post", dict, FORGED),
    "/api/v1/kiosk/fiches": ("post", lambda: {"kind": "suggestion", "message": "x"}, FORGED),
}


@pytest.fixture
def spec(client):
    document = client.get("/api/v1/openapi.json").get_json()
    validate(document)
    return document


def _call(client, slug: str, path: str):
    method, body, headers = ROUTES[path]
    url = path.format(slug=slug)
    json = body() if body else None
    return client.open(url, method=method.upper(), json=json, headers=headers)


def test_every_documented_path_is_in_this_test(spec):
    assert set(ROUTES) == set(spec["paths"])


@pytest.mark.parametrize("path", sorted(ROUTES))
def test_an_undeclared_method_is_405_with_allow_and_the_error_shape(client, campaign, path):
    method = ROUTES[path][0]
    reply = client.delete(path.format(slug=campaign.slug))
    assert reply.status_code == 405
    allowed = {m.strip() for m in reply.headers["Allow"].split(",")}
    assert method.upper() in allowed and "DELETE" not in allowed
    assert reply.get_json() == {
        "error": "method_not_allowed",
        "message": "The method is not allowed for the requested URL.",
    }


def test_a_web_page_answers_405_with_allow_too(client, campaign):
    reply = client.delete(f"/s/{campaign.slug}")
    assert reply.status_code == 405
    assert "GET" in reply.headers["Allow"]


def test_every_documented_error_has_the_error_shape(spec):
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            for status, reply in operation["responses"].items():
                if status.startswith(("2", "3")):
                    continue
                schema = reply["content"]["application/json"]["schema"]
                assert "error" in schema["required"], (method, path, status)
                assert {"message", "errors"} & set(schema["required"]), (method, path, status)


def test_429_is_documented_exactly_where_a_rate_limit_answers_it(app, client, spec, campaign):
    app.config.update(API_RATE_LIMIT="1 per minute", KIOSK_RATE_LIMIT="1 per minute")
    limited = set()
    for path in sorted(ROUTES):
        for _ in range(3):
            reply = _call(client, campaign.slug, path)
            assert_documented(client, path, reply)
            if reply.status_code == 429:
                limited.add(path)
    documented = {
        path
        for path, operations in spec["paths"].items()
        for operation in operations.values()
        if "429" in operation["responses"]
    }
    assert limited == documented
    assert "/api/v1/campaigns/{slug}/questionnaire" not in limited  # reading is never limited
