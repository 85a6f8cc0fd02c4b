"""Benchmark 5: the web form as a visitor's phone feels it, against a static page (the floor).

    python -m bench.form_browser [--runs 10] [--source DIR]

Chromium (/usr/bin/chromium, through Playwright) with a slow phone network and CPU,
set by the DevTools protocol: 400 kbit/s down and up, 400 ms round trip
(`Network.emulateNetworkConditions`) and a CPU four times slower
(`Emulation.setCPUThrottlingRate`). Each run is a fresh browser context (empty cache,
no cookie) that opens the form, answers the one required question and sends it.

Project side: `survey serve` on a database made by `survey init --demo`. Floor: the same
HTML the project serves, with any stylesheet or script it links written inline, gzipped
at level 9 and served from memory by a bare static server, which answers the form's POST
with the project's thank-you page the same way. Runs are paired and interleaved (the
order alternates), so a change in the machine's load weighs on both sides.

Reported, min / median / max: first contentful paint of the form, bytes on the wire
(headers included) and requests for the first load, and the submit: from the click to
the thank-you page's first contentful paint. `--source DIR` runs the project from
another checkout (e.g. `git archive <rev> | tar -x -C DIR`) to compare revisions.
"""

from __future__ import annotations

import argparse
import gzip
import html
import os
import re
import statistics
import sys
import tempfile
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .machine import describe, load_line
from .processes import SURVEY, Server, clean_env, free_port, survey

CHROMIUM = "/usr/bin/chromium"
PHONE = {"width": 390, "height": 844}
NETWORK = {
    "offline": False,
    "latency": 400,
    "downloadThroughput": 50_000,  # bytes per second: 400 kbit/s
    "uploadThroughput": 50_000,
}
CPU_SLOWDOWN = 4
FORM = "/s/accueil?lang=fr"
GOALS = {"fcp_ms": 700, "bytes": 10_000}

FCP = """() => new Promise(resolve => {
  const seen = performance.getEntriesByName("first-contentful-paint")[0];
  if (seen) return resolve(performance.timeOrigin + seen.startTime);
  new PerformanceObserver(list => resolve(performance.timeOrigin + list.getEntries()[0].startTime))
    .observe({type: "paint", buffered: true});
})"""
SEND = """() => {
  document.getElementById("q-profil-0").checked = true;
  const form = document.querySelector("form.survey");
  form.addEventListener("submit", () =>
    sessionStorage.setItem("clicked", performance.timeOrigin + performance.now()));
  setTimeout(() => form.querySelector("button[type=submit]").click(), 0);
}"""


def fetch(url: str, data: bytes | None = None) -> str:
    with urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=30) as reply:
        return reply.read().decode()


def inlined(page: str, base: str) -> str:
    """`page` with each stylesheet and script it links written into it (a deferred script
    at the end of the body, where it runs at the same moment): the floor's content."""
    scripts = []

    def text(match: re.Match) -> str:
        return fetch(base + html.unescape(match[1]))

    def script(match: re.Match) -> str:
        scripts.append(f"<script>{text(match)}</script>")
        return ""

    page = re.sub(
        r'<link rel="stylesheet" href="([^"]+)">', lambda m: f"<style>{text(m)}</style>", page
    )
    page = re.sub(r'<script src="([^"]+)"[^>]*></script>', script, page)
    return page.replace("</body>", "".join(scripts) + "</body>")


class Floor(BaseHTTPRequestHandler):
    """A bare static server: the form page on GET, the thank-you page on POST, from memory."""

    pages: dict[str, bytes] = {}

    def _send(self, body: bytes | None) -> None:
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self._send(self.pages["form"] if self.path.startswith("/s/") else None)

    def do_POST(self) -> None:  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self._send(self.pages["thanks"])

    def log_message(self, *args) -> None:
        pass


def start_floor(project_url: str) -> tuple[ThreadingHTTPServer, str]:
    form = inlined(fetch(project_url + FORM), project_url)
    thanks = inlined(fetch(f"{project_url}/s/accueil/merci?lang=fr"), project_url)
    Floor.pages = {
        "form": gzip.compress(form.encode(), 9),
        "thanks": gzip.compress(thanks.encode(), 9),
    }
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Floor)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


class Wire:
    """Requests sent and bytes received (headers included), from the DevTools events."""

    def __init__(self, cdp):
        self.bytes = self.requests = 0
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.loadingFinished", self._finished)

    def _sent(self, event: dict) -> None:
        self.requests += 1

    def _finished(self, event: dict) -> None:
        self.bytes += event["encodedDataLength"]

    def take(self) -> tuple[int, int]:
        """(bytes, requests) since the last call."""
        counted = (self.bytes, self.requests)
        self.bytes = self.requests = 0
        return counted


def one_run(browser, base: str) -> dict[str, float]:
    """Open the form on a throttled phone, then send it; what the visitor waited for."""
    context = browser.new_context(viewport=PHONE, locale="fr-FR")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    wire = Wire(cdp)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", NETWORK)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    page.goto(base + FORM, wait_until="load")
    result = {"fcp_ms": page.evaluate(FCP) - page.evaluate("performance.timeOrigin")}
    page.wait_for_load_state("networkidle")  # what comes after `load` (a favicon) counts too
    result["bytes"], result["requests"] = wire.take()
    page.evaluate(SEND)
    page.wait_for_selector(".confirmation", timeout=60_000)
    page.wait_for_load_state("load")
    result["submit_ms"] = page.evaluate(FCP) - float(
        page.evaluate("sessionStorage.getItem('clicked')")
    )
    page.wait_for_load_state("networkidle")
    result["submit_bytes"], result["submit_requests"] = wire.take()
    context.close()
    return result


def summary(values: list[float]) -> str:
    return f"{min(values):8.0f} {statistics.median(values):8.0f} {max(values):8.0f}"


def report(results: dict[str, list[dict]]) -> None:
    print(f"{'':22}{'project (min / median / max)':>28}  {'floor (min / median / max)':>28}  ratio")
    names = {
        "fcp_ms": "first paint, ms",
        "bytes": "first load, bytes",
        "requests": "first load, requests",
        "submit_ms": "submit to thanks, ms",
        "submit_bytes": "submit, bytes",
        "submit_requests": "submit, requests",
    }
    for key, label in names.items():
        project = [r[key] for r in results["project"]]
        floor = [r[key] for r in results["floor"]]
        ratio = statistics.median(project) / statistics.median(floor)
        print(f"{label:<22}{summary(project):>28}  {summary(floor):>28}  {ratio:5.2f}")
    for key, goal in GOALS.items():
        worst = statistics.median(r[key] for r in results["project"])
        verdict = "meets" if worst <= goal else "misses"
        print(f"goal {key} <= {goal}: median {worst:.0f} ({verdict})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="paired runs (default 10)")
    parser.add_argument("--source", type=Path, help="run the project from this checkout")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    print(f"bench.form_browser on {describe()}, {args.runs} paired runs, Chromium with "
          f"{NETWORK['downloadThroughput'] * 8 // 1000} kbit/s, {NETWORK['latency']} ms RTT, "
          f"CPU /{CPU_SLOWDOWN}")  # fmt: skip
    print(f"before: {load_line()}")
    with tempfile.TemporaryDirectory(prefix="survey-bench-") as root:
        extra = {"PYTHONPATH": str(args.source.resolve())} if args.source else {}
        # A deployment's limits, high enough for the runs: the check itself still runs.
        env = clean_env(
            SURVEY_INSTANCE_PATH=root, SURVEY_SECRET_KEY="bench",
            SURVEY_FORM_RATE_LIMIT="1000 per minute", **extra,
        )  # fmt: skip
        survey(env, "init", "--demo")
        port = free_port()
        argv = [SURVEY, "serve", "--port", str(port)]
        project = Server("project", argv, env, port, Path(root) / "server.log").start()
        floor, floor_url = start_floor(project.url)
        results: dict[str, list[dict]] = {"project": [], "floor": []}
        try:
            with sync_playwright() as playwright:
                args_ = ["--headless", "--no-sandbox", "--disable-gpu"]
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=args_)
                sides = [("project", project.url), ("floor", floor_url)]
                one_run(browser, project.url), one_run(browser, floor_url)  # warm both up
                for index in range(args.runs):
                    for name, url in sides if index % 2 == 0 else reversed(sides):
                        results[name].append(one_run(browser, url))
                browser.close()
        finally:
            floor.shutdown()
            project.stop()
    report(results)
    print(f"after: {load_line()}")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
