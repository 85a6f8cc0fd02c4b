"""The front door, /: the sites' open campaigns with their public form (a link per
language, named in that language) and the way to the officers' workspace."""

from __future__ import annotations

from flask import Blueprint, g, render_template, url_for
from sqlalchemy import select

from ...core.campaigns import campaign_state, questionnaire_of
from ...core.db import db
from ...core.models import Campaign
from ..i18n import NATIVE_NAMES, text_direction
from .results import latest_published

bp = Blueprint("front", __name__)


def open_campaigns() -> list[dict]:
    """Campaigns answering on the web today, grouped by site (sites by name)."""
    campaigns = db.session.scalars(
        select(Campaign).where(Campaign.status == "open").order_by(Campaign.title, Campaign.id)
    ).all()
    by_site: dict[int, dict] = {}
    for campaign in campaigns:
        if "web" not in campaign.channels or campaign_state(campaign) != "open":
            continue
        languages = questionnaire_of(campaign.questionnaire_version).languages
        entry = by_site.setdefault(campaign.site_id, {"site": campaign.site, "campaigns": []})
        entry["campaigns"].append(
            {
                "campaign": campaign,
                "url": url_for("public.survey", slug=campaign.slug),
                "languages": [
                    {
                        "code": code,
                        "name": NATIVE_NAMES.get(code, code),
                        "dir": text_direction(code),
                        "url": url_for("public.survey", slug=campaign.slug, lang=code),
                    }
                    for code in languages
                    if code != "fr"
                ],
            }
        )
    return sorted(by_site.values(), key=lambda entry: entry["site"].name)


@bp.get("/")
def front_door():
    g.lang = "fr"
    return render_template(
        "front.html", sites=open_campaigns(), has_results=latest_published(db.session) is not None
    )
