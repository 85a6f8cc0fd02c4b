"""10,000 queued kiosk responses replayed in batches by 4 senders (2 tablets) at once, 10 % of
them re-sending an id already queued and 5 % sent twice at the same moment (in two
tablets' batches posted together): every item of every batch reply is 200 or 201, each
distinct id is created exactly once, and the database holds exactly the distinct ids,
each with all the answers it was sent with."""

from __future__ import annotations

import http.client
import json
import random
import re
import subprocess
import threading
from collections import Counter, defaultdict

import pytest
from sqlalchemy import create_engine, select

from bench.kiosk_batch import tablet_queue
from survey_app.core.models import Answer, Response

from .server import SURVEY

QUEUED = 10_000
REPEATS = 0.10
TWICE_EVERY = 20
"""Every 20th queued item (5 %) is also sent, at the same moment, by another tablet."""
BATCH = 100
"""The endpoint's maximum: 95 of the sender's own items and 5 of its partner's."""
SENDERS = 4
"""Two pairs of senders; the two senders of a pair post their batches together."""
TABLETS = 2
"""Sender n posts as tablet n % 2: the two batches of a pair come from different tablets."""
BATCH_PATH = "/api/v1/kiosk/responses/batch"


def _plan(queue: list[dict], rng: random.Random) -> list[list[list[dict]]]:
    """Batches per sender, in the order it sends them.

    Chunks of 95 queued items go out in pairs (2m, 2m+1): the tablets of one pair send
    chunk 2m and 2m+1 at the same moment, each with the other's concurrent items added.
    """
    own = BATCH - BATCH // TWICE_EVERY
    chunks = [queue[start : start + own] for start in range(0, len(queue), own)]
    if len(chunks) % 2:
        chunks.append([])
    batches = []
    for index, chunk in enumerate(chunks):
        partner = chunks[index ^ 1]
        start = (index ^ 1) * own
        twice = [item for offset, item in enumerate(partner) if (start + offset) % TWICE_EVERY == 0]
        batch = chunk + twice
        rng.shuffle(batch)
        batches.append(batch)
    plan: list[list[list[dict]]] = [[] for _ in range(SENDERS)]
    for pair_index in range(len(batches) // 2):
        pair = pair_index % (SENDERS // 2)
        for side in (0, 1):
            batch = batches[2 * pair_index + side]
            if batch:
                plan[2 * pair + side].append(batch)
    return plan


def _paired_tokens(server, count: int) -> list[str]:
    """Enrol `count` tablets with the CLI (at once: each call starts Python) and pair them."""
    enrolments = [
        subprocess.Popen(
            [SURVEY, "tablet", "enrol", "--name", f"tablette {n}", "--campaign", "accueil"],
            env=server.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(count)
    ]
    tokens = []
    for enrolment in enrolments:
        printed, errors = enrolment.communicate(timeout=120)
        assert enrolment.returncode == 0, errors
        code = re.search(r"#pair=([\w-]+)", printed).group(1)
        status, _, text = server.request("/api/v1/kiosk/pair", {"code": code})
        assert status == 200, text
        tokens.append(json.loads(text)["token"])
    return tokens


def _send(server, token, batches, barrier, replies, lock) -> None:
    for batch in batches:
        barrier.wait(timeout=120)  # the pair's two batches leave together
        try:
            status, _, text = server.request(BATCH_PATH, {"responses": batch}, token, timeout=120)
        except (OSError, http.client.HTTPException) as exc:
            status, text = None, repr(exc)
        with lock:
            replies.append((batch, status, text))


def _stored(database_url: str) -> tuple[set[str], dict[str, dict[str, str]]]:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            ids = set(connection.scalars(select(Response.id)))
            answers: dict[str, dict[str, str]] = defaultdict(dict)
            rows = connection.execute(
                select(Answer.response_id, Answer.item_key, Answer.value, Answer.text)
            )
            for response_id, key, value, text in rows:
                answers[response_id][key] = value if text is None else text
    finally:
        engine.dispose()
    return ids, answers


@pytest.mark.slow
def test_kiosk_queue_replayed_concurrently_stores_each_id_once(database_url, make_survey_server):
    server = make_survey_server(database_url, WORKERS=str(SENDERS))
    queue = tablet_queue(QUEUED, REPEATS, seed=6)
    sent = {item["id"]: item for item in queue}
    assert len(queue) - len(sent) > QUEUED * REPEATS * 0.8  # the queue does repeat ids
    plan = _plan(queue, random.Random(6))
    assert sum(len(b) for batches in plan for b in batches) == QUEUED + QUEUED // TWICE_EVERY
    assert max(len(b) for batches in plan for b in batches) <= BATCH
    assert all(len(plan[n]) == len(plan[n ^ 1]) for n in range(SENDERS))

    tokens = _paired_tokens(server, TABLETS)
    barriers = [threading.Barrier(2) for _ in range(SENDERS // 2)]
    replies: list[tuple[list[dict], int | None, str]] = []
    lock = threading.Lock()
    senders = [
        threading.Thread(
            target=_send,
            args=(server, tokens[n % TABLETS], plan[n], barriers[n // 2], replies, lock),
        )
        for n in range(SENDERS)
    ]
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join(timeout=300)
    assert not any(sender.is_alive() for sender in senders)

    refused = [(status, text[:300]) for _, status, text in replies if status != 200]
    assert refused == [], f"{refused[:3]}\n{server.log()[-3000:]}"
    assert len(replies) == sum(len(batches) for batches in plan)
    created: Counter[str] = Counter()
    for batch, _, text in replies:
        results = json.loads(text)["results"]
        assert [r["id"] for r in results] == [item["id"] for item in batch]
        wrong = [r for r in results if r["status"] not in (200, 201)]
        assert wrong == [], wrong[:3]
        created.update(r["id"] for r in results if r["status"] == 201)
    assert set(created) == set(sent)
    assert set(created.values()) == {1}, "each distinct id is created once, replays get 200"

    ids, answers = _stored(database_url)
    assert ids == set(sent)
    incomplete = [i for i in ids if answers.get(i) != sent[i]["answers"]]
    assert incomplete == [], f"{len(incomplete)} responses without exactly their answers"
