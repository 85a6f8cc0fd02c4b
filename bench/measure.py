"""Run a command as a child process and measure its wall time and peak memory (RSS)."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass

# ru_maxrss survives exec: a child forked from this (large) process would report at least
# our own RSS. A bare `python -S` (a few MB) forks the command and reports its peak instead.
_WRAPPER = """import os, sys
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as out:
    out.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


@dataclass
class Run:
    seconds: float
    peak_rss_mb: float
    returncode: int


def measured(argv: list[str], env: dict[str, str], stderr_path: str) -> Run:
    """Wall time and peak RSS (ru_maxrss of that one process) of a command."""
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss, open(stderr_path, "w") as err:
        began = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-S", "-c", _WRAPPER, rss.name, *argv],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
        seconds = time.perf_counter() - began
        peak_kb = int(rss.read() or 0)
    return Run(seconds, peak_kb / 1024, done.returncode)


def same_file(a: str, b: str, chunk: int = 1 << 20) -> bool:
    with open(a, "rb") as left, open(b, "rb") as right:
        while True:
            x, y = left.read(chunk), right.read(chunk)
            if x != y:
                return False
            if not x:
                return True
