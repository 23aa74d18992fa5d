"""Indexes the reconciliation reads alone (no table rows), in the order it joins on:

- ledger entries by the Stripe balance transaction they record, with account, side and
  amount: the ledger check no longer sorts the whole ledger;
- balance transactions by booking, with type and amount (replacing the booking-only
  index): the per-booking sums of the exception lists.

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LEDGER = "ix_ledger_entries_balance_transaction"
BT_MONEY = "ix_stripe_balance_transactions_booking_money"
BT_BOOKING = "ix_stripe_balance_transactions_booking_id"


def upgrade() -> None:
    op.create_index(
        LEDGER, "ledger_entries", ["stripe_balance_transaction_id", "account", "side", "amount_minor"]
    )
    op.create_index(
        BT_MONEY, "stripe_balance_transactions", ["booking_id", "type", "amount_minor"]
    )
    op.drop_index(BT_BOOKING, table_name="stripe_balance_transactions")


def downgrade() -> None:
    op.create_index(BT_BOOKING, "stripe_balance_transactions", ["booking_id"])
    op.drop_index(BT_MONEY, table_name="stripe_balance_transactions")
    op.drop_index(LEDGER, table_name="ledger_entries")
