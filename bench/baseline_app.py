"""The submission baseline: a bare WSGI app that stores what the API stores, nothing more.

POST /responses with the API's JSON body: parse it, build the same `responses`
row (hour-rounded times, the same content hash) and the same `answers` rows,
insert them in one transaction opened as the project opens it (BEGIN IMMEDIATE
on SQLite, same PRAGMAs), answer 201. No framework, no ORM, no validation: the
distance to the project's figure is what Flask, the ORM and the write path cost.
Configured by BENCH_DATABASE_URL (a database made by `survey init --demo`).
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from datetime import UTC, datetime

from .rawdb import begin_write, connect, placeholders, to_db_time

CAMPAIGN = "accueil"
_state: dict = {}


def _setup() -> dict:
    """Per worker, after the fork: one connection, the campaign's ids and its text items."""
    conn = connect(
        os.environ["BENCH_DATABASE_URL"],
        synchronous=os.environ.get("BENCH_SQLITE_SYNCHRONOUS", "FULL"),
        busy_timeout=float(os.environ.get("BENCH_SQLITE_BUSY_TIMEOUT", "30")),
    )
    campaign_id, version_id, content = conn.execute(
        "SELECT c.id, c.questionnaire_version_id, v.content FROM campaigns c "
        "JOIN questionnaire_versions v ON v.id = c.questionnaire_version_id WHERE c.slug = "
        + placeholders(conn, 1),
        (CAMPAIGN,),
    ).fetchone()
    conn.commit()
    content = json.loads(content) if isinstance(content, str) else content
    return {
        "conn": conn,
        "campaign_id": campaign_id,
        "version_id": version_id,
        "text_items": {i["key"] for i in content["items"] if i.get("type") == "text"},
        "insert_response": "INSERT INTO responses (id, campaign_id, questionnaire_version_id, "
        "channel, lang, received_at, collected_at, content_hash, is_flagged) VALUES "
        f"({placeholders(conn, 9)})",
        "insert_answer": "INSERT INTO answers (response_id, item_key, campaign_id, value, text, "
        f"channel, lang, collected_at, reason, is_flagged) VALUES ({placeholders(conn, 10)})",
    }


def application(environ, start_response):
    if environ["REQUEST_METHOD"] != "POST" or environ["PATH_INFO"] != "/responses":
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found\n"]
    if not _state:
        _state.update(_setup())
    state = _state
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = json.loads(environ["wsgi.input"].read(length))
    response_id = str(uuid.UUID(body["id"]))
    channel, lang, answers = body["channel"], body.get("lang", "fr"), body["answers"]
    campaign_id = state["campaign_id"]
    canonical = json.dumps([campaign_id, channel, lang, answers], sort_keys=True)
    digest = hashlib.sha256(canonical.encode()).hexdigest()
    conn = state["conn"]
    hour = to_db_time(
        conn, datetime.now(UTC).replace(tzinfo=None, minute=0, second=0, microsecond=0)
    )
    text_items = state["text_items"]
    reason = answers.get("motif")  # the response's dimensions go on each answer row
    rows = [
        (
            response_id,
            key,
            campaign_id,
            None if key in text_items else value,
            value if key in text_items else None,
            channel,
            lang,
            hour,
            reason,
            False,
        )
        for key, value in answers.items()
    ]
    begin_write(conn)
    try:
        conn.execute(
            state["insert_response"],
            (
                response_id,
                campaign_id,
                state["version_id"],
                channel,
                lang,
                hour,
                hour,
                digest,
                False,
            ),
        )
        conn.cursor().executemany(state["insert_answer"], rows)
        conn.commit()
    except Exception:
        conn.rollback()
        raise
    payload = json.dumps({"id": response_id, "channel": channel}).encode()
    start_response(
        "201 Created",
        [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))],
    )
    return [payload]
