"""Answers counted ahead (survey_app/folding.py): every tally gives the same numbers as a
GROUP BY of the answers themselves, whether the responses are folded, unfolded or half
and half, after paper corrections and deletions, and while writers and folders race."""

from __future__ import annotations

import random
import threading
import uuid
from collections import Counter
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from survey_app import folding
from survey_app.breakdowns import (
    breakdown_tallies,
    tally_by_answer,
    tally_by_channel,
    tally_by_weekday_hour,
)
from survey_app.db import db, write_intent
from survey_app.folding import fold, fold_pending, unfold
from survey_app.models import REASON_ITEM, Answer, Campaign, FoldedCount, FoldedHour, Response
from survey_app.reading import answer_counts, responses_by_channel, tally_by_site
from survey_app.recording import Submission, record_responses
from tests.app.admin_helpers import login, make_world, post
from tests.app.hardening_helpers import flag_stored
from tests.helpers import valid_answers

RATING = ["tres_satisfait", "satisfait", "peu_satisfait", "pas_du_tout_satisfait", "sans_avis"]
START = datetime(2026, 3, 2, 8, 0)


def _answers(rng: random.Random) -> dict:
    return valid_answers(
        horaires=rng.choice(RATING),
        courtoisie=rng.choice(RATING),
        satisfaction_globale=rng.choice(RATING[:4]),
        motif=rng.choice(["titre_sejour", "cni_passeport", "autre", None]),
        langage=rng.choice([*RATING, None]),
        commentaire=rng.choice([None, "Merci"]),
    )


def _submissions(rng: random.Random, count: int) -> list[Submission]:
    return [
        Submission(
            str(uuid.uuid4()),
            rng.choice(["kiosk", "web", "paper"]),
            rng.choice(["fr", "en", "ar"]),
            _answers(rng),
            START + timedelta(hours=rng.randrange(24 * 14)),
        )
        for _ in range(count)
    ]


def _record(session: Session, campaign, submissions: list[Submission]) -> list[str]:
    outcomes = record_responses(session, campaign, submissions, historical=True)
    session.commit()
    return [outcome.response_id for outcome in outcomes]


def _raw(session: Session, campaign_id: int, include_flagged: bool = True) -> dict:
    """The reference: what every tally must show, counted from the answers themselves."""
    answers = select(
        Answer.item_key,
        Answer.value,
        Answer.channel,
        Answer.reason,
        Answer.collected_week_hour,
        Answer.lang,
    ).where(Answer.campaign_id == campaign_id, Answer.value.is_not(None))
    responses = select(Response.channel).where(Response.campaign_id == campaign_id)
    if not include_flagged:
        answers = answers.where(Answer.is_flagged.is_not(True))
        responses = responses.where(~Response.is_flagged)
    rows = session.execute(answers).all()
    return {
        "answers": Counter((key, value) for key, value, *_ in rows),
        "by_channel": Counter((channel, key, value) for key, value, channel, *_ in rows),
        "by_reason": Counter((r, key, value) for key, value, _, r, *_ in rows if r is not None),
        "by_week_hour": Counter(
            (h // 24, h % 24, key, value) for key, value, _, _, h, _ in rows if h is not None
        ),
        "overall_by_lang": Counter(
            (lang, key, value) for key, value, *_, lang in rows if key == "satisfaction_globale"
        ),
        "responses": Counter(session.scalars(responses).all()),
    }


def _flat(grouped) -> Counter:
    return Counter(
        {(*group, *key): n for group, counts in grouped.counts_by_group.items()
         for key, n in counts.items()}
    )  # fmt: skip


def _shown(session: Session, campaign, include_flagged: bool = True) -> dict:
    """The same numbers through the read path."""
    overall = ["satisfaction_globale"]
    totals, grouped, week_hours = breakdown_tallies(session, campaign, overall, include_flagged)
    answers = Counter({(k, v): n for k, v, n in answer_counts(session, campaign, include_flagged)})
    by_channel = tally_by_channel(session, campaign, None, include_flagged)
    by_reason = tally_by_answer(session, campaign, REASON_ITEM, None, include_flagged)
    by_week_hour = tally_by_weekday_hour(session, campaign, None, include_flagged)
    assert Counter(totals.counts) == Counter(
        {key: n for key, n in answers.items() if key[0] in overall}
    )
    assert _flat(grouped["channel"]) == Counter(
        {key: n for key, n in _flat(by_channel).items() if key[1] in overall}
    )
    assert _flat(week_hours) == Counter(
        {key: n for key, n in _flat(by_week_hour).items() if key[2] in overall}
    )
    return {
        "answers": answers,
        "by_channel": _flat(by_channel),
        "by_reason": _flat(by_reason),
        "by_week_hour": _flat(by_week_hour),
        "overall_by_lang": _flat(grouped["lang"]),
        "responses": Counter(responses_by_channel(session, campaign, include_flagged)),
    }


def _check(session: Session, campaign) -> None:
    session.rollback()
    for include_flagged in (True, False):
        assert _shown(session, campaign, include_flagged) == _raw(
            session, campaign.id, include_flagged
        )


def _unfolded(session: Session, campaign_id: int) -> int:
    session.rollback()
    return session.scalar(
        select(func.count()).where(Response.campaign_id == campaign_id, ~Response.is_folded)
    )


def _fold(campaign_id: int, expected: int | None = None) -> int:
    """Fold on a connection of its own; the test's session then starts a fresh snapshot."""
    with db.engine.connect() as connection:
        folded = fold(connection, campaign_id, expected)
    db.session.rollback()
    return folded


def test_tallies_are_the_same_unfolded_half_folded_and_folded(app_ctx, campaign):
    rng = random.Random(6)
    ids = _record(db.session, campaign, _submissions(rng, 60))
    flag_stored(ids[:7])
    _check(db.session, campaign)  # nothing folded: every answer counted one by one
    assert _fold(campaign.id) == 60
    assert _unfolded(db.session, campaign.id) == 0
    _check(db.session, campaign)  # everything folded
    _record(db.session, campaign, _submissions(rng, 25))
    flag_stored(_record(db.session, campaign, _submissions(rng, 3)))
    assert _unfolded(db.session, campaign.id) == 28
    _check(db.session, campaign)  # folded plus unfolded
    assert _fold(campaign.id) == 28
    assert _fold(campaign.id) == 0  # folding again adds nothing
    _check(db.session, campaign)


def test_folding_goes_in_batches_and_stops_at_what_it_was_asked_for(app_ctx, campaign, monkeypatch):
    monkeypatch.setattr(folding, "FOLD_BATCH", 4)
    monkeypatch.setattr(folding, "FOLD_BATCH_POSTGRESQL", 4)
    _record(db.session, campaign, _submissions(random.Random(1), 11))
    assert _fold(campaign.id, expected=5) == 8  # two batches: 5 rounded up to a batch
    assert _unfolded(db.session, campaign.id) == 3
    assert _fold(campaign.id) == 3
    _check(db.session, campaign)


def test_a_reader_folds_only_from_the_threshold_and_only_its_campaigns(
    app_ctx, make_campaign, monkeypatch
):
    first, second = make_campaign(slug="premiere"), make_campaign(slug="seconde")
    rng = random.Random(2)
    _record(db.session, first, _submissions(rng, 5))
    _record(db.session, second, _submissions(rng, 5))
    assert fold_pending(db.session, [first.id], at_least=6) == 0
    assert fold_pending(db.session, [first.id], at_least=5) == 5
    assert (_unfolded(db.session, first.id), _unfolded(db.session, second.id)) == (0, 5)
    monkeypatch.setattr(folding, "FOLD_FROM", 3)
    assert fold_pending(db.session, [first.id, second.id]) == 5


def test_the_national_view_counts_folded_and_unfolded_campaigns_alike(app_ctx, make_campaign):
    first, second = make_campaign(slug="premiere"), make_campaign(slug="seconde")
    rng = random.Random(3)
    _record(db.session, first, _submissions(rng, 20))
    _record(db.session, second, _submissions(rng, 15))
    before = tally_by_site(db.session, [first.id, second.id])
    _fold(first.id)
    _record(db.session, first, _submissions(rng, 4))
    after = tally_by_site(db.session, [first.id, second.id])
    (site_id,) = after  # both campaigns are on the test site
    raw = _raw(db.session, first.id)["answers"] + _raw(db.session, second.id)["answers"]
    assert Counter(after[site_id].counts) == raw
    assert sum(after[site_id].responses_by_channel.values()) == 39
    assert sum(before[site_id].responses_by_channel.values()) == 35


def test_unfold_takes_a_folded_response_back_out_once(app_ctx, campaign):
    ids = _record(db.session, campaign, _submissions(random.Random(4), 10))
    _fold(campaign.id)
    with write_intent():
        assert unfold(db.session, campaign.id, ids[:3]) == 3
        assert unfold(db.session, campaign.id, ids[:4]) == 1  # 3 were already out
        db.session.commit()
    assert _unfolded(db.session, campaign.id) == 4
    _check(db.session, campaign)
    for table in (FoldedCount, FoldedHour):  # emptied rows are deleted
        assert db.session.scalar(select(func.count()).where(table.n <= 0)) == 0


@pytest.fixture
def world(app):
    return make_world(app)


def test_a_paper_correction_and_a_deletion_of_folded_forms_change_the_counts(app, world):
    officer = app.test_client()
    login(officer, "officer_a")
    url = "/admin/campaigns/alpha/paper"
    form = {"profil": "1", "motif": "2", "courtoisie": "2", "satisfaction_globale": "1"}
    for _ in range(3):
        assert post(officer, url, form, token_from=url).status_code == 303
    with app.app_context():
        campaign = db.session.scalar(select(Campaign).filter_by(slug="alpha"))
        _fold(campaign.id)
        ids = db.session.scalars(
            select(Response.id).where(
                Response.campaign_id == campaign.id,
                Response.entered_by_id == world["staff"]["officer_a"],
                Response.id != world["paper_id"],
            )
        ).all()
        assert _unfolded(db.session, campaign.id) == 0
    edit = f"/admin/paper/{ids[0]}/edit"
    reply = post(officer, edit, {**form, "courtoisie": "4"}, token_from=edit)
    assert reply.status_code == 303
    assert post(officer, f"/admin/paper/{ids[1]}/delete", token_from=url).status_code == 303
    with app.app_context():
        campaign = db.session.scalar(select(Campaign).filter_by(slug="alpha"))
        shown = dict(((k, v), n) for k, v, n in answer_counts(db.session, campaign))
        assert shown[("courtoisie", "pas_du_tout_satisfait")] == 1
        _check(db.session, campaign)
        _fold(campaign.id)  # the corrected form folds again, with its new answers
        _check(db.session, campaign)


def test_a_refused_correction_leaves_the_folded_counts_as_they_were(app, world):
    officer = app.test_client()
    login(officer, "officer_a")
    url = "/admin/campaigns/alpha/paper"
    form = {"profil": "1", "motif": "2", "courtoisie": "2", "satisfaction_globale": "1"}
    assert post(officer, url, form, token_from=url).status_code == 303
    with app.app_context():
        campaign_id = db.session.scalar(select(Campaign.id).filter_by(slug="alpha"))
        _fold(campaign_id)
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
        assert _unfolded(db.session, campaign_id) == 0


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
                        rows["written"] += _record(session, row, _submissions(rng, 3))
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
                    again = Submission(response_id, "paper", "fr", _answers(rng), START)
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
    _check(db.session, campaign)
    _fold(campaign.id)
    _check(db.session, campaign)
    assert sum(responses_by_channel(db.session, campaign).values()) == 135


def test_a_reader_that_folds_reads_the_folded_counts_right_after(app_ctx, campaign):
    """On SQLite a read transaction begun before the fold would keep seeing every answer
    unfolded (and count them one by one): the reader's transaction is renewed."""
    _record(db.session, campaign, _submissions(random.Random(5), 5))
    db.session.scalar(select(func.count()).select_from(Response))  # a read under way
    assert fold_pending(db.session, [campaign.id], at_least=1) == 5
    assert db.session.scalar(select(func.count()).select_from(FoldedCount)) > 0
    assert db.session.scalar(select(func.count()).where(~Response.is_folded)) == 0
    _check(db.session, campaign)


def test_a_reader_does_not_wait_for_a_correction_under_way(app_ctx, campaign):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has one writer: a reader's fold queues behind it like any write")
    ids = _record(db.session, campaign, _submissions(random.Random(7), 6))
    _fold(campaign.id)
    _record(db.session, campaign, _submissions(random.Random(8), 4))
    with Session(db.engine) as correcting:  # holds the campaign's lock until it ends
        assert unfold(correcting, campaign.id, ids[:1]) == 1
        assert fold_pending(db.session, [campaign.id], at_least=1) == 0  # at once, not stuck
        _check(db.session, campaign)  # the 4 new and the one being corrected, counted live
        correcting.rollback()
    assert fold_pending(db.session, [campaign.id], at_least=1) == 4


def test_counts_check_finds_a_wrong_count_and_rebuild_mends_it(run, campaign):
    _record(db.session, campaign, _submissions(random.Random(10), 12))
    _fold(campaign.id)
    agree = run("counts", "check", "--campaign", campaign.slug)
    assert agree.exit_code == 0, agree.output
    assert f"Campaign '{campaign.slug}': the counts agree with the answers." in agree.output
    db.session.execute(
        FoldedCount.__table__.update()
        .where(FoldedCount.item_key == "courtoisie", FoldedCount.value == "satisfait")
        .values(n=FoldedCount.n + 5)
    )
    db.session.commit()
    wrong = run("counts", "check")
    assert wrong.exit_code == 1
    assert "courtoisie=satisfait via " in wrong.stderr and ", folded " in wrong.stderr
    assert f"survey counts rebuild --campaign {campaign.slug}" in wrong.stderr
    rebuilt = run("counts", "rebuild", "--campaign", campaign.slug)
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "12 response(s) counted again" in rebuilt.output
    assert run("counts", "check").exit_code == 0
    _check(db.session, campaign)


def test_counts_of_an_unknown_campaign_is_a_one_line_error(run, app_ctx):
    result = run("counts", "check", "--campaign", "nope")
    assert result.exit_code == 1
    assert result.output.strip() == "Error: no campaign 'nope' (see `survey campaign list`)"
