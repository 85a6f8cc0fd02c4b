"""The report baseline: one raw SQL GROUP BY over the answers, written out as JSON.

    python -m bench.report_baseline --database-url URL --campaign accueil --output FILE

The least any report can do: count each (item, value) of the campaign once.
"""

from __future__ import annotations

import argparse
import json
import sys

from .rawdb import connect, placeholders


def tally(url: str, slug: str) -> dict[str, dict[str, int]]:
    conn = connect(url)
    mark = placeholders(conn, 1)
    (campaign_id,) = conn.execute(
        f"SELECT id FROM campaigns WHERE slug = {mark}", (slug,)
    ).fetchone()
    counts: dict[str, dict[str, int]] = {}
    rows = conn.execute(
        "SELECT item_key, value, COUNT(*) FROM answers "
        f"WHERE campaign_id = {mark} AND value IS NOT NULL GROUP BY item_key, value",
        (campaign_id,),
    )
    for key, value, count in rows:
        counts.setdefault(key, {})[value] = count
    conn.close()
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--campaign", default="accueil")
    parser.add_argument("--output", required=True)
    args = parser.parse_args(argv)
    with open(args.output, "w", encoding="utf-8") as out:
        json.dump(tally(args.database_url, args.campaign), out, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
