"""What the deployment's protections cost: CPU per API post with limits and burst detection
on vs off, in process (Flask's test client, SQLite), paired runs in alternating order.

    python -m bench.submit_limits [--pairs 6] [--posts 400]

Each run is its own process (Flask-Limiter's limiter is one object per process), posts
from a new X-Forwarded-For address each time as bench.submit does, and reports its CPU
milliseconds per post; the "on" runs also check that one address gets 429s.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
import uuid

from .processes import SURVEY, clean_env
from .stats import interleaved, paired
from .submit_checks import DEPLOYMENT, PROBE_ADDRESS

OFF = {**DEPLOYMENT, "SURVEY_RATELIMIT_ENABLED": "false", "SURVEY_FLAG_BURST_RATE": ""}


def one_run(posts: int) -> None:
    """In the child: warm up, time `posts` posts, print ms per post and the probe's 429s."""
    from survey_app import create_app

    from .loadgen import answer_pool, visitor_address

    pool, client = answer_pool(), create_app().test_client()

    def post(n: int, address: str) -> int:
        body = {"id": str(uuid.uuid4()), "channel": "web", "lang": "fr", "answers": pool[n % 512]}
        headers = {"X-Forwarded-For": address}
        url = "/api/v1/campaigns/accueil/responses"
        return client.post(url, json=body, headers=headers).status_code

    for n in range(50):
        post(n, visitor_address())
    began = time.process_time()
    if any(post(n, visitor_address()) != 201 for n in range(posts)):
        raise SystemExit("a post was refused")
    print((time.process_time() - began) / posts * 1000)
    print([post(n, PROBE_ADDRESS) for n in range(35)].count(429))


def run(side: str, posts: int) -> tuple[float, int]:
    settings = DEPLOYMENT if side == "on" else OFF
    with tempfile.TemporaryDirectory(prefix="survey-bench-") as instance:
        env = clean_env(SURVEY_INSTANCE_PATH=instance, SURVEY_SECRET_KEY="bench", **settings)
        subprocess.run([SURVEY, "init", "--demo"], env=env, check=True, capture_output=True)
        argv = [sys.executable, "-m", "bench.submit_limits", "--child", "--posts", str(posts)]
        done = subprocess.run(argv, env=env, check=True, capture_output=True, text=True)
    ms, refused = done.stdout.split()
    return float(ms), int(refused)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=6)
    parser.add_argument("--posts", type=int, default=400)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        one_run(args.posts)
        return 0
    from .machine import load_line

    print(f"before: {load_line()}")
    ms: dict[str, list[float]] = {"on": [], "off": []}
    refused: dict[str, int] = {}
    for pair in range(args.pairs):
        for side in interleaved(pair, ["off", "on"]):
            cost, refused[side] = run(side, args.posts)
            ms[side].append(cost)
    summary = paired(ms["on"], ms["off"])
    print(
        f"CPU ms per API post, min / median / max over {summary.pairs} pairs: limits and "
        f"burst detection off {summary.baseline.show(3)}, on {summary.project.show(3)}; "
        f"ratio on / off {summary.ratio.show()} (429s from one address: on {refused['on']}, "
        f"off {refused['off']})"
    )
    print(f"after: {load_line()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
