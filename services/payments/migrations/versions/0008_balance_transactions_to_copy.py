"""The balance transactions ledger journals name and finance has not copied yet.

Finding them was an anti-join of every ledger journal against the copied transactions,
run after each Stripe event: about 0.1 s of PostgreSQL at 200,000 journals, and growing.
The list is now kept as journals are posted; this fills it from the ledger as it stands.

Revision ID: 0008
Revises: 0007_outbox_traceparent
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from lpx_common.db import UTCDateTime

revision: str = "0008"
down_revision: str | None = "0007_outbox_traceparent"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "balance_transactions_to_copy",
        sa.Column("id", sa.String(length=255), nullable=False),
        sa.Column("named_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_balance_transactions_to_copy")),
    )
    op.execute(
        "INSERT INTO balance_transactions_to_copy (id, named_at) "
        "SELECT j.stripe_balance_transaction_id, min(j.created_at) FROM ledger_journals j "
        "WHERE j.stripe_balance_transaction_id IS NOT NULL AND NOT EXISTS ("
        "SELECT 1 FROM stripe_balance_transactions t "
        "WHERE t.id = j.stripe_balance_transaction_id) "
        "GROUP BY j.stripe_balance_transaction_id"
    )


def downgrade() -> None:
    op.drop_table("balance_transactions_to_copy")
