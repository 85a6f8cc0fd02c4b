"""Benchmark 3: `survey export --format csv` vs a plain csv.writer loop over a raw cursor.

    python -m bench.export [--sizes 20000,100000] [--db sqlite|postgresql] [--pairs 3]
    python -m bench.export --million        # 100,000 then 1,000,000 (fill ~20 min once)

One database, filled by bench.fill (bypassing the write path, for speed), is exported by
both sides as separate processes in --pairs paired runs, the order alternating from pair
to pair (baseline then project, project then baseline, ...), so a change in the
machine's load weighs on both; the two CSV files must be identical byte for byte. The
baseline (bench/export_baseline.py) does the same work, with the same one-token change
that spares SQLite a sort. Prints min / median / max of each side's time and of the
ratio within each pair, peak RSS (ru_maxrss of each child) and the load. Goals (issue
6): time <= 1.5 x the baseline (median ratio); peak memory flat (largest size within
20 MB of the smallest).
"""

from __future__ import annotations

import argparse
import sys

from .databases import Databases, add_database_options
from .fill import fill_to
from .machine import describe, load_line
from .measure import Run, measured, same_file
from .processes import SURVEY
from .stats import spread

TIME_GOAL = 1.5
MEMORY_GOAL_MB = 20


def commands(side, out: str) -> dict[str, list[str]]:
    return {
        "baseline": [sys.executable, "-m", "bench.export_baseline", "--database-url", side.url,
                     "--campaign", "accueil", "--output", f"{out}.baseline.csv"],
        "project": [SURVEY, "export", "--campaign", "accueil", "--format", "csv",
                    "--output", f"{out}.project.csv"],
    }  # fmt: skip


def paired(side, size: int, pairs: int) -> dict[str, list[Run]]:
    """`pairs` runs of each side, paired, the order alternating from pair to pair."""
    out = str(side.instance / f"export-{size}")
    argvs = commands(side, out)
    runs: dict[str, list[Run]] = {"baseline": [], "project": []}
    for attempt in range(pairs):
        order = ("baseline", "project") if attempt % 2 == 0 else ("project", "baseline")
        for name in order:
            run = measured(argvs[name], side.env(), f"{out}.{name}.log")
            if run.returncode != 0:
                raise SystemExit(f"{name} export failed, see {out}.{name}.log")
            runs[name].append(run)
        if not same_file(f"{out}.baseline.csv", f"{out}.project.csv"):
            raise SystemExit(f"the two exports differ: {out}.baseline.csv {out}.project.csv")
    return runs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20000,100000", help="responses, ascending")
    add_database_options(parser)
    parser.add_argument("--pairs", type=int, default=3, help="paired runs per size")
    parser.add_argument("--million", action="store_true", help="sizes 100000,1000000")
    args = parser.parse_args(argv)
    sizes = [100_000, 1_000_000] if args.million else sorted(map(int, args.sizes.split(",")))

    print(f"bench.export on {describe()}, {args.db}, {args.pairs} paired runs per size")
    print(f"before: {load_line()}")
    print(f"{'responses':>9}  {'side':<8} {'seconds min / median / max':>27} "
          f"{'ratio min / median / max':>25}  {'peak RSS MB':>11}")  # fmt: skip
    peaks: dict[str, list[float]] = {"baseline": [], "project": []}
    ratios = []
    with Databases(args.db, root=args.keep_in) as dbs:
        side = dbs.side("filled")
        side.init()
        for size in sizes:
            added, seconds = fill_to(side.url, size, seed=size)
            print(f"{'':>9}  (filled {added} responses in {seconds:.0f} s; {load_line()})")
            runs = paired(side, size, args.pairs)
            pairs = zip(runs["project"], runs["baseline"], strict=True)
            pair_ratios = [project.seconds / baseline.seconds for project, baseline in pairs]
            ratios.append(spread(pair_ratios).median)
            for name in ("baseline", "project"):
                peak = max(r.peak_rss_mb for r in runs[name])
                shown_ratio = spread(pair_ratios).show() if name == "project" else "-"
                print(
                    f"{size:>9}  {name:<8} {spread([r.seconds for r in runs[name]]).show():>27} "
                    f"{shown_ratio:>25}  {peak:11.1f}",
                    flush=True,
                )
                peaks[name].append(peak)
            print(f"{'':>9}  ({load_line()})")
    print(f"after: {load_line()}")
    final = ratios[-1]  # the smallest sizes mostly time each process's start-up
    print(
        f"median time ratio project/baseline at {sizes[-1]} responses: {final:.2f} "
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
