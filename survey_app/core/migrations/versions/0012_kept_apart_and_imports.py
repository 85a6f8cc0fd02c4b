"""answers kept apart and import provenance: kept_apart_answers, response_imports,
imported_responses

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06

Paper forms and past years' rows are stored as the visitor filled them in: an answer to a
question its condition hides, or a required question left unanswered, is kept apart here
(never in `answers`, so the folded counts and their 0007 guards are untouched). Imported
responses keep their collection channel; which file brought them in, when and by whom is
kept in response_imports. Responses imported earlier under the channel `import` stay as
they are (the report names them «réponses importées»).
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kept_apart_answers",
        sa.Column("response_id", sa.String(length=36), nullable=False),
        sa.Column("item_key", sa.String(length=64), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("value", sa.String(length=64), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_kept_apart_answers_campaign_id_campaigns"),
        ),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["responses.id"],
            name=op.f("fk_kept_apart_answers_response_id_responses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("response_id", "item_key", name=op.f("pk_kept_apart_answers")),
    )
    op.create_index(
        op.f("ix_kept_apart_answers_campaign_id"), "kept_apart_answers", ["campaign_id"]
    )
    op.create_table(
        "response_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("imported_by", sa.String(length=255), nullable=False),
        sa.Column("created", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_response_imports_campaign_id_campaigns"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_response_imports")),
    )
    op.create_index(op.f("ix_response_imports_campaign_id"), "response_imports", ["campaign_id"])
    op.create_table(
        "imported_responses",
        sa.Column("response_id", sa.String(length=36), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["response_imports.id"],
            name=op.f("fk_imported_responses_import_id_response_imports"),
        ),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["responses.id"],
            name=op.f("fk_imported_responses_response_id_responses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("response_id", name=op.f("pk_imported_responses")),
    )
    op.create_index(op.f("ix_imported_responses_import_id"), "imported_responses", ["import_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_imported_responses_import_id"), table_name="imported_responses")
    op.drop_table("imported_responses")
    op.drop_index(op.f("ix_response_imports_campaign_id"), table_name="response_imports")
    op.drop_table("response_imports")
    op.drop_index(op.f("ix_kept_apart_answers_campaign_id"), table_name="kept_apart_answers")
    op.drop_table("kept_apart_answers")
