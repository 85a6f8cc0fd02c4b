"""admin sessions kept server-side: admin_sessions

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06

The admin workspace's session cookie held the user id and the end of the password hash,
so a copy of it stayed valid after logout. It now holds a random token whose SHA-256 is a
row here (survey_app/accounts/sessions.py): logout, a new password, a disabled account or
an administrator's «déconnecter partout» delete rows, and every copy of the cookie ends.
Sessions opened before this revision end: their cookies name no row.
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "admin_sessions",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_admin_sessions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_admin_sessions")),
    )
    op.create_index(op.f("ix_admin_sessions_user_id"), "admin_sessions", ["user_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_admin_sessions_user_id"), table_name="admin_sessions")
    op.drop_table("admin_sessions")
