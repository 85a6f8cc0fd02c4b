"""Settings: declared once, read from env and the instance file, bad values named."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from survey_app.core.settings import SETTINGS, ConfigError, load_settings

ROOT = Path(__file__).resolve().parents[2]


def test_defaults_apply_without_any_configuration(tmp_path):
    values = load_settings(tmp_path, environ={})
    assert values["PORT"] == 8000 and values["HOST"] == "127.0.0.1"
    assert values["SQLITE_SYNCHRONOUS"] == "FULL"


def test_environment_overrides_the_instance_file(tmp_path):
    (tmp_path / "survey.toml").write_text('port = 9000\nhost = "0.0.0.0"\n')
    values = load_settings(tmp_path, environ={"SURVEY_PORT": "9100"})
    assert values["PORT"] == 9100
    assert values["HOST"] == "0.0.0.0"


@pytest.mark.parametrize(
    "name,value,message",
    [
        ("SURVEY_PORT", "abc", "SURVEY_PORT: expected a whole number, got 'abc'"),
        ("SURVEY_PORT", "70000", "SURVEY_PORT: expected a number from 1 to 65535, got 70000"),
        ("SURVEY_TIMEZONE", "Mars/Olympus", "SURVEY_TIMEZONE: unknown time zone 'Mars/Olympus'"),
        ("SURVEY_DATABASE_URL", "mysql://x", "SURVEY_DATABASE_URL: expected a sqlite://"),
        ("SURVEY_SECURE_COOKIES", "maybe", "SURVEY_SECURE_COOKIES: expected true or false"),
        ("SURVEY_CONTACT_EMAIL", "accueil", "SURVEY_CONTACT_EMAIL: expected an e-mail address"),
        (
            "SURVEY_ACCESSIBILITY_STATUS",
            "oui",
            "SURVEY_ACCESSIBILITY_STATUS: expected none, partial",
        ),
    ],
)
def test_bad_value_stops_with_one_line_naming_the_setting(tmp_path, name, value, message):
    with pytest.raises(ConfigError) as caught:
        load_settings(tmp_path, environ={name: value})
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_unknown_key_in_the_instance_file_is_named(tmp_path):
    (tmp_path / "survey.toml").write_text("prot = 9000\n")
    with pytest.raises(ConfigError, match=r"survey.toml: unknown setting 'prot'"):
        load_settings(tmp_path, environ={})


def test_cli_refuses_to_start_on_a_bad_setting_with_one_line(tmp_path, monkeypatch, capsys):
    from survey_app.cli import main

    monkeypatch.setenv("SURVEY_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("SURVEY_PORT", "eighty")
    monkeypatch.setattr("sys.argv", ["survey", "campaign", "list"])
    with pytest.raises(SystemExit) as caught:
        main()
    assert caught.value.code == 2
    err = capsys.readouterr().err.strip()
    assert err == "survey: cannot start: SURVEY_PORT: expected a whole number, got 'eighty'"


def test_every_setting_has_help_and_is_documented():
    readme = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    for setting in SETTINGS:
        assert setting.help.strip()
        assert re.search(rf"`SURVEY_{setting.name}`", readme), f"SURVEY_{setting.name} undocumented"


def test_app_refuses_to_start_on_an_invalid_bundled_questionnaire(tmp_path, monkeypatch):
    from questionnaires import QuestionnaireError
    from survey_app import create_app
    from survey_app.core import catalog

    broken = tmp_path / "q"
    broken.mkdir()
    (broken / "broken.yaml").write_text("key: [\n")
    monkeypatch.setattr(catalog, "bundled_dir", lambda: broken)
    monkeypatch.setenv("SURVEY_INSTANCE_PATH", str(tmp_path / "instance"))
    with pytest.raises(QuestionnaireError, match="broken.yaml: line"):
        create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/x.db"})
