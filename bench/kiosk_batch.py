"""Benchmark 4: batch replay of a tablet's queue vs INSERT ... ON CONFLICT DO NOTHING.

    python -m bench.kiosk_batch [--responses 30000] [--slices 10] [--db sqlite|postgresql]

The project side: `survey serve` (rate limits and burst detection on, as deployed), a
tablet enrolled and paired, its queue posted to /api/v1/kiosk/responses/batch in batches
of 100 (the endpoint's maximum), one batch after the other as a tablet does. The
baseline: the same rows, batch for batch, inserted with INSERT ... ON CONFLICT (...) DO
NOTHING in one transaction per batch (BEGIN IMMEDIATE on SQLite, same PRAGMAs). A share
of the queue (--repeats) re-sends ids already sent, as a tablet that lost replies does;
both sides must end with exactly the distinct ids. The queue is cut in --slices slices,
each replayed by both sides one after the other (the order alternating), so the
throughput of each slice pairs with the other side's on the same rows at about the same
moment; min / median / max of each side and of the per-slice ratio. Goal (issue 6): the
project at least half the baseline's throughput (the median ratio). Exits with status 2
if the batch endpoint (issue 3) is missing.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import re
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from .answers import bundled, random_answers
from .databases import Databases, Side
from .fill import ANSWER_COLUMNS, RESPONSE_COLUMNS, content_hash
from .machine import describe, load_line
from .processes import SURVEY, Server, free_port, survey
from .rawdb import begin_write, connect, placeholders, to_db_time
from .stats import interleaved, paired
from .submit_checks import DEPLOYMENT

BATCH = 100
GOAL = 0.5
BATCH_PATH = "/api/v1/kiosk/responses/batch"


def tablet_queue(count: int, repeats: float, seed: int = 4) -> list[dict]:
    """A tablet's offline queue: `count` items, a share of them re-sending earlier ids."""
    rng = random.Random(seed)
    questionnaire = bundled()
    now = datetime.now(UTC)
    queue: list[dict] = []
    for _ in range(count):
        if queue and rng.random() < repeats:
            queue.append(rng.choice(queue))
            continue
        collected = now - timedelta(minutes=rng.randrange(60 * 24 * 3))
        queue.append({
            "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "lang": "fr",
            "collected_at": collected.isoformat(timespec="seconds").replace("+00:00", "Z"),
            "answers": random_answers(questionnaire, rng),
        })  # fmt: skip
    return queue


def _request(port: int, method: str, path: str, body, token: str | None = None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request(method, path, json.dumps(body), headers)
        reply = connection.getresponse()
        return reply.status, reply.read()
    finally:
        connection.close()


def enrol(side: Side) -> str:
    """Enrol a tablet with the CLI; return its one-time pairing code."""
    printed = survey(side.env(), "tablet", "enrol", "--name", "bench", "--campaign", "accueil")
    return re.search(r"#pair=([\w-]+)", printed).group(1)


def pair_tablet(side: Side, server: Server) -> str:
    """Enrol and pair a tablet; return its bearer token."""
    status, body = _request(server.port, "POST", "/api/v1/kiosk/pair", {"code": enrol(side)})
    if status != 200:
        raise SystemExit(f"pairing failed: {status} {body[:200]!r}")
    return json.loads(body)["token"]


def run_project(server: Server, token: str, queue: list[dict]) -> float:
    began = time.perf_counter()
    for start in range(0, len(queue), BATCH):
        status, body = _request(server.port, "POST", BATCH_PATH,
                                {"responses": queue[start:start + BATCH]}, token)  # fmt: skip
        results = json.loads(body)["results"] if status == 200 else None
        if results is None or any(r["status"] not in (200, 201) for r in results):
            raise SystemExit(f"batch refused: {status} {body[:300]!r}")
    return time.perf_counter() - began


class Baseline:
    """The same rows inserted with ON CONFLICT DO NOTHING, over one connection."""

    def __init__(self, side: Side):
        self.conn = conn = connect(side.url)
        self.campaign_id, self.version_id, self.device_id, timezone = conn.execute(
            "SELECT c.id, c.questionnaire_version_id, d.id, s.timezone FROM campaigns c JOIN "
            "devices d ON d.campaign_id = c.id JOIN sites s ON s.id = c.site_id WHERE c.slug = "
            f"{placeholders(conn, 1)}",
            ("accueil",),
        ).fetchone()
        conn.commit()
        self.zone = ZoneInfo(timezone)
        self.text_items = {i.key for i in bundled().items if i.type == "text"}
        columns = (*RESPONSE_COLUMNS, "device_id")
        self.insert_response = (
            f"INSERT INTO responses ({', '.join(columns)}) VALUES "
            f"({placeholders(conn, len(columns))}) ON CONFLICT (id) DO NOTHING"
        )
        self.insert_answer = (
            f"INSERT INTO answers ({', '.join(ANSWER_COLUMNS)}) VALUES "
            f"({placeholders(conn, len(ANSWER_COLUMNS))}) ON CONFLICT (response_id, item_key) "
            "DO NOTHING"
        )

    def run(self, queue: list[dict]) -> float:
        conn, campaign_id, text_items = self.conn, self.campaign_id, self.text_items
        began = time.perf_counter()
        for start in range(0, len(queue), BATCH):
            hour = datetime.now(UTC).replace(tzinfo=None, minute=0, second=0, microsecond=0)
            responses, answers = [], []
            for item in queue[start : start + BATCH]:
                collected = datetime.fromisoformat(item["collected_at"]).astimezone(UTC)
                collected = collected.replace(tzinfo=None, minute=0, second=0, microsecond=0)
                local = collected.replace(tzinfo=UTC).astimezone(self.zone)
                week_hour = local.weekday() * 24 + local.hour
                digest = content_hash(campaign_id, "kiosk", item["lang"], item["answers"])
                responses.append((item["id"], campaign_id, self.version_id, "kiosk",
                                  item["lang"], to_db_time(conn, hour),
                                  to_db_time(conn, collected), digest, False,
                                  self.device_id))  # fmt: skip
                answers.extend(
                    (item["id"], key, campaign_id, None if key in text_items else value,
                     value if key in text_items else None, "kiosk", item["lang"],
                     to_db_time(conn, collected), week_hour, item["answers"].get("motif"),
                     False)
                    for key, value in item["answers"].items()
                )  # fmt: skip
            begin_write(conn)
            cursor = conn.cursor()
            cursor.executemany(self.insert_response, responses)
            cursor.executemany(self.insert_answer, answers)
            conn.commit()
        return time.perf_counter() - began


def stored(side: Side, where: str = "TRUE") -> int:
    conn = connect(side.url)
    where = "1" if where == "TRUE" and side.url.startswith("sqlite") else where
    (count,) = conn.execute(f"SELECT COUNT(*) FROM responses WHERE {where}").fetchone()
    conn.close()
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=30_000, help="queued, per side")
    parser.add_argument("--slices", type=int, default=10, help="pairs of alternating replays")
    parser.add_argument("--repeats", type=float, default=0.1, help="share of re-sent ids")
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)

    print(
        f"bench.kiosk_batch on {describe()}, {args.db}, {args.responses} queued responses "
        f"({args.repeats:.0%} re-sent ids), batches of {BATCH}, {args.slices} slices replayed "
        "by each side in alternating order"
    )
    print(f"before: {load_line()}")
    queue = tablet_queue(args.responses, args.repeats)
    distinct = len({item["id"] for item in queue})
    size = -(-len(queue) // args.slices)
    slices = [queue[start : start + size] for start in range(0, len(queue), size)]
    seconds: dict[str, list[float]] = {"baseline": [], "project": []}
    with Databases(args.db) as dbs:
        project, baseline = dbs.side("project"), dbs.side("baseline")
        for side in (project, baseline):
            side.init()
        enrol(baseline)  # the baseline's rows name a device too
        port = free_port()
        server = Server("project", [SURVEY, "serve", "--port", str(port), "--workers",
                                    str(args.workers)], project.env(**DEPLOYMENT), port,
                        project.instance / "server.log").start()  # fmt: skip
        try:
            status, _ = _request(port, "POST", BATCH_PATH, {"responses": []}, "no-token")
            if status == 404:
                print(
                    "The kiosk batch endpoint (issue 3) is missing: POST "
                    f"{BATCH_PATH} with a tablet's bearer token."
                )
                return 2
            token, raw = pair_tablet(project, server), Baseline(baseline)
            replay = {
                "baseline": raw.run,
                "project": lambda part: run_project(server, token, part),
            }
            for pair, part in enumerate(slices):
                for name in interleaved(pair, ["baseline", "project"]):
                    seconds[name].append(replay[name](part))
            raw.conn.close()
        finally:
            server.stop()
        counts = {"baseline": stored(baseline), "project": stored(project)}
        flagged = stored(project, "is_flagged")
    rates = {name: [len(p) / s for p, s in zip(slices, done, strict=True)]
             for name, done in seconds.items()}  # fmt: skip
    summary = paired(rates["project"], rates["baseline"])
    print(f"{'side':<8} {'seconds':>8} {'resp/s min / median / max':>26}  stored")
    for name in ("baseline", "project"):
        spread_ = summary.baseline if name == "baseline" else summary.project
        print(
            f"{name:<8} {sum(seconds[name]):8.2f} {spread_.show(0):>26}  {counts[name]}"
            f" (distinct ids {distinct})"
        )
    print(
        f"ratio project / baseline per slice ({summary.pairs} slices of {size}): "
        f"{summary.ratio.show()}; project responses flagged by burst detection: {flagged}"
    )
    print(f"after: {load_line()}")
    if counts != {"baseline": distinct, "project": distinct}:
        print("MISMATCH: each side must store exactly the distinct ids")
        return 1
    print(
        f"project / baseline throughput, median over slices: {summary.ratio.median:.2f} "
        f"({'meets' if summary.ratio.median >= GOAL else 'misses'} the goal >= {GOAL})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
