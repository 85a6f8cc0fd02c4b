"""Benchmark 1: submissions through the JSON API and the web form vs a bare WSGI baseline.

    python -m bench.submit [--clients 4,16,64] [--seconds 10] [--db sqlite|postgresql]

Starts `survey serve` (project) and bench.baseline_serve (baseline) side by side,
each on its own database made by the project's migration, with the same gunicorn
settings and database settings; then, for each number of clients, drives the
baseline, the API and the web form in turn and prints req/s, p50/p99 and the
ratio to the baseline. Goal (issue 6): API >= 0.5 x baseline throughput.
"""

from __future__ import annotations

import argparse
import json
import sys

from .databases import Databases
from .loadgen import Outcome, answer_pool, run
from .machine import describe, load_line
from .processes import SURVEY, Server, free_port

GOAL = 0.5
TARGETS = ("baseline", "api", "form")


def start_servers(dbs: Databases, workers: int) -> dict[str, Server]:
    project, baseline = dbs.side("project"), dbs.side("baseline")
    project.init()
    baseline.init()
    servers = {}
    port = free_port()
    servers["project"] = Server(
        "project",
        [SURVEY, "serve", "--port", str(port), "--workers", str(workers)],
        project.env(),
        port,
        project.instance / "server.log",
    ).start()
    port = free_port()
    servers["baseline"] = Server(
        "baseline",
        [
            sys.executable,
            "-m",
            "bench.baseline_serve",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
        ],
        baseline.env(BENCH_DATABASE_URL=baseline.url),
        port,
        baseline.instance / "server.log",
    ).start()
    return servers


def target_url(target: str, servers: dict[str, Server]) -> tuple[str, str, Server]:
    if target == "baseline":
        return "json", f"{servers['baseline'].url}/responses", servers["baseline"]
    if target == "api":
        return (
            "json",
            f"{servers['project'].url}/api/v1/campaigns/accueil/responses",
            servers["project"],
        )
    return "form", f"{servers['project'].url}/s/accueil", servers["project"]


def row(clients: int, target: str, outcome: Outcome, baseline: Outcome | None) -> str:
    ratio = f"{outcome.rate / baseline.rate:5.2f}" if baseline and baseline.rate else "    -"
    errors = sum(outcome.errors.values())
    return (
        f"{clients:>7}  {target:<8} {outcome.rate:8.1f} {ratio}  "
        f"{outcome.percentile(50) * 1000:7.1f} {outcome.percentile(99) * 1000:8.1f}  "
        f"{errors:6}  {outcome.client_cpu:6.2f} {outcome.server_cpu:6.2f}"
    )


def run_cell(count, targets, servers, args, pool) -> dict[str, Outcome]:
    """Every target at `count` clients, in alternating slices so that a change in the
    machine's load (other jobs share it) weighs on all of them alike."""
    cell: dict[str, Outcome] = {}
    for _ in range(args.rounds):
        for target in targets:
            kind, url, server = target_url(target, servers)
            part = run(kind, url, count, args.warmup, args.seconds / args.rounds, server.pid, pool)
            cell[target] = cell[target].merge(part) if target in cell else part
    return cell


def as_dict(count: int, target: str, outcome: Outcome, baseline: Outcome | None) -> dict:
    return {
        "clients": count,
        "target": target,
        "rate": outcome.rate,
        "p50": outcome.percentile(50),
        "p99": outcome.percentile(99),
        "errors": dict(outcome.errors),
        "client_cpu": outcome.client_cpu,
        "server_cpu": outcome.server_cpu,
        "ratio": outcome.rate / baseline.rate if baseline and baseline.rate else None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", default="4,16,64", help="comma-separated (default 4,16,64)")
    parser.add_argument("--seconds", type=float, default=8, help="measured seconds per cell")
    parser.add_argument("--rounds", type=int, default=2, help="alternating slices per cell")
    parser.add_argument("--warmup", type=float, default=0.5, help="unmeasured s per slice")
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers, both sides")
    parser.add_argument("--targets", default=",".join(TARGETS))
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    args = parser.parse_args(argv)
    clients = [int(c) for c in args.clients.split(",")]
    targets = [t for t in TARGETS if t in args.targets.split(",")]

    print(
        f"bench.submit on {describe()}, {args.db}, {args.workers} gunicorn sync workers, "
        f"{args.seconds:g} s per cell in {args.rounds} alternating slices, "
        f"each after {args.warmup:g} s warm-up"
    )
    print(f"before: {load_line()}")
    pool = answer_pool()
    results = []
    with Databases(args.db) as dbs:
        servers = start_servers(dbs, args.workers)
        try:
            print(
                f"{'clients':>7}  {'target':<8} {'req/s':>8} {'ratio':>5}  "
                f"{'p50 ms':>7} {'p99 ms':>8}  {'errors':>6}  {'client':>6} {'server':>6}"
                "   (ratio to baseline; CPU in cores)"
            )
            for count in clients:
                cell = run_cell(count, targets, servers, args, pool)
                for target in targets:
                    outcome, baseline = cell[target], cell.get("baseline")
                    print(row(count, target, outcome, baseline), flush=True)
                    if outcome.errors:
                        print(f"{'':18}errors: {dict(outcome.errors)}")
                    results.append(as_dict(count, target, outcome, baseline))
        finally:
            for server in servers.values():
                server.stop()
    print(f"after: {load_line()}")
    api = [r for r in results if r["target"] == "api" and r["ratio"] is not None]
    if api:
        worst = min(r["ratio"] for r in api)
        verdict = "meets" if worst >= GOAL else "misses"
        print(
            f"API / baseline throughput, worst over {args.clients} clients: {worst:.2f} "
            f"({verdict} the goal >= {GOAL})"
        )
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(
                {"db": args.db, "workers": args.workers, "results": results}, handle, indent=1
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
