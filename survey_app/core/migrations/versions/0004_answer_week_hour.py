"""answers carry the local weekday and hour of their collection, for the report's heatmap

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28

`collected_week_hour` = local weekday (Monday 0) x 24 + local hour, in the time zone of
the campaign's site, so that the report's breakdowns by channel, language, reason and
weekday x hour come from one GROUP BY that returns a few thousand rows, instead of one
row per stored hour of the year converted in Python. The conversion is done here in
Python (SQLite has no time zones): one row per distinct (campaign, hour) in a temporary
table, then one UPDATE of the answers. The report's index is rebuilt with the column.
"""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

HOURS = """
SELECT DISTINCT answers.campaign_id, answers.collected_at, sites.timezone
FROM answers
JOIN campaigns ON campaigns.id = answers.campaign_id
JOIN sites ON sites.id = campaigns.site_id
WHERE answers.collected_at IS NOT NULL
"""
BACKFILL = """
UPDATE answers SET collected_week_hour = (
    SELECT week_hours.week_hour FROM week_hours
    WHERE week_hours.campaign_id = answers.campaign_id
      AND week_hours.collected_at = answers.collected_at
)
WHERE answers.collected_at IS NOT NULL
"""
OLD_DIMENSIONS = ["campaign_id", "item_key", "channel", "lang", "reason", "value", "is_flagged"]
DIMENSIONS = [
    "campaign_id", "item_key", "channel", "lang", "reason", "collected_week_hour", "value",
    "is_flagged",
]  # fmt: skip


def week_hour(collected_at: datetime | str, timezone: str) -> int:
    moment = datetime.fromisoformat(collected_at) if isinstance(collected_at, str) else collected_at
    local = moment.replace(tzinfo=UTC).astimezone(ZoneInfo(timezone))
    return local.weekday() * 24 + local.hour


def upgrade() -> None:
    op.drop_index("ix_answers_hours", table_name="answers")
    op.drop_index("ix_answers_dimensions", table_name="answers")
    op.add_column("answers", sa.Column("collected_week_hour", sa.SmallInteger(), nullable=True))
    connection = op.get_bind()
    mapping = [
        {"campaign_id": campaign, "collected_at": at, "week_hour": week_hour(at, timezone)}
        for campaign, at, timezone in connection.execute(sa.text(HOURS))
    ]
    if mapping:
        week_hours = sa.Table(
            "week_hours",
            sa.MetaData(),
            sa.Column("campaign_id", sa.Integer, primary_key=True),
            sa.Column("collected_at", sa.DateTime, primary_key=True),
            sa.Column("week_hour", sa.SmallInteger),
            prefixes=["TEMPORARY"],
        )
        week_hours.create(connection)
        # Rows as the driver returned them: the same text (SQLite) or timestamp to match.
        connection.execute(
            sa.text(
                "INSERT INTO week_hours (campaign_id, collected_at, week_hour) "
                "VALUES (:campaign_id, :collected_at, :week_hour)"
            ),
            mapping,
        )
        connection.execute(sa.text(BACKFILL))
        week_hours.drop(connection)
    op.create_index("ix_answers_dimensions", "answers", DIMENSIONS)


def downgrade() -> None:
    op.drop_index("ix_answers_dimensions", table_name="answers")
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.drop_column("collected_week_hour")
    op.create_index("ix_answers_dimensions", "answers", OLD_DIMENSIONS)
    op.create_index(
        "ix_answers_hours",
        "answers",
        ["campaign_id", "item_key", "collected_at", "value", "is_flagged"],
    )
