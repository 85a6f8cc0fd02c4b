"""Benchmark 1: submissions through the JSON API and the web form vs a bare WSGI baseline.

    python -m bench.submit [--clients 4,16,64] [--rounds 5] [--db sqlite|postgresql]

Starts `survey serve` (project) and bench.baseline_serve (baseline) side by side,
each on its own database made by the project's migration, with the same gunicorn
settings and database settings. The project runs as a deployment behind its reverse
proxy does: rate limits and burst detection on, one proxy trusted, each submission from
its own visitor address (X-Forwarded-For). For each number of clients, --rounds
rounds each drive the baseline, the API and the web form for one slice, in an order
that rotates every round; each round's ratio is its target's req/s over the
baseline's, and the min / median / max over rounds are printed.
Goal (issue 6): API >= 0.5 x baseline throughput (the median ratio).
"""

from __future__ import annotations

import argparse
import json
import sys

from .databases import Databases, Side
from .loadgen import Outcome, answer_pool, run
from .machine import describe, load_line
from .processes import SURVEY, Server, free_port
from .stats import interleaved, paired, spread
from .submit_checks import DEPLOYMENT, check_limits, describe_deployment

GOAL = 0.5
FORM_GOAL = 0.35
"""Issue 20: a form submission is two requests (GET + POST), against the baseline's one."""
TARGETS = ("baseline", "api", "form")


def start_servers(
    project: Side, baseline: Side, workers: int, deployment: dict[str, str]
) -> dict[str, Server]:
    project.init()
    baseline.init()
    servers = {}
    port = free_port()
    servers["project"] = Server(
        "project",
        [SURVEY, "serve", "--port", str(port), "--workers", str(workers)],
        project.env(**deployment),
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


def all_alive(servers: dict[str, Server]) -> bool:
    """False, with the end of its log, if a server died during the cell (its figures are
    connection errors, not a measurement)."""
    for server in servers.values():
        code = server.process.poll() if server.process else None
        if code is not None:
            tail = server.log_path.read_text(errors="replace").splitlines()[-30:]
            print(f"the {server.name} server exited with {code}; its log ends:", *tail, sep="\n")
            return False
    return True


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


def run_cell(count, targets, servers, args, pool) -> dict[str, list[Outcome]]:
    """Every target at `count` clients, one slice each per round, the order rotating
    every round, so that a change in the machine's load (other jobs share it) weighs on
    all of them alike and each round's ratios compare slices measured side by side."""
    cell: dict[str, list[Outcome]] = {target: [] for target in targets}
    for round_ in range(args.rounds):
        for target in interleaved(round_, targets):
            kind, url, server = target_url(target, servers)
            cell[target].append(run(kind, url, count, args.warmup, args.slice, server.pid, pool))
    return cell


def merged(outcomes: list[Outcome]) -> Outcome:
    whole = outcomes[0]
    for part in outcomes[1:]:
        whole = whole.merge(part)
    return whole


def summary(count: int, target: str, cell: dict[str, list[Outcome]]) -> dict:
    """One target at one number of clients: req/s and ratio per round, min/median/max."""
    rates = [o.rate for o in cell[target]]
    whole = merged(cell[target])
    result = {
        "clients": count,
        "target": target,
        "rate": spread(rates).as_dict(),
        "rates": rates,
        "p50": whole.percentile(50),
        "p99": whole.percentile(99),
        "errors": dict(whole.errors),
        "client_cpu": whole.client_cpu,
        "server_cpu": whole.server_cpu,
        "ratio": None,
    }
    if target != "baseline" and "baseline" in cell:
        pairs = paired(rates, [o.rate for o in cell["baseline"]])
        result["ratio"] = pairs.ratio.as_dict()
    return result


def row(result: dict) -> str:
    rate = result["rate"]
    rates = f"{rate['min']:6.1f} {rate['median']:6.1f} {rate['max']:6.1f}"
    ratio = result["ratio"]
    ratios = (
        f"{ratio['min']:5.2f} {ratio['median']:5.2f} {ratio['max']:5.2f}"
        if ratio
        else f"{'-':>5} {'-':>5} {'-':>5}"
    )
    errors = sum(result["errors"].values())
    return (
        f"{result['clients']:>7}  {result['target']:<8} {rates}  {ratios}  "
        f"{result['p50'] * 1000:7.1f} {result['p99'] * 1000:8.1f}  "
        f"{errors:6}  {result['client_cpu']:6.2f} {result['server_cpu']:6.2f}"
    )


HEADER = (
    f"{'clients':>7}  {'target':<8} {'req/s min / median / max':>20}  "
    f"{'ratio min / med / max':>17}  {'p50 ms':>7} {'p99 ms':>8}  {'errors':>6}  "
    f"{'client':>6} {'server':>6}"
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", default="4,16,64", help="comma-separated (default 4,16,64)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds (pairs) per cell")
    parser.add_argument("--slice", type=float, default=2.5, help="measured seconds per slice")
    parser.add_argument("--warmup", type=float, default=0.5, help="unmeasured s per slice")
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers, both sides")
    parser.add_argument("--targets", default=",".join(TARGETS))
    parser.add_argument(
        "--limits-storage",
        default="",
        help="SURVEY_RATELIMIT_STORAGE_URI of the project (default: the instance's "
        "ratelimits.db; redis://host:6379/N as docs/deployment.md for several hosts)",
    )
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    args = parser.parse_args(argv)
    clients = [int(c) for c in args.clients.split(",")]
    targets = [t for t in TARGETS if t in args.targets.split(",")]
    deployment = {**DEPLOYMENT, "SURVEY_RATELIMIT_STORAGE_URI": args.limits_storage}

    print(
        f"bench.submit on {describe()}, {args.db}, {args.workers} gunicorn sync workers, "
        f"{args.rounds} rounds of {args.slice:g} s slices per cell (after {args.warmup:g} s "
        "warm-up each), targets in rotating order"
    )
    print(f"before: {load_line()}")
    pool = answer_pool()
    results = []
    with Databases(args.db) as dbs:
        project, baseline = dbs.side("project"), dbs.side("baseline")
        servers = start_servers(project, baseline, args.workers, deployment)
        print(describe_deployment(project.env(**deployment)))
        try:
            print(HEADER + "   (ratio to the same round's baseline; CPU in cores)")
            for count in clients:
                cell = run_cell(count, targets, servers, args, pool)
                for target in targets:
                    result = summary(count, target, cell)
                    print(row(result), flush=True)
                    if result["errors"]:
                        print(f"{'':18}errors: {result['errors']}")
                    results.append(result)
                print(f"{'':18}({load_line()})", flush=True)
                if not all_alive(servers):
                    return 1
            if {"api", "form"} & set(targets):
                print(check_limits(servers["project"], project, pool)["line"])
        finally:
            for server in servers.values():
                server.stop()
    print(f"after: {load_line()}")
    for target in ("api", "form"):
        medians = [r["ratio"]["median"] for r in results if r["target"] == target and r["ratio"]]
        if medians:
            wanted = GOAL if target == "api" else FORM_GOAL
            verdict = "meets" if min(medians) >= wanted else "misses"
            goal = f"({verdict} the goal >= {wanted})"
            print(
                f"{target} / baseline throughput, median ratio per clients "
                f"{args.clients}: {', '.join(f'{m:.2f}' for m in medians)} {goal}"
            )
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(
                {"db": args.db, "workers": args.workers, "results": results}, handle, indent=1
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
