"""Rate limits: the public form, the JSON API, the tablet API (paired tablets exempt), logins.

Limits are lowered per test (they are read at request time) so a few requests reach them.
Against a real Redis when SURVEY_TEST_REDIS_URL is set (.ci/run sets it when one answers).
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import jsonschema
import pytest
from openapi_spec_validator import validate

from tests.app.hardening_helpers import (
    API,
    KIOSK_BATCH,
    KIOSK_PAIR,
    KIOSK_RESPONSES,
    api_body,
    bearer,
    form_fields,
    kiosk_item,
    response_count,
    tablet_token,
)
from tests.helpers import valid_answers

REDIS_URL = os.environ.get("SURVEY_TEST_REDIS_URL")  # read before the app fixture clears SURVEY_*
needs_redis = pytest.mark.skipif(
    not REDIS_URL, reason="SURVEY_TEST_REDIS_URL is not set: no Redis to test against"
)


def post_api(client, slug, **environ):
    return client.post(API.format(slug=slug), json=api_body(), environ_base=environ)


def assert_retry_after(reply) -> int:
    seconds = int(reply.headers["Retry-After"])
    assert 1 <= seconds <= 60
    return seconds


def test_the_json_api_answers_429_json_with_retry_after(app, client, campaign):
    app.config["API_RATE_LIMIT"] = "3 per minute"
    assert [post_api(client, campaign.slug).status_code for _ in range(3)] == [201] * 3
    blocked = post_api(client, campaign.slug)
    assert blocked.status_code == 429
    seconds = assert_retry_after(blocked)
    assert blocked.get_json() == {
        "error": "too_many_requests",
        "message": f"too many requests from this address: retry in {seconds} seconds",
        "retry_after": seconds,
    }
    assert response_count() == 3
    documented = client.get("/api/v1/openapi.json").get_json()
    validate(documented)
    post = documented["paths"]["/api/v1/campaigns/{slug}/responses"]["post"]["responses"]
    jsonschema.validate(blocked.get_json(), post["429"]["content"]["application/json"]["schema"])


def test_the_web_form_answers_a_french_429_page_with_retry_after(app, client, campaign):
    app.config["FORM_RATE_LIMIT"] = "2 per minute"
    for _ in range(2):
        script = client.application.test_client()  # a script keeps no session cookie
        fields = form_fields(script, campaign.slug)
        reply = script.post(f"/s/{campaign.slug}", data={**fields, **valid_answers()})
        assert reply.status_code == 200  # thanked in the POST's answer
    fields = form_fields(client, campaign.slug)  # showing the form is never limited
    blocked = client.post(f"/s/{campaign.slug}", data={**fields, **valid_answers()})
    assert blocked.status_code == 429
    assert_retry_after(blocked)
    page = blocked.get_data(as_text=True)
    assert "Trop d'envois depuis votre connexion" in page and 'lang="fr"' in page
    assert "Patientez une minute" in page  # the minute's limit: true
    assert response_count() == 2


def post_form(client, slug, **environ):
    """A submission from a new browser (a script keeps no cookie): a response of its own."""
    client = client.application.test_client()
    fields = form_fields(client, slug)
    return client.post(f"/s/{slug}", data={**fields, **valid_answers()}, environ_base=environ)


def test_every_limit_of_the_form_counts_and_each_address_has_its_own(app, client, campaign):
    """The form counts its POSTs itself (not through Flask-Limiter's decorator): each limit
    of the setting, per address, with the breached window's Retry-After."""
    app.config["FORM_RATE_LIMIT"] = "5 per minute; 2 per hour"
    statuses = [post_form(client, campaign.slug).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]  # the hour's budget, though the minute's is not spent
    blocked = post_form(client, campaign.slug)
    assert 60 < int(blocked.headers["Retry-After"]) <= 3600
    page = blocked.get_data(as_text=True)  # not «a minute» when it is the hour's limit
    assert "Réessayez plus tard." in page and "Patientez une minute" not in page
    other = post_form(client, campaign.slug, REMOTE_ADDR="192.0.2.9")
    assert other.status_code == 200
    assert response_count() == 3


def test_the_form_is_not_limited_when_limits_are_off_or_their_storage_is_down(campaign, make_app):
    for settings in (
        {"RATELIMIT_ENABLED": "false"},
        {"RATELIMIT_STORAGE_URI": "redis://127.0.0.1:1/0"},  # nothing listens on port 1
    ):
        client = make_app(FORM_RATE_LIMIT="1 per minute", **settings).test_client()
        assert [post_form(client, campaign.slug).status_code for _ in range(2)] == [200, 200]
    assert response_count() == 4


def test_a_script_without_a_tablet_token_is_limited_on_the_kiosk_api(app, client, campaign):
    app.config["KIOSK_RATE_LIMIT"] = "3 per minute"
    statuses = [client.post(KIOSK_PAIR, json={"code": "guess"}).status_code for _ in range(2)]
    statuses.append(client.post(KIOSK_RESPONSES, json=kiosk_item()).status_code)
    assert statuses == [404, 404, 401]
    blocked = client.post(KIOSK_BATCH, json={"responses": [kiosk_item()]})  # one shared budget
    assert blocked.status_code == 429 and blocked.get_json()["error"] == "too_many_requests"
    assert_retry_after(blocked)


def test_an_enrolled_tablet_is_never_limited(app, client, campaign):
    token = tablet_token(client, campaign)
    app.config["KIOSK_RATE_LIMIT"] = "2 per minute"
    for _ in range(5):
        batch = {"responses": [kiosk_item() for _ in range(3)]}
        assert client.post(KIOSK_BATCH, json=batch, headers=bearer(token)).status_code == 200
    assert client.post(KIOSK_RESPONSES, json=kiosk_item(), headers=bearer(token)).status_code == 201
    assert response_count() == 16
    # ... while the same address without a valid token is limited.
    wrong = bearer("not-a-token")
    assert [
        client.post(KIOSK_RESPONSES, json=kiosk_item(), headers=wrong).status_code for _ in range(3)
    ] == [401, 401, 429]


def test_each_address_has_its_own_budget(app, client, campaign):
    app.config["API_RATE_LIMIT"] = "1 per minute"
    assert post_api(client, campaign.slug, REMOTE_ADDR="192.0.2.1").status_code == 201
    assert post_api(client, campaign.slug, REMOTE_ADDR="192.0.2.1").status_code == 429
    assert post_api(client, campaign.slug, REMOTE_ADDR="192.0.2.2").status_code == 201


def test_forwarded_addresses_count_only_behind_a_trusted_proxy(app, campaign, make_app):
    # Without a trusted proxy, X-Forwarded-For is the client's to invent: ignored.
    app.config["API_RATE_LIMIT"] = "1 per minute"
    direct = app.test_client()
    forged = [{"X-Forwarded-For": f"198.51.100.{n}"} for n in (1, 2)]
    replies = [
        direct.post(API.format(slug=campaign.slug), json=api_body(), headers=h) for h in forged
    ]
    assert [r.status_code for r in replies] == [201, 429]
    # Behind one trusted proxy, each visitor the proxy names has its own budget.
    proxied = make_app(TRUSTED_PROXIES=1, API_RATE_LIMIT="1 per minute")
    client = proxied.test_client()
    replies = [
        client.post(API.format(slug=campaign.slug), json=api_body(), headers=h) for h in forged
    ]
    assert [r.status_code for r in replies] == [201, 201]
    again = client.post(API.format(slug=campaign.slug), json=api_body(), headers=forged[0])
    assert again.status_code == 429


def test_failed_logins_are_still_limited_by_the_shared_limiter(app, client):
    from tests.app.admin_helpers import login, make_staff

    with app.app_context():
        make_staff()
    app.config["LOGIN_RATE_LIMIT"] = "2 per minute"
    assert [login(client, "admin", "wrong").status_code for _ in range(2)] == [401, 401]
    blocked = login(client, "admin")
    assert blocked.status_code == 429 and "Trop de tentatives" in blocked.get_data(as_text=True)
    assert_retry_after(blocked)


def test_limits_can_be_switched_off_for_load_tests(campaign, make_app):
    app = make_app(RATELIMIT_ENABLED="false", API_RATE_LIMIT="1 per minute")
    client = app.test_client()
    assert {post_api(client, campaign.slug).status_code for _ in range(3)} == {201}


def test_an_unreachable_redis_never_costs_a_response(campaign, make_app):
    """Redis down (nothing listens on port 1): requests pass unlimited, responses are stored."""
    app = make_app(RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0", API_RATE_LIMIT="1 per minute")
    client = app.test_client()
    assert [post_api(client, campaign.slug).status_code for _ in range(2)] == [201, 201]
    assert response_count() == 2


@needs_redis
def test_redis_holds_expiring_counters_and_no_address(campaign, make_app):
    import redis

    from survey_app.web.limits import address_key

    app = make_app(RATELIMIT_STORAGE_URI=REDIS_URL, API_RATE_LIMIT="2 per minute")
    address = f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.7"  # fresh counters
    client = app.test_client()
    statuses = [post_api(client, campaign.slug, REMOTE_ADDR=address).status_code for _ in range(3)]
    assert statuses == [201, 201, 429]
    with app.test_request_context(environ_base={"REMOTE_ADDR": address}):
        hashed = address_key()
    server = redis.Redis.from_url(REDIS_URL)
    keys = [key.decode() for key in server.scan_iter(f"LIMITS*{hashed}*")]
    assert keys, "no counter in Redis"
    assert not any(address in key.decode() for key in server.scan_iter("LIMITS*"))
    assert all(0 < server.ttl(key) <= 60 for key in keys)
    server.close()


WORKER = """
import sys
from survey_app import create_app
app = create_app({"DATABASE_URL": sys.argv[1], "SECRET_KEY": "x",
                  "RATELIMIT_STORAGE_URI": sys.argv[2], "API_RATE_LIMIT": "2 per minute"})
body = {"id": sys.argv[5], "channel": "web", "lang": "fr", "answers": {}}
reply = app.test_client().post(sys.argv[3], json=body, environ_base={"REMOTE_ADDR": sys.argv[4]})
print(reply.status_code)
"""


@needs_redis
def test_another_worker_process_shares_the_budget_through_redis(
    database_url, campaign, tmp_path, make_app
):
    """Another process (a second gunicorn worker) spends the same address's budget."""
    address = f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.8"
    url = API.format(slug=campaign.slug)
    env = {**os.environ, "SURVEY_INSTANCE_PATH": str(tmp_path / "worker")}
    args = [sys.executable, "-c", WORKER, database_url, REDIS_URL, url, address]
    for _ in range(2):  # two refused (empty) responses, still counted by the limit
        done = subprocess.run(
            [*args, str(uuid.uuid4())], env=env, capture_output=True, text=True, timeout=60
        )
        assert done.stdout.strip() == "422", done.stderr
    client = make_app(RATELIMIT_STORAGE_URI=REDIS_URL, API_RATE_LIMIT="2 per minute").test_client()
    assert post_api(client, campaign.slug, REMOTE_ADDR=address).status_code == 429
