"""Refunds that failed and since when money is owed back, per booking.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

from lpx_common.db import UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("bookings") as batch:
        batch.add_column(
            sa.Column("refund_failed_minor", sa.BigInteger(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("refund_owed_since", UTCDateTime(), nullable=True))
        batch.create_index("ix_bookings_refund_owed_since", ["refund_owed_since"])
    with op.batch_alter_table("refunds_seen") as batch:
        batch.add_column(
            sa.Column("failed", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("refunds_seen") as batch:
        batch.drop_column("failed")
    with op.batch_alter_table("bookings") as batch:
        batch.drop_index("ix_bookings_refund_owed_since")
        batch.drop_column("refund_owed_since")
        batch.drop_column("refund_failed_minor")
