"""Shared by the folding tests: random valid submissions, and the reference every tally
must match, counted from the answers themselves (survey_app/counts/folding.py)."""

from __future__ import annotations

import random
import uuid
from collections import Counter
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from survey_app.collect.recording import Submission, record_responses
from survey_app.core.db import db
from survey_app.core.models import Answer, Campaign, Response
from survey_app.counts.breakdowns import (
    breakdown_tallies,
    tally_by_answer,
    tally_by_channel,
    tally_by_weekday_hour,
)
from survey_app.counts.folding import fold
from survey_app.counts.reading import answer_counts, responses_by_channel
from tests.helpers import valid_answers

RATING = ["tres_satisfait", "satisfait", "peu_satisfait", "pas_du_tout_satisfait", "sans_avis"]
START = datetime(2026, 3, 2, 8, 0)


def random_answers(rng: random.Random) -> dict:
    return valid_answers(
        horaires=rng.choice(RATING),
        courtoisie=rng.choice(RATING),
        satisfaction_globale=rng.choice(RATING[:4]),
        motif=rng.choice(["titre_sejour", "cni_passeport", "autre", None]),
        langage=rng.choice([*RATING, None]),
        commentaire=rng.choice([None, "Merci"]),
    )


def submissions(rng: random.Random, count: int) -> list[Submission]:
    return [
        Submission(
            str(uuid.uuid4()),
            rng.choice(["kiosk", "web", "paper"]),
            rng.choice(["fr", "en", "ar"]),
            random_answers(rng),
            START + timedelta(hours=rng.randrange(24 * 14)),
        )
        for _ in range(count)
    ]


def record_all(session: Session, campaign, submissions: list[Submission]) -> list[str]:
    outcomes = record_responses(session, campaign, submissions, historical=True)
    session.commit()
    return [outcome.response_id for outcome in outcomes]


def raw_tallies(session: Session, campaign_id: int, include_flagged: bool = True) -> dict:
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


def flat(grouped) -> Counter:
    return Counter(
        {(*group, *key): n for group, counts in grouped.counts_by_group.items()
         for key, n in counts.items()}
    )  # fmt: skip


def shown_tallies(session: Session, campaign, include_flagged: bool = True) -> dict:
    """The same numbers through the read path."""
    overall = ["satisfaction_globale"]
    totals, grouped, week_hours = breakdown_tallies(session, campaign, overall, include_flagged)
    answers = Counter({(k, v): n for k, v, n in answer_counts(session, campaign, include_flagged)})
    by_channel = tally_by_channel(session, campaign, None, include_flagged)
    by_reason = tally_by_answer(session, campaign, "motif", None, include_flagged)
    by_week_hour = tally_by_weekday_hour(session, campaign, None, include_flagged)
    assert Counter(totals.counts) == Counter(
        {key: n for key, n in answers.items() if key[0] in overall}
    )
    assert flat(grouped["channel"]) == Counter(
        {key: n for key, n in flat(by_channel).items() if key[1] in overall}
    )
    assert flat(week_hours) == Counter(
        {key: n for key, n in flat(by_week_hour).items() if key[2] in overall}
    )
    return {
        "answers": answers,
        "by_channel": flat(by_channel),
        "by_reason": flat(by_reason),
        "by_week_hour": flat(by_week_hour),
        "overall_by_lang": flat(grouped["lang"]),
        "responses": Counter(responses_by_channel(session, campaign, include_flagged)),
    }


def check_tallies(session: Session, campaign) -> None:
    session.rollback()
    for include_flagged in (True, False):
        assert shown_tallies(session, campaign, include_flagged) == raw_tallies(
            session, campaign.id, include_flagged
        )


def unfolded(session: Session, campaign_id: int) -> int:
    session.rollback()
    return session.scalar(
        select(func.count()).where(Response.campaign_id == campaign_id, ~Response.is_folded)
    )


PAPER_FORM = {"profil": "1", "motif": "2", "courtoisie": "2", "satisfaction_globale": "1"}
"""A paper form as the officer keys it in (option numbers)."""


def folded_paper_forms(app, officer, world, count: int) -> list[str]:
    """Key in `count` paper forms in campaign alpha as `officer` (officer_a), fold the
    campaign; return the ids of those forms."""
    from tests.app.admin_helpers import post

    url = "/admin/campaigns/alpha/paper"
    for _ in range(count):
        assert post(officer, url, PAPER_FORM, token_from=url).status_code == 303
    with app.app_context():
        campaign_id = db.session.scalar(select(Campaign.id).filter_by(slug="alpha"))
        fold_apart(campaign_id)
        return db.session.scalars(
            select(Response.id).where(
                Response.campaign_id == campaign_id,
                Response.entered_by_id == world["staff"]["officer_a"],
                Response.id != world["paper_id"],
            )
        ).all()


def fold_apart(campaign_id: int, expected: int | None = None) -> int:
    """Fold on a connection of its own; the test's session then starts a fresh snapshot."""
    with db.engine.connect() as connection:
        folded = fold(connection, campaign_id, expected)
    db.session.rollback()
    return folded
