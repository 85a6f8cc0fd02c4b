"""Benchmark 2: `survey report` over N responses vs one raw SQL GROUP BY over the same data.

    python -m bench.report [--sizes 100000] [--db sqlite|postgresql] [--format json]
    python -m bench.report --sizes 1000000          # the goal's size (several minutes)

One database filled by bench.fill; a first report folds what the fill stored (timed and
printed apart); then both sides run as separate processes, alternately, best of --repeat.
Goal (issue 6): report time <= 1.5 x the baseline.
The report is issue 4's `survey report`; if it is missing this prints what to
build and exits with status 2.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

from .databases import Databases, add_database_options
from .fill import fill_to
from .machine import describe, load_line
from .measure import Run, measured
from .processes import SURVEY

GOAL = 1.5


def has_report_command(env: dict[str, str]) -> bool:
    done = subprocess.run([SURVEY, "report", "--help"], env=env, capture_output=True)
    return done.returncode == 0


def first_report(side, size: int, fmt: str) -> Run:
    """The fill bypasses the write path: its responses arrive unfolded, as if a year of
    them had been stored at once, and the first report folds them (survey_app/counts/folding.py).
    Timed apart: what the measured runs read is what live collection keeps up to date."""
    out = str(side.instance / f"report-{size}")
    argv = [SURVEY, "report", "--campaign", "accueil", "--format", fmt,
            "--output", f"{out}.first.{fmt}"]  # fmt: skip
    run = measured(argv, side.env(), f"{out}.first.log")
    if run.returncode != 0:
        raise SystemExit(f"the first report failed, see {out}.first.log")
    return run


def best_of(side, size: int, fmt: str, repeat: int) -> dict[str, Run]:
    out = str(side.instance / f"report-{size}")
    argvs = {
        "baseline": [sys.executable, "-m", "bench.report_baseline", "--database-url", side.url,
                     "--campaign", "accueil", "--output", f"{out}.baseline.json"],
        "project": [SURVEY, "report", "--campaign", "accueil", "--format", fmt,
                    "--output", f"{out}.project.{fmt}"],
    }  # fmt: skip
    runs: dict[str, list[Run]] = {"baseline": [], "project": []}
    for attempt in range(repeat):
        order = ("baseline", "project") if attempt % 2 == 0 else ("project", "baseline")
        for name in order:
            run = measured(argvs[name], side.env(), f"{out}.{name}.log")
            if run.returncode != 0:
                raise SystemExit(f"{name} failed, see {out}.{name}.log")
            runs[name].append(run)
    return {
        name: Run(min(r.seconds for r in done), max(r.peak_rss_mb for r in done), 0)
        for name, done in runs.items()
    }


def in_process(side, fmt: str, repeat: int) -> dict[str, float]:
    """The same two measured inside one process, the `survey` start-up left out."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.report_inprocess", "--database-url", side.url,
         "--format", fmt, "--repeat", str(repeat)],
        env=side.env(), capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(done.stdout.splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000", help="responses, ascending")
    add_database_options(parser)
    parser.add_argument("--format", default="json", help="survey report --format (json, text…)")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))

    print(
        f"bench.report on {describe()}, {args.db}, --format {args.format}, "
        f"best of {args.repeat} alternating runs"
    )
    print(f"before: {load_line()}")
    ratios, inner_ratios = [], []
    with Databases(args.db, root=args.keep_in) as dbs:
        side = dbs.side("filled")
        if not has_report_command(side.env()):
            print(
                "`survey report` is missing (issue 4). Once it exists, this benchmark runs "
                "it as `survey report --campaign accueil --format json --output FILE`."
            )
            return 2
        side.init()
        print(f"{'responses':>9}  {'side':<8} {'seconds':>8} {'ratio':>5}  {'peak RSS MB':>11}")
        for size in sizes:
            added, seconds = fill_to(side.url, size, seed=size)
            print(f"{'':>9}  (filled {added} responses in {seconds:.0f} s; {load_line()})")
            first = first_report(side, size, args.format)
            print(
                f"{'':>9}  (first report: {first.seconds:.1f} s, folding the responses the "
                f"fill stored directly; {load_line()})",
                flush=True,
            )
            best = best_of(side, size, args.format, args.repeat)
            ratio = best["project"].seconds / best["baseline"].seconds
            ratios.append(ratio)
            for name in ("baseline", "project"):
                shown = f"{ratio:5.2f}" if name == "project" else "    -"
                print(
                    f"{size:>9}  {name:<8} {best[name].seconds:8.2f} {shown}  "
                    f"{best[name].peak_rss_mb:11.1f}",
                    flush=True,
                )
            inner = in_process(side, args.format, args.repeat)
            inner_ratios.append(inner["report"] / inner["group_by"])
            print(
                f"{size:>9}  in process, start-up left out: GROUP BY {inner['group_by']:.2f} s, "
                f"report {inner['report']:.2f} s, ratio {inner_ratios[-1]:.2f}",
                flush=True,
            )
    print(f"after: {load_line()}")
    print(
        f"time ratio report/GROUP BY at {sizes[-1]} responses: {ratios[-1]:.2f} "
        f"({'meets' if ratios[-1] <= GOAL else 'misses'} the goal <= {GOAL}); "
        f"in process, start-up left out: {inner_ratios[-1]:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
