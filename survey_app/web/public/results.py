"""The opt-in public page /resultats: the latest closed, published campaign's satisfaction.

A campaign appears only when its officer ticked "publier" and it is closed. Numbers come
from the one read path and analysis/, written in French; readable on a phone, printable.
"""

from __future__ import annotations

from flask import Blueprint, Flask, g, render_template
from sqlalchemy import select

from analysis.campaign import campaign_results
from analysis.french import format_number, format_percent, pluralize
from analysis.report.sentences import period_text, rate_definition

from ...core.campaigns import campaign_state, questionnaire_of
from ...core.db import db
from ...core.models import Campaign, Site
from ...counts.reading import campaign_tally

bp = Blueprint("public_results", __name__)


def latest_published(session) -> Campaign | None:
    """The published campaign closed most recently (by its last day, then its creation),
    among the sites whose results may be public (/admin/sites)."""
    campaigns = session.scalars(
        select(Campaign)
        .join(Site, Site.id == Campaign.site_id)
        .where(
            Campaign.is_published.is_(True),
            Campaign.status != "draft",
            Site.is_results_public.is_(True),
        )
        .order_by(Campaign.closes_on.desc().nulls_last(), Campaign.created_at.desc())
    )
    return next((c for c in campaigns if campaign_state(c) == "closed"), None)


@bp.get("/resultats")
def public_results():
    g.lang = "fr"
    campaign = latest_published(db.session)
    if campaign is None:
        return render_template("results/public.html", campaign=None), 404
    questionnaire = questionnaire_of(campaign.questionnaire_version)
    results = campaign_results(questionnaire, campaign_tally(db.session, campaign))
    overall = None
    items = []
    for rating in results.ratings:
        item = questionnaire.item(rating.item_key)
        row = {
            "label": item.label["fr"],
            "n": format_number(rating.n),
            "rate": rating.satisfaction_rate,
            "rate_text": format_percent(rating.satisfaction_rate) if rating.n else "—",
            "width": round((rating.satisfaction_rate or 0) * 100),
            "is_small_sample": rating.n and rating.is_small_sample,
        }
        if item.is_overall:
            overall = row
        else:
            items.append(row)
    rated = questionnaire.overall_item or next(
        (i for i in questionnaire.items if i.type == "rating"), None
    )
    return render_template(
        "results/public.html",
        campaign=campaign,
        rate_definition=rate_definition(rated) if rated is not None else None,
        period=period_text(campaign.opens_on, campaign.closes_on),
        responses=pluralize(results.responses, "réponse", "réponses"),
        overall=overall,
        items=items,
    )


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
