"""Start and stop servers in their own process group, on a free port."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

SURVEY = str(Path(sys.executable).with_name("survey"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, log: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}:\n{log.read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server did not listen on {port} within {timeout} s:\n{log.read_text()}")


class Server:
    """A command serving HTTP on `port`; its own session so one signal reaches every worker."""

    def __init__(
        self,
        name: str,
        argv: list[str],
        env: dict[str, str],
        port: int,
        log: Path,
        cwd: Path | None = None,
    ):
        self.name, self.argv, self.env, self.port, self.log_path = name, argv, env, port, log
        self.cwd = cwd
        self.url = f"http://127.0.0.1:{port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> Server:
        self._log = open(self.log_path, "a")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            self.argv,
            env=self.env,
            cwd=self.cwd,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for_port(self.port, self.process, self.log_path)
        return self

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def kill(self) -> None:
        """SIGKILL the master and every worker at once, as a power cut or OOM kill would."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        self._log.close()

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        self._log.close()


UNLIKE_A_DEPLOYMENT = ("PYTHONDONTWRITEBYTECODE",)
"""Set in some shells and CI images: every process would compile the project's modules
again at start-up (~0.2 s for `survey`), which an installed deployment never does."""


def clean_env(**extra: str) -> dict[str, str]:
    """The current environment without any SURVEY_ setting, plus `extra`."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("SURVEY_") and k not in UNLIKE_A_DEPLOYMENT
    }
    env.update(extra)
    return env


def survey(env: dict[str, str], *args: str, timeout: float = 120) -> str:
    """Run a `survey` command; return its standard output, raise with its stderr on failure."""
    done = subprocess.run([SURVEY, *args], env=env, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"survey {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout
