"""Paper entry: channel paper through the one write path, same validation, author-only
same-day corrections, every change in the audit log."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from survey_app.core.db import db
from survey_app.core.models import Answer, AuditEvent, Response
from tests.app.admin_helpers import login, post

# Codes are the option numbers: profil 1 = particulier, courtoisie 2 = satisfait, ...
FORM = {
    "profil": "1",
    "motif": "2",
    "courtoisie": "2",
    "satisfaction_globale": "1",
    "commentaire": "Très bien",
}


def _paper_responses(app, world):
    """Paper forms keyed in by officer_a during the test (the world's own one left out)."""
    with app.app_context():
        query = select(Response).filter_by(
            channel="paper", entered_by_id=world["staff"]["officer_a"]
        )
        query = query.where(Response.id != world["paper_id"])
        return db.session.scalars(query.order_by(Response.id)).all()


def _answers(app, response_id):
    with app.app_context():
        rows = db.session.execute(
            select(Answer.item_key, Answer.value, Answer.text).filter_by(response_id=response_id)
        )
        return {k: v if v is not None else t for k, v, t in rows}


def test_three_forms_keyed_one_after_the_other_are_stored_as_paper(app, world, officer):
    url = "/admin/campaigns/alpha/paper"
    for number in (1, 2, 3):
        reply = post(officer, url, FORM, token_from=url)
        assert reply.status_code == 303
        page = officer.get(url).get_data(as_text=True)
        assert f"Saisis pendant cette session : {number}" in page
    mine = _paper_responses(app, world)
    assert len(mine) == 3
    assert _answers(app, mine[0].id)["courtoisie"] == "satisfait"
    assert _answers(app, mine[0].id)["profil"] == "particulier"


def test_the_same_rendered_form_posted_twice_is_stored_once(app, world, officer):
    url = "/admin/campaigns/alpha/paper"
    page = officer.get(url).get_data(as_text=True)
    response_id = page.split('name="response_id" value="')[1].split('"')[0]
    for _ in range(2):
        post(officer, url, {**FORM, "response_id": response_id}, token_from=url)
    assert [r.id for r in _paper_responses(app, world)] == [response_id]


def test_bad_codes_and_missing_required_answers_are_named_on_their_field(app, world, officer):
    url = "/admin/campaigns/alpha/paper"
    reply = post(officer, url, {**FORM, "profil": "", "courtoisie": "9"}, token_from=url)
    assert reply.status_code == 422
    page = reply.get_data(as_text=True)
    assert "Tapez un chiffre de 1 à 5" in page
    assert len(_paper_responses(app, world)) == 0
    # A required question left blank on the paper is no reason to refuse the form: it is
    # stored as filled in, the blank kept apart (tests/app/test_kept_apart.py).
    reply = post(officer, url, {**FORM, "profil": ""}, token_from=url)
    assert reply.status_code == 303
    assert len(_paper_responses(app, world)) == 1


def test_an_empty_paper_form_is_refused(app, world, officer):
    url = "/admin/campaigns/alpha/paper"
    reply = post(officer, url, {key: "" for key in FORM}, token_from=url)
    assert reply.status_code == 422
    assert "Aucune réponse saisie" in reply.get_data(as_text=True)
    assert len(_paper_responses(app, world)) == 0


def test_a_future_collection_date_is_refused(app, world, officer):
    from survey_app.core.clock import local_today

    url = "/admin/campaigns/alpha/paper"
    tomorrow = local_today("Europe/Paris") + timedelta(days=1)
    reply = post(officer, url, {**FORM, "collected_on": tomorrow.isoformat()}, token_from=url)
    assert reply.status_code == 422
    assert "ne peut pas être dans le futur" in reply.get_data(as_text=True)


def test_the_author_corrects_a_form_and_the_change_is_logged(app, world, officer):
    url = "/admin/campaigns/alpha/paper"
    post(officer, url, FORM, token_from=url)
    (response,) = _paper_responses(app, world)
    edit = f"/admin/paper/{response.id}/edit"
    assert 'value="2"' in officer.get(edit).get_data(as_text=True)
    reply = post(officer, edit, {**FORM, "courtoisie": "4"}, token_from=edit)
    assert reply.status_code == 303
    assert _answers(app, response.id)["courtoisie"] == "pas_du_tout_satisfait"
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).filter_by(action="paper.update"))
        assert event.user_id == world["staff"]["officer_a"]
        assert event.details["before"]["courtoisie"] == "satisfait"
        assert event.details["after"]["courtoisie"] == "pas_du_tout_satisfait"
        assert event.details["after"]["commentaire"] == "(texte)"  # no comment text in the log


def test_the_author_deletes_a_form_and_the_deletion_is_logged(app, world, officer):
    url = "/admin/campaigns/alpha/paper"
    post(officer, url, FORM, token_from=url)
    (response,) = _paper_responses(app, world)
    assert post(officer, f"/admin/paper/{response.id}/delete", token_from=url).status_code == 303
    assert _paper_responses(app, world) == []
    assert _answers(app, response.id) == {}
    with app.app_context():
        actions = db.session.scalars(
            select(AuditEvent.action).where(AuditEvent.target == f"response:{response.id}")
        ).all()
        assert actions == ["paper.create", "paper.delete"]


def test_a_form_keyed_in_on_an_earlier_day_can_no_longer_be_changed(app, world, officer):
    url = "/admin/campaigns/alpha/paper"
    post(officer, url, FORM, token_from=url)
    (response,) = _paper_responses(app, world)
    with app.app_context():
        stored = db.session.get(Response, response.id)
        stored.received_at -= timedelta(days=2)
        db.session.commit()
    reply = officer.get(f"/admin/paper/{response.id}/edit")
    assert reply.status_code == 403
    assert "le jour de sa saisie" in reply.get_data(as_text=True)
    assert post(officer, f"/admin/paper/{response.id}/delete", token_from=url).status_code == 403


def _colleague(app, response_id):
    """A second officer of the same site, signed in."""
    from survey_app.accounts.users import create_user
    from survey_app.core.models import Campaign, UserSite
    from tests.app.admin_helpers import PASSWORD

    with app.app_context():
        colleague = create_user(db.session, "colleague_a", PASSWORD, role="officer")
        campaign_id = db.session.get(Response, response_id).campaign_id
        site_id = db.session.get(Campaign, campaign_id).site_id
        db.session.add(UserSite(user_id=colleague.id, site_id=site_id))
        db.session.commit()
    other = app.test_client()
    login(other, "colleague_a")
    return other


def test_another_officer_of_the_same_site_cannot_change_it(app, world, officer):
    url = "/admin/campaigns/alpha/paper"
    post(officer, url, FORM, token_from=url)
    (response,) = _paper_responses(app, world)
    other = _colleague(app, response.id)
    reply = other.get(f"/admin/paper/{response.id}/edit")
    assert reply.status_code == 403
    assert "Seule la personne qui a saisi" in reply.get_data(as_text=True)


def test_paper_entry_is_refused_when_the_campaign_is_closed(app, world, officer):
    url = "/admin/campaigns/alpha/paper"
    post(officer, "/admin/campaigns/alpha/status", {"status": "closed"})
    reply = post(officer, url, FORM, token_from=url)
    assert reply.status_code == 422
    assert "n'est pas ouverte" in reply.get_data(as_text=True)


def test_replaying_a_colleagues_form_id_changes_nothing_and_logs_nothing(app, world, officer):
    url = "/admin/campaigns/alpha/paper"
    page = officer.get(url).get_data(as_text=True)
    response_id = page.split('name="response_id" value="')[1].split('"')[0]
    post(officer, url, {**FORM, "response_id": response_id}, token_from=url)
    other = _colleague(app, response_id)
    reply = post(other, url, {**FORM, "response_id": response_id}, token_from=url)
    assert reply.status_code == 303
    with app.app_context():
        assert db.session.get(Response, response_id).entered_by_id == world["staff"]["officer_a"]
        actions = db.session.scalars(
            select(AuditEvent.action).where(AuditEvent.target == f"response:{response_id}")
        ).all()
        assert actions == ["paper.create"]
    assert "déjà enregistré" in other.get(url).get_data(as_text=True)


def test_a_correction_keeps_the_comments_theme_and_redaction(app, world, officer):
    from survey_app.core.models import CommentReview

    url = "/admin/campaigns/alpha/paper"
    post(officer, url, {**FORM, "commentaire": "Merci à M. Dupont, tél. 0612345678"}, url)
    (response,) = _paper_responses(app, world)
    redacted = "Merci à [agent], tél. [caviardé]"
    with app.app_context():
        db.session.add(CommentReview(response_id=response.id, item_key="commentaire",
                                     theme="accueil", redacted_text=redacted))  # fmt: skip
        db.session.commit()
    edit = f"/admin/paper/{response.id}/edit"
    form = {**FORM, "commentaire": "Merci à M. Dupont, tél. 0612345678", "courtoisie": "4"}
    assert post(officer, edit, form, token_from=edit).status_code == 303
    assert _answers(app, response.id)["courtoisie"] == "pas_du_tout_satisfait"
    with app.app_context():
        review = db.session.get(CommentReview, (response.id, "commentaire"))
        assert (review.theme, review.redacted_text) == ("accueil", redacted)
    export = officer.get("/admin/comments/export.csv").get_data(as_text=True)
    assert redacted in export and "Dupont" not in export
