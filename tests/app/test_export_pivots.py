"""The export's two pivots (in the database, in Python; counts/pivoting.py) write the same
files: every response once, in id order, answers in the questionnaire's order, the
officer's redaction and the automatic masking applied, flagged responses in or out."""

from __future__ import annotations

import io
import uuid

import pytest
from sqlalchemy import update

from survey_app.collect.recording import record_response
from survey_app.core.campaigns import questionnaire_of
from survey_app.core.db import db
from survey_app.core.models import Answer, CommentReview, Response
from survey_app.counts.reading import iter_responses
from survey_app.outputs.exporting import iter_json, write_csv
from tests.helpers import valid_answers


def _record(campaign, channel: str = "kiosk", **overrides) -> str:
    response_id = str(uuid.uuid4())
    record_response(
        db.session,
        campaign,
        response_id=response_id,
        channel=channel,
        lang="fr",
        answers=valid_answers(**overrides),
    )
    return response_id


@pytest.fixture
def filled(campaign, make_campaign):
    """A campaign with varied responses, and another campaign's responses beside them."""
    other = make_campaign(slug="accueil-autre")
    for _ in range(3):
        _record(other, commentaire="Autre campagne")
    ids = [
        _record(campaign),
        _record(campaign, "web", commentaire=None, site_internet=None),
        _record(campaign, commentaire="Écrivez à jean.dupont@example.org ou 06 12 34 56 78"),
        _record(campaign, commentaire="=1+1 ; @SUM(A1)"),
        _record(campaign, "web", commentaire="Mon nom est Jean Dupont"),
    ]
    ids += [_record(campaign, attente=None) for _ in range(40)]
    db.session.add(
        CommentReview(response_id=ids[4], item_key="commentaire", redacted_text="[nom masqué]")
    )
    # an answer to an item the questionnaire does not have (an older version's): left out
    db.session.add(
        Answer(response_id=ids[0], item_key="ancien", campaign_id=campaign.id, value="x")
    )
    db.session.execute(update(Response).where(Response.id == ids[1]).values(is_flagged=True))
    db.session.commit()
    return campaign


@pytest.mark.parametrize("include_flagged", [True, False])
def test_both_pivots_write_identical_csv_and_json(app_ctx, filled, include_flagged):
    questionnaire = questionnaire_of(filled.questionnaire_version)
    written = {}
    for in_python in (False, True):
        out = io.StringIO()

        def responses(in_python=in_python):
            return iter_responses(db.session, filled, include_flagged, pivot_in_python=in_python)

        count = write_csv(out, questionnaire, responses())
        written[in_python] = (count, out.getvalue(), "".join(iter_json(questionnaire, responses())))
    assert written[True] == written[False]
    count, csv_text, json_text = written[True]
    assert count == (45 if include_flagged else 44)
    assert "[nom masqué]" in csv_text and "Jean Dupont" not in csv_text
    assert "[courriel masqué]" in csv_text and "Autre campagne" not in csv_text
    assert "'=1+1" in csv_text and '"ancien"' not in json_text


def test_a_response_without_answers_is_exported_by_both_pivots(app_ctx, filled):
    lone = _record(filled)
    db.session.execute(Answer.__table__.delete().where(Answer.response_id == lone))
    db.session.commit()
    found = {
        in_python: [
            (r["id"], r["answers"])
            for r in iter_responses(db.session, filled, pivot_in_python=in_python)
        ]
        for in_python in (False, True)
    }
    assert found[True] == found[False]
    assert (lone, {}) in found[True]
