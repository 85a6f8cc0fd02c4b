"""CPU per web-form GET and per POST in a gunicorn worker: this checkout against a revision.

    python -m bench.form_cpu [--against REV] [--db sqlite|postgresql] [--rounds 8] [--n 200]

Benchmark 1's form target is bound by the workers' CPU per request. This serves both trees
(the revision's survey_app/, analysis/, questionnaires/ and kiosk/ extracted with `git
archive`, as bench.startup does) with `survey serve --workers 1`, as deployed (rate limits
and burst detection on, one proxy trusted, each visitor its own X-Forwarded-For), and
sends N form GETs, then their N POSTs, one at a time from a plain http.client loop. The
worker's CPU is read from /proc/PID/schedstat (nanoseconds on a CPU) around each block.
Rounds alternate the sides' order; prints min / median / max µs per GET and per POST of
each side and of the per-round ratio (this checkout / revision). The CPU of the database
server (PostgreSQL) is not counted.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

from .answers import bundled, random_answers
from .databases import Databases, Side
from .loadgen import visitor_address
from .machine import describe, load_line
from .processes import Server, free_port
from .startup import ROOT, RUN, _extract
from .stats import interleaved, paired
from .submit_checks import DEPLOYMENT

HIDDEN = re.compile(r'name="(csrf_token|response_id)" type="hidden" value="([^"]*)"')


def _worker(master: int) -> int:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.1)
    raise RuntimeError("gunicorn started no worker")


def _cpu_ns(pid: int) -> int:
    return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0])


class Target:
    """One tree served by one gunicorn worker, and the visits it has shown but not posted."""

    def __init__(self, name: str, tree: Path, side: Side):
        self.name, self.tree, self.side = name, tree, side
        env = side.env(**DEPLOYMENT)
        subprocess.run(
            [sys.executable, "-c", RUN, "init", "--demo"],
            cwd=tree, env=env, check=True, capture_output=True,
        )  # fmt: skip
        port = free_port()
        argv = [sys.executable, "-c", RUN, "serve", "--port", str(port), "--workers", "1"]
        self.server = Server(name, argv, env, port, side.instance / "server.log", cwd=tree)
        self.server.start()
        self.port = port
        self.worker = _worker(self.server.pid)

    def _request(self, method: str, path: str, headers: dict, body: str | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
            if response.getheader("Content-Encoding") == "gzip":
                data = gzip.decompress(data)
            return response.status, response.getheader("Set-Cookie"), data.decode()
        finally:
            conn.close()

    def get(self) -> tuple[str, dict[str, str], str | None]:
        address = visitor_address()
        headers = {"X-Forwarded-For": address, "Accept-Encoding": "gzip, deflate"}
        status, cookie, html = self._request("GET", "/s/accueil", headers)
        if status != 200:
            raise RuntimeError(f"{self.name}: GET {status}")
        return address, dict(HIDDEN.findall(html)), cookie and cookie.split(";", 1)[0]

    def post(self, visit, answers: dict[str, str]) -> None:
        address, fields, cookie = visit
        headers = {
            "X-Forwarded-For": address,
            "Accept-Encoding": "gzip, deflate",
            "Content-Type": "application/x-www-form-urlencoded",
        }
        if cookie:
            headers["Cookie"] = cookie
        body = urlencode({**fields, "lang": "fr", **answers})
        status, _, html = self._request("POST", "/s/accueil?lang=fr", headers, body)
        if status != 200:
            raise RuntimeError(f"{self.name}: POST {status}: {html[:300]}")

    def block(self, n: int, pool) -> tuple[float, float]:
        """µs of worker CPU per GET and per POST over n visits."""
        before = _cpu_ns(self.worker)
        visits = [self.get() for _ in range(n)]
        middle = _cpu_ns(self.worker)
        for i, visit in enumerate(visits):
            self.post(visit, pool[i % len(pool)])
        after = _cpu_ns(self.worker)
        return (middle - before) / n / 1000, (after - middle) / n / 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", default="HEAD", help="git revision to compare with")
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--n", type=int, default=200, help="submissions per block")
    args = parser.parse_args(argv)
    import random

    rng = random.Random(20)
    questionnaire = bundled()
    pool = [random_answers(questionnaire, rng) for _ in range(256)]
    print(f"bench.form_cpu on {describe()}, {args.db}; before: {load_line()}")
    with tempfile.TemporaryDirectory() as folder, Databases(args.db) as dbs:
        old = Path(folder)
        _extract(args.against, old)
        names = [args.against, "this checkout"]
        targets = {
            names[0]: Target(names[0], old, dbs.side("old")),
            names[1]: Target(names[1], ROOT, dbs.side("new")),
        }
        try:
            for target in targets.values():
                target.block(30, pool)  # warm-up: pages cached, connections open
            gets: dict[str, list[float]] = {name: [] for name in names}
            posts: dict[str, list[float]] = {name: [] for name in names}
            for round_ in range(args.rounds):
                for name in interleaved(round_, names):
                    get, post = targets[name].block(args.n, pool)
                    gets[name].append(get)
                    posts[name].append(post)
        finally:
            for target in targets.values():
                target.server.stop()
    print(f"{args.rounds} rounds of {args.n} GET + POST per side, alternating; {load_line()}")
    for label, measured in (("GET", gets), ("POST", posts)):
        summary = paired(measured[names[1]], measured[names[0]])
        print(
            f"  µs CPU per {label:4}: {names[0]} {summary.baseline.show(0)}, "
            f"this checkout {summary.project.show(0)}; ratio {summary.ratio.show()}"
        )
    pairs = paired(
        [g + p for g, p in zip(gets[names[1]], posts[names[1]], strict=True)],
        [g + p for g, p in zip(gets[names[0]], posts[names[0]], strict=True)],
    )
    print(
        f"  µs CPU per GET + POST: {names[0]} {pairs.baseline.show(0)}, "
        f"this checkout {pairs.project.show(0)}; ratio {pairs.ratio.show()}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
