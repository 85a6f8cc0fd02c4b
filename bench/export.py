"""Benchmark 3: `survey export --format csv` vs a plain csv.writer loop over a raw cursor.

    python -m bench.export [--sizes 20000,100000] [--db sqlite|postgresql] [--repeat 2]
    python -m bench.export --sizes 100000,1000000      # the goal's sizes (several minutes)

One database, filled by bench.fill (bypassing the write path, for speed), is
exported by both sides as separate processes, alternately, best of --repeat;
the two CSV files must be identical byte for byte. Prints time, peak RSS
(ru_maxrss of each child) and the ratios. Goals (issue 6): time <= 1.5 x the
baseline; peak memory flat (largest size within 20 MB of the smallest).
"""

from __future__ import annotations

import argparse
import sys

from .databases import Databases, add_database_options
from .fill import fill_to
from .machine import describe, load_line
from .measure import Run, measured, same_file
from .processes import SURVEY

TIME_GOAL = 1.5
MEMORY_GOAL_MB = 20


def commands(side, out: str) -> dict[str, list[str]]:
    return {
        "baseline": [sys.executable, "-m", "bench.export_baseline", "--database-url", side.url,
                     "--campaign", "accueil", "--output", f"{out}.baseline.csv"],
        "project": [SURVEY, "export", "--campaign", "accueil", "--format", "csv",
                    "--output", f"{out}.project.csv"],
    }  # fmt: skip


def best_of(side, size: int, repeat: int) -> dict[str, Run]:
    """Best time of `repeat` alternating runs per side, with the highest peak RSS seen."""
    out = str(side.instance / f"export-{size}")
    argvs = commands(side, out)
    runs: dict[str, list[Run]] = {"baseline": [], "project": []}
    for attempt in range(repeat):
        order = ("baseline", "project") if attempt % 2 == 0 else ("project", "baseline")
        for name in order:
            run = measured(argvs[name], side.env(), f"{out}.{name}.log")
            if run.returncode != 0:
                raise SystemExit(f"{name} export failed, see {out}.{name}.log")
            runs[name].append(run)
    if not same_file(f"{out}.baseline.csv", f"{out}.project.csv"):
        raise SystemExit(f"the two exports differ: {out}.baseline.csv {out}.project.csv")
    return {
        name: Run(min(r.seconds for r in done), max(r.peak_rss_mb for r in done), 0)
        for name, done in runs.items()
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20000,100000", help="responses, ascending")
    add_database_options(parser)
    parser.add_argument("--repeat", type=int, default=2, help="runs per side, best time kept")
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))

    print(f"bench.export on {describe()}, {args.db}, best of {args.repeat} alternating runs")
    print(f"before: {load_line()}")
    print(
        f"{'responses':>9}  {'side':<8} {'seconds':>8} {'resp/s':>8} {'ratio':>5}  "
        f"{'peak RSS MB':>11}"
    )
    peaks: dict[str, list[float]] = {"baseline": [], "project": []}
    ratios = []
    with Databases(args.db, root=args.keep_in) as dbs:
        side = dbs.side("filled")
        side.init()
        for size in sizes:
            added, seconds = fill_to(side.url, size, seed=size)
            print(f"{'':>9}  (filled {added} responses in {seconds:.0f} s; {load_line()})")
            best = best_of(side, size, args.repeat)
            ratio = best["project"].seconds / best["baseline"].seconds
            ratios.append(ratio)
            for name in ("baseline", "project"):
                run = best[name]
                shown = f"{ratio:5.2f}" if name == "project" else "    -"
                print(
                    f"{size:>9}  {name:<8} {run.seconds:8.2f} {size / run.seconds:8.0f} {shown}  "
                    f"{run.peak_rss_mb:11.1f}",
                    flush=True,
                )
                peaks[name].append(run.peak_rss_mb)
    print(f"after: {load_line()}")
    final = ratios[-1]  # the smallest sizes mostly time each process's start-up
    print(
        f"time ratio project/baseline at {sizes[-1]} responses: {final:.2f} "
        f"({'meets' if final <= TIME_GOAL else 'misses'} the goal <= {TIME_GOAL})"
    )
    if len(sizes) > 1:
        for name, values in peaks.items():
            growth = values[-1] - values[0]
            verdict = "flat" if growth <= MEMORY_GOAL_MB else "NOT flat"
            print(
                f"{name} peak RSS {sizes[0]} -> {sizes[-1]}: {values[0]:.1f} -> "
                f"{values[-1]:.1f} MB ({growth:+.1f} MB, {verdict}; goal within "
                f"{MEMORY_GOAL_MB} MB)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
