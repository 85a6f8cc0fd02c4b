"""The export baseline: a plain csv.writer loop over a raw cursor, same columns and bytes.

    python -m bench.export_baseline --database-url URL --campaign accueil --output FILE

One query (responses LEFT JOIN answers ORDER BY response id), rows pivoted to one line
per response as they stream, the same
header, time format and formula neutralisation as `survey export`, so the two
files can be compared byte for byte. (The project also neutralises a formula after a `;`,
`,`, tab or line break inside a text, analysis/formulas.py; the generated comments,
bench/answers.py, have none, so the bytes agree.) On SQLite the campaign is matched as
`campaign_id + 0`, the project's own one-token change (counts/pivoting.py): SQLite then
walks the responses in primary-key order instead of taking the campaign index and sorting
every joined row, which only the baseline would otherwise pay.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys

from .rawdb import connect, is_sqlite, placeholders

FIXED = ("response_id", "channel", "lang", "collected_at", "received_at")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
QUERY = (
    "SELECT r.id, r.channel, r.lang, r.collected_at, r.received_at, a.item_key, "
    "COALESCE(a.value, a.text) FROM responses r LEFT JOIN answers a ON a.response_id = r.id "
    "WHERE r.campaign_id{} = {} ORDER BY r.id"
)


def _minutes(value) -> str:
    if isinstance(value, str):  # SQLite: '2026-01-05 08:00:00.000000'
        return f"{value[:10]}T{value[11:16]}"
    return value.isoformat(timespec="minutes")


def export(url: str, slug: str, out) -> int:
    conn = connect(url)
    campaign_id, content = conn.execute(
        "SELECT c.id, v.content FROM campaigns c JOIN questionnaire_versions v "
        f"ON v.id = c.questionnaire_version_id WHERE c.slug = {placeholders(conn, 1)}",
        (slug,),
    ).fetchone()
    content = json.loads(content) if isinstance(content, str) else content
    keys = [item["key"] for item in content["items"]]
    writer = csv.writer(out)
    writer.writerow([*FIXED, *keys])
    if is_sqlite(url):
        cursor = conn.execute(QUERY.format(" + 0", "?"), (campaign_id,))
    else:  # a server-side cursor, as SQLAlchemy's yield_per uses on PostgreSQL
        cursor = conn.cursor(name="export")
        cursor.itersize = 2000
        cursor.execute(QUERY.format("", "%s"), (campaign_id,))
    count, current, fixed, answers = 0, None, None, {}
    for response_id, channel, lang, collected, received, key, value in cursor:
        if response_id != current:
            if current is not None:
                writer.writerow(_line(fixed, answers, keys))
                count += 1
            current, answers = response_id, {}
            fixed = [response_id, channel, lang, _minutes(collected), _minutes(received)]
        if key is not None:
            answers[key] = value
    if current is not None:
        writer.writerow(_line(fixed, answers, keys))
        count += 1
    conn.close()
    return count


def _line(fixed: list[str], answers: dict[str, str], keys: list[str]) -> list[str]:
    cells = fixed + [answers.get(key, "") for key in keys]
    return ["'" + c if c.startswith(FORMULA_PREFIXES) else c for c in cells]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--campaign", default="accueil")
    parser.add_argument("--output", required=True)
    args = parser.parse_args(argv)
    with open(args.output, "w", encoding="utf-8", newline="") as out:
        count = export(args.database_url, args.campaign, out)
    print(f"Wrote {count} responses to {args.output}.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
