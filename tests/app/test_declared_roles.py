"""Questionnaire roles (reason for the visit, overall item, satisfied and «sans avis» options
and their names in the report) come from the questionnaire, never from its keys: a renamed
copy of the bundled questionnaire, and a version frozen before roles were declared, report
exactly as the bundled questionnaire does. Real app, SQLite and PostgreSQL, responses
recorded through the write path, some folded and some not."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from sqlalchemy import select

from analysis.report import TEXT_FORMATS
from questionnaires import bundled_path, load_questionnaire
from survey_app.core.db import db
from survey_app.core.models import Answer, CampaignVisits, QuestionnaireVersion
from tests.app.folding_helpers import fold_apart
from tests.app.roles_helpers import (
    original_names,
    random_responses,
    record_all,
    write_renamed_copy,
)

BEFORE_ROLES = Path(__file__).parent / "samples" / "qualepref-accueil-frozen-before-roles.json"
"""The bundled questionnaire as frozen into a version before roles were declared."""
RATE_DEFINITION = (
    "Taux de satisfaction = avis « très satisfait » et « satisfait » divisés par les "
    "avis exprimés (les « sans avis » ne sont pas comptés)."
)


def surveyed(make_campaign, slug, questionnaire, responses, renamed=False, version=None):
    """A campaign that collected `responses` (the first half folded), then closed."""
    campaign = make_campaign(slug, questionnaire=questionnaire, title=f"Enquête {slug[1:5]}")
    if version is not None:
        campaign.questionnaire_version = version
        db.session.commit()
    half = len(responses) // 2
    record_all(campaign, responses[:half], renamed)
    fold_apart(campaign.id)
    record_all(campaign, responses[half:], renamed)
    campaign.opens_on, campaign.closes_on = date(2026, 1, 5), date(2026, 3, 6)
    db.session.add(CampaignVisits(campaign_id=campaign.id, channel="kiosk", visits=412))
    db.session.commit()
    return campaign


def reports(run, slug: str, previous: str) -> dict[str, str]:
    outputs = {}
    for fmt in TEXT_FORMATS:
        result = run("report", "--campaign", slug, "--compare", previous, "--format", fmt)
        assert result.exit_code == 0, result.output
        outputs[fmt] = result.stdout
    return outputs


def without_engagements(outputs: dict[str, str]) -> dict[str, str]:
    """The reports without what says which engagement an item serves."""
    data = json.loads(outputs["json"])
    del data["engagements"], data["text"]["engagements"]
    for item in data["items"]:
        del item["engagement"]
    csv_rows = [line.split(",") for line in outputs["csv"].splitlines()]
    column = csv_rows[0].index("engagement")
    return {
        **{
            fmt: "\n".join(line for line in outputs[fmt].splitlines() if "Engagement " not in line)
            for fmt in ("text", "markdown")
        },
        "json": json.dumps(data, sort_keys=True),
        "csv": "\n".join(",".join(r[:column] + r[column + 1 :]) for r in csv_rows),
    }


def test_renamed_keys_and_values_give_the_same_report_figure_for_figure(
    run, make_campaign, tmp_path
):
    bundled = load_questionnaire(bundled_path())
    path, names = write_renamed_copy(tmp_path)
    renamed = load_questionnaire(path)
    this_year, last_year = random_responses(bundled, 160, 1), random_responses(bundled, 90, 2)
    for suffix, questionnaire in (("", bundled), ("-r", renamed)):
        is_renamed = questionnaire is renamed
        surveyed(make_campaign, f"a2025{suffix}", questionnaire, last_year, is_renamed)
        surveyed(make_campaign, f"a2026{suffix}", questionnaire, this_year, is_renamed)

    expected = reports(run, "a2026", "a2025")
    got = reports(run, "a2026-r", "a2025-r")

    assert '"dimension": "motif_r"' in got["json"]  # the renamed keys are what is reported
    for fmt in TEXT_FORMATS:
        assert original_names(got[fmt], names) == expected[fmt], fmt
    # Every role shows in the report compared: the breakdown by reason, the overall
    # sentence and the split named by the scale.
    text = expected["text"]
    assert "Satisfaction globale selon la réponse à «\u00a0Quel est le motif" in text
    assert "très satisfaits et " in text and "Taux de satisfaction global\u00a0:" in text
    breakdowns = {b["dimension"] for b in json.loads(expected["json"])["breakdowns"]}
    assert breakdowns == {"channel", "lang", "motif"}


def test_the_reason_column_follows_the_declared_reason_item(app_ctx, make_campaign, tmp_path):
    path, _ = write_renamed_copy(tmp_path)
    campaign = make_campaign("renamed", questionnaire=load_questionnaire(path))
    responses = random_responses(load_questionnaire(bundled_path()), 40, 3)
    record_all(campaign, responses, renamed=True)
    stored = db.session.scalars(
        select(Answer.reason).where(
            Answer.campaign_id == campaign.id, Answer.item_key == "profil_r"
        )
    )
    assert sorted(stored, key=str) == sorted(
        (f"{r['answers']['motif']}_r" if "motif" in r["answers"] else None for r in responses),
        key=str,
    )


def frozen_before_roles() -> QuestionnaireVersion:
    """The version a deployment stored before roles were declared, as stored then."""
    content = json.loads(BEFORE_ROLES.read_text(encoding="utf-8"))
    version = QuestionnaireVersion(
        key=content["key"], version=1, content_hash="before-roles", content=content
    )
    db.session.add(version)
    db.session.commit()
    return version


def test_a_version_frozen_before_roles_reports_as_the_bundled_questionnaire(run, make_campaign):
    old = frozen_before_roles()
    bundled = load_questionnaire(bundled_path())
    this_year, last_year = random_responses(bundled, 120, 4), random_responses(bundled, 60, 5)
    for suffix, version in (("", None), ("-v1", old)):
        surveyed(make_campaign, f"a2025{suffix}", bundled, last_year, version=version)
        campaign = surveyed(make_campaign, f"a2026{suffix}", bundled, this_year, version=version)
    assert campaign.questionnaire_version is old
    # the bundled file has named (and renumbered) its engagements since: all else is equal
    old_reports = without_engagements(reports(run, "a2026-v1", "a2025-v1"))
    assert old_reports == without_engagements(reports(run, "a2026", "a2025"))
    stored = db.session.scalars(
        select(Answer.reason).where(Answer.campaign_id == campaign.id, Answer.item_key == "profil")
    )
    assert sorted(stored, key=str) == sorted(
        (r["answers"].get("motif") for r in this_year), key=str
    )


def test_public_results_page_defines_the_rate_from_the_declared_options(
    client, make_campaign, tmp_path
):
    path, _ = write_renamed_copy(tmp_path)
    bundled = load_questionnaire(bundled_path())
    old = frozen_before_roles()
    pages = []
    for slug, questionnaire, version in (
        ("a2026", bundled, None),
        ("a2026-r", load_questionnaire(path), None),
        ("a2026-v1", bundled, old),
    ):
        campaign = surveyed(
            make_campaign, slug, questionnaire, random_responses(bundled, 40, 6),
            renamed=slug.endswith("-r"), version=version,
        )  # fmt: skip
        campaign.is_published = True
        db.session.commit()
        page = client.get("/resultats")
        assert page.status_code == 200
        pages.append(page.get_data(as_text=True))
        campaign.is_published = False
        db.session.commit()
    assert RATE_DEFINITION in pages[0]
    assert pages[1] == pages[0]
    assert pages[2] == pages[0]


def test_upgrading_to_declared_roles_offers_no_new_version_to_old_campaigns(make_campaign):
    """The upgrade that added the declarations is no change of questionnaire: a campaign
    frozen from the same file before it is not told «Le fichier du questionnaire a changé»."""
    import copy

    from survey_app.web.admin.campaigns import newer_version

    bundled = load_questionnaire(bundled_path())
    before = copy.deepcopy(bundled.source)  # the same file, frozen before roles existed
    del before["format"]
    for item in before["items"]:
        item.pop("reason", None)
    for scale in before["scales"].values():
        for option in scale["options"]:
            option.pop("report_phrase", None)
    campaign = make_campaign("a2026-v1", questionnaire=bundled)
    campaign.questionnaire_version = QuestionnaireVersion(
        key=before["key"], version=8, content_hash="same-file-before-roles", content=before
    )
    db.session.commit()
    assert newer_version(campaign) is None
    before["title"] = {**before["title"], "fr": "Une version plus ancienne"}
    campaign.questionnaire_version = QuestionnaireVersion(
        key=before["key"], version=9, content_hash="older", content=before
    )
    db.session.commit()
    assert newer_version(campaign) is not None
