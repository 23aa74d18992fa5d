"""Webhook endpoints: whom to tell when one is disabled for failing, and since when.

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import lpx_common.db

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("webhook_endpoints", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("disabled_at", lpx_common.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("contact_email", sa.String(length=320), nullable=True))
        batch_op.add_column(
            sa.Column("contact_locale", sa.String(length=8), server_default="ja", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("webhook_endpoints", schema=None) as batch_op:
        batch_op.drop_column("contact_locale")
        batch_op.drop_column("contact_email")
        batch_op.drop_column("disabled_at")
