"""Answers that break a questionnaire rule: kept apart on paper and in imports, refused live.

The same answers (a required question left blank, the telephone rated after «Non» to «avez-
vous appelé ?») go through every channel: the web form, the tablet and the JSON API refuse
them as before; a paper form is stored as filled in, the two answers kept apart, shown on the
entry page and in the exports, and not counted.
"""

from __future__ import annotations

import csv
import io
import json
import uuid

import pytest
from sqlalchemy import func, select

from survey_app.collect.recording import InvalidResponse, record_response
from survey_app.core.db import db
from survey_app.core.models import Answer, KeptApartAnswer, Response
from survey_app.counts.reading import campaign_tally
from tests.app.admin_helpers import post
from tests.helpers import valid_answers

BROKEN = valid_answers(profil=None, appel_prealable="non", info_telephone="tres_satisfait")
# The paper entry's codes: appel_prealable 2 = non, info_telephone 1 = très satisfait.
PAPER = {"motif": "2", "courtoisie": "2", "appel_prealable": "2", "info_telephone": "1"}


def _responses(campaign, channel) -> int:
    db.session.rollback()
    query = select(func.count()).select_from(Response)
    return db.session.scalar(query.filter_by(campaign_id=campaign.id, channel=channel))


@pytest.mark.parametrize("channel", ["web", "kiosk"])
def test_live_channels_still_refuse_what_paper_keeps_apart(campaign, channel):
    with pytest.raises(InvalidResponse) as refused:
        record_response(db.session, campaign, response_id=str(uuid.uuid4()), channel=channel,
                        lang="fr", answers=BROKEN)  # fmt: skip
    assert {(e.item, e.code) for e in refused.value.errors} == {
        ("profil", "required"),
        ("info_telephone", "hidden"),
    }
    db.session.rollback()
    assert _responses(campaign, channel) == 0


def test_the_json_api_refuses_them_with_422(client, campaign):
    body = {"id": str(uuid.uuid4()), "channel": "web", "lang": "fr", "answers": BROKEN}
    reply = client.post(f"/api/v1/campaigns/{campaign.slug}/responses", json=body)
    assert reply.status_code == 422
    codes = {(e["field"], e["code"]) for e in reply.get_json()["errors"]}
    assert codes == {("profil", "required"), ("info_telephone", "hidden")}
    assert _responses(campaign, "web") == 0


def _alpha_tally(app):
    from survey_app.core.models import Campaign

    with app.app_context():
        alpha = db.session.scalars(select(Campaign).filter_by(slug="alpha")).one()
        return campaign_tally(db.session, alpha)


def test_a_paper_form_is_stored_as_filled_in_with_its_rule_breaking_answers_kept_apart(
    app, world, officer
):
    before = _alpha_tally(app)
    url = "/admin/campaigns/alpha/paper"
    reply = post(officer, url, PAPER, token_from=url)
    assert reply.status_code == 303
    page = officer.get(url).get_data(as_text=True)
    assert "2 réponses mises à part" in page  # the flash after saving
    assert "Mis à part : Vous êtes — question obligatoire sans réponse" in page  # the day's list
    assert (
        "Mis à part : La qualité de l&#39;information donnée par téléphone — ne se posait pas, "
        "« Très satisfait » non compté"
    ) in page
    with app.app_context():
        response = db.session.scalars(
            select(Response).filter_by(channel="paper", entered_by_id=world["staff"]["officer_a"])
            .where(Response.id != world["paper_id"])
        ).one()  # fmt: skip
        answers = dict(
            db.session.execute(
                select(Answer.item_key, Answer.value).filter_by(response_id=response.id)
            ).all()
        )
        assert answers == {"motif": answers["motif"], "courtoisie": "satisfait",
                           "appel_prealable": "non"}  # fmt: skip
        kept = db.session.execute(
            select(KeptApartAnswer.item_key, KeptApartAnswer.code, KeptApartAnswer.value)
            .filter_by(response_id=response.id)
            .order_by(KeptApartAnswer.item_key)
        ).all()
        assert kept == [
            ("info_telephone", "hidden", "tres_satisfait"),
            ("profil", "required", None),
        ]
    after = _alpha_tally(app)
    # Counted as a paper response; the rating kept apart and the blank profil are in no count.
    assert after.responses_by_channel["paper"] == before.responses_by_channel["paper"] + 1
    assert after.counts_for("info_telephone") == before.counts_for("info_telephone")
    assert after.counts_for("profil") == before.counts_for("profil")
    assert after.count("courtoisie", "satisfait") == before.count("courtoisie", "satisfait") + 1
    assert after.kept_apart == {"hidden": 1, "required": 1}
    # A correction shows what was typed, the kept-apart answer included.
    edit = officer.get(f"/admin/paper/{response.id}/edit").get_data(as_text=True)
    assert 'name="info_telephone" value="1"' in edit
    # Answering the call question «Oui» in the correction counts the rating after all.
    reply = post(officer, f"/admin/paper/{response.id}/edit",
                 {**PAPER, "appel_prealable": "1", "profil": "1"}, token_from=url)  # fmt: skip
    assert reply.status_code == 303
    corrected = _alpha_tally(app)
    assert corrected.kept_apart == {}
    assert corrected.count("info_telephone", "tres_satisfait") == (
        before.count("info_telephone", "tres_satisfait") + 1
    )


def test_exports_show_the_answers_kept_apart(campaign, run, tmp_path):
    record_response(db.session, campaign, response_id=str(uuid.uuid4()), channel="paper",
                    lang="fr", answers=BROKEN, is_tolerant=True)  # fmt: skip
    record_response(db.session, campaign, response_id=str(uuid.uuid4()), channel="web",
                    lang="fr", answers=valid_answers())  # fmt: skip
    db.session.commit()
    out = tmp_path / "reponses.csv"
    assert run("export", "--campaign", campaign.slug, "--output", out).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    by_channel = {row["channel"]: row for row in rows}
    assert by_channel["paper"]["info_telephone"] == "" and by_channel["paper"]["profil"] == ""
    assert by_channel["paper"]["kept_apart"] == (
        "info_telephone = tres_satisfait (question qui ne se posait pas, non comptée) ; "
        "profil\u00a0: obligatoire, sans réponse"
    )
    assert by_channel["web"]["kept_apart"] == ""
    result = run("export", "--campaign", campaign.slug, "--format", "json")
    records = {r["channel"]: r for r in json.loads(result.stdout)}
    assert records["paper"]["kept_apart"] == {
        "info_telephone": {"rule": "hidden", "value": "tres_satisfait"},
        "profil": {"rule": "required", "value": None},
    }
    assert "kept_apart" not in records["web"]


def test_purge_comments_also_erases_free_text_kept_apart(campaign, run):
    from datetime import datetime

    response, _ = record_response(
        db.session, campaign, response_id=str(uuid.uuid4()), channel="paper", lang="fr",
        answers=BROKEN, is_tolerant=True, collected_at=datetime(2020, 1, 6, 10), historical=True,
    )  # fmt: skip
    # A comment a show_if hid (no bundled item is like that: written as the write path would).
    db.session.add(
        KeptApartAnswer(response_id=response.id, item_key="commentaire", campaign_id=campaign.id,
                        code="hidden", text="Mon numéro")
    )  # fmt: skip
    db.session.commit()
    assert run("purge-comments", "--older-than", 30).exit_code == 0
    db.session.rollback()
    left = db.session.scalars(select(KeptApartAnswer.item_key).filter_by(response_id=response.id))
    assert sorted(left) == ["info_telephone", "profil"]  # options stay, the text is gone
