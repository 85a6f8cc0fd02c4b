"""answers counted ahead: folded_counts and folded_hours, and which responses are in them

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29

The tallies add `folded_counts` and `folded_hours` (answers counted per campaign, item,
value and dimension) to the answers of responses not yet folded (survey_app/counts/folding.py).
The responses stored so far are folded by this migration. The wide index on answers'
dimensions served only the report's GROUP BY over every answer, which now reads the
folded counts: it goes, and each answer insert is cheaper.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

DIMENSIONS = [
    "campaign_id", "item_key", "channel", "lang", "reason", "collected_week_hour", "value",
    "is_flagged",
]  # fmt: skip


# The responses stored so far are folded here, in three GROUP BYs, so that no reader has
# to fold a backlog of years on its first page view. Keys have no NULLs (as folding.py).
FOLD_ANSWERS = """
INSERT INTO folded_counts (campaign_id, item_key, value, channel, lang, reason, is_flagged, n)
SELECT campaign_id, item_key, value, channel, lang, reason, is_flagged, COUNT(*)
FROM (
    SELECT campaign_id, item_key, value, COALESCE(channel, '') AS channel,
           COALESCE(lang, '') AS lang, COALESCE(reason, '') AS reason,
           COALESCE(is_flagged, FALSE) AS is_flagged
    FROM answers WHERE value IS NOT NULL
) AS answers
GROUP BY campaign_id, item_key, value, channel, lang, reason, is_flagged
"""
FOLD_HOURS = """
INSERT INTO folded_hours (campaign_id, item_key, value, week_hour, is_flagged, n)
SELECT campaign_id, item_key, value, collected_week_hour, is_flagged, COUNT(*)
FROM (
    SELECT campaign_id, item_key, value, collected_week_hour,
           COALESCE(is_flagged, FALSE) AS is_flagged
    FROM answers WHERE value IS NOT NULL AND collected_week_hour IS NOT NULL
) AS answers
GROUP BY campaign_id, item_key, value, collected_week_hour, is_flagged
"""
FOLD_RESPONSES = """
INSERT INTO folded_counts (campaign_id, item_key, value, channel, lang, reason, is_flagged, n)
SELECT campaign_id, '', '', channel, '', '', is_flagged, COUNT(*)
FROM responses GROUP BY campaign_id, channel, is_flagged
"""


def upgrade() -> None:
    is_postgresql = op.get_bind().dialect.name == "postgresql"
    # Every response stored so far is folded below. PostgreSQL adds the column with that
    # value without rewriting the table, then sets the default new responses get.
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "is_folded",
                sa.Boolean(),
                server_default=sa.true() if is_postgresql else sa.false(),
                nullable=False,
            )
        )
    if is_postgresql:
        op.alter_column("responses", "is_folded", server_default=sa.false())
    else:
        op.execute("UPDATE responses SET is_folded = 1")
    op.create_index(
        "ix_responses_unfolded",
        "responses",
        ["campaign_id", "channel"],
        postgresql_where=sa.text("NOT is_folded"),
        sqlite_where=sa.text("is_folded = 0"),
    )
    op.create_table(
        "folded_counts",
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("item_key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.String(length=64), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("lang", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=64), nullable=False),
        sa.Column("is_flagged", sa.Boolean(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaigns.id"], name=op.f("fk_folded_counts_campaign_id_campaigns")
        ),
        sa.PrimaryKeyConstraint(
            "campaign_id",
            "item_key",
            "value",
            "channel",
            "lang",
            "reason",
            "is_flagged",
            name=op.f("pk_folded_counts"),
        ),  # fmt: skip
    )
    op.create_table(
        "folded_hours",
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("item_key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.String(length=64), nullable=False),
        sa.Column("week_hour", sa.SmallInteger(), nullable=False),
        sa.Column("is_flagged", sa.Boolean(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaigns.id"], name=op.f("fk_folded_hours_campaign_id_campaigns")
        ),
        sa.PrimaryKeyConstraint(
            "campaign_id",
            "item_key",
            "value",
            "week_hour",
            "is_flagged",
            name=op.f("pk_folded_hours"),
        ),  # fmt: skip
    )
    for statement in (FOLD_ANSWERS, FOLD_HOURS, FOLD_RESPONSES):
        op.execute(statement)
    op.drop_index("ix_answers_dimensions", table_name="answers")


def downgrade() -> None:
    op.create_index("ix_answers_dimensions", "answers", DIMENSIONS)
    op.drop_table("folded_hours")
    op.drop_table("folded_counts")
    op.drop_index("ix_responses_unfolded", table_name="responses")
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.drop_column("is_folded")
