"""Paper questionnaires keyed in one after the other (channel `paper`, the one write path).

The form is stored as the visitor filled it in: a required question left blank or an
answer to a question its condition hides is kept apart, not refused (docs/report.md).
Only the author may correct or delete a keyed-in form, and only on the day it was keyed
in; every creation, correction and deletion is written to the audit log.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user
from sqlalchemy import delete, func, select

from analysis.french import pluralize

from ...collect.recording import CampaignNotOpen, InvalidResponse, ResponseConflict, record_response
from ...core.campaigns import campaign_state, questionnaire_of
from ...core.clock import local_today, utcnow
from ...core.db import db
from ...core.models import Answer, Campaign, CommentReview, KeptApartAnswer, Response
from ...counts.folding import unfold
from ...counts.kept_apart import kept_apart_by_response
from ..messages import message_for
from .access import MANAGERS, campaign_or_404, roles_required, visible_campaigns
from .audit import audit
from .blueprint import bp
from .forms import ActionForm
from .paper_form import PaperEntry

CHANNEL = "paper"
EMPTY = "Aucune réponse saisie : tapez au moins une réponse du questionnaire."


@bp.get("/paper")
@roles_required(*MANAGERS)
def paper_home():
    campaigns = [c for c in visible_campaigns() if CHANNEL in c.channels]
    states = {c.id: campaign_state(c) for c in campaigns}
    return render_template("admin/paper_home.html", campaigns=campaigns, states=states)


def _collected_at(campaign: Campaign, entry: PaperEntry) -> datetime | None:
    """Noon (site time) of the day written on the form; None means now."""
    day = entry.collected_on
    if day is None or day == local_today(campaign.site.timezone):
        return None
    if day > local_today(campaign.site.timezone):
        entry.errors["collected_on"] = ["La date de collecte ne peut pas être dans le futur."]
        return None
    noon = datetime.combine(day, time(12)).replace(tzinfo=ZoneInfo(campaign.site.timezone))
    return noon.astimezone(UTC).replace(tzinfo=None)


def _record(
    campaign: Campaign, entry: PaperEntry, response_id: str
) -> tuple[Response, bool] | None:
    """Record through the write path: (response, created); on refusal, put the reasons on the
    entry and return None. A replay (created False) keeps its author: nothing is changed."""
    answers = entry.answers()
    collected_at = _collected_at(campaign, entry)
    if entry.errors:
        return None
    try:
        response, created = record_response(
            db.session,
            campaign,
            response_id=response_id,
            channel=CHANNEL,
            lang="fr",
            answers=answers,
            collected_at=collected_at,
            is_tolerant=True,
        )
    except InvalidResponse as exc:
        for error in exc.errors:
            message = EMPTY if error.code == "empty" else message_for(error)
            entry.errors.setdefault(error.item, []).append(message)
        return None
    except ResponseConflict:
        entry.errors.setdefault("form", []).append(
            "Ce questionnaire a déjà été enregistré : il n'a pas été saisi deux fois."
        )
        return None
    except CampaignNotOpen:
        entry.errors.setdefault("form", []).append(
            "L'enquête n'est pas ouverte : ouvrez-la avant de saisir des questionnaires."
        )
        return None
    if created:
        response.entered_by_id = current_user.id
    return response, created


def _keyed_this_session(slug: str) -> int:
    return session.get("paper_keyed", {}).get(slug, 0)


def _render(campaign: Campaign, entry: PaperEntry, response_id: str, editing=None, status=200):
    today = local_today(campaign.site.timezone)
    mine = db.session.scalars(
        select(Response)
        .filter_by(campaign_id=campaign.id, channel=CHANNEL, entered_by_id=current_user.id)
        .where(Response.received_at >= _start_of_local_day(campaign))
        .order_by(Response.received_at.desc())
    ).all()
    page = render_template(
        "admin/paper.html",
        campaign=campaign,
        entry=entry,
        response_id=response_id,
        editing=editing,
        keyed=_keyed_this_session(campaign.slug),
        mine=mine,
        kept_apart=kept_apart_by_response(db.session, campaign, [r.id for r in mine]),
        campaign_questionnaire=entry.questionnaire,
        today=today,
        state=campaign_state(campaign),
        action_form=ActionForm(),
    )
    return page, status


def _start_of_local_day(campaign: Campaign) -> datetime:
    zone = ZoneInfo(campaign.site.timezone)
    midnight = datetime.combine(local_today(campaign.site.timezone), time()).replace(tzinfo=zone)
    return midnight.astimezone(UTC).replace(tzinfo=None)


@bp.route("/campaigns/<slug>/paper", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def paper_entry(slug: str):
    campaign = campaign_or_404(slug)
    if CHANNEL not in campaign.channels:
        abort(404)
    questionnaire = questionnaire_of(campaign.questionnaire_version)
    if request.method == "GET":
        return _render(campaign, PaperEntry(questionnaire), str(uuid.uuid4()))
    entry = PaperEntry.from_form(questionnaire, request.form)
    response_id = _response_id(request.form.get("response_id"))
    recorded = _record(campaign, entry, response_id)
    if recorded is None:
        db.session.rollback()
        return _render(campaign, entry, response_id, status=422)
    response, created = recorded
    if not created:  # the same form sent again (a double click, a replayed id): nothing to do
        db.session.rollback()
        flash("Ce questionnaire était déjà enregistré : il n'a pas été saisi deux fois.")
        return redirect(url_for("admin.paper_entry", slug=slug), 303)
    audit("paper.create", f"response:{response.id}", campaign=slug)
    db.session.commit()
    counts = dict(session.get("paper_keyed", {}))
    counts[slug] = counts.get(slug, 0) + 1
    session["paper_keyed"] = counts
    keyed = pluralize(counts[slug], "questionnaire saisi", "questionnaires saisis")
    flash(f"Questionnaire enregistré ({keyed} pendant cette session).{_kept_note(response.id)}")
    return redirect(url_for("admin.paper_entry", slug=slug), 303)


def _response_id(raw: str | None) -> str:
    try:
        return str(uuid.UUID(raw or ""))
    except ValueError:
        return str(uuid.uuid4())


def _own_response_of_today(response_id: str) -> tuple[Response, Campaign]:
    """A paper response the signed-in user keyed in today, else 404 or 403."""
    response = db.session.get(Response, response_id)
    if response is None or response.channel != CHANNEL:
        abort(404)
    campaign = db.session.get(Campaign, response.campaign_id)
    if not current_user.sees_site(campaign.site_id):
        abort(404)
    if response.entered_by_id != current_user.id:
        abort(403, description="Seule la personne qui a saisi ce questionnaire peut le modifier.")
    if response.received_at < _start_of_local_day(campaign):
        abort(403, description="Un questionnaire ne peut être corrigé que le jour de sa saisie.")
    return response, campaign


def _kept_note(response_id: str) -> str:
    """« 1 réponse mise à part : … » after saving a form that breaks a rule, else ""."""
    kept = db.session.scalar(
        select(func.count()).select_from(KeptApartAnswer).filter_by(response_id=response_id)
    )
    if not kept:
        return ""
    shown = pluralize(kept, "réponse mise à part", "réponses mises à part")
    return f" {shown} (question obligatoire vide ou qui ne se posait pas) : voir la liste."


def stored_answers(response_id: str) -> dict[str, str]:
    """The answers as keyed in, those kept apart included (a correction shows them all)."""
    rows = db.session.execute(
        select(Answer.item_key, Answer.value, Answer.text).filter_by(response_id=response_id)
    )
    answers = {key: value if value is not None else text for key, value, text in rows}
    kept = db.session.execute(
        select(KeptApartAnswer.item_key, KeptApartAnswer.value, KeptApartAnswer.text).filter_by(
            response_id=response_id, code="hidden"
        )
    )
    answers.update({key: value if value is not None else text for key, value, text in kept})
    return answers


def loggable(answers: dict[str, str], questionnaire) -> dict[str, str]:
    """Answers for the audit log: option values as they are, free text never copied."""
    return {
        key: "(texte)"
        if questionnaire.item(key) and questionnaire.item(key).type == "text"
        else value
        for key, value in answers.items()
    }


def _comment_reviews(response_id: str) -> list[dict]:
    """The officer's themes and redactions of this response's comments, to outlive a correction
    (deleting the response row cascades to them)."""
    columns = ("item_key", "theme", "redacted_text", "reviewed_by_id", "reviewed_at")
    rows = db.session.execute(
        select(*(getattr(CommentReview, c) for c in columns)).filter_by(response_id=response_id)
    )
    return [dict(zip(columns, row, strict=True)) for row in rows]


def _restore_reviews(reviews: list[dict], response_id: str) -> None:
    """Put the reviews back on the comments the corrected form still has. A redaction is kept
    even when the comment's wording was corrected: what it hid stays hidden."""
    texts = set(
        db.session.scalars(
            select(Answer.item_key)
            .filter_by(response_id=response_id)
            .where(Answer.text.is_not(None))
        )
    )
    for review in reviews:
        if review["item_key"] in texts:
            db.session.add(CommentReview(response_id=response_id, **review))


@bp.route("/paper/<response_id>/edit", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def paper_edit(response_id: str):
    response, campaign = _own_response_of_today(response_id)
    questionnaire = questionnaire_of(campaign.questionnaire_version)
    before = stored_answers(response.id)
    if request.method == "GET":
        entry = PaperEntry.from_answers(questionnaire, before)
        return _render(campaign, entry, response.id, editing=response)
    entry = PaperEntry.from_form(questionnaire, request.form)
    reviews = _comment_reviews(response.id)
    unfold(db.session, campaign.id, [response.id])
    db.session.execute(delete(CommentReview).filter_by(response_id=response.id))
    db.session.execute(delete(Answer).filter_by(response_id=response.id))
    db.session.execute(delete(KeptApartAnswer).filter_by(response_id=response.id))
    db.session.delete(response)
    db.session.flush()
    corrected = _record(campaign, entry, response_id)
    if corrected is None:
        db.session.rollback()
        response, campaign = _own_response_of_today(response_id)
        return _render(campaign, entry, response_id, editing=response, status=422)
    _restore_reviews(reviews, response_id)
    after = stored_answers(response_id)
    audit(
        "paper.update",
        f"response:{response_id}",
        campaign=campaign.slug,
        before=loggable(before, questionnaire),
        after=loggable(after, questionnaire),
    )
    db.session.commit()
    flash("La correction est enregistrée.")
    return redirect(url_for("admin.paper_entry", slug=campaign.slug), 303)


@bp.post("/paper/<response_id>/delete")
@roles_required(*MANAGERS)
def paper_delete(response_id: str):
    response, campaign = _own_response_of_today(response_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    questionnaire = questionnaire_of(campaign.questionnaire_version)
    before = stored_answers(response.id)
    unfold(db.session, campaign.id, [response.id])
    db.session.execute(delete(Answer).filter_by(response_id=response.id))
    db.session.execute(delete(KeptApartAnswer).filter_by(response_id=response.id))
    db.session.delete(response)
    audit(
        "paper.delete",
        f"response:{response_id}",
        campaign=campaign.slug,
        before=loggable(before, questionnaire),
        deleted_at=utcnow().isoformat(),
    )
    db.session.commit()
    flash("Le questionnaire saisi est supprimé.")
    return redirect(url_for("admin.paper_entry", slug=campaign.slug), 303)
