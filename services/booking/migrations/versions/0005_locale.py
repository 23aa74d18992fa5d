"""The language the customer reads the booking's emails in (ja first, en second).

Revision ID: 0005_locale
Revises: 0004_storefront
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_locale"
down_revision = "0004_storefront"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("bookings") as batch:
        batch.add_column(sa.Column("locale", sa.String(2), nullable=False, server_default="ja"))


def downgrade() -> None:
    with op.batch_alter_table("bookings") as batch:
        batch.drop_column("locale")
