"""The tables. Times are naive UTC; response times are kept to the hour only."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .clock import utcnow
from .db import db

CHANNELS = ("kiosk", "web", "paper", "import")
CAMPAIGN_STATUSES = ("draft", "open", "closed")
ROLES = ("admin", "officer", "reader")
SITE_KINDS = ("prefecture", "sous_prefecture", "other")


class Site(db.Model):
    """A place that receives the public: the prefecture, a sous-préfecture, another service."""

    __tablename__ = "sites"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    """The name printed on reports and posters; renaming never rewrites stored responses."""
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Paris")
    """Fixed once the site has responses: their local weekday and hour were computed with it."""
    kind: Mapped[str] = mapped_column(String(20), default="prefecture", server_default="prefecture")
    opening_hours: Mapped[str | None] = mapped_column(String(100))
    """'mon-fri 08:30-16:30' (local time), for the tablet-silence rule; None: OPENING_HOURS."""
    is_results_public: Mapped[bool] = mapped_column(default=True, server_default=true())
    """Whether the site's published campaigns may appear on the public /resultats page."""


class QuestionnaireVersion(db.Model):
    """A questionnaire's content frozen when a campaign first used it."""

    __tablename__ = "questionnaire_versions"
    __table_args__ = (
        UniqueConstraint("key", "content_hash"),
        UniqueConstraint("key", "version"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    content: Mapped[dict[str, Any]] = mapped_column(JSON, deferred=True)
    """Loaded only when a version is parsed, once per process (campaigns.questionnaire_of)."""
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Campaign(db.Model):
    __tablename__ = "campaigns"
    __table_args__ = (CheckConstraint("status IN ('draft', 'open', 'closed')", name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    questionnaire_version_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_versions.id"))
    status: Mapped[str] = mapped_column(String(10), default="draft")
    opens_on: Mapped[date | None] = mapped_column(Date)
    closes_on: Mapped[date | None] = mapped_column(Date)
    channels: Mapped[list[str]] = mapped_column(JSON, default=lambda: list(CHANNELS))
    target_responses: Mapped[int | None] = mapped_column(Integer)
    is_published: Mapped[bool] = mapped_column(default=False)
    """Opt-in: shown on the public /resultats page once closed."""
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    site: Mapped[Site] = relationship(lazy="joined")
    questionnaire_version: Mapped[QuestionnaireVersion] = relationship(lazy="joined")
    visits: Mapped[list[CampaignVisits]] = relationship(
        cascade="all, delete-orphan", order_by="CampaignVisits.channel"
    )


class CampaignVisits(db.Model):
    """Visits counted by the queue system, for the participation rate.

    `day` is None for a campaign total typed in at once, else one row per day.
    """

    __tablename__ = "campaign_visits"
    __table_args__ = (UniqueConstraint("campaign_id", "channel", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    channel: Mapped[str] = mapped_column(String(10))
    day: Mapped[date | None] = mapped_column(Date)
    visits: Mapped[int] = mapped_column(Integer)


class Device(db.Model):
    """A hall tablet of a site; it posts with a bearer token.

    It shows its site's open campaign (survey_app/accounts/tablet_campaign.py) unless the
    officer pinned it to one (`campaign_id`).
    """

    __tablename__ = "devices"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id"))
    """The campaign the officer pinned it to; None: it follows its site's open campaign."""
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    pairing_code_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    pairing_expires_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    paired_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_seen_at: Mapped[datetime | None] = mapped_column(DateTime)
    queue_length: Mapped[int] = mapped_column(Integer, default=0)
    rejected_count: Mapped[int] = mapped_column(Integer, default=0)
    app_version: Mapped[str | None] = mapped_column(String(64))
    """The kiosk shell version the tablet runs, from its last heartbeat."""
    queue_since_at: Mapped[datetime | None] = mapped_column(DateTime)
    """Since when its heartbeats report responses waiting to be sent (None: none waiting)."""

    site: Mapped[Site] = relationship()
    campaign: Mapped[Campaign | None] = relationship()


class Response(db.Model):
    """One respondent's answers; the id is chosen by the client (a UUID)."""

    __tablename__ = "responses"
    __table_args__ = (
        Index("ix_responses_campaign_channel", "campaign_id", "channel"),
        # The responses not yet folded, each campaign's few: the same predicate as the
        # queries' (`~Response.is_folded`), as each database renders it, or it is not used;
        # with the channel, so that SQLite counts them per channel from this index alone
        # rather than walk the whole campaign in ix_responses_campaign_channel's order.
        Index(
            "ix_responses_unfolded",
            "campaign_id",
            "channel",
            postgresql_where=text("NOT is_folded"),
            sqlite_where=text("is_folded = 0"),
        ),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"))
    questionnaire_version_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_versions.id"))
    channel: Mapped[str] = mapped_column(String(10))
    lang: Mapped[str] = mapped_column(String(16))
    received_at: Mapped[datetime] = mapped_column(DateTime)
    collected_at: Mapped[datetime] = mapped_column(DateTime)
    content_hash: Mapped[str] = mapped_column(String(64))
    device_id: Mapped[int | None] = mapped_column(ForeignKey("devices.id"))
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    """The officer who keyed in a paper form (they may correct it the same day)."""
    is_flagged: Mapped[bool] = mapped_column(default=False)
    """Suspected misuse (burst, identical run): kept, and reportable with or without."""
    is_folded: Mapped[bool] = mapped_column(default=False, server_default=false())
    """Counted in folded_counts (survey_app/counts/folding.py); until then its answers are counted
    one by one. Whatever changes a folded response's answers unfolds it first (the database
    refuses it otherwise: migration 0007, survey_app/counts/guard.py)."""


class Answer(db.Model):
    """Long format: one row per answered item, so counting is a GROUP BY.

    Option answers go in `value` (short, indexed); free text in `text`. Each row also
    carries its response's dimensions (channel, language, collection hour, reason for the
    visit, flag), copied by the write path, so that answers are counted per dimension
    (survey_app/counts/folding.py) without a join to their responses. A response's dimensions
    never change after it is recorded (a paper correction unfolds it, deletes it and
    records it again); whatever changes them must update both.
    """

    __tablename__ = "answers"
    __table_args__ = (
        Index("ix_answers_tally", "campaign_id", "item_key", "value"),
        CheckConstraint("(value IS NULL) <> (text IS NULL)", name="value_or_text"),
    )

    response_id: Mapped[str] = mapped_column(
        ForeignKey("responses.id", ondelete="CASCADE"), primary_key=True
    )
    item_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"))
    value: Mapped[str | None] = mapped_column(String(64))
    text: Mapped[str | None] = mapped_column(Text)
    channel: Mapped[str | None] = mapped_column(String(10))
    """The response's channel (as the dimensions below: None only if written some other way)."""
    lang: Mapped[str | None] = mapped_column(String(16))
    collected_at: Mapped[datetime | None] = mapped_column(DateTime)
    collected_week_hour: Mapped[int | None] = mapped_column(SmallInteger)
    """Local weekday (Monday 0) x 24 + local hour of collected_at, in the site's time zone."""
    reason: Mapped[str | None] = mapped_column(String(64))
    """The response's answer to its questionnaire's reason for the visit (the item declared
    `reason`), None when unanswered or not asked."""
    is_flagged: Mapped[bool | None] = mapped_column()


NO_ITEM = ""
"""folded_counts.item_key (and value) of the rows that count responses, not answers."""
NO_REASON = ""
"""folded_counts.reason of answers whose response gave no reason for the visit."""


class FoldedCount(db.Model):
    """Option answers counted ahead per campaign, item, value, channel, language, reason
    for the visit and flag: the tallies add to them the answers of responses not folded
    yet (survey_app/counts/folding.py). Rows with item_key NO_ITEM count responses per channel
    and flag. The key has no NULLs (NO_REASON stands for one), so that adding to a row is
    one INSERT ... ON CONFLICT DO UPDATE.
    """

    __tablename__ = "folded_counts"

    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), primary_key=True)
    item_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(64), primary_key=True)
    channel: Mapped[str] = mapped_column(String(10), primary_key=True)
    lang: Mapped[str] = mapped_column(String(16), primary_key=True)
    reason: Mapped[str] = mapped_column(String(64), primary_key=True)
    is_flagged: Mapped[bool] = mapped_column(primary_key=True)
    n: Mapped[int] = mapped_column(Integer)


class FoldedHour(db.Model):
    """Option answers counted ahead per campaign, item, value, local weekday x hour of
    collection and flag, for the heatmap (survey_app/counts/folding.py). Answers stored without
    a collection hour are in no row."""

    __tablename__ = "folded_hours"

    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), primary_key=True)
    item_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(64), primary_key=True)
    week_hour: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    is_flagged: Mapped[bool] = mapped_column(primary_key=True)
    n: Mapped[int] = mapped_column(Integer)


class User(db.Model):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN ('admin', 'officer', 'reader')", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(10), default="reader")
    is_enabled: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    reset_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    """SHA-256 of the one-time link to choose a password (survey_app/accounts/users.py)."""
    reset_expires_at: Mapped[datetime | None] = mapped_column(DateTime)
    email: Mapped[str | None] = mapped_column(String(254))
    """Where the alert e-mails about the account's sites go (officers only); not unique."""
    has_email_alerts: Mapped[bool] = mapped_column(default=True, server_default=true())


class AdminSession(db.Model):
    """A signed-in session of the admin workspace. The cookie holds only a random token;
    this row, keyed by the token's SHA-256, is what makes it valid: deleting it ends every
    copy of that cookie at once (survey_app/accounts/sessions.py)."""

    __tablename__ = "admin_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    device: Mapped[str | None] = mapped_column(String(80))
    """The browser and system read at sign-in («Firefox 133 sous Linux»), not the User-Agent."""


class UserSite(db.Model):
    """Which sites a quality officer or reader may see (admins see all)."""

    __tablename__ = "user_sites"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), primary_key=True)


class AuditEvent(db.Model):
    """Who changed what: paper corrections, redactions, campaign and tablet changes."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(50))
    target: Mapped[str] = mapped_column(String(100))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class AlertNotice(db.Model):
    """An alert e-mail sent (survey_app/outputs/alerts.py): one per kind, subject and episode,
    so a tablet silent for an afternoon makes one e-mail, not one per run of `survey alerts`."""

    __tablename__ = "alert_notices"
    __table_args__ = (UniqueConstraint("kind", "subject", "episode"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    """'silent', 'queue' or 'digest'."""
    subject: Mapped[str] = mapped_column(String(50))
    """What it is about: 'device:3', 'campaign:5'."""
    episode: Mapped[str] = mapped_column(String(50))
    """Which occurrence: the last contact before the silence, the ISO week of a digest."""
    sent_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class AppSetting(db.Model):
    """A setting changed from the browser (the public address), stored in the database."""

    __tablename__ = "app_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class CommentReview(db.Model):
    """The officer's work on one free comment: a theme tag and manual redaction."""

    __tablename__ = "comment_reviews"

    response_id: Mapped[str] = mapped_column(
        ForeignKey("responses.id", ondelete="CASCADE"), primary_key=True
    )
    item_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    theme: Mapped[str | None] = mapped_column(String(100))
    redacted_text: Mapped[str | None] = mapped_column(Text)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime)


from .drafts_model import QuestionnaireDraft  # noqa: E402, F401  (drafts of questionnaires)
from .kept_apart_models import (  # noqa: E402, F401  (kept-apart answers, import provenance)
    ImportedResponse,
    KeptApartAnswer,
    ResponseImport,
)
from .register_models import RegisterEntry  # noqa: E402, F401  (the register's table)
