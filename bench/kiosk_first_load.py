"""The hall tablet's first load as the network sees it, against the floor.

    python -m bench.kiosk_first_load                 # 5 paired runs, 1.6 Mbit/s, 150 ms RTT
    python -m bench.kiosk_first_load --runs 9 --rate-kbit 400 --rtt-ms 400

Each run starts Chromium with a fresh profile and opens a pairing link, as a tablet is set
up; it waits for the welcome screen, for the service worker to be installed and in control
(the tablet works offline from then on), then for a quiet network. Every request of the page
and of its service worker is counted with its bytes on the wire (CDP Network.loadingFinished
encodedDataLength: headers and compressed body); a relay in front of the server counts the
bytes it really sent (the worker's own script is fetched by the browser, and CDP reports only
its headers). Times are from the tap on the link, as the person meets them.

The floor (bench/kiosk_floor.py) serves the same files, each once, brotli 11, the page then
everything else at once. Project and floor runs are paired and interleaved (ABBA).
Replaces bench/kiosk_weight.py, which summed files on disk.
"""

from __future__ import annotations

import argparse
import base64
import re
import statistics
import tempfile
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import urlopen

from .cdp import CDPError, Chromium
from .kiosk_floor import Floor
from .machine import load_line
from .processes import SURVEY, Server, clean_env, free_port, survey
from .tcp_count import CountingRelay
from .wire import NetworkLog

BUDGET_BYTES, BUDGET_REQUESTS = 60 * 1024, 15
COLUMNS = [  # title, width, figure
    ("", 8, None),
    ("requests", 16, "requests"),
    ("bytes (CDP)", 28, "cdp_bytes"),
    ("bytes (relay)", 28, "relay_bytes"),
    ("first paint ms", 24, "paint_ms"),
    ("welcome ms", 24, "welcome_ms"),
    ("offline ready ms", 24, "offline_ms"),
]
MARKS = """
window.marks = {};
new PerformanceObserver((list) => {
  const paint = list.getEntries().find((e) => e.name === "first-contentful-paint");
  if (paint) marks.paint = paint.startTime;
}).observe({ type: "paint", buffered: true });
new MutationObserver(() => {
  if (marks.welcome || !document.querySelector(".languages button")) return;
  marks.welcome = -1;
  requestAnimationFrame(() => { marks.welcome = performance.now(); });
}).observe(document, { childList: true, subtree: true });
navigator.serviceWorker?.addEventListener("controllerchange", () => {
  marks.offline = performance.now();
});
"""


def conditions(rate_kbit: float, rtt_ms: float) -> dict | None:
    if not rate_kbit:
        return None
    return {
        "offline": False,
        "latency": rtt_ms,
        "downloadThroughput": rate_kbit * 1000 / 8,
        "uploadThroughput": min(rate_kbit, 750) * 1000 / 8,
    }


def _open(throttle: dict | None, url: str, done: str, timeout: float = 180):
    browser = Chromium()
    log = NetworkLog(browser, throttle)
    log.start()
    session = log.new_page()
    browser.send("Page.addScriptToEvaluateOnNewDocument", {"source": MARKS}, session)
    browser.send("Page.navigate", {"url": url}, session)
    browser.wait_for(session, done, timeout)
    log.wait_quiet(1.5)
    return browser, log, session


def run_project(env, relay: CountingRelay, throttle: dict | None) -> dict:
    output = survey(env, "tablet", "enrol", "--name", "Banc d'essai", "--campaign", "accueil")
    link = re.search(r"http://\S+#pair=[\w-]+", output).group(0)
    link = link.replace(f":{urlsplit(link).port}/", f":{relay.port}/")  # through the relay
    relay.reset()
    browser, log, session = _open(throttle, link, "window.marks?.welcome > 0 && marks.offline")
    try:
        marks = browser.evaluate(session, "window.marks")
        fetches = log.snapshot()
        files = _bodies(browser, fetches)
    finally:
        browser.close()
    return {"fetches": fetches, "marks": marks, "relay": relay.received, "files": files}


def _bodies(browser: Chromium, fetches) -> dict[tuple[str, str], tuple[str, bytes]]:
    """Each distinct file the tablet received (method, address) with its decoded body."""
    found = {}
    for fetch in fetches:
        key = (fetch.method, fetch.url)
        if key in found or fetch.source == "failed" or not fetch.status:
            continue
        try:
            reply = browser.send(
                "Network.getResponseBody", {"requestId": fetch.request_id}, fetch.session
            )
        except CDPError:  # the worker's script: the browser keeps no body for CDP
            if fetch.method == "GET":
                with urlopen(fetch.url, timeout=30) as again:
                    found[key] = (again.headers["Content-Type"], again.read())
            continue
        body = reply["body"]
        data = base64.b64decode(body) if reply.get("base64Encoded") else body.encode()
        found[key] = (fetch.content_type, data)
    return found


def _floor_files(files: dict) -> tuple[tuple[str, bytes], list[tuple[str, bytes]]]:
    page = next(body for (_, url), body in files.items() if urlsplit(url).path == "/kiosk/")
    return page, [body for (_, url), body in files.items() if urlsplit(url).path != "/kiosk/"]


def run_floor(page: tuple[str, bytes], others: list, throttle: dict | None) -> dict:
    floor = Floor(page[1].decode(), others)
    relay = CountingRelay(floor.port)
    try:
        url = f"http://127.0.0.1:{relay.port}/"
        browser, log, session = _open(throttle, url, "window.floorDone > 0")
        try:
            marks = browser.evaluate(session, "({...window.marks, welcome: window.floorDone})")
            fetches = log.snapshot()
        finally:
            browser.close()
    finally:
        floor.stop()
    return {"fetches": fetches, "marks": marks, "relay": relay.received}


def summary(run: dict) -> dict:
    wire = [f for f in run["fetches"] if f.source == "network" and f.wire_bytes > 0]
    return {
        "requests": len(wire),
        "cdp_bytes": sum(f.wire_bytes for f in wire),
        "relay_bytes": run["relay"],
        "paint_ms": run["marks"].get("paint"),
        "welcome_ms": run["marks"].get("welcome"),
        "offline_ms": run["marks"].get("offline"),
    }


def downloaded_twice(fetches) -> list[str]:
    seen: dict[str, int] = {}
    for f in fetches:
        if f.method == "GET" and f.source == "network" and f.wire_bytes > 0:
            path = urlsplit(f.url).path
            seen[path] = seen.get(path, 0) + 1
    return sorted(path for path, count in seen.items() if count > 1)


def _spread(values) -> str:
    values = [v for v in values if v is not None]
    if not values:
        return "-"
    return " / ".join(f"{v:,.0f}" for v in (min(values), statistics.median(values), max(values)))


def report(project: list[dict], floor: list[dict], first: dict, args) -> None:
    print(f"files of the first project run ({len(first['fetches'])} requests seen):")
    for f in first["fetches"]:
        where = urlsplit(f.url)
        address = where.path + (f"?{where.query}" if where.query else "")
        print(
            f"  {f.target[:7]:7} {f.method:4} {f.status:3} {f.source:12} "
            f"{f.wire_bytes:7,d} B {f.encoding or '-':4} {address}"
        )
    twice = downloaded_twice(first["fetches"])
    print(f"downloaded twice: {', '.join(twice) if twice else 'none'}")
    print(f"\nmin / median / max of {len(project)} paired runs; {load_line()}")
    print(f"network: {args.rate_kbit:g} kbit/s, {args.rtt_ms:g} ms round trip")
    print("".join(f"{title:>{width}}" for title, width, _ in COLUMNS))
    for name, runs in (("project", project), ("floor", floor)):
        figures = [summary(r) for r in runs]
        cells = [_spread(f[key] for f in figures) if key else name for _, _, key in COLUMNS]
        widths = [width for _, width, _ in COLUMNS]
        print("".join(f"{cell:>{width}}" for cell, width in zip(cells, widths, strict=True)))
    ratios = [p["relay"] / f["relay"] for p, f in zip(project, floor, strict=True)]
    print(f"bytes project / floor (relay): {' / '.join(f'{r:.2f}' for r in _mmm(ratios))}")
    worst = max(summary(r)["relay_bytes"] for r in project)
    most = max(summary(r)["requests"] for r in project)
    verdict = "met" if worst <= BUDGET_BYTES and most <= BUDGET_REQUESTS else "NOT met"
    print(
        f"goal ≤ {BUDGET_BYTES // 1024} KB and ≤ {BUDGET_REQUESTS} requests: {verdict} "
        f"(worst run {worst / 1024:.1f} KB, {most} requests)"
    )


def _mmm(values):
    return min(values), statistics.median(values), max(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rate-kbit", type=float, default=1600, help="0: no throttling")
    parser.add_argument("--rtt-ms", type=float, default=150)
    args = parser.parse_args()
    throttle = conditions(args.rate_kbit, args.rtt_ms)
    instance = Path(tempfile.mkdtemp(prefix="kiosk-first-load-"))
    port = free_port()
    env = clean_env(
        SURVEY_INSTANCE_PATH=str(instance), SURVEY_PORT=str(port), SURVEY_SECRET_KEY="bench"
    )
    survey(env, "init", "--demo")
    server = Server("project", [SURVEY, "serve"], env, port, instance / "server.log").start()
    relay = CountingRelay(port)
    project, floor = [], []
    try:
        for n in range(args.runs):
            for side in ("project", "floor") if n % 2 == 0 else ("floor", "project"):
                if side == "project":
                    project.append(run_project(env, relay, throttle))
                else:  # the first round began with the project: its files are known
                    page, others = _floor_files(project[0]["files"])
                    floor.append(run_floor(page, others, throttle))
    finally:
        server.stop()
    report(project, floor, project[0], args)


if __name__ == "__main__":
    main()
