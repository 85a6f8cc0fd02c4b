"""`survey import` stays under a memory ceiling and ends in bounded time whatever the file
(slow tier): the 1.8 MB workbook whose text cells unpack to 768 MB, a 5-million-row sheet
with and without its declared size, a sheet one row past the default row limit, and a dry
run over a million CSV rows. Each runs as its own `survey` process, measured by the kernel.

Ceiling: MEMORY_CEILING_MB of peak resident memory for the whole `survey` process
(Python, Flask, SQLAlchemy and openpyxl loaded: about 70 MB before reading a byte).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.app.import_samples import SHEET, STRINGS, shared_strings, sheet, workbook
from tests.app.test_import_cli import MAPPING, SAMPLE

pytestmark = pytest.mark.slow

MEMORY_CEILING_MB = 150
MEASURED = """
import atexit, sys
from survey_app.cli import main

def peak():  # VmHWM: this process's own high-water mark (ru_maxrss would count the
    # memory of the pytest worker it was forked from, kept across exec)
    status = open("/proc/self/status").read()
    print("peak-kB", status.split("VmHWM:")[1].split()[0], flush=True)

atexit.register(peak)
sys.argv = ["survey", *sys.argv[1:]]
main()
"""


@pytest.fixture
def survey_import(app, database_url, make_campaign, tmp_path):
    """Run `survey import FILE --dry-run` in a process of its own: (output, peak MB, seconds)."""
    if not database_url.startswith("sqlite"):
        pytest.skip("reading a file takes the same memory whatever the database")
    make_campaign("accueil-2024", status="closed")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SURVEY_")}
    env.update(
        SURVEY_DATABASE_URL=database_url,
        SURVEY_INSTANCE_PATH=str(tmp_path / "instance"),
        SURVEY_SECRET_KEY="x",
    )

    def run(path: Path, **settings: str) -> tuple[str, float, float]:
        args = ["import", str(path), "--campaign", "accueil-2024"]
        args += ["--mapping", str(MAPPING), "--dry-run"]
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-c", MEASURED, *args],
            env={**env, **{f"SURVEY_{k}": v for k, v in settings.items()}},
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=600,
        )  # fmt: skip
        seconds = time.monotonic() - started
        output, _, peak = done.stdout.rpartition("peak-kB ")
        print(f"{path.name}: {int(peak) / 1024:.0f} MB, {seconds:.1f} s")
        return output, int(peak) / 1024, seconds

    return run


def test_a_zip_bomb_of_768_mb_of_text_cells_is_refused_at_once(survey_import, tmp_path):
    path = workbook(tmp_path / "bomb.xlsx", {STRINGS: shared_strings(768 * 1024 * 1024)})
    assert path.stat().st_size < 2 * 1024 * 1024
    output, peak_mb, seconds = survey_import(path)
    assert f"{path}: refused: unpacks to 768 MB, more than 100 MB" in output
    assert peak_mb < MEMORY_CEILING_MB and seconds < 30, (peak_mb, seconds)


def test_a_five_million_row_workbook_is_refused_at_once(survey_import, tmp_path):
    # Its sheet declares no size (it would be refused on that: test_import_limits.py).
    path = workbook(tmp_path / "rows.xlsx", {SHEET: sheet(5_000_000)})
    assert path.stat().st_size < 2 * 1024 * 1024
    output, peak_mb, seconds = survey_import(path)
    assert f"{path}: refused: unpacks to 124 MB, more than 100 MB" in output
    assert peak_mb < MEMORY_CEILING_MB and seconds < 30, (peak_mb, seconds)


def test_a_sheet_hiding_its_size_is_refused_one_row_past_the_limit(survey_import, tmp_path):
    # openpyxl reads about 6,000 rows a second here: a limit of 200,000 keeps this short;
    # the default million takes three minutes, in the same memory.
    path = workbook(tmp_path / "rows.xlsx", {SHEET: sheet(200_001)})
    output, peak_mb, seconds = survey_import(path, IMPORT_MAX_ROWS="200000")
    assert f"{path}: refused: more than 200,000 rows (IMPORT_MAX_ROWS)" in output
    assert peak_mb < MEMORY_CEILING_MB and seconds < 120, (peak_mb, seconds)


def test_a_million_row_csv_dry_run_stays_under_the_ceiling(survey_import, tmp_path):
    header = SAMPLE.read_bytes().decode("cp1252").splitlines()[0]
    blank = (" " * 8 + ";") * header.count(";") + "\n"  # rows left blank: skipped, as usual
    path = tmp_path / "million.csv"
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(header + "\n")
        for _ in range(100):  # a million lines, the header included (IMPORT_MAX_ROWS)
            handle.write(blank * (10_000 if _ else 9_999))
    assert path.stat().st_size > 100 * 1024 * 1024  # several times the ceiling if read whole
    output, peak_mb, seconds = survey_import(path)
    # Read to the end (a million blank rows, every one skipped), then refused as empty.
    assert "no responses to import: the file has a header but no rows under it" in output
    assert peak_mb < MEMORY_CEILING_MB and seconds < 300, (peak_mb, seconds)
