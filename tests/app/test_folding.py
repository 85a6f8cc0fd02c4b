"""Answers counted ahead (survey_app/counts/folding.py): every tally gives the same numbers as a
GROUP BY of the answers themselves, whether the responses are folded, unfolded or half
and half, after paper corrections and deletions, and while writers and folders race."""

from __future__ import annotations

import random
import threading
from collections import Counter

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from survey_app.collect.recording import Submission, record_responses
from survey_app.core.db import db, write_intent
from survey_app.core.models import Answer, Campaign, FoldedCount, FoldedHour, Response
from survey_app.counts import folding
from survey_app.counts.folding import fold, fold_pending, unfold
from survey_app.counts.reading import answer_counts, responses_by_channel, tally_by_site
from tests.app.admin_helpers import login, post
from tests.app.folding_helpers import (
    PAPER_FORM,
    START,
    check_tallies,
    fold_apart,
    folded_paper_forms,
    random_answers,
    raw_tallies,
    record_all,
    submissions,
    unfolded,
)
from tests.app.hardening_helpers import flag_stored


def test_tallies_are_the_same_unfolded_half_folded_and_folded(app_ctx, campaign):
    rng = random.Random(6)
    ids = record_all(db.session, campaign, submissions(rng, 60))
    flag_stored(ids[:7])
    check_tallies(db.session, campaign)  # nothing folded: every answer counted one by one
    assert fold_apart(campaign.id) == 60
    assert unfolded(db.session, campaign.id) == 0
    check_tallies(db.session, campaign)  # everything folded
    record_all(db.session, campaign, submissions(rng, 25))
    flag_stored(record_all(db.session, campaign, submissions(rng, 3)))
    assert unfolded(db.session, campaign.id) == 28
    check_tallies(db.session, campaign)  # folded plus unfolded
    assert fold_apart(campaign.id) == 28
    assert fold_apart(campaign.id) == 0  # folding again adds nothing
    check_tallies(db.session, campaign)


def test_folding_goes_in_batches_and_stops_at_what_it_was_asked_for(app_ctx, campaign, monkeypatch):
    monkeypatch.setattr(folding, "FOLD_BATCH", 4)
    monkeypatch.setattr(folding, "FOLD_BATCH_POSTGRESQL", 4)
    record_all(db.session, campaign, submissions(random.Random(1), 11))
    assert fold_apart(campaign.id, expected=5) == 8  # two batches: 5 rounded up to a batch
    assert unfolded(db.session, campaign.id) == 3
    assert fold_apart(campaign.id) == 3
    check_tallies(db.session, campaign)


def test_a_reader_folds_only_from_the_threshold_and_only_its_campaigns(
    app_ctx, make_campaign, monkeypatch
):
    first, second = make_campaign(slug="premiere"), make_campaign(slug="seconde")
    rng = random.Random(2)
    record_all(db.session, first, submissions(rng, 5))
    record_all(db.session, second, submissions(rng, 5))
    assert fold_pending(db.session, [first.id], at_least=6) == 0
    assert fold_pending(db.session, [first.id], at_least=5) == 5
    assert (unfolded(db.session, first.id), unfolded(db.session, second.id)) == (0, 5)
    monkeypatch.setattr(folding, "FOLD_FROM", 3)
    assert fold_pending(db.session, [first.id, second.id]) == 5


def test_the_national_view_counts_folded_and_unfolded_campaigns_alike(app_ctx, make_campaign):
    first, second = make_campaign(slug="premiere"), make_campaign(slug="seconde")
    rng = random.Random(3)
    record_all(db.session, first, submissions(rng, 20))
    record_all(db.session, second, submissions(rng, 15))
    before = tally_by_site(db.session, [first.id, second.id])
    fold_apart(first.id)
    record_all(db.session, first, submissions(rng, 4))
    after = tally_by_site(db.session, [first.id, second.id])
    (site_id,) = after  # both campaigns are on the test site
    raw = (
        raw_tallies(db.session, first.id)["answers"] + raw_tallies(db.session, second.id)["answers"]
    )
    assert Counter(after[site_id].counts) == raw
    assert sum(after[site_id].responses_by_channel.values()) == 39
    assert sum(before[site_id].responses_by_channel.values()) == 35


def test_unfold_takes_a_folded_response_back_out_once(app_ctx, campaign):
    ids = record_all(db.session, campaign, submissions(random.Random(4), 10))
    fold_apart(campaign.id)
    with write_intent():
        assert unfold(db.session, campaign.id, ids[:3]) == 3
        assert unfold(db.session, campaign.id, ids[:4]) == 1  # 3 were already out
        db.session.commit()
    assert unfolded(db.session, campaign.id) == 4
    check_tallies(db.session, campaign)
    for table in (FoldedCount, FoldedHour):  # emptied rows are deleted
        assert db.session.scalar(select(func.count()).where(table.n <= 0)) == 0


def test_a_paper_correction_and_a_deletion_of_folded_forms_change_the_counts(app, world):
    officer = app.test_client()
    login(officer, "officer_a")
    url = "/admin/campaigns/alpha/paper"
    form = PAPER_FORM
    ids = folded_paper_forms(app, officer, world, 3)
    with app.app_context():
        campaign = db.session.scalar(select(Campaign).filter_by(slug="alpha"))
        assert unfolded(db.session, campaign.id) == 0
    edit = f"/admin/paper/{ids[0]}/edit"
    reply = post(officer, edit, {**form, "courtoisie": "4"}, token_from=edit)
    assert reply.status_code == 303
    assert post(officer, f"/admin/paper/{ids[1]}/delete", token_from=url).status_code == 303
    with app.app_context():
        campaign = db.session.scalar(select(Campaign).filter_by(slug="alpha"))
        shown = dict(((k, v), n) for k, v, n in answer_counts(db.session, campaign))
        assert shown[("courtoisie", "pas_du_tout_satisfait")] == 1
        check_tallies(db.session, campaign)
        fold_apart(campaign.id)  # the corrected form folds again, with its new answers
        check_tallies(db.session, campaign)


def test_a_refused_correction_leaves_the_folded_counts_as_they_were(app, world):
    officer = app.test_client()
    login(officer, "officer_a")
    url = "/admin/campaigns/alpha/paper"
    form = {"profil": "1", "motif": "2", "courtoisie": "2", "satisfaction_globale": "1"}
    assert post(officer, url, form, token_from=url).status_code == 303
    with app.app_context():
        campaign_id = db.session.scalar(select(Campaign.id).filter_by(slug="alpha"))
        fold_apart(campaign_id)
        folded = db.session.execute(select(FoldedCount)).scalars().all()
        before = sorted((f.item_key, f.value, f.channel, f.n) for f in folded)
        response_id = db.session.scalars(
            select(Response.id).where(
                Response.entered_by_id == world["staff"]["officer_a"],
                Response.id != world["paper_id"],
            )
        ).one()
    edit = f"/admin/paper/{response_id}/edit"
    assert post(officer, edit, {**form, "courtoisie": "9"}, token_from=edit).status_code == 422
    with app.app_context():
        folded = db.session.execute(select(FoldedCount)).scalars().all()
        assert sorted((f.item_key, f.value, f.channel, f.n) for f in folded) == before
        assert unfolded(db.session, campaign_id) == 0


def test_folding_while_responses_arrive_and_forms_are_corrected_loses_and_doubles_nothing(
    app_ctx, campaign, monkeypatch
):
    """Writers, a folder and a corrector at once, each on its own connection."""
    monkeypatch.setattr(folding, "FOLD_BATCH", 7)
    monkeypatch.setattr(folding, "FOLD_BATCH_POSTGRESQL", 7)
    engine, campaign_id = db.engine, campaign.id
    rows = {"written": [], "errors": []}
    stop = threading.Event()

    def write(seed: int) -> None:
        rng = random.Random(seed)
        try:
            with Session(engine) as session:
                row = session.get_one(Campaign, campaign_id)
                for _ in range(15):
                    with write_intent():
                        rows["written"] += record_all(session, row, submissions(rng, 3))
        except Exception as exc:  # noqa: BLE001 - reported below
            rows["errors"].append(exc)

    def fold_again() -> None:
        try:
            while not stop.is_set():
                with engine.connect() as connection:
                    fold(connection, campaign_id)
        except Exception as exc:  # noqa: BLE001
            rows["errors"].append(exc)

    def correct() -> None:
        """As the paper correction does: unfold, delete, record again with other answers."""
        rng = random.Random(9)
        try:
            while not stop.is_set():
                if not rows["written"]:
                    continue
                response_id = rng.choice(rows["written"])
                with Session(engine) as session, write_intent():
                    row = session.get_one(Campaign, campaign_id)
                    session.connection()
                    unfold(session, campaign_id, [response_id])
                    session.execute(Answer.__table__.delete().filter_by(response_id=response_id))
                    session.execute(Response.__table__.delete().filter_by(id=response_id))
                    again = Submission(response_id, "paper", "fr", random_answers(rng), START)
                    record_responses(session, row, [again], historical=True)
                    session.commit()
        except Exception as exc:  # noqa: BLE001
            rows["errors"].append(exc)

    others = [threading.Thread(target=fold_again), threading.Thread(target=correct)]
    writers = [threading.Thread(target=write, args=(seed,)) for seed in range(3)]
    for thread in others + writers:
        thread.start()
    for thread in writers:
        thread.join()
    stop.set()
    for thread in others:
        thread.join()
    assert rows["errors"] == []
    assert len(rows["written"]) == 3 * 15 * 3
    check_tallies(db.session, campaign)
    fold_apart(campaign.id)
    check_tallies(db.session, campaign)
    assert sum(responses_by_channel(db.session, campaign).values()) == 135


def test_a_reader_that_folds_reads_the_folded_counts_right_after(app_ctx, campaign):
    """On SQLite a read transaction begun before the fold would keep seeing every answer
    unfolded (and count them one by one): the reader's transaction is renewed."""
    record_all(db.session, campaign, submissions(random.Random(5), 5))
    db.session.scalar(select(func.count()).select_from(Response))  # a read under way
    assert fold_pending(db.session, [campaign.id], at_least=1) == 5
    assert db.session.scalar(select(func.count()).select_from(FoldedCount)) > 0
    assert db.session.scalar(select(func.count()).where(~Response.is_folded)) == 0
    check_tallies(db.session, campaign)


def test_a_reader_does_not_wait_for_a_correction_under_way(app_ctx, campaign):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has one writer: a reader's fold queues behind it like any write")
    ids = record_all(db.session, campaign, submissions(random.Random(7), 6))
    fold_apart(campaign.id)
    record_all(db.session, campaign, submissions(random.Random(8), 4))
    with Session(db.engine) as correcting:  # holds the campaign's lock until it ends
        assert unfold(correcting, campaign.id, ids[:1]) == 1
        assert fold_pending(db.session, [campaign.id], at_least=1) == 0  # at once, not stuck
        check_tallies(db.session, campaign)  # the 4 new and the one being corrected, counted live
        correcting.rollback()
    assert fold_pending(db.session, [campaign.id], at_least=1) == 4
