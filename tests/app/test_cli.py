"""The `survey` command, run with click's CliRunner inside the test app."""

from __future__ import annotations

import csv
import io
import json
import uuid

import pytest
from flask.cli import ScriptInfo
from sqlalchemy import select

from questionnaires import bundled_path
from survey_app.cli import cli
from survey_app.collect.recording import record_response
from survey_app.core.db import db
from survey_app.core.models import Campaign, User
from tests.helpers import valid_answers


@pytest.fixture
def run(app):
    runner = app.test_cli_runner(mix_stderr=False) if _has_mix_stderr() else app.test_cli_runner()

    def invoke(*args):
        return runner.invoke(cli, list(args), obj=ScriptInfo(create_app=lambda: app))

    return invoke


def _has_mix_stderr() -> bool:
    import inspect

    from click.testing import CliRunner

    return "mix_stderr" in inspect.signature(CliRunner.__init__).parameters


def test_init_creates_the_schema_the_demo_campaign_and_one_admin(run, app):
    result = run("init", "--demo")
    assert result.exit_code == 0, result.output
    assert "password:" in result.output
    again = run("init", "--demo")
    assert again.exit_code == 0
    assert "password:" not in again.output  # printed once only
    with app.app_context():
        assert [c.slug for c in db.session.scalars(select(Campaign))] == ["accueil"]
        assert db.session.scalars(select(User.role)).all() == ["admin"]


def test_questionnaire_check_accepts_the_bundled_file(run):
    result = run("questionnaire", "check", str(bundled_path()))
    assert result.exit_code == 0
    assert "ok: qualepref-accueil" in result.output


def test_questionnaire_check_prints_every_error_and_exits_non_zero(run, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        bundled_path()
        .read_text(encoding="utf-8")
        .replace("scale: satisfaction", "scale: stars", 1),
        encoding="utf-8",
    )
    bad_yaml = tmp_path / "bad.yaml"
    bad_yaml.write_text("key: x\nitems: [\n", encoding="utf-8")
    result = run("questionnaire", "check", str(broken), str(bad_yaml))
    assert result.exit_code == 1
    assert f"{broken}: items[2].scale: unknown scale 'stars'" in result.stderr
    assert f"{bad_yaml}: line 3" in result.stderr


def test_campaign_create_list_open_close(run, app):
    created = run(
        "campaign",
        "create",
        "bilan-2026",
        "--title",
        "Bilan 2026",
        "--opens",
        "2026-01-05",
        "--closes",
        "2026-12-20",
    )
    assert created.exit_code == 0, created.output
    assert "draft" in created.output
    assert "bilan-2026" in run("campaign", "list").output
    assert run("campaign", "open", "bilan-2026").exit_code == 0
    with app.app_context():
        assert db.session.scalar(select(Campaign.status).filter_by(slug="bilan-2026")) == "open"
    assert "closed" in run("campaign", "close", "bilan-2026").output


def test_campaign_create_refuses_a_duplicate_slug_and_bad_dates(run):
    assert run("campaign", "create", "c1", "--title", "T").exit_code == 0
    duplicate = run("campaign", "create", "c1", "--title", "T")
    assert duplicate.exit_code == 1
    assert "already exists" in duplicate.stderr
    dates = run(
        "campaign",
        "create",
        "c2",
        "--title",
        "T",
        "--opens",
        "2026-05-01",
        "--closes",
        "2026-04-01",
    )
    assert dates.exit_code == 1
    assert "closing date is before the opening date" in dates.stderr


def test_campaign_open_of_unknown_slug_is_a_clear_error(run, app_ctx):
    result = run("campaign", "open", "nope")
    assert result.exit_code == 1
    assert "no campaign 'nope'" in result.stderr


def _record(campaign, **answers):
    response, _ = record_response(
        db.session,
        campaign,
        response_id=str(uuid.uuid4()),
        channel="web",
        lang="fr",
        answers=valid_answers(**answers),
    )
    db.session.commit()
    return response


def test_export_csv_has_one_row_per_response_and_one_column_per_item(run, campaign):
    first = _record(campaign)
    second = _record(campaign, commentaire=None, appel_prealable="non", info_telephone=None)
    result = run("export", "--campaign", campaign.slug, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["response_id"] for r in rows} == {first.id, second.id}
    assert "courtoisie" in rows[0] and "commentaire" in rows[0]
    by_id = {r["response_id"]: r for r in rows}
    assert by_id[first.id]["commentaire"] == "Accueil très aimable."
    assert by_id[second.id]["info_telephone"] == ""


def test_export_neutralises_cells_that_a_spreadsheet_would_run(run, campaign):
    payloads = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]
    for payload in payloads:
        _record(campaign, commentaire="x" + payload)  # stored as typed (leading x)
    # the write path strips surrounding whitespace, so tab/CR only lead after the strip
    for payload in payloads[:4]:
        _record(campaign, commentaire=payload)
    result = run("export", "--campaign", campaign.slug)
    comments = [r["commentaire"] for r in csv.DictReader(io.StringIO(result.stdout))]
    for payload in payloads[:4]:
        assert "'" + payload in comments
        assert payload not in comments
    assert 'x=HYPERLINK("http://x")' in comments  # ordinary text is untouched


def test_export_neutralisation_covers_tab_and_carriage_return():
    from analysis.formulas import neutralise

    for prefix in ("=", "+", "-", "@", "\t", "\r"):
        assert neutralise(prefix + "1") == "'" + prefix + "1"
    assert neutralise("Très bien") == "Très bien"


def test_export_json_to_a_file_reports_progress(run, campaign, tmp_path):
    _record(campaign)
    output = tmp_path / "out.json"
    result = run("export", "--campaign", campaign.slug, "--format", "json", "--output", str(output))
    assert result.exit_code == 0, result.stderr
    data = json.loads(output.read_text(encoding="utf-8"))
    assert data[0]["answers"]["courtoisie"] == "tres_satisfait"
    assert "Wrote 1 responses" in result.stderr


def test_export_of_unknown_campaign_is_a_clear_error(run, app_ctx):
    result = run("export", "--campaign", "nope")
    assert result.exit_code == 1
    assert "no campaign 'nope'" in result.stderr


def test_export_masks_contact_details_and_applies_the_officers_redaction(run, campaign):
    from survey_app.core.models import CommentReview

    masked = _record(campaign, commentaire="Écrivez à jean.dupont@example.org ou 06 12 34 56 78")
    redacted = _record(campaign, commentaire="Mon nom est Jean Dupont, dossier en retard")
    db.session.add(
        CommentReview(
            response_id=redacted.id,
            item_key="commentaire",
            redacted_text="Mon nom est [nom masqué], dossier en retard",
        )
    )
    db.session.commit()
    rows = {
        r["response_id"]: r
        for r in csv.DictReader(io.StringIO(run("export", "--campaign", campaign.slug).stdout))
    }
    assert rows[masked.id]["commentaire"] == ("Écrivez à [courriel masqué] ou [téléphone masqué]")
    assert rows[redacted.id]["commentaire"] == "Mon nom est [nom masqué], dossier en retard"


def test_commands_run_with_the_garbage_collector_on_after_start_up(tmp_path, monkeypatch):
    """`survey` starts with the collector off (nothing loading is garbage); building the app
    turns it back on, so `survey serve` workers and long exports collect as usual."""
    import gc

    from survey_app import cli as cli_module

    monkeypatch.setenv("SURVEY_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("SURVEY_SECRET_KEY", "x")
    monkeypatch.delenv("SURVEY_DATABASE_URL", raising=False)
    gc.disable()
    try:
        cli_module._create_app()
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.enable()
