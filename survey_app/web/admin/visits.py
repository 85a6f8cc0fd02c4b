"""Visits counted by the queue system, typed in per channel, per day or as a campaign total."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from sqlalchemy import select

from ...core.db import db
from ...core.models import CampaignVisits
from .access import MANAGERS, campaign_or_404, roles_required
from .audit import audit
from .blueprint import bp
from .forms import CHANNEL_LABELS, ActionForm, VisitsForm
from .live import short_day


@bp.route("/campaigns/<slug>/visits", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def visits(slug: str):
    campaign = campaign_or_404(slug)
    form = VisitsForm()
    if form.validate_on_submit():
        row = db.session.scalar(
            select(CampaignVisits).filter_by(
                campaign_id=campaign.id, channel=form.channel.data, day=form.day.data
            )
        )
        if row is None:
            row = CampaignVisits(
                campaign_id=campaign.id,
                channel=form.channel.data,
                day=form.day.data,
                visits=form.visits.data,
            )
            db.session.add(row)
        else:
            row.visits = form.visits.data  # typing a day again corrects it
        audit(
            "visits.set",
            f"campaign:{slug}",
            channel=row.channel,
            day=row.day.isoformat() if row.day else None,
            visits=row.visits,
        )
        db.session.commit()
        flash("Le nombre de visites est enregistré.")
        return redirect(url_for("admin.visits", slug=slug), 303)
    rows = db.session.scalars(
        select(CampaignVisits)
        .filter_by(campaign_id=campaign.id)
        .order_by(CampaignVisits.channel, CampaignVisits.day.is_not(None), CampaignVisits.day)
    ).all()
    return render_template(
        "admin/visits.html",
        campaign=campaign,
        form=form,
        rows=rows,
        channel_labels=CHANNEL_LABELS,
        short_day=short_day,
        action_form=ActionForm(),
    ), 422 if form.errors else 200


@bp.post("/campaigns/<slug>/visits/<int:visits_id>/delete")
@roles_required(*MANAGERS)
def visits_delete(slug: str, visits_id: int):
    campaign = campaign_or_404(slug)
    row = db.session.get(CampaignVisits, visits_id)
    if row is None or row.campaign_id != campaign.id:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    audit(
        "visits.delete",
        f"campaign:{slug}",
        channel=row.channel,
        day=row.day.isoformat() if row.day else None,
        visits=row.visits,
    )
    db.session.delete(row)
    db.session.commit()
    flash("La ligne de visites est supprimée.")
    return redirect(url_for("admin.visits", slug=slug), 303)
