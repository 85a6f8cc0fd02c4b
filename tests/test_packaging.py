"""The wheel carries everything the app reads at run time, so it works outside the checkout."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_ships_questionnaires_templates_translations_migrations_and_kiosk(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("survey_app-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = [
        "questionnaires/qualepref-accueil.yaml",
        "questionnaires/scales.yaml",
        "survey_app/templates/survey/form.html",
        "survey_app/static/survey.css",
        "survey_app/static/survey.js",  # written into the public pages at run time
        "survey_app/static/thanks.js",
        "survey_app/translations/ar/LC_MESSAGES/messages.mo",
        "survey_app/core/migrations/env.py",
        "survey_app/core/migrations/script.py.mako",
        "survey_app/core/migrations/versions/0001_initial_schema.py",
        "survey_app/cli/init.py",
        "survey_app/collect/importing/mappings/sphinx-qualepref-accueil.yaml",  # admin import
        "survey_app/help/officer-guide.md",  # the «Aide» page, from an installed wheel too
        "analysis/__init__.py",
        "analysis/report/vendor/plotly-report.min.js",  # the HTML report's plotly.js
    ]
    missing = [name for name in expected if name not in names]
    assert missing == []
    guide = zipfile.ZipFile(wheel).read("survey_app/help/officer-guide.md")
    assert guide == (ROOT / "docs" / "officer-guide.md").read_bytes()  # the file, not a link
    assert any(name.startswith("kiosk/") and name.endswith(".html") for name in names)
