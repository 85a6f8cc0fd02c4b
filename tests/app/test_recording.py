"""The one write path: every rule record_response enforces, on every database."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from survey_app.collect.recording import (
    CampaignNotOpen,
    InvalidResponse,
    ResponseConflict,
    Submission,
    record_response,
    record_responses,
)
from survey_app.core.db import db
from survey_app.core.models import Answer, Response
from tests.helpers import valid_answers


def record(campaign, answers=None, response_id=None, **kwargs):
    kwargs.setdefault("channel", "web")
    kwargs.setdefault("lang", "fr")
    result = record_response(
        db.session,
        campaign,
        response_id=response_id or str(uuid.uuid4()),
        answers=valid_answers() if answers is None else answers,
        **kwargs,
    )
    db.session.commit()
    return result


def stored_count():
    return db.session.scalar(select(func.count()).select_from(Response))


def codes(exc_info):
    return {(e.item, e.code) for e in exc_info.value.errors}


def test_valid_response_is_stored_with_its_answers_in_long_format(campaign):
    response, created = record(campaign)
    assert created
    rows = db.session.execute(
        select(Answer.item_key, Answer.value, Answer.text).where(Answer.response_id == response.id)
    ).all()
    by_key = {key: (value, text) for key, value, text in rows}
    assert by_key["courtoisie"] == ("tres_satisfait", None)
    assert by_key["commentaire"] == (None, "Accueil très aimable.")
    assert len(by_key) == len(valid_answers())


def test_times_are_stored_to_the_hour_only(campaign):
    now = datetime(2026, 3, 4, 10, 47, 31)
    response, _ = record(campaign, now=now, collected_at=now - timedelta(minutes=50))
    db.session.expire_all()
    stored = db.session.get(Response, response.id)
    assert stored.received_at == datetime(2026, 3, 4, 10, 0)
    assert stored.collected_at == datetime(2026, 3, 4, 9, 0)


def test_same_id_same_content_returns_the_stored_response(campaign):
    response_id = str(uuid.uuid4())
    first, created = record(campaign, response_id=response_id)
    again, created_again = record(campaign, response_id=response_id)
    assert (created, created_again) == (True, False)
    assert again.id == first.id
    assert stored_count() == 1


def test_same_id_other_content_is_a_conflict(campaign):
    response_id = str(uuid.uuid4())
    record(campaign, response_id=response_id)
    with pytest.raises(ResponseConflict):
        record(campaign, valid_answers(courtoisie="satisfait"), response_id=response_id)
    db.session.rollback()
    assert stored_count() == 1


def test_response_id_must_be_a_uuid(campaign):
    with pytest.raises(InvalidResponse) as caught:
        record(campaign, response_id="not-a-uuid")
    assert codes(caught) == {("id", "invalid_id")}


def test_unknown_item_key_is_refused_and_nothing_stored(campaign):
    with pytest.raises(InvalidResponse) as caught:
        record(campaign, valid_answers(couleur="bleu"))
    assert ("couleur", "unknown_item") in codes(caught)
    db.session.rollback()
    assert stored_count() == 0


def test_value_outside_the_item_options_is_refused(campaign):
    with pytest.raises(InvalidResponse) as caught:
        record(campaign, valid_answers(courtoisie="ravi"))
    assert codes(caught) == {("courtoisie", "invalid_option")}


def test_required_item_must_be_answered(campaign):
    with pytest.raises(InvalidResponse) as caught:
        record(campaign, valid_answers(profil=None))
    assert codes(caught) == {("profil", "required")}


def test_answer_to_an_item_hidden_by_show_if_is_refused(campaign):
    with pytest.raises(InvalidResponse) as caught:
        record(campaign, valid_answers(appel_prealable="non", info_telephone="satisfait"))
    assert codes(caught) == {("info_telephone", "hidden")}


def test_free_text_is_nfc_normalised(campaign):
    response, _ = record(campaign, valid_answers(commentaire="Tre\u0300s bien"))
    text = db.session.scalar(
        select(Answer.text).filter_by(response_id=response.id, item_key="commentaire")
    )
    assert text == "Tr\u00e8s bien"


def test_nul_byte_and_oversize_text_are_refused(campaign):
    with pytest.raises(InvalidResponse) as caught:
        record(campaign, valid_answers(commentaire="a\x00b"))
    assert codes(caught) == {("commentaire", "nul_byte")}
    with pytest.raises(InvalidResponse) as caught:
        record(campaign, valid_answers(commentaire="é" * 1001))
    assert codes(caught) == {("commentaire", "too_long")}


def test_language_must_be_offered_by_the_questionnaire(campaign):
    with pytest.raises(InvalidResponse) as caught:
        record(campaign, lang="de")
    assert codes(caught) == {("lang", "language_not_offered")}


def test_channel_must_be_enabled_for_the_campaign(make_campaign):
    campaign = make_campaign(channels=["kiosk"])
    with pytest.raises(InvalidResponse) as caught:
        record(campaign, channel="web")
    assert codes(caught) == {("channel", "channel_not_enabled")}


def test_closed_campaign_refuses_new_responses(make_campaign):
    campaign = make_campaign(status="closed")
    with pytest.raises(CampaignNotOpen) as caught:
        record(campaign)
    assert caught.value.status == 410


def test_campaign_past_its_closing_date_refuses_new_responses(make_campaign):
    campaign = make_campaign(closes_on=date.today() - timedelta(days=2))
    with pytest.raises(CampaignNotOpen) as caught:
        record(campaign)
    assert caught.value.state == "closed"


def test_campaign_not_yet_open_refuses_responses(make_campaign):
    campaign = make_campaign(opens_on=date.today() + timedelta(days=2))
    with pytest.raises(CampaignNotOpen) as caught:
        record(campaign)
    assert caught.value.state == "not_yet_open"


def test_exact_repeat_after_closing_is_still_acknowledged(campaign):
    response_id = str(uuid.uuid4())
    record(campaign, response_id=response_id)
    campaign.status = "closed"
    db.session.commit()
    _, created = record(campaign, response_id=response_id)
    assert created is False


def test_response_and_answers_are_written_together_or_not_at_all(campaign):
    """A failure after the response row is flushed leaves neither response nor answers."""
    response_id = str(uuid.uuid4())
    record_response(
        db.session,
        campaign,
        response_id=response_id,
        channel="web",
        lang="fr",
        answers=valid_answers(),
    )
    db.session.rollback()  # what a view does when anything fails before its commit
    assert stored_count() == 0
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 0


def test_responses_keep_the_version_they_answered(make_campaign, campaign):
    from questionnaires import bundled_path, load_questionnaire, parse_questionnaire

    response, _ = record(campaign)
    original = load_questionnaire(bundled_path())
    text = (
        bundled_path()
        .read_text(encoding="utf-8")
        .replace("Vos remarques et suggestions", "Vos suggestions", 1)
    )
    changed = parse_questionnaire(text, "changed.yaml")
    assert changed.content_hash != original.content_hash
    newer = make_campaign(slug="accueil-2027", questionnaire=changed)
    assert newer.questionnaire_version_id != campaign.questionnaire_version_id
    assert newer.questionnaire_version.version == campaign.questionnaire_version.version + 1
    db.session.expire_all()
    assert db.session.get(Response, response.id).questionnaire_version_id == (
        campaign.questionnaire_version_id
    )


def test_no_identifying_column_is_stored():
    columns = {c.name for c in Response.__table__.columns}
    assert not columns & {"ip", "ip_address", "user_agent", "cookie", "session_id"}


class Suspicious:
    """A misuse check that suspects every new response (the policy itself is in test_misuse)."""

    def __init__(self):
        self.asked: list[str] = []

    def is_suspect(self, response_id, content_hash, at):
        self.asked.append(response_id)
        return True


def test_answers_carry_their_response_dimensions_and_flag(campaign):
    now = datetime(2026, 3, 4, 10, 47)
    check = Suspicious()
    response, _ = record(campaign, lang="en", now=now, misuse=check)
    _, created_again = record(campaign, response_id=response.id, lang="en", now=now, misuse=check)
    assert created_again is False and check.asked == [response.id]  # a replay is not judged
    rows = db.session.execute(
        select(Answer.channel, Answer.lang, Answer.collected_at, Answer.reason, Answer.is_flagged)
        .where(Answer.response_id == response.id)
        .distinct()
    ).all()
    assert rows == [("web", "en", datetime(2026, 3, 4, 10, 0), "titre_sejour", True)]
    assert db.session.get(Response, response.id).is_flagged is True


def test_a_batch_answers_each_item_as_if_recorded_one_after_the_other(campaign):
    first = Submission(str(uuid.uuid4()), "web", "fr", valid_answers())
    other = Submission(first.response_id, "web", "fr", valid_answers(courtoisie="satisfait"))
    invalid = Submission(str(uuid.uuid4()), "web", "fr", valid_answers(courtoisie="ravi"))
    fixed = Submission(invalid.response_id, "web", "fr", valid_answers())
    batch = [invalid, first, first, other, fixed, invalid]
    outcomes = record_responses(db.session, campaign, batch)
    db.session.commit()
    kinds = [
        type(o).__name__ if isinstance(o, Exception) else ("created" if o.created else "same")
        for o in outcomes
    ]
    # the invalid id is new when first sent, stored (with other content) when sent again
    assert kinds == ["InvalidResponse", "created", "same", "ResponseConflict", "created",
                     "ResponseConflict"]  # fmt: skip
    assert stored_count() == 2
    again = record_responses(db.session, campaign, batch)
    assert [getattr(o, "created", None) for o in again] == [None, False, False, None, False, None]


def test_a_campaign_takes_responses_until_the_end_of_its_closing_day_in_the_site_zone(app_ctx):
    """Cayenne is UTC-3: 02:30 UTC on 1 April is still 31 March there, the last day."""
    from questionnaires import bundled_path, load_questionnaire
    from survey_app.core.campaigns import create_campaign, get_or_create_site

    site = get_or_create_site(db.session, "guyane", "Préfecture de la Guyane", "America/Cayenne")
    campaign = create_campaign(
        db.session,
        slug="guyane-2026",
        title="Accueil 2026",
        site=site,
        questionnaire=load_questionnaire(bundled_path()),
        status="open",
        opens_on=date(2026, 3, 1),
        closes_on=date(2026, 3, 31),
    )
    db.session.commit()
    _, created = record(campaign, now=datetime(2026, 4, 1, 2, 30))  # 23:30 on 31 March
    assert created
    with pytest.raises(CampaignNotOpen) as caught:
        record(campaign, now=datetime(2026, 4, 1, 3, 30))  # 00:30 on 1 April
    assert caught.value.state == "closed"
    _, created = record(campaign, now=datetime(2026, 3, 1, 3, 0))  # 00:00 on 1 March
    assert created
    with pytest.raises(CampaignNotOpen) as caught:
        record(campaign, now=datetime(2026, 3, 1, 2, 0))  # 23:00 on 28 February
    assert caught.value.state == "not_yet_open"
    assert stored_count() == 2
