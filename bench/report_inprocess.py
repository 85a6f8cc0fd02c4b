"""Benchmark 2 without start-up: the report's own work vs the same read in raw SQL.

    python -m bench.report_inprocess --database-url URL [--format json] [--pairs 5]

Run by bench.report with the project side's environment, on a database whose counts are
folded. Both are timed in this one process, in pairs of alternating order: the report as
`survey report` builds and renders it (campaign lookup, every tally, analysis, rendering),
and bench.report_baseline's raw read of the same stored counts (own connection, queries,
dicts). What separates this ratio from the end-to-end one is the `survey` command's
start-up (Python, Flask, SQLAlchemy, the app), the same at any number of responses.
Prints one JSON object: {"project": [seconds...], "baseline": [seconds...]}.
"""

from __future__ import annotations

import argparse
import json
import sys
import time


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--campaign", default="accueil")
    parser.add_argument("--format", default="json")
    parser.add_argument("--pairs", type=int, default=5)
    args = parser.parse_args(argv)

    from analysis.report import render
    from survey_app import create_app
    from survey_app.core.campaigns import get_campaign
    from survey_app.core.db import db
    from survey_app.outputs.reporting import campaign_report

    from .report_baseline import tally
    from .stats import interleaved

    def project() -> None:
        campaign = get_campaign(db.session, args.campaign)
        render(campaign_report(db.session, campaign), args.format)
        db.session.remove()

    def baseline() -> None:
        tally(args.database_url, args.campaign, "folded")

    app = create_app()
    sides = {"project": project, "baseline": baseline}
    seconds: dict[str, list[float]] = {"project": [], "baseline": []}
    with app.app_context():
        project()  # warm-up: imports, the parsed questionnaire, the first connection
        for pair in range(args.pairs):
            for name in interleaved(pair, ["baseline", "project"]):
                began = time.perf_counter()
                sides[name]()
                seconds[name].append(time.perf_counter() - began)
    print(json.dumps(seconds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
