"""A real `survey serve` for fault tests: own instance folder, own process group, any database.

Killing the process group with SIGKILL takes down the gunicorn master and every
worker at once, the way a power cut or the OOM killer would.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

SURVEY = str(Path(sys.executable).with_name("survey"))
API_PATH = "/api/v1/campaigns/accueil/responses"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SurveyServer:
    def __init__(self, instance: Path, database_url: str, workers: int = 2):
        self.instance = instance
        self.port = free_port()
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("SURVEY_")},
            "SURVEY_INSTANCE_PATH": str(instance),
            "SURVEY_RATELIMIT_ENABLED": "false",  # 8 clients from one address, on purpose
            "SURVEY_DATABASE_URL": database_url,
            "SURVEY_PORT": str(self.port),
            "SURVEY_WORKERS": str(workers),
            "SURVEY_SECRET_KEY": "fault-tests",
        }
        self.process: subprocess.Popen | None = None
        self.log_path = instance / "server.log"

    def cli(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [SURVEY, *args], env=self.env, capture_output=True, text=True, timeout=timeout
        )
        assert done.returncode == 0, done.stderr
        return done

    def start(self) -> None:
        with open(self.log_path, "a") as log:
            self.process = subprocess.Popen(
                [SURVEY, "serve"], env=self.env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log_path.read_text()
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.05)
        raise AssertionError(f"survey serve did not listen:\n{self.log_path.read_text()}")

    def kill(self) -> None:
        """SIGKILL the master and all its workers at once."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def post(self, body: dict, timeout: float = 30) -> tuple[int, str]:
        """POST one response to the API; return (status, body text). Raises OSError if cut."""
        status, _, text = self.request(API_PATH, body, timeout=timeout)
        return status, text

    def request(
        self, path: str, body: dict, token: str | None = None, timeout: float = 30
    ) -> tuple[int, http.client.HTTPMessage, str]:
        """POST JSON (with a bearer token if given); return (status, headers, body text)."""
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request("POST", path, json.dumps(body), headers)
            reply = connection.getresponse()
            return reply.status, reply.headers, reply.read().decode("utf-8", "replace")
        finally:
            connection.close()

    def log(self) -> str:
        return self.log_path.read_text() if self.log_path.exists() else ""
