"""Reading free comments for the officer: filtered, paginated, masked before they leave."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_login import current_user
from sqlalchemy import func, select

from analysis.masking import mask

from ...core.campaigns import questionnaire_of
from ...core.db import db
from ...core.models import Answer, Campaign, CommentReview, Response

PAGE_SIZE = 50


@dataclass
class CommentFilters:
    campaign: Campaign | None = None
    item_key: str | None = None
    theme: str | None = None
    page: int | None = 1
    """None: every matching comment (export)."""

    def args(self, **changes) -> dict[str, str]:
        """Query-string arguments of these filters, for links and pagination."""
        values = {
            "campaign": self.campaign.slug if self.campaign else None,
            "item": self.item_key,
            "theme": self.theme,
            "page": self.page,
        }
        values.update(changes)
        return {k: v for k, v in values.items() if v not in (None, "", 1)}


@dataclass(frozen=True)
class CommentRow:
    response_id: str
    item_key: str
    item_label: str
    campaign_slug: str
    campaign_title: str
    channel: str
    collected_at: datetime
    text: str
    """Masked, with the manual redaction when there is one."""
    theme: str | None
    is_redacted: bool


def shown_text(text: str, review: CommentReview | None) -> str:
    """What may be shown or exported: the redacted text if any, always masked."""
    return mask(review.redacted_text if review and review.redacted_text is not None else text)


def text_items(campaign: Campaign | None) -> list[tuple[str, str]]:
    """(key, label) of the free-text items, for the item filter."""
    if campaign is None:
        return []
    questionnaire = questionnaire_of(campaign.questionnaire_version)
    return [(i.key, i.label["fr"]) for i in questionnaire.items if i.type == "text"]


def comment_rows(filters: CommentFilters) -> tuple[list[CommentRow], int]:
    """The comments the user may see, newest first, one page of them; and how many in all."""
    query = (
        select(Answer, Response.channel, Response.collected_at, Campaign, CommentReview)
        .join(Response, Response.id == Answer.response_id)
        .join(Campaign, Campaign.id == Answer.campaign_id)
        .outerjoin(
            CommentReview,
            (CommentReview.response_id == Answer.response_id)
            & (CommentReview.item_key == Answer.item_key),
        )
        .where(Answer.text.is_not(None), current_user.site_clause(Campaign.site_id))
    )
    if filters.campaign is not None:
        query = query.where(Answer.campaign_id == filters.campaign.id)
    if filters.item_key:
        query = query.where(Answer.item_key == filters.item_key)
    if filters.theme:
        query = query.where(CommentReview.theme == filters.theme)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    query = query.order_by(Response.collected_at.desc(), Answer.response_id)
    if filters.page is not None:
        query = query.limit(PAGE_SIZE).offset((filters.page - 1) * PAGE_SIZE)
    rows = []
    for answer, channel, collected_at, campaign, review in db.session.execute(query):
        item = questionnaire_of(campaign.questionnaire_version).item(answer.item_key)
        rows.append(
            CommentRow(
                response_id=answer.response_id,
                item_key=answer.item_key,
                item_label=item.label["fr"] if item else answer.item_key,
                campaign_slug=campaign.slug,
                campaign_title=campaign.title,
                channel=channel,
                collected_at=collected_at,
                text=shown_text(answer.text, review),
                theme=review.theme if review else None,
                is_redacted=bool(review and review.redacted_text is not None),
            )
        )
    return rows, total
