"""Which campaign a report is compared with when the officer names none: last year's.

The rule, written once: the same site, the same questionnaire family (the questionnaire's
key, whatever its version), the year before the campaign's own year, not a draft. When
several match, the one that opened last (then the latest created) is taken.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..core.models import Campaign, QuestionnaireVersion


def campaign_year(campaign: Campaign) -> int:
    """The bilan's year: the year the campaign opens (else closes, else was created)."""
    return (campaign.opens_on or campaign.closes_on or campaign.created_at).year


def previous_campaign(session: Session, campaign: Campaign) -> Campaign | None:
    """Last year's campaign of the same site and questionnaire family, None if there is none."""
    candidates = session.scalars(
        select(Campaign)
        .join(QuestionnaireVersion, Campaign.questionnaire_version_id == QuestionnaireVersion.id)
        .where(
            Campaign.site_id == campaign.site_id,
            Campaign.id != campaign.id,
            Campaign.status != "draft",
            QuestionnaireVersion.key == campaign.questionnaire_version.key,
        )
    ).all()
    year = campaign_year(campaign) - 1
    found = [c for c in candidates if campaign_year(c) == year]
    found.sort(key=lambda c: (c.opens_on or c.closes_on or c.created_at.date(), c.created_at))
    return found[-1] if found else None
