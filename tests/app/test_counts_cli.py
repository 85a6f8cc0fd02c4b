"""`survey counts check|rebuild`: the counts the reports read, recounted from the answers."""

from __future__ import annotations

import random

from survey_app.core.db import db
from survey_app.core.models import FoldedCount
from tests.app.folding_helpers import check_tallies, fold_apart, record_all, submissions


def test_counts_check_finds_a_wrong_count_and_rebuild_mends_it(run, campaign):
    record_all(db.session, campaign, submissions(random.Random(10), 12))
    fold_apart(campaign.id)
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
    check_tallies(db.session, campaign)


def test_counts_of_an_unknown_campaign_is_a_one_line_error(run, app_ctx):
    result = run("counts", "check", "--campaign", "nope")
    assert result.exit_code == 1
    assert result.output.strip() == "Error: no campaign 'nope' (see `survey campaign list`)"
