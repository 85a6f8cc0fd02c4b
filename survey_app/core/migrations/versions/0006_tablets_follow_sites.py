"""tablets follow their site's campaign; alert e-mails sent

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06

devices.campaign_id now pins a tablet to one campaign; NULL means it shows its site's
open campaign. Existing tablets keep theirs as pinned: a tablet still running the shell
from before this revision sends its queued responses without naming their campaign,
and only the pin files them, after its next campaign has opened, under the campaign they
were answered for. The officer lets a tablet follow its site in one click (Tablettes ›
Gérer › Enquête affichée) once it runs the new shell (within a minute of the upgrade).
devices.site_id already holds the campaign's site (set at enrolment).
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("devices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("queue_since_at", sa.DateTime(), nullable=True))
    op.create_table(
        "alert_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("subject", sa.String(length=50), nullable=False),
        sa.Column("episode", sa.String(length=50), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_notices")),
        sa.UniqueConstraint(
            "kind", "subject", "episode", name=op.f("uq_alert_notices_kind_subject_episode")
        ),
    )


def downgrade() -> None:
    op.drop_table("alert_notices")
    with op.batch_alter_table("devices", schema=None) as batch_op:
        batch_op.drop_column("queue_since_at")
