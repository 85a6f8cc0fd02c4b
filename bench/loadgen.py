"""Closed-loop HTTP load generator (asyncio + aiohttp), for the submission benchmark.

Each of N clients sends its next submission as soon as the last one is answered.
`json` clients POST the API body; `form` clients do what a browser does: GET the
form, take the CSRF token, response id and the cookies it sets, POST the
answers and expect the thank-you page in the answer (one submission = GET + POST).
Only submissions that end inside the measured window count (it opens after the
warm-up, once every client has had a reply); the client's own CPU time and the
server's (master + workers) are read over the same window.

Each submission comes from its own visitor address, sent as `X-Forwarded-For` as the
reverse proxy of a deployment (docs/deploy/nginx-survey.conf) sends it: with
SURVEY_TRUSTED_PROXIES=1 the project's rate limits and burst detection see many
visitors, as in a prefecture's hall, not one address throttled and flagged.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import random
import re
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field

import aiohttp

from .answers import bundled, random_answers
from .machine import tree_cpu_seconds

_visitors = itertools.count(1)


def visitor_address() -> str:
    """A new address per submission (10.0.0.1, 10.0.0.2, ...: 16 million before reuse)."""
    n = next(_visitors) % (1 << 24)
    return f"10.{n >> 16}.{(n >> 8) & 255}.{n & 255}"


HIDDEN = re.compile(r'name="(csrf_token|response_id)" type="hidden" value="([^"]*)"')
POOL = 512


@dataclass
class Outcome:
    """What one target did for one number of clients over the measured window."""

    seconds: float
    latencies: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    client_cpu: float = 0.0
    server_cpu: float = 0.0

    @property
    def ok(self) -> int:
        return len(self.latencies)

    @property
    def rate(self) -> float:
        return self.ok / self.seconds

    def merge(self, other: Outcome) -> Outcome:
        """Two measured slices of the same cell as one (CPU averaged over both)."""
        total = self.seconds + other.seconds
        return Outcome(
            total,
            self.latencies + other.latencies,
            self.errors + other.errors,
            (self.client_cpu * self.seconds + other.client_cpu * other.seconds) / total,
            (self.server_cpu * self.seconds + other.server_cpu * other.seconds) / total,
        )

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def answer_pool(seed: int = 6) -> list[dict[str, str]]:
    rng = random.Random(seed)
    questionnaire = bundled()
    return [random_answers(questionnaire, rng) for _ in range(POOL)]


async def _submit_json(session, url: str, answers: dict) -> str | None:
    body = {"id": str(uuid.uuid4()), "channel": "web", "lang": "fr", "answers": answers}
    headers = {"Content-Type": "application/json", "X-Forwarded-For": visitor_address()}
    async with session.post(url, data=json.dumps(body), headers=headers) as response:
        await response.read()
        return None if response.status == 201 else f"HTTP {response.status}"


async def _submit_form(session, url: str, answers: dict) -> str | None:
    address = {"X-Forwarded-For": visitor_address()}  # one visitor: the GET and its POST
    async with session.get(url, headers=address) as page:
        html = await page.text()
        if page.status != 200:
            return f"GET {page.status}"
        cookies = "; ".join(f"{name}={morsel.value}" for name, morsel in page.cookies.items())
    fields = dict(HIDDEN.findall(html))
    if "csrf_token" not in fields or not cookies:
        return "no CSRF token or cookie"
    form = {**fields, "lang": "fr", **answers}
    headers = {"Cookie": cookies, **address}
    async with session.post(
        f"{url}?lang=fr", data=form, headers=headers, allow_redirects=False
    ) as response:
        await response.read()
        return None if response.status == 200 else f"POST {response.status}"


SUBMITTERS = {"json": _submit_json, "form": _submit_form}


class _Window:
    """The measured window: it opens once the warm-up is over *and* every client has had
    its first reply (on a loaded machine one submission may outlast the warm-up), and lasts
    `seconds`, or three times as long as the clients took to their first replies if that
    is longer: N clients start together and reply in waves a latency apart, so a window
    of less than a few latencies may count none or one wave."""

    def __init__(self, loop, clients: int, warmup: float, seconds: float):
        self.loop, self.waiting, self.seconds = loop, clients, seconds
        self.began = loop.time()
        self.warm_until = self.began + warmup
        self.start = self.end = float("inf")
        self.opened = asyncio.Event()

    def first_reply(self) -> None:
        self.waiting -= 1
        if self.waiting == 0:
            now = self.loop.time()
            self.start = max(now, self.warm_until)
            self.seconds = max(self.seconds, 3 * (now - self.began))
            self.end = self.start + self.seconds
            self.opened.set()

    def is_open(self) -> bool:
        return self.loop.time() < self.end


async def _run(kind, url, clients, warmup, seconds, server_pid, pool) -> Outcome:
    submit = SUBMITTERS[kind]
    loop = asyncio.get_running_loop()
    window = _Window(loop, clients, warmup, seconds)
    outcome = Outcome(seconds)
    connector = aiohttp.TCPConnector(limit=0, force_close=True)  # gunicorn sync: no keep-alive
    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(
        connector=connector, timeout=timeout, cookie_jar=aiohttp.DummyCookieJar()
    ) as session:

        async def client(index: int) -> None:
            n, is_first = index, True
            while window.is_open():
                began = loop.time()
                try:
                    error = await submit(session, url, pool[n % len(pool)])
                except (TimeoutError, aiohttp.ClientError) as exc:
                    error = type(exc).__name__
                n += clients
                finished = loop.time()
                if is_first:
                    is_first = False
                    window.first_reply()
                if window.start <= finished <= window.end:
                    if error is None:
                        outcome.latencies.append(finished - began)
                    else:
                        outcome.errors[error] += 1

        async def meter() -> None:
            await window.opened.wait()
            await asyncio.sleep(max(0.0, window.start - loop.time()))
            cpu, server = time.process_time(), tree_cpu_seconds(server_pid)
            await asyncio.sleep(max(0.0, window.end - loop.time()))
            outcome.seconds = window.seconds
            outcome.client_cpu = (time.process_time() - cpu) / window.seconds
            outcome.server_cpu = (tree_cpu_seconds(server_pid) - server) / window.seconds

        await asyncio.gather(meter(), *(client(i) for i in range(clients)))
    return outcome


def run(
    kind: str,
    url: str,
    clients: int,
    warmup: float,
    seconds: float,
    server_pid: int,
    pool: list[dict[str, str]],
) -> Outcome:
    """Drive `url` with `clients` concurrent clients for warmup + seconds; measure seconds."""
    return asyncio.run(_run(kind, url, clients, warmup, seconds, server_pid, pool))
