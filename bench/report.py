"""Benchmark 2: `survey report` vs raw SQL doing the same work, in two cases.

    python -m bench.report [--sizes 100000] [--db sqlite|postgresql] [--pairs 5]
    python -m bench.report --sizes 1000000 --keep-in DIR   # the goal's size (fill ~20 min once)

One database filled by bench.fill; a first report folds what the fill stored (timed and
printed apart), then PENDING more responses are stored unfolded, as live collection leaves
them between two folds. Case "folded" (a running deployment): the report against a raw
read of the same stored counts plus the unfolded answers (bench.report_baseline --mode
folded). Case "scan" (a database where nothing is folded yet: a fresh install after a
bulk load): before each pair every count is forgotten and every response unfolded
(untimed), then the report (which folds what it finds) against one bare GROUP BY over every
answer (--mode scan). Pairs alternate their order; min / median / max of each side and of
the per-pair ratio. Goal (issue 6): report time <= 1.5 x the baseline.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

from .databases import Databases, Side, add_database_options
from .fill import fill, fill_to
from .machine import describe, load_line
from .measure import Run, measured
from .processes import SURVEY
from .rawdb import connect, is_sqlite, placeholders
from .report_baseline import campaign_id
from .stats import interleaved, paired

GOAL = 1.5
PENDING = 500
"""Responses left unfolded for case "folded": fewer than a reader folds (FOLD_FROM)."""


def first_report(side: Side, size: int, fmt: str) -> Run:
    """The fill bypasses the write path: its responses arrive unfolded, as if a year of
    them had been stored at once, and the first report folds them (counts/folding.py)."""
    out = str(side.instance / f"report-{size}")
    argv = [SURVEY, "report", "--campaign", "accueil", "--format", fmt,
            "--output", f"{out}.first.{fmt}"]  # fmt: skip
    run = measured(argv, side.env(), f"{out}.first.log")
    if run.returncode != 0:
        raise SystemExit(f"the first report failed, see {out}.first.log")
    return run


def _count(side: Side, where: str) -> int:
    conn = connect(side.url)
    try:
        return conn.execute(f"SELECT COUNT(*) FROM responses WHERE {where}").fetchone()[0]
    finally:
        conn.close()


def top_up_unfolded(side: Side) -> int:
    """Store responses unfolded until PENDING wait; return how many wait."""
    unfolded = "is_folded = 0" if is_sqlite(side.url) else "NOT is_folded"
    missing = PENDING - _count(side, unfolded)
    if missing > 0:
        fill(side.url, missing, seed=time.time_ns())
    return _count(side, unfolded)


def unfold_everything(side: Side) -> None:
    """A database where nothing is folded: what `survey counts rebuild` starts from."""
    conn = connect(side.url)
    mark = placeholders(conn, 1)
    campaign = campaign_id(conn, "accueil")
    conn.commit()
    if is_sqlite(side.url):
        conn.execute("BEGIN IMMEDIATE")
    for table in ("folded_counts", "folded_hours"):
        conn.execute(f"DELETE FROM {table} WHERE campaign_id = {mark}", (campaign,))
    conn.execute(
        f"UPDATE responses SET is_folded = {mark} WHERE campaign_id = {mark} AND is_folded",
        (False, campaign),
    )
    conn.commit()
    if not is_sqlite(side.url):  # as fresh as a database after a load: no dead rows
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE responses, folded_counts, folded_hours")
    conn.close()


def paired_runs(side: Side, label: str, mode: str, fmt: str, pairs: int, reset) -> dict:
    out = str(side.instance / f"report-{label}")
    argvs = {
        "baseline": [sys.executable, "-m", "bench.report_baseline", "--database-url", side.url,
                     "--campaign", "accueil", "--mode", mode, "--output", f"{out}.baseline.json"],
        "project": [SURVEY, "report", "--campaign", "accueil", "--format", fmt,
                    "--output", f"{out}.project.{fmt}"],
    }  # fmt: skip
    runs: dict[str, list[Run]] = {"baseline": [], "project": []}
    loads = []
    for pair in range(pairs):
        if reset is not None:
            reset(side)
        for name in interleaved(pair, ["baseline", "project"]):
            run = measured(argvs[name], side.env(), f"{out}.{name}.log")
            if run.returncode != 0:
                raise SystemExit(f"{name} failed, see {out}.{name}.log")
            runs[name].append(run)
        loads.append(load_line())
    summary = paired([r.seconds for r in runs["project"]], [r.seconds for r in runs["baseline"]])
    with open(f"{out}.baseline.json", encoding="utf-8") as handle:
        answers = json.load(handle)["answers"]
    rss = {name: max(r.peak_rss_mb for r in done) for name, done in runs.items()}
    return {"summary": summary, "rss": rss, "answers": answers, "loads": loads}


def in_process(side: Side, fmt: str, pairs: int) -> dict:
    """Case folded inside one process: the `survey` command's start-up left out."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.report_inprocess", "--database-url", side.url,
         "--format", fmt, "--pairs", str(pairs)],
        env=side.env(), capture_output=True, text=True, check=True,
    )  # fmt: skip
    seconds = json.loads(done.stdout.splitlines()[-1])
    return {"summary": paired(seconds["project"], seconds["baseline"])}


def show(size: int, case: str, result: dict) -> None:
    summary = result["summary"]
    print(
        f"{size:>9}  {case:<7} baseline {summary.baseline.show()} s   "
        f"project {summary.project.show()} s   ratio {summary.ratio.show()}   "
        f"peak RSS MB {result['rss']['baseline']:.1f} / {result['rss']['project']:.1f}",
        flush=True,
    )
    print(f"{'':>9}  ({summary.pairs} pairs; {result['loads'][0]} … {result['loads'][-1]})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000", help="responses, ascending")
    add_database_options(parser)
    parser.add_argument("--format", default="json", help="survey report --format (json, text…)")
    parser.add_argument("--pairs", type=int, default=5, help="pairs in case folded")
    parser.add_argument("--scan-pairs", type=int, default=3, help="pairs in case scan (0: skip)")
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))

    print(
        f"bench.report on {describe()}, {args.db}, --format {args.format}, paired runs in "
        "alternating order, min / median / max"
    )
    print(f"before: {load_line()}")
    results = []
    with Databases(args.db, root=args.keep_in) as dbs:
        side = dbs.side("filled")
        side.init()
        for size in sizes:
            added, seconds = fill_to(side.url, size, seed=size)
            print(f"{'':>9}  (filled {added} responses in {seconds:.0f} s; {load_line()})")
            first = first_report(side, size, args.format)
            print(
                f"{'':>9}  (first report: {first.seconds:.1f} s, folding the responses the "
                f"fill stored directly; {load_line()})",
                flush=True,
            )
            waiting = top_up_unfolded(side)
            total = _count(side, "TRUE" if not is_sqlite(side.url) else "1")
            print(f"{'':>9}  ({total} responses, {waiting} of them not folded yet)")
            folded = paired_runs(side, f"{size}-folded", "folded", args.format, args.pairs, None)
            show(size, "folded", folded)
            results.append((size, "folded", folded))
            inner = in_process(side, args.format, args.pairs)["summary"]
            print(
                f"{size:>9}  in process, start-up left out: baseline {inner.baseline.show(3)} s"
                f"   project {inner.project.show(3)} s   ratio {inner.ratio.show()}",
                flush=True,
            )
            if args.scan_pairs:
                scan = paired_runs(
                    side, f"{size}-scan", "scan", args.format, args.scan_pairs, unfold_everything
                )
                show(size, "scan", scan)
                results.append((size, "scan", scan))
                if scan["answers"] != folded["answers"]:
                    print("MISMATCH: the stored counts and the scan count different answers")
                    return 1
    print(f"after: {load_line()}")
    for size, case, result in results:
        median = result["summary"].ratio.median
        print(
            f"{case} at {size} responses: median time ratio report / baseline {median:.2f} "
            f"({'meets' if median <= GOAL else 'misses'} the goal <= {GOAL})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
