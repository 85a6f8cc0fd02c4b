"""`survey --help` starts light: it lists every command without importing them, Flask or
the database layer; a real command still finds its app."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys

from survey_app.cli import COMMANDS

HEAVY = ("flask", "sqlalchemy", "plotly", "openpyxl", "alembic", "yaml", "questionnaires")
PROBE = """
import atexit, json, sys
atexit.register(lambda: print("MODULES " + json.dumps(sorted(sys.modules))))
sys.argv = ["survey", *sys.argv[1:]]
from survey_app.cli import main
main()
"""


def _survey(*args: str, instance) -> subprocess.CompletedProcess:
    env = {**os.environ, "SURVEY_INSTANCE_PATH": str(instance)}
    return subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env, timeout=60
    )


def _loaded(output: str) -> set[str]:
    line = next(line for line in output.splitlines() if line.startswith("MODULES "))
    return set(json.loads(line.removeprefix("MODULES ")))


def test_survey_help_lists_every_command_without_importing_the_heavy_modules(tmp_path):
    result = _survey("--help", instance=tmp_path)
    assert result.returncode == 0, result.stderr
    for name in COMMANDS:
        assert f"  {name} " in result.stdout
    loaded = _loaded(result.stdout)
    assert [m for m in HEAVY if m in loaded] == []
    assert not any(m.startswith("survey_app.cli.") for m in loaded)  # no command module


def test_the_listed_help_is_each_commands_own():
    for name, (module, attribute, summary) in COMMANDS.items():
        command = getattr(importlib.import_module(f"survey_app.cli.{module}"), attribute)
        assert command.get_short_help_str(10_000) == summary, name


def test_a_command_run_from_the_shell_still_builds_its_app(tmp_path):
    result = _survey("questionnaire", "--help", instance=tmp_path)
    assert result.returncode == 0 and "Questionnaire files." in result.stdout
    assert _survey("init", "--demo", instance=tmp_path).returncode == 0
    listed = _survey("campaign", "list", instance=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert "accueil" in listed.stdout and "flask" in _loaded(listed.stdout)


SURVEY = "from survey_app.cli import main; main()"


def test_a_command_on_a_database_never_initialised_says_to_run_init(database_url, tmp_path):
    env = {**os.environ, "SURVEY_INSTANCE_PATH": str(tmp_path), "SURVEY_DATABASE_URL": database_url}
    for command in (["campaign", "list"], ["user", "list"], ["report", "--campaign", "accueil"]):
        done = subprocess.run(
            [sys.executable, "-c", SURVEY, *command],
            capture_output=True, text=True, env=env, timeout=60,
        )  # fmt: skip
        assert done.returncode == 2, (command, done.stderr)
        assert "Traceback" not in done.stderr
        assert "the database is not set up or not up to date" in done.stderr
        assert "run `survey init` first" in done.stderr


def test_a_command_on_a_database_that_does_not_answer_names_the_setting(tmp_path):
    env = {
        **os.environ,
        "SURVEY_INSTANCE_PATH": str(tmp_path),
        "SURVEY_DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=2",
    }
    done = subprocess.run(
        [sys.executable, "-c", SURVEY, "campaign", "list"],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "cannot reach the database" in done.stderr and "SURVEY_DATABASE_URL" in done.stderr


def test_the_report_command_starts_its_drawing_process_before_the_heavy_imports():
    """`survey report` loads click and its options only before it starts the process that
    draws a DOCX or PDF's charts, which imports matplotlib meanwhile on the other core."""
    probe = "import json, sys, survey_app.cli.report; print(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    loaded = set(json.loads(done.stdout))
    assert [m for m in ("sqlalchemy", "matplotlib", "fpdf", "docx") if m in loaded] == []


DRAWING_PROBE = """
import atexit, json, sys
import analysis.report.chart_process as chart_process
started, start = [], chart_process.ChartProcess.__init__
heavy = ("flask", "sqlalchemy", "analysis.report.model")
def spy(self):
    started.append(sorted(m for m in heavy if m in sys.modules))
    start(self)
chart_process.ChartProcess.__init__ = spy
atexit.register(lambda: print("STARTED " + json.dumps(started)))
sys.argv = ["survey", *sys.argv[1:]]
from survey_app.cli import main
main()
"""


def test_a_docx_or_pdf_report_starts_drawing_before_flask_and_the_database_layer_load(tmp_path):
    env = {**os.environ, "SURVEY_INSTANCE_PATH": str(tmp_path)}
    assert _survey("init", "--demo", instance=tmp_path).returncode == 0

    def started(*args: str) -> list:
        done = subprocess.run(
            [sys.executable, "-c", DRAWING_PROBE, "report", "--campaign", "accueil", *args],
            capture_output=True, text=True, env=env, timeout=120,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        line = next(line for line in done.stdout.splitlines() if line.startswith("STARTED "))
        return json.loads(line.removeprefix("STARTED "))

    pdf, docx = tmp_path / "bilan.pdf", tmp_path / "bilan.docx"
    assert started("--format", "pdf", "--output", str(pdf)) == [[]]  # nothing heavy yet
    assert started("--output", str(docx), "--format=docx") == [[]]
    assert pdf.stat().st_size and docx.stat().st_size
    assert started("--format", "docx", "--no-charts", "--output", str(docx)) == []
    assert started("--format", "csv") == []
