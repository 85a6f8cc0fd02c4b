"""A bare Chrome DevTools Protocol client over `--remote-debugging-pipe` (no websocket, no
Playwright), so a benchmark sees every target's network events, service workers included.

Chromium reads commands from fd 3 and writes replies and events to fd 4, each message a
JSON object ended by a NUL byte.
"""

from __future__ import annotations

import fcntl
import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from typing import Any

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
]


class CDPError(RuntimeError):
    pass


class Chromium:
    """One Chromium with a fresh profile; `send` a command (optionally to a session), read
    events with `on` handlers, which run on the reader thread."""

    def __init__(self, chromium: str = CHROMIUM):
        self.profile = tempfile.mkdtemp(prefix="cdp-profile-")
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()
        # Above 4, so that moving one end onto 3 or 4 never overwrites the other.
        for low in (to_child_r, from_child_w):
            high = fcntl.fcntl(low, fcntl.F_DUPFD_CLOEXEC, 10)
            os.close(low)
            if low == to_child_r:
                to_child_r = high
            else:
                from_child_w = high

        # Chromium wants the pipe on fds 3 and 4 exactly: bash moves them there.
        wire = f'exec "$0" "$@" 3<&{to_child_r} 4>&{from_child_w}'
        self.process = subprocess.Popen(
            [
                "bash",  # dash takes one-digit descriptors only
                "-c",
                wire,
                chromium,
                *ARGS,
                "--remote-debugging-pipe",
                f"--user-data-dir={self.profile}",
            ],
            pass_fds=(to_child_r, from_child_w),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_child_r)
        os.close(from_child_w)
        self._next_id = 0
        self._lock = threading.Lock()
        self._waiting: dict[int, queue.Queue] = {}
        self._handlers: list[Callable[[str, dict, str | None], None]] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def on(self, handler: Callable[[str, dict, str | None], None]) -> None:
        """Call handler(method, params, session_id) for every event."""
        self._handlers.append(handler)

    def send(
        self,
        method: str,
        params: dict | None = None,
        session: str | None = None,
        timeout: float = 30,
    ) -> dict[str, Any]:
        with self._lock:
            self._next_id += 1
            message_id = self._next_id
            reply: queue.Queue = queue.Queue(maxsize=1)
            self._waiting[message_id] = reply
        message = {"id": message_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_child, json.dumps(message).encode() + b"\0")
        answer = reply.get(timeout=timeout)
        if "error" in answer:
            raise CDPError(f"{method}: {answer['error']}")
        return answer.get("result", {})

    def post(self, method: str, params: dict | None = None, session: str | None = None) -> None:
        """Send without waiting for the reply: a target paused until the debugger lets it run
        answers some commands only once running, yet runs them in the order sent."""
        with self._lock:
            self._next_id += 1
            message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        try:
            os.write(self._to_child, json.dumps(message).encode() + b"\0")
        except OSError:
            pass  # the browser is closing

    def _read(self) -> None:
        buffer = b""
        while True:
            try:
                chunk = os.read(self._from_child, 1 << 16)
            except OSError:
                return
            if not chunk:
                return
            buffer += chunk
            *messages, buffer = buffer.split(b"\0")
            for raw in messages:
                message = json.loads(raw)
                if "id" in message:
                    waiting = self._waiting.pop(message["id"], None)
                    if waiting:
                        waiting.put(message)
                    continue
                for handler in self._handlers:
                    handler(message["method"], message.get("params", {}), message.get("sessionId"))

    def evaluate(self, session: str, expression: str, timeout: float = 30) -> Any:
        result = self.send(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
            session,
            timeout=timeout,
        )
        if "exceptionDetails" in result:
            raise CDPError(f"{expression[:60]}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, session: str, expression: str, timeout: float = 60) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.evaluate(session, expression)
            if value:
                return value
            time.sleep(0.05)
        raise TimeoutError(f"never true within {timeout} s: {expression}")

    def close(self) -> None:
        try:
            self.send("Browser.close", timeout=5)
        except (CDPError, queue.Empty, OSError):
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        os.close(self._to_child)
        os.close(self._from_child)
        shutil.rmtree(self.profile, ignore_errors=True)
