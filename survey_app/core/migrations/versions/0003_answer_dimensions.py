"""answers carry their response's dimensions, so every tally is a single-table GROUP BY

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28

Backfills channel, lang, collected_at and is_flagged from each answer's response and
reason from the response's answer to the item "motif", then builds the two indexes the
report's grouped tallies read. Every answer row is rewritten: about a minute per million
answers on SQLite; on PostgreSQL run `VACUUM ANALYZE answers` afterwards.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

COLUMNS = {
    "channel": sa.String(length=10),
    "lang": sa.String(length=16),
    "collected_at": sa.DateTime(),
    "reason": sa.String(length=64),
    "is_flagged": sa.Boolean(),
}
BACKFILL = """
UPDATE answers
SET channel = r.channel, lang = r.lang, collected_at = r.collected_at,
    is_flagged = r.is_flagged, reason = m.value
FROM responses AS r
LEFT JOIN answers AS m ON m.response_id = r.id AND m.item_key = 'motif'
WHERE r.id = answers.response_id
"""


def upgrade() -> None:
    # Plain ALTER TABLE ... ADD COLUMN (no batch copy of the table on SQLite).
    for name, type_ in COLUMNS.items():
        op.add_column("answers", sa.Column(name, type_, nullable=True))
    op.execute(BACKFILL)
    op.create_index(
        "ix_answers_dimensions",
        "answers",
        ["campaign_id", "item_key", "channel", "lang", "reason", "value", "is_flagged"],
    )
    op.create_index(
        "ix_answers_hours",
        "answers",
        ["campaign_id", "item_key", "collected_at", "value", "is_flagged"],
    )


def downgrade() -> None:
    op.drop_index("ix_answers_hours", table_name="answers")
    op.drop_index("ix_answers_dimensions", table_name="answers")
    with op.batch_alter_table("answers", schema=None) as batch_op:
        for name in reversed(COLUMNS):
            batch_op.drop_column(name)
