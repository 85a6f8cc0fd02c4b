"""What answers kept apart add to every tally: campaign_tally vs its kept_apart_counts query.

    SURVEY_INSTANCE_PATH=/tmp/k survey init
    SURVEY_INSTANCE_PATH=/tmp/k survey campaign create accueil-2024 --title "Accueil 2024"
    SURVEY_INSTANCE_PATH=/tmp/k survey import --campaign accueil-2024 \\
        tests/app/samples/sphinx-accueil-2023-canaux.csv \\
        --mapping survey_app/collect/importing/mappings/sphinx-qualepref-accueil.yaml
    SURVEY_INSTANCE_PATH=/tmp/k python -m bench.kept_apart_tally --campaign accueil-2024

Paired and interleaved, min/median/max of --repeat runs, with the load average.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--campaign", required=True)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    from survey_app import create_app
    from survey_app.core.db import db
    from survey_app.core.models import Campaign
    from survey_app.counts.kept_apart import kept_apart_counts
    from survey_app.counts.reading import campaign_tally

    with create_app().app_context():
        campaign = db.session.query(Campaign).filter_by(slug=args.campaign).one()
        timings: dict[str, list[float]] = {"campaign_tally": [], "kept_apart_counts": []}
        for _ in range(args.repeat):
            for name, step in (("campaign_tally", campaign_tally),
                               ("kept_apart_counts", kept_apart_counts)):  # fmt: skip
                start = time.perf_counter()
                step(db.session, campaign)
                timings[name].append((time.perf_counter() - start) * 1000)
        for name, values in timings.items():
            print(f"{name}: min {min(values):.2f} ms, median {statistics.median(values):.2f} ms, "
                  f"max {max(values):.2f} ms")  # fmt: skip
        print("load average: " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
