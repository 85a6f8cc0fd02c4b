"""The OpenAPI document is the server's exact contract: schemathesis fuzzes every /api/v1 route.

A property-based run (the same engine as `schemathesis run`: documented examples, coverage
of every bound and enumeration, then generated requests, valid and invalid) against the
app served over HTTP, with an open campaign, a paired tablet and a visits token. It fails
on a 5xx, a status the document does not list, a reply that breaks its schema or misses a
documented header, a 405 without `Allow`, a request invalid by the document that the
server takes, and a request valid by it that the server refuses for a reason the document
could have stated: a 400/413/415, or a 422 (for a whole request or for one item of a kiosk
batch) whose codes are not the questionnaire's or the kiosk clock's, which the document
can only describe in words.

SQLite only: what the contract covers is decided before the database (shapes, bounds,
codes), and NUL bytes or over-long values that PostgreSQL alone would refuse are refused
on both by test_hostile_input.py, which runs on both; fuzzing PostgreSQL too would double
the time for no rule of the document. Rate limits are off here (test_rate_limits.py
checks the 429 replies against the document). Bounded: CONTRACT_EXAMPLES examples per
operation and phase, deterministic, so a failure reproduces; raise it locally for a
longer hunt (`CONTRACT_EXAMPLES=300 pytest tests/app/test_api_contract.py`).
"""

from __future__ import annotations

import os
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import Status, events, from_schema
from werkzeug.serving import WSGIRequestHandler, make_server

from survey_app.accounts.devices import enrol_device
from survey_app.core.db import db
from survey_app.core.migrate import upgrade
from survey_app.web.api.schemas import CAMPAIGN_CODES, CLOCK_CODES, QUESTIONNAIRE_CODES

EXAMPLES = int(os.environ.get("CONTRACT_EXAMPLES", "10"))
VISITS_TOKEN = "v" * 43
MAX_SECONDS = 120
"""A run past this is stopped, and fails: the suite keeps its time budget."""
NEGATIVE_STATUSES = ["400", "401", "403", "404", "405", "409", "413", "415", "422", "429"]
"""How the server may refuse a request the document says is invalid."""
REFUSED_IN_WORDS = (
    frozenset(QUESTIONNAIRE_CODES) | frozenset(CLOCK_CODES) | frozenset(CAMPAIGN_CODES)
)
"""422 codes a request valid by the document may get: rules the document states in words."""


class QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs) -> None:
        pass


@pytest.fixture
def database_url(tmp_path):
    return f"sqlite:///{tmp_path / 'survey.db'}"


@pytest.fixture
def served(make_app, tmp_path):
    """The app without rate limits, on a real HTTP server in a thread: its base URL."""
    app = make_app(
        RATELIMIT_ENABLED=False,
        SQLITE_SYNCHRONOUS="NORMAL",
        API_VISITS_TOKEN=VISITS_TOKEN,
        TESTING=True,
    )
    with app.app_context():
        upgrade(db.engine)
    server = make_server("127.0.0.1", 0, app, threaded=False, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture
def tablet_token(served):
    """An open campaign on the bundled questionnaire, and a tablet paired to it."""
    from questionnaires import bundled_path, load_questionnaire
    from survey_app.core.campaigns import create_campaign, get_or_create_site

    app, _ = served
    with app.app_context():
        site = get_or_create_site(db.session, "prefecture", "Préfecture", "Europe/Paris")
        campaign = create_campaign(
            db.session,
            slug="accueil-2026",
            title="Enquête accueil 2026",
            site=site,
            questionnaire=load_questionnaire(bundled_path()),
            status="open",
        )
        _, code = enrol_device(db.session, name="Hall, borne 1", campaign=campaign)
        db.session.commit()
    reply = app.test_client().post("/api/v1/kiosk/pair", json={"code": code})
    return reply.get_json()["token"]


def _errors_of(body) -> list[dict]:
    """The field errors of a 422 body, or of every 422 item of a kiosk batch's results."""
    if not isinstance(body, dict):
        return []
    if "results" in body:
        return [e for r in body["results"] if r.get("status") == 422 for e in r.get("errors", [])]
    return body.get("errors", [])


@schemathesis.check
def refusals_are_stated_in_words(ctx, response, case):
    """A request valid by the document is refused only for a rule it states in words."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive:
        return None
    if (
        response.status_code not in (200, 422)
        or "json" not in response.headers.get("content-type", [""])[0]
    ):
        return None
    stated = [e for e in _errors_of(response.json()) if e.get("code") not in REFUSED_IN_WORDS]
    if stated:
        raise AssertionError(
            f"a request valid by the document was refused for a rule it could state: {stated}"
        )
    return None


def contract_config(token: str, base_url: str) -> SchemathesisConfig:
    now = datetime.now(UTC)
    recent = [(now - timedelta(minutes=m)).isoformat() for m in (1, 90, 60 * 24 * 3)]
    return SchemathesisConfig.from_dict(
        {
            "seed": 21,
            "base-url": base_url,
            # Deterministic and without memory between runs (no failure database, no
            # cache): the same code gives the same requests, and writes nothing to the tree.
            "generation": {"max-examples": EXAMPLES, "deterministic": True, "database": "none"},
            "cache": {"enabled": False},
            "auth": {
                "openapi": {"tablet": {"bearer": token}, "integration": {"bearer": VISITS_TOKEN}}
            },
            # Mostly the fixture's campaign and a plausible collection time, so generated
            # requests reach the answers' checks and the write path, not only the 404/422.
            "dictionaries": {
                "campaign": {"values": ["accueil-2026"]},
                "recent": {"values": recent},
            },
            "parameters": {
                "path.slug": {"dictionary": "campaign", "probability": 0.8},
                "body.collected_at": {"dictionary": "recent", "probability": 0.7},
                "body.responses[*].collected_at": {"dictionary": "recent", "probability": 0.7},
            },
            "checks": {
                "negative_data_rejection": {"expected-statuses": NEGATIVE_STATUSES},
                # 422 stays, judged by refusals_are_stated_in_words; no 400, 413, 415.
                "positive_data_acceptance": {
                    "expected-statuses": ["2xx", "403", "404", "409", "410", "422"]
                },
            },
            # Stateful links would need documented links between operations: there are none.
            "phases": {"stateful": {"enabled": False}},
            "operations": [
                # A batch answers 200 with one status per item (checked by
                # refusals_are_stated_in_words); an invalid item never refuses the batch.
                {
                    "include-operation-id": "postKioskBatch",
                    "checks": {"negative_data_rejection": {"enabled": False}},
                },
                # 200 is "this id is already recorded with this content": the stored
                # response is answered, the request is not judged again (documented).
                {
                    "include-operation-id": ["postResponse", "postKioskResponse"],
                    "checks": {
                        "negative_data_rejection": {
                            "expected-statuses": [*NEGATIVE_STATUSES, "200"]
                        }
                    },
                },
            ],
        }
    )


def run_contract(schema) -> tuple[list[str], int]:
    """(one line per distinct failure, number of requests sent)."""
    failures: dict[tuple, str] = {}
    sent = 0
    stream = from_schema(schema).execute()
    deadline = time.monotonic() + MAX_SECONDS
    for event in stream:
        if time.monotonic() > deadline:
            stream.stop()  # the run ends with stop reason "interrupted": a failure below
        if isinstance(event, events.ScenarioFinished):
            sent += len(event.recorder.interactions)
            recorder = event.recorder
            for case_id, checks in recorder.checks.items():
                for check in (c for c in checks if c.status == Status.FAILURE):
                    interaction = recorder.interactions.get(case_id)
                    reply = interaction.response if interaction else None
                    key = (recorder.label, check.name, reply.status_code if reply else None)
                    failures.setdefault(key, _describe(check.name, recorder, case_id, reply))
        elif isinstance(event, events.NonFatalError):
            failures.setdefault(("error", event.label), f"{event.label}: {event.value}")
        elif isinstance(event, events.FatalError):
            failures.setdefault(("fatal",), f"fatal: {event.exception}")
        elif isinstance(event, events.EngineFinished) and event.stop_reason.skip_explanation:
            failures[("stop",)] = f"run stopped: {event.stop_reason.skip_explanation}"
    return list(failures.values()), sent


def _describe(check: str, recorder, case_id: str, reply) -> str:
    case = recorder.cases[case_id].value
    phase = case.meta.phase.name.value if case.meta else "?"
    got = f"{reply.status_code} {(reply.content or b'')[:300]!r}" if reply else "no reply"
    return (
        f"{recorder.label}: {check} ({phase}) — sent {case.method} {case.formatted_path} "
        f"headers={case.headers!r} body={case.body!r}; got {got}"
    )


def test_every_route_keeps_the_documented_contract(served, tablet_token):
    _, base_url = served
    schema = schemathesis.openapi.from_url(
        f"{base_url}/api/v1/openapi.json", config=contract_config(tablet_token, base_url)
    )
    failures, sent = run_contract(schema)
    assert not failures, "\n".join(failures)
    assert sent > 7 * EXAMPLES  # every operation was exercised
