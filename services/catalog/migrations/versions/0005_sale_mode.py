"""Sale modes: an offering sells first come, first served, or by ballot (an application
window, a draw, a payment deadline for winners and a cap per application).

Revision ID: 0005_sale_mode
Revises: 0004_outbox_traceparent
"""

import sqlalchemy as sa
from alembic import op

import lpx_common.db

revision = "0005_sale_mode"
down_revision = "0004_outbox_traceparent"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("offerings") as batch:
        batch.add_column(
            sa.Column("sale_mode", sa.String(16), nullable=False, server_default="first_come")
        )
        batch.add_column(sa.Column("ballot_opens_at", lpx_common.db.UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("ballot_closes_at", lpx_common.db.UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("ballot_draw_at", lpx_common.db.UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("ballot_payment_seconds", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("ballot_max_quantity", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("offerings") as batch:
        for column in (
            "ballot_max_quantity",
            "ballot_payment_seconds",
            "ballot_draw_at",
            "ballot_closes_at",
            "ballot_opens_at",
            "sale_mode",
        ):
            batch.drop_column(column)
