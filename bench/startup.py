"""How long a `survey` command takes to start: this checkout against an earlier revision.

Run: python -m bench.startup [--against REV] [--runs 20] [-- ARGS] (default: `--help`).
The revision's survey_app/, analysis/ and questionnaires/ are extracted with `git archive`
to a temporary folder; both run with this interpreter and its packages, alternately
(old, new, old, new, …) so that machine load weighs on both alike, with bytecode written
as an installed deployment does. Prints min/median/max wall time of each side.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .machine import describe, load_line

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("survey_app", "analysis", "questionnaires", "kiosk")
RUN = "import sys; sys.argv = ['survey', *sys.argv[1:]]; from survey_app.cli import main; main()"


def _extract(revision: str, into: Path) -> None:
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", revision, *PACKAGES],
        check=True,
        capture_output=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)


def _once(tree: Path, args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", RUN, *args], cwd=tree, env=env, check=True, capture_output=True
    )
    return time.perf_counter() - started


def _summary(times: list[float]) -> str:
    return (
        f"min {min(times):.3f} s  median {statistics.median(times):.3f} s  max {max(times):.3f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", default="HEAD", help="git revision to compare with")
    parser.add_argument("--runs", type=int, default=20, help="runs of each side")
    parser.add_argument("args", nargs="*", default=["--help"], help="the command's arguments")
    options = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["SURVEY_INSTANCE_PATH"] = tempfile.mkdtemp(prefix="survey-startup-")
    print(describe(), "|", load_line())
    with tempfile.TemporaryDirectory() as folder:
        old = Path(folder)
        _extract(options.against, old)
        sides = {f"{options.against}": old, "this checkout": ROOT}
        times: dict[str, list[float]] = {name: [] for name in sides}
        for tree in sides.values():  # warm-up: bytecode written, files in the page cache
            _once(tree, options.args, env)
        for _ in range(options.runs):
            for name, tree in sides.items():
                times[name].append(_once(tree, options.args, env))
    print(f"survey {' '.join(options.args)}: {options.runs} alternating runs of each")
    for name, measured in times.items():
        print(f"  {name:>14}: {_summary(measured)}")
    print(load_line())


if __name__ == "__main__":
    main()
