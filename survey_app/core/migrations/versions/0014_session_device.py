"""the browser and system of each admin session, for «Mon compte»'s list of sessions

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06

A short label read from the User-Agent at sign-in («Firefox 133 sous Linux»), so that a
person can tell their sessions apart before ending the others; not the User-Agent itself,
nor the address. Sessions opened before have none («navigateur inconnu»).
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("admin_sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("device", sa.String(length=80), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("admin_sessions", schema=None) as batch_op:
        batch_op.drop_column("device")
