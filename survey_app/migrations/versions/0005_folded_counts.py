"""answers counted ahead: folded_counts, and which responses are in it

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29

The tallies add `folded_counts` (answers counted per campaign, item, value and dimension)
to the answers of responses not yet folded (survey_app/folding.py). Every stored response
starts unfolded, so the tallies are right from the first request; the first report folds
them. The wide index on answers' dimensions served only the report's GROUP BY over every
answer, which now reads folded_counts: it goes, and each answer insert is cheaper.
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


def upgrade() -> None:
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("is_folded", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    op.create_index(
        "ix_responses_unfolded",
        "responses",
        ["campaign_id"],
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
        sa.Column("week_hour", sa.SmallInteger(), nullable=False),
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
            "week_hour",
            "is_flagged",
            name=op.f("pk_folded_counts"),
        ),  # fmt: skip
    )
    op.drop_index("ix_answers_dimensions", table_name="answers")


def downgrade() -> None:
    op.create_index("ix_answers_dimensions", "answers", DIMENSIONS)
    op.drop_table("folded_counts")
    op.drop_index("ix_responses_unfolded", table_name="responses")
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.drop_column("is_folded")
