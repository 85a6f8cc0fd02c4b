"""The report's baselines, raw SQL written out as JSON: the same stored counts, or a scan.

    python -m bench.report_baseline --database-url URL --mode folded|scan --output FILE

`folded`: what the project's report reads, with nothing else: the campaign's counts kept
ahead (folded_counts, folded_hours) plus the answers of the responses not folded yet,
grouped by the same dimensions, summed and dumped. `scan`: one GROUP BY over every
answer of the campaign, what a database without counts kept ahead must do. Both write
`answers` ({item: {value: n}}), so bench.report checks they agree.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict

from .rawdb import connect, is_sqlite, placeholders

NO_ITEM = ""  # survey_app.core.models: the row counting responses, not answers
NO_REASON = ""

# One table's folded rows, then the unfolded responses' option answers grouped as it keys
# them (through the partial index ix_responses_unfolded, as survey_app/counts/counted.py).
COUNTED = """
SELECT item_key, value, {folded}, SUM(n) FROM (
    SELECT item_key, value, {folded}, n FROM {table}
    WHERE campaign_id = {m} AND item_key <> {m}
    UNION ALL
    SELECT a.item_key, a.value, {live}, COUNT(*) FROM answers a
    JOIN responses r ON r.id = a.response_id
    WHERE r.campaign_id = {m} AND {unfolded} AND a.value IS NOT NULL {only}
    GROUP BY a.item_key, a.value, {live_group}
) counted GROUP BY item_key, value, {folded}
"""
RESPONSES = """
SELECT channel, SUM(n) FROM (
    SELECT channel, n FROM folded_counts WHERE campaign_id = {m} AND item_key = {m}
    UNION ALL
    SELECT channel, COUNT(*) FROM responses WHERE campaign_id = {m} AND {unfolded_r}
    GROUP BY channel
) counted GROUP BY channel
"""
SCAN = """
SELECT item_key, value, COUNT(*) FROM answers
WHERE campaign_id = {m} AND value IS NOT NULL GROUP BY item_key, value
"""


def campaign_id(conn, slug: str) -> int:
    mark = placeholders(conn, 1)
    (found,) = conn.execute(f"SELECT id FROM campaigns WHERE slug = {mark}", (slug,)).fetchone()
    return found


def folded(conn, campaign: int, url: str) -> dict:
    """The stored counts plus the unfolded answers: per dimension, per hour, per channel."""
    # As each database renders the partial index's predicate, or the index is not used.
    m = placeholders(conn, 1)
    unfolded = "{}is_folded = 0" if is_sqlite(url) else "NOT {}is_folded"
    dimensions = COUNTED.format(
        table="folded_counts",
        folded="channel, lang, reason",
        live="COALESCE(a.channel, ''), COALESCE(a.lang, ''), COALESCE(a.reason, '')",
        live_group="a.channel, a.lang, a.reason",
        only="",
        m=m,
        unfolded=unfolded.format("r."),
    )
    hours = COUNTED.format(
        table="folded_hours",
        folded="week_hour",
        live="a.collected_week_hour",
        live_group="a.collected_week_hour",
        only="AND a.collected_week_hour IS NOT NULL",
        m=m,
        unfolded=unfolded.format("r."),
    )
    key = (campaign, NO_ITEM, campaign)
    answers: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_dimension = []
    for item, value, channel, lang, reason, n in conn.execute(dimensions, key):
        answers[item][value] += int(n)
        by_dimension.append([item, value, channel, lang, reason, int(n)])
    by_hour = [[*row[:3], int(row[3])] for row in conn.execute(hours, key)]
    responses = {
        c: int(n)
        for c, n in conn.execute(RESPONSES.format(m=m, unfolded_r=unfolded.format("")), key)
    }
    return {
        "answers": answers,
        "by_dimension": by_dimension,
        "by_hour": by_hour,
        "responses": responses,
    }


def scan(conn, campaign: int) -> dict:
    answers: dict[str, dict[str, int]] = {}
    for key, value, count in conn.execute(SCAN.format(m=placeholders(conn, 1)), (campaign,)):
        answers.setdefault(key, {})[value] = count
    return {"answers": answers}


def tally(url: str, slug: str, mode: str) -> dict:
    conn = connect(url)
    try:
        campaign = campaign_id(conn, slug)
        return folded(conn, campaign, url) if mode == "folded" else scan(conn, campaign)
    finally:
        conn.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--campaign", default="accueil")
    parser.add_argument("--mode", choices=("folded", "scan"), required=True)
    parser.add_argument("--output", required=True)
    args = parser.parse_args(argv)
    result = tally(args.database_url, args.campaign, args.mode)
    with open(args.output, "w", encoding="utf-8") as out:
        json.dump(result, out, ensure_ascii=False)  # C encoder: no indent
    return 0


if __name__ == "__main__":
    sys.exit(main())
