"""Benchmark 1's project side as a deployment runs it: what is on, and a check that it is.

The settings are those of docs/deploy/survey.env that bear on a submission: one reverse
proxy trusted (its X-Forwarded-For names the visitor), the rate limits and burst
detection at their defaults. After the measured rounds, one address sends more API
submissions than its limit allows: the run shows the 429s and the responses flagged as a
burst, so a figure can never come from a server with them off.
"""

from __future__ import annotations

import http.client
import json
import uuid

from survey_app.core.settings import BY_NAME

from .databases import Side
from .processes import Server
from .rawdb import connect

DEPLOYMENT = {
    "SURVEY_TRUSTED_PROXIES": "1",
    "SURVEY_RATELIMIT_ENABLED": "true",
    "SURVEY_FLAG_BURST_RATE": BY_NAME["FLAG_BURST_RATE"].default,
}
SHOWN = ("API_RATE_LIMIT", "FORM_RATE_LIMIT", "FLAG_BURST_RATE", "FLAG_IDENTICAL_RUN")
PROBE_ADDRESS = "192.0.2.1"


def _value(env: dict[str, str], name: str) -> str:
    return env.get(f"SURVEY_{name}", str(BY_NAME[name].default))


def describe_deployment(env: dict[str, str]) -> str:
    """One line saying what the project side runs with."""
    storage = _value(env, "RATELIMIT_STORAGE_URI") or "instance/ratelimits.db (all workers)"
    shown = ", ".join(f"{name}={_value(env, name)!r}" for name in SHOWN)
    histories = "Redis" if storage.startswith("redis") else "each worker's memory"
    return (
        f"project side: TRUSTED_PROXIES={_value(env, 'TRUSTED_PROXIES')}, "
        f"RATELIMIT_ENABLED={_value(env, 'RATELIMIT_ENABLED')}, {shown}; limit counters in "
        f"{storage}, burst histories in {histories}; each submission from its own address"
    )


def _flagged(side: Side) -> int:
    conn = connect(side.url)
    try:
        (count,) = conn.execute("SELECT COUNT(*) FROM responses WHERE is_flagged").fetchone()
    finally:
        conn.close()
    return count


def check_limits(server: Server, side: Side, pool: list[dict[str, str]]) -> dict:
    """One address posts its API limit per minute plus 5: the extra get 429, and the
    burst check flags what it sees (each worker keeps its own histories by default)."""
    per_minute = int(_value(side.env(), "API_RATE_LIMIT").split()[0])
    before = _flagged(side)
    statuses: dict[int, int] = {}
    for n in range(per_minute + 5):
        body = {"id": str(uuid.uuid4()), "channel": "web", "lang": "fr", "answers": pool[n]}
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        try:
            connection.request(
                "POST",
                "/api/v1/campaigns/accueil/responses",
                json.dumps(body),
                {"Content-Type": "application/json", "X-Forwarded-For": PROBE_ADDRESS},
            )
            status = connection.getresponse().status
        finally:
            connection.close()
        statuses[status] = statuses.get(status, 0) + 1
    flagged = _flagged(side) - before
    is_on = statuses.get(429, 0) > 0 and flagged > 0
    line = (
        f"limits check: {per_minute + 5} API posts from one address got {statuses}; "
        f"{flagged} flagged as a burst; flagged during the measured rounds: {before} "
        f"({'limits and burst detection are on' if is_on else 'LIMITS OR BURST CHECK OFF'})"
    )
    return {"statuses": statuses, "flagged": flagged, "flagged_before": before, "line": line}
