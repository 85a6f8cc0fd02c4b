"""What crossed the network, as Chromium reports it: every request of every target (the
page and its service worker), its status and its bytes on the wire (headers + body as
received, i.e. compressed), and whether a cache answered instead of the network.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from .cdp import Chromium

WATCHED = ("page", "service_worker", "worker", "shared_worker")


@dataclass
class Fetch:
    target: str  # "page" or "service_worker" (or any other target type Chromium attached)
    method: str
    url: str
    status: int = 0
    wire_bytes: int = 0
    encoding: str = ""
    source: str = "network"  # or "disk cache", "memory cache", "service worker", "failed"
    is_done: bool = False
    content_type: str = ""
    session: str = ""  # where to ask for its body
    request_id: str = ""


@dataclass
class NetworkLog:
    """Attaches to every target (waiting for the debugger, so nothing is missed), enables the
    network domain with optional throttling, and records each request."""

    browser: Chromium
    conditions: dict | None = None
    fetches: dict[tuple[str, str], Fetch] = field(default_factory=dict)
    targets: dict[str, str] = field(default_factory=dict)  # session id -> target type
    target_of: dict[str, str] = field(default_factory=dict)  # session id -> target id
    prepared: set[str] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.browser.on(self._event)

    def start(self) -> None:
        self.browser.send("Target.setDiscoverTargets", {"discover": True})
        self.browser.send(
            "Target.setAutoAttach",
            {"autoAttach": True, "waitForDebuggerOnStart": True, "flatten": True},
        )

    def new_page(self, timeout: float = 10) -> str:
        """A new blank page; its session once its network domain is on."""
        target = self.browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for session, target_id in list(self.target_of.items()):
                if target_id == target and session in self.prepared:
                    return session
            time.sleep(0.02)
        raise TimeoutError("the new page was never attached")

    def wait_quiet(self, seconds: float, timeout: float = 60) -> None:
        """Until no request has been in flight for `seconds`."""
        deadline = time.monotonic() + timeout
        quiet_since = time.monotonic()
        while time.monotonic() < deadline:
            if self.in_flight():
                quiet_since = time.monotonic()
            elif time.monotonic() - quiet_since >= seconds:
                return
            time.sleep(0.05)

    def _prepare(self, session: str) -> None:
        post = self.browser.post
        post("Network.enable", {}, session)
        post("Network.setCacheDisabled", {"cacheDisabled": False}, session)
        if self.conditions:
            post("Network.emulateNetworkConditions", self.conditions, session)
        if self.targets.get(session) == "page":
            post("Page.enable", {}, session)
            # Attached through the page too, a new service worker is caught before its
            # own script is fetched (the browser-wide attachment comes too late for it).
            post(
                "Target.setAutoAttach",
                {"autoAttach": True, "waitForDebuggerOnStart": True, "flatten": True},
                session,
            )
        post("Runtime.runIfWaitingForDebugger", {}, session)
        self.prepared.add(session)

    def _event(self, method: str, params: dict, session: str | None) -> None:
        if method == "Target.attachedToTarget":
            child, info = params["sessionId"], params["targetInfo"]
            if info["type"] in WATCHED:
                self.targets[child] = info["type"]
                self.target_of[child] = info["targetId"]
                self._prepare(child)
            else:  # the browser's own screens: let them run, unwatched
                self.browser.post("Runtime.runIfWaitingForDebugger", {}, child)
            return
        if not method.startswith("Network.") or session not in self.targets:
            return
        # A target attached twice (browser-wide and through its page) reports each request
        # in both sessions, under the same request id: one entry per target and request.
        key = (self.target_of[session], params.get("requestId", ""))
        with self._lock:
            if method == "Network.requestWillBeSent":
                if not params["request"]["url"].startswith(("http:", "https:")):
                    return  # data: URLs and the like never reach the network
                redirect = params.get("redirectResponse")
                if redirect and key in self.fetches:  # the same id goes on: keep the 3xx apart
                    moved = self.fetches.pop(key)
                    moved.status = redirect["status"]
                    moved.wire_bytes = redirect.get("encodedDataLength", 0)
                    moved.is_done = True
                    self.fetches[(key[0], f"{key[1]}:{moved.url}")] = moved
                request = params["request"]
                if key in self.fetches and not redirect:
                    return  # the same request, told by the target's other session
                self.fetches[key] = Fetch(
                    self.targets.get(session, "?"),
                    request["method"],
                    request["url"],
                    session=session,
                    request_id=key[1],
                )
            elif key not in self.fetches:
                return
            elif method == "Network.responseReceived":
                response = params["response"]
                fetch = self.fetches[key]
                fetch.status = response["status"]
                headers = {k.lower(): v for k, v in response.get("headers", {}).items()}
                fetch.encoding = headers.get("content-encoding", "")
                fetch.content_type = headers.get("content-type", response.get("mimeType", ""))
                fetch.detail = " ".join(
                    f"{k}={response[k]}"
                    for k in (
                        "fromServiceWorker",
                        "fromDiskCache",
                        "serviceWorkerResponseSource",
                        "encodedDataLength",
                        "protocol",
                    )
                    if k in response
                )
                if response.get("fromServiceWorker"):
                    fetch.source = "service worker"
                elif response.get("fromDiskCache") or response.get("fromPrefetchCache"):
                    fetch.source = "disk cache"
            elif method == "Network.requestServedFromCache":
                self.fetches[key].source = "memory cache"
            elif method == "Network.loadingFinished":
                fetch = self.fetches[key]
                fetch.is_done = True
                if fetch.source == "network":
                    fetch.wire_bytes = int(params.get("encodedDataLength", 0))
            elif method == "Network.loadingFailed":
                fetch = self.fetches[key]
                fetch.is_done = True
                if not params.get("canceled"):
                    fetch.source = "failed"

    def snapshot(self) -> list[Fetch]:
        with self._lock:
            return list(self.fetches.values())

    def in_flight(self) -> int:
        with self._lock:
            return sum(not f.is_done for f in self.fetches.values())

    def on_the_wire(self) -> list[Fetch]:
        return [f for f in self.snapshot() if f.source == "network" and f.wire_bytes > 0]
