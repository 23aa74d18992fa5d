"""Waiting lists: how long capacity that comes back is held for the first in line of a
sold-out first-come offering (booking runs the list; 24 hours unless set).

Revision ID: 0006_waitlist_offer
Revises: 0005_sale_mode
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_waitlist_offer"
down_revision = "0005_sale_mode"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("offerings") as batch:
        batch.add_column(
            sa.Column(
                "waitlist_offer_seconds", sa.Integer(), nullable=False, server_default="86400"
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("offerings") as batch:
        batch.drop_column("waitlist_offer_seconds")
