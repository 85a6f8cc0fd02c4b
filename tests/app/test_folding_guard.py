"""The folded counts stay exact by construction: the database refuses any change to a
folded response's counted rows that did not go through `unfold` first (migration 0007),
whichever way it is written, the ORM refuses an option answer added to one
(counts/guard.py), and the legitimate changes go through."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import IntegrityError

from survey_app.core.db import db, write_intent
from survey_app.core.models import Answer, Campaign, Response
from survey_app.counts.folding import unfold
from survey_app.counts.guard import RULE, FoldedResponseChanged
from tests.app.admin_helpers import post, record
from tests.app.folding_helpers import PAPER_FORM, check_tallies, fold_apart, folded_paper_forms
from tests.app.hardening_helpers import flag_stored
from tests.helpers import valid_answers


@pytest.fixture
def folded(app_ctx, campaign):
    """Three responses of `campaign`, folded; returns their ids."""
    ids = [record(campaign, commentaire="Merci").id for _ in range(3)]
    assert fold_apart(campaign.id) == 3
    return ids


def _refused(change, error: type[Exception] = IntegrityError) -> None:
    """`change()` then a commit fails naming the rule (the database's triggers raise
    IntegrityError)."""
    with pytest.raises(error, match=RULE):
        change()
        db.session.commit()
    db.session.rollback()


def _courtoisie(response_id: str) -> Answer:
    return db.session.get(Answer, (response_id, "courtoisie"))


def test_changing_a_folded_answer_through_the_session_is_refused(folded, campaign):
    def change():
        _courtoisie(folded[0]).value = "peu_satisfait"

    _refused(change)
    assert _courtoisie(folded[0]).value == "tres_satisfait"
    check_tallies(db.session, campaign)


@pytest.mark.parametrize("column", ["lang", "reason", "is_flagged", "collected_week_hour"])
def test_changing_a_dimension_of_a_folded_answer_is_refused(folded, campaign, column):
    values = {"lang": "en", "reason": "autre", "is_flagged": True, "collected_week_hour": 3}
    _refused(lambda: setattr(_courtoisie(folded[0]), column, values[column]))
    check_tallies(db.session, campaign)


def test_deleting_a_folded_answer_or_response_through_the_session_is_refused(folded, campaign):
    _refused(lambda: db.session.delete(_courtoisie(folded[0])))
    _refused(lambda: db.session.delete(db.session.get(Response, folded[1])))
    _refused(lambda: setattr(db.session.get(Response, folded[2]), "is_flagged", True))
    _refused(lambda: setattr(db.session.get(Response, folded[2]), "channel", "paper"))
    check_tallies(db.session, campaign)


def test_bulk_orm_and_core_statements_are_refused(folded, campaign):
    _refused(
        lambda: db.session.execute(
            update(Answer)
            .where(Answer.response_id == folded[0], Answer.item_key == "courtoisie")
            .values(value="satisfait")
        )
    )
    _refused(lambda: db.session.execute(delete(Answer).where(Answer.response_id == folded[0])))
    _refused(
        lambda: db.session.connection().execute(Response.__table__.update().values(is_flagged=True))
    )
    _refused(
        lambda: db.session.execute(text("DELETE FROM responses WHERE id = :id"), {"id": folded[0]})
    )
    check_tallies(db.session, campaign)


def test_adding_an_option_answer_to_a_folded_response_is_refused(folded, campaign):
    def add():
        db.session.add(
            Answer(response_id=folded[0], item_key="extra", campaign_id=campaign.id, value="oui")
        )

    _refused(add, FoldedResponseChanged)
    check_tallies(db.session, campaign)


def test_after_unfold_the_same_changes_go_through_and_the_counts_stay_exact(folded, campaign):
    flag_stored(folded[:1])  # unfolds, then flags the response and its answers
    with write_intent():
        unfold(db.session, campaign.id, folded[1:2])
        _courtoisie(folded[1]).value = "peu_satisfait"
        unfold(db.session, campaign.id, folded[2:])
        db.session.delete(db.session.get(Response, folded[2]))
        db.session.commit()
    check_tallies(db.session, campaign)
    fold_apart(campaign.id)
    check_tallies(db.session, campaign)


def test_free_text_of_a_folded_response_may_change_and_be_purged(app, run, folded, campaign):
    comment = db.session.get(Answer, (folded[0], "commentaire"))
    comment.text = "Merci beaucoup"  # never counted
    for response in db.session.scalars(select(Response).where(Response.id.in_(folded))):
        response.collected_at -= timedelta(days=400)  # not counted either
    db.session.commit()
    result = run("purge-comments")
    assert result.exit_code == 0, result.output
    assert "Erased 3 comment(s)" in result.output
    db.session.rollback()
    assert db.session.scalar(select(Answer).where(Answer.text.is_not(None))) is None
    check_tallies(db.session, campaign)


def test_new_responses_and_paper_corrections_of_folded_forms_go_through(app, world, officer):
    ids = folded_paper_forms(app, officer, world, 2)
    edit = f"/admin/paper/{ids[0]}/edit"
    correction = {**PAPER_FORM, "courtoisie": "4"}
    assert post(officer, edit, correction, token_from=edit).status_code == 303
    delete_url = f"/admin/paper/{ids[1]}/delete"
    assert post(officer, delete_url, token_from="/admin/campaigns/alpha/paper").status_code == 303
    reply = officer.post(
        "/api/v1/campaigns/alpha/responses",
        json={"id": str(uuid.uuid4()), "channel": "web", "lang": "fr", "answers": valid_answers()},
    )
    assert reply.status_code in (200, 201), reply.get_data(as_text=True)
    with app.app_context():
        campaign = db.session.scalar(select(Campaign).filter_by(slug="alpha"))
        check_tallies(db.session, campaign)
