"""The campaign page: live numbers refreshed in place, links to everything about the campaign."""

from __future__ import annotations

from flask import render_template, url_for

from ...core.campaigns import campaign_state, questionnaire_of
from ...core.db import db
from .access import MANAGERS, campaign_or_404, roles_required
from .blueprint import bp
from .campaigns import STATE_LABELS, newer_version
from .forms import CHANNEL_LABELS, ActionForm
from .live import live_numbers
from .qrcodes import public_link


@bp.get("/campaigns/<slug>")
@roles_required(*MANAGERS)
def campaign(slug: str):
    campaign = campaign_or_404(slug)
    version = campaign.questionnaire_version
    return render_template(
        "admin/campaign.html",
        campaign=campaign,
        state=campaign_state(campaign),
        state_labels=STATE_LABELS,
        channel_labels=CHANNEL_LABELS,
        version=version,
        questionnaire=questionnaire_of(version),
        newer=newer_version(campaign),
        link=public_link(campaign),
        live=live_numbers(db.session, campaign),
        live_url=url_for("admin.campaign_live", slug=slug),
        action_form=ActionForm(),
    )


@bp.get("/campaigns/<slug>/live")
@roles_required(*MANAGERS)
def campaign_live(slug: str):
    """The numbers block alone, for admin.js to swap in without reloading the page."""
    campaign = campaign_or_404(slug)
    page = render_template("admin/_live.html", live=live_numbers(db.session, campaign))
    return page, 200, {"Cache-Control": "no-store"}
