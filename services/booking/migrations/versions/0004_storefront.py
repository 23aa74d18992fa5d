"""Storefront: each line's tax category and rate and its engraved name; the booking's
tax per rate and its final-confirmation snapshot.

Revision ID: 0004_storefront
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_storefront"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("booking_lines") as batch:
        batch.add_column(
            sa.Column("tax_category", sa.String(16), nullable=False, server_default="standard")
        )
        batch.add_column(sa.Column("tax_rate_bps", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("inscription", sa.String(200), nullable=True))
    with op.batch_alter_table("bookings") as batch:
        batch.add_column(sa.Column("tax_breakdown", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("confirmation", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("bookings") as batch:
        batch.drop_column("confirmation")
        batch.drop_column("tax_breakdown")
    with op.batch_alter_table("booking_lines") as batch:
        batch.drop_column("inscription")
        batch.drop_column("tax_rate_bps")
        batch.drop_column("tax_category")
