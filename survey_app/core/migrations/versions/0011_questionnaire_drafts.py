"""questionnaire drafts edited in the browser: questionnaire_drafts

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06

The workspace edits a questionnaire as a draft (its document in the YAML's structure)
and publishes it as a new frozen version; visitors never read a draft.
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "questionnaire_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("based_on_id", sa.Integer(), nullable=True),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("translation_sources", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["based_on_id"],
            ["questionnaire_versions.id"],
            name=op.f("fk_questionnaire_drafts_based_on_id_questionnaire_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["users.id"],
            name=op.f("fk_questionnaire_drafts_updated_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questionnaire_drafts")),
    )
    op.create_index(op.f("ix_questionnaire_drafts_key"), "questionnaire_drafts", ["key"])


def downgrade() -> None:
    op.drop_index(op.f("ix_questionnaire_drafts_key"), table_name="questionnaire_drafts")
    op.drop_table("questionnaire_drafts")
