"""The export's two pivots side by side in one process: the database's (MAX(CASE …) per
item over GROUP BY the response) and Python's (responses and answers streamed apart).

    python -m bench.export_pivots --keep-in /tmp/bench-100k [--db postgresql] [--pairs 3]

On a database kept by bench.export or bench.report (--keep-in, same folder): the campaign
exported to CSV in memory by `write_csv(iter_responses(...))`, both pivots in paired runs,
the order alternating; wall and CPU seconds of this process (the database server's CPU is
not in it: on PostgreSQL compare wall times), min / median / max. The files must match.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time

from .databases import Databases, add_database_options
from .machine import describe, load_line
from .stats import spread


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_database_options(parser)
    parser.add_argument("--pairs", type=int, default=3)
    args = parser.parse_args(argv)
    with Databases(args.db, root=args.keep_in) as dbs:
        side = dbs.side("filled")
        os.environ.update(side.env())
        from survey_app import create_app
        from survey_app.cli.lookup import campaign_or_fail
        from survey_app.core.campaigns import questionnaire_of
        from survey_app.core.db import db
        from survey_app.counts.reading import iter_responses
        from survey_app.outputs.exporting import write_csv

        print(f"bench.export_pivots on {describe()}, {args.db}; before: {load_line()}")
        times = {False: ([], []), True: ([], [])}
        written = {}
        with create_app(is_web=False).app_context():
            campaign = campaign_or_fail("accueil")
            questionnaire = questionnaire_of(campaign.questionnaire_version)
            for attempt in range(args.pairs):
                for in_python in (False, True) if attempt % 2 == 0 else (True, False):
                    wall, cpu, out = time.perf_counter(), time.process_time(), io.StringIO()
                    rows = iter_responses(db.session, campaign, pivot_in_python=in_python)
                    count = write_csv(out, questionnaire, rows)
                    times[in_python][0].append(time.perf_counter() - wall)
                    times[in_python][1].append(time.process_time() - cpu)
                    written[in_python] = out.getvalue()
                    db.session.rollback()
        if written[True] != written[False]:
            raise SystemExit("the two pivots wrote different files")
        for in_python, name in ((False, "database"), (True, "python")):
            wall, cpu = times[in_python]
            wall_s, cpu_s = spread(wall).show(), spread(cpu).show()
            print(f"{name:<8} {count} responses: wall {wall_s} s, CPU {cpu_s} s")
        print(f"after: {load_line()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
