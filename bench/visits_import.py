"""How long `survey visits import` takes and how much memory it holds, by file size.

Run: python -m bench.visits_import [--lines 10000 990000] [--runs 3]
Each size is a queue system's export with one line per quarter-hour and service over a
campaign of 365 days (Windows-1252, `;`, title lines, a «Total» line), so the day count
stays the same and only the lines grow (990,000 at most: IMPORT_MAX_ROWS is a million).
The reader streams the file and keeps one number per day, so peak memory should not grow
with the file. Sizes are run alternately
(small, large, small, large...) so machine load weighs on both alike; each run is a fresh
import (then a second, identical one: nothing changes) into a scratch SQLite instance.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from datetime import date, timedelta
from pathlib import Path

from .machine import describe, load_line
from .measure import Run, measured
from .processes import SURVEY, clean_env, survey

FIRST_DAY = date(2026, 1, 1)
DAYS = 365


def write_export(path: Path, lines: int) -> None:
    """`lines` lines of counts spread over DAYS days (services numbered per line of a day)."""
    per_day = max(1, lines // DAYS)
    with open(path, "w", encoding="cp1252", newline="") as out:
        out.write(
            "Statistiques de fréquentation;;;\r\n;;;\r\nDate;Heure;Service;Nombre de tickets\r\n"
        )
        written = 0
        for offset in range(DAYS):
            day = (FIRST_DAY + timedelta(days=offset)).strftime("%d/%m/%Y")
            for slot in range(per_day if offset < DAYS - 1 else lines - written):
                out.write(
                    f"{day};{8 + slot % 40 // 4:02d}:{slot % 4 * 15:02d};S{slot};{slot % 7}\r\n"
                )
                written += 1
        out.write(f"Total;;;{written}\r\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, nargs="+", default=[10_000, 990_000])
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    print(describe(), "|", load_line())
    with tempfile.TemporaryDirectory(prefix="bench-visits-") as folder:
        root = Path(folder)
        files = {n: root / f"export-{n}.csv" for n in options.lines}
        for lines, path in files.items():
            write_export(path, lines)
        results: dict[tuple[int, str], list[Run]] = {}
        for run in range(options.runs):
            for lines, path in files.items():
                env = clean_env(SURVEY_INSTANCE_PATH=str(root / f"i{run}-{lines}"))
                survey(env, "init")
                end = (FIRST_DAY + timedelta(days=DAYS - 1)).isoformat()
                survey(env, "campaign", "create", "annee", "--title", "Année",
                       "--opens", FIRST_DAY.isoformat(), "--closes", end)  # fmt: skip
                for step in ("first import", "same file again"):
                    done = measured([SURVEY, "visits", "import", "annee", str(path)], env,
                                    str(root / "stderr.txt"))  # fmt: skip
                    assert done.returncode == 0, (root / "stderr.txt").read_text()
                    results.setdefault((lines, step), []).append(done)
        for (lines, step), runs in sorted(results.items()):
            seconds = [r.seconds for r in runs]
            rss = max(r.peak_rss_mb for r in runs)
            size = files[lines].stat().st_size / 1024 / 1024
            print(
                f"{lines:>9,} lines ({size:5.1f} MB) {step:16} wall min {min(seconds):.2f} s "
                f"median {statistics.median(seconds):.2f} s max {max(seconds):.2f} s, "
                f"peak RSS {rss:.0f} MB"
            )
    print(load_line(), "|", SURVEY)


if __name__ == "__main__":
    main()
