"""an e-mail address on each account, and whether it receives the alert e-mails

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06

Alerts about a site go to that site's quality officers who have an address and want them
(survey_app/outputs/alert_recipients.py), plus SURVEY_ALERT_TO. Existing accounts get no
address: nothing changes for them until an administrator gives them one.
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("email", sa.String(length=254), nullable=True))
        batch_op.add_column(
            sa.Column("has_email_alerts", sa.Boolean(), nullable=False, server_default=sa.true())
        )


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("has_email_alerts")
        batch_op.drop_column("email")
