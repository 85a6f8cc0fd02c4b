"""Benchmark 2 without start-up: the report's own work vs the GROUP BY, in one process.

    python -m bench.report_inprocess --database-url URL [--format json] [--repeat 3]

Run by bench.report with the project side's environment. Both are timed in this one
process, alternately, best of --repeat: the report as `survey report` builds and
renders it (campaign lookup, every tally, analysis, rendering), and the baseline's
GROUP BY exactly as bench.report_baseline runs it (own connection, query, dict). What
separates this ratio from the end-to-end one is the `survey` command's start-up
(Python, Flask, SQLAlchemy, the app), the same at any number of responses.
Prints one JSON object: {"report": seconds, "group_by": seconds}.
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
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    from analysis.report import render
    from survey_app import create_app
    from survey_app.core.campaigns import get_campaign
    from survey_app.core.db import db
    from survey_app.outputs.reporting import campaign_report

    from .report_baseline import tally

    app = create_app()
    best = {"report": float("inf"), "group_by": float("inf")}
    with app.app_context():
        for _ in range(args.repeat):
            began = time.perf_counter()
            campaign = get_campaign(db.session, args.campaign)
            render(campaign_report(db.session, campaign), args.format)
            best["report"] = min(best["report"], time.perf_counter() - began)
            db.session.remove()
            began = time.perf_counter()
            tally(args.database_url, args.campaign)
            best["group_by"] = min(best["group_by"], time.perf_counter() - began)
    print(json.dumps(best))
    return 0


if __name__ == "__main__":
    sys.exit(main())
