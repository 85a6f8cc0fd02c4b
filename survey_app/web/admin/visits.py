"""Visits counted by the queue system, typed in per channel, per day or as a campaign total
(the file import is in visits_import.py); every count is written by collect/visits.py."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from sqlalchemy import select

from analysis.french import format_number

from ...collect.visits import set_visits
from ...core.db import db
from ...core.models import Campaign, CampaignVisits
from ...counts.reading import visits_by_channel
from .access import MANAGERS, campaign_or_404, roles_required
from .audit import audit
from .blueprint import bp
from .forms import CHANNEL_LABELS, ActionForm
from .live import short_day
from .visits_forms import VisitsForm, VisitsImportForm


@bp.route("/campaigns/<slug>/visits", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def visits(slug: str):
    campaign = campaign_or_404(slug)
    form = VisitsForm(campaign)
    if form.validate_on_submit():
        row, _ = set_visits(  # typing a day again corrects it
            db.session, campaign, form.channel.data, form.day.data, form.visits.data
        )
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
    status = 422 if form.errors else 200
    return visits_page(campaign, form=form), status


def visits_page(
    campaign: Campaign,
    form: VisitsForm | None = None,
    import_form: VisitsImportForm | None = None,
    file_problems: int = 0,
    file_name: str = "",
) -> str:
    """The page: the form to type a count in, the file import (with the problems found in
    the file `file_name`, listed under its field), the counts stored."""
    rows = db.session.scalars(
        select(CampaignVisits)
        .filter_by(campaign_id=campaign.id)
        .order_by(CampaignVisits.channel, CampaignVisits.day.is_(None), CampaignVisits.day)
    ).all()
    return render_template(
        "admin/visits.html",
        campaign=campaign,
        form=form or VisitsForm(campaign, formdata=None),
        import_form=import_form or VisitsImportForm(prefix="import", formdata=None),
        rows=rows,
        counted=visits_by_channel(db.session, campaign),
        file_problems=file_problems,
        file_name=file_name,
        channel_labels=CHANNEL_LABELS,
        short_day=short_day,
        format_number=format_number,
        action_form=ActionForm(formdata=None),
    )


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
