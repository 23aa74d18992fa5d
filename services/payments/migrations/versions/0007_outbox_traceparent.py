"""Outbox messages and card payments keep the trace context of the request that made them.

Revision ID: 0007_outbox_traceparent
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from lpx_common.migrations import add_outbox_traceparent, drop_outbox_traceparent

revision: str = "0007_outbox_traceparent"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    add_outbox_traceparent()
    op.add_column("payments", sa.Column("traceparent", sa.String(length=55), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("payments") as batch:
        batch.drop_column("traceparent")
    drop_outbox_traceparent()
