"""Fill a campaign with N valid responses fast, for the export and report benchmarks.

    python -m bench.fill --database-url sqlite:///instance/survey.db --count 100000

Bypasses the write path on purpose: rows are generated from the bundled
questionnaire (valid answers, show_if respected, real content hashes) and
inserted directly (executemany on SQLite with synchronous=OFF for this
connection only, COPY then VACUUM ANALYZE on PostgreSQL), about 100x faster than
posting them.
Do not use it to test the write path.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from .answers import random_answers
from .rawdb import begin_write, connect, is_sqlite, placeholders, to_db_time

PATTERNS = 4096
CHANNELS = (("kiosk", 85), ("web", 15))
LANGS = (("fr", 80), ("en", 8), ("ar", 4), ("es", 2), ("pt", 2), ("ru", 2), ("tr", 1), ("uk", 1))
RESPONSE_COLUMNS = (
    "id", "campaign_id", "questionnaire_version_id", "channel", "lang",
    "received_at", "collected_at", "content_hash", "is_flagged",
)  # fmt: skip
ANSWER_COLUMNS = (
    "response_id", "item_key", "campaign_id", "value", "text",
    "channel", "lang", "collected_at", "collected_week_hour", "reason", "is_flagged",
)  # fmt: skip


def content_hash(campaign_id: int, channel: str, lang: str, answers: dict[str, str]) -> str:
    """The hash the write path (collect.recording) stores, so replays behave as in production."""
    canonical = json.dumps([campaign_id, channel, lang, answers], sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _weighted(rng: random.Random, choices) -> str:
    return rng.choices([c for c, _ in choices], [w for _, w in choices])[0]


def _campaign(conn, slug: str):
    from questionnaires import from_version

    row = conn.execute(
        "SELECT c.id, c.questionnaire_version_id, v.content, s.timezone FROM campaigns c JOIN "
        "questionnaire_versions v ON v.id = c.questionnaire_version_id JOIN sites s ON "
        "s.id = c.site_id WHERE c.slug = " + placeholders(conn, 1),
        (slug,),
    ).fetchone()
    if row is None:
        raise SystemExit(f"no campaign '{slug}': run `survey init --demo` first")
    content = json.loads(row[2]) if isinstance(row[2], str) else row[2]
    return row[0], row[1], from_version(content, f"campaign {slug}"), ZoneInfo(row[3])


def generate(conn, slug: str, count: int, seed: int):
    """Yield (responses rows, answers rows) in batches of at most 5,000 responses."""
    campaign_id, version_id, questionnaire, zone = _campaign(conn, slug)
    text_items = {i.key for i in questionnaire.items if i.type == "text"}
    # The reason for the visit is copied onto every answer row (survey_app.core.models.Answer).
    reason_key = questionnaire.reason_item.key if questionnaire.reason_item else None
    rng = random.Random(seed)
    patterns = []
    for _ in range(PATTERNS):
        channel, lang = _weighted(rng, CHANNELS), _weighted(rng, LANGS)
        answers = random_answers(questionnaire, rng)
        cells = [
            (key, None, value) if key in text_items else (key, value, None)
            for key, value in answers.items()
        ]
        digest = content_hash(campaign_id, channel, lang, answers)
        reason = answers.get(reason_key) if reason_key else None
        patterns.append((channel, lang, digest, cells, reason))
    start = datetime(2026, 1, 5, 8)
    responses, answers = [], []
    for _ in range(count):
        channel, lang, digest, cells, reason = patterns[rng.randrange(PATTERNS)]
        response_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        collected = start + timedelta(hours=rng.randrange(24 * 300))
        received = collected + timedelta(hours=rng.choice((0, 0, 0, 1, 3)))
        collected_db = to_db_time(conn, collected)
        local = collected.replace(tzinfo=UTC).astimezone(zone)
        week_hour = local.weekday() * 24 + local.hour
        responses.append(
            (response_id, campaign_id, version_id, channel, lang, to_db_time(conn, received),
             collected_db, digest, False)
        )  # fmt: skip
        answers.extend(
            (
                response_id,
                key,
                campaign_id,
                value,
                text,
                channel,
                lang,
                collected_db,
                week_hour,
                reason,
                False,
            )
            for key, value, text in cells
        )
        if len(responses) == 5000:
            yield responses, answers
            responses, answers = [], []
    if responses:
        yield responses, answers


def _insert_sqlite(conn, responses, answers) -> None:
    begin_write(conn)
    conn.executemany(
        f"INSERT INTO responses ({', '.join(RESPONSE_COLUMNS)}) "
        f"VALUES ({placeholders(conn, len(RESPONSE_COLUMNS))})",
        responses,
    )
    conn.executemany(
        f"INSERT INTO answers ({', '.join(ANSWER_COLUMNS)}) "
        f"VALUES ({placeholders(conn, len(ANSWER_COLUMNS))})",
        answers,
    )
    conn.commit()


def _insert_postgresql(conn, responses, answers) -> None:
    with conn.cursor() as cursor:
        for table, columns, rows in (
            ("responses", RESPONSE_COLUMNS, responses),
            ("answers", ANSWER_COLUMNS, answers),
        ):
            with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
    conn.commit()


def stored(url: str, slug: str = "accueil") -> int:
    """Responses campaign `slug` already holds (a database kept from an earlier run)."""
    conn = connect(url)
    try:
        row = conn.execute(
            "SELECT COUNT(*) FROM responses JOIN campaigns ON campaigns.id = responses.campaign_id"
            f" WHERE campaigns.slug = {placeholders(conn, 1)}",
            (slug,),
        ).fetchone()
    finally:
        conn.close()
    return row[0]


def fill_to(url: str, size: int, seed: int) -> tuple[int, float]:
    """Fill campaign accueil up to `size` responses; (responses added, seconds)."""
    missing = size - stored(url)
    if missing <= 0:
        return 0, 0.0
    return missing, fill(url, missing, seed=seed)


def fill(url: str, count: int, slug: str = "accueil", seed: int = 6) -> float:
    """Add `count` responses to campaign `slug`; return the seconds it took."""
    began = time.perf_counter()
    sqlite = is_sqlite(url)
    conn = connect(url, synchronous="OFF") if sqlite else connect(url)
    try:
        insert = _insert_sqlite if sqlite else _insert_postgresql
        for responses, answers in generate(conn, slug, count, seed):
            insert(conn, responses, answers)
        if not sqlite:
            # A year of responses has been through autovacuum many times; a COPY just now
            # has not: without VACUUM no page is all-visible and every GROUP BY, the
            # baseline's too, reads the table instead of its index.
            conn.commit()
            conn.autocommit = True
            conn.execute("VACUUM ANALYZE responses")
            conn.execute("VACUUM ANALYZE answers")
    finally:
        conn.close()
    return time.perf_counter() - began


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="SQLAlchemy URL of the database")
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--campaign", default="accueil")
    parser.add_argument("--seed", type=int, default=6, help="vary it to add more responses")
    args = parser.parse_args(argv)
    seconds = fill(args.database_url, args.count, args.campaign, args.seed)
    print(f"added {args.count} responses in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
