"""Finance: company invoices, Stripe customers, payouts, balance transactions and the
bookings' statuses as booking reported them.

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from lpx_common.db import UTCDateTime

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "finance_customers",
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("stripe_customer_id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("email", name="pk_finance_customers"),
        sa.UniqueConstraint("stripe_customer_id", name="uq_finance_customers_stripe_customer_id"),
    )
    op.create_table(
        "invoices",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("booking_id", sa.String(40), nullable=False),
        sa.Column("milestone_id", sa.String(40), nullable=False),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column("company_name", sa.String(200), nullable=False),
        sa.Column("company_email", sa.String(320), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("amount_paid_minor", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("overdue", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("due_at", UTCDateTime(), nullable=False),
        sa.Column("stripe_customer_id", sa.String(64)),
        sa.Column("stripe_invoice_id", sa.String(64)),
        sa.Column("stripe_charge_id", sa.String(64)),
        sa.Column("stripe_payment_intent_id", sa.String(64)),
        sa.Column("hosted_invoice_url", sa.Text()),
        sa.Column("last_payment_error", sa.Text()),
        sa.Column("finalized_at", UTCDateTime()),
        sa.Column("paid_at", UTCDateTime()),
        sa.Column("voided_at", UTCDateTime()),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_invoices"),
        sa.UniqueConstraint("milestone_id", name="uq_invoices_milestone_id"),
        sa.UniqueConstraint("stripe_invoice_id", name="uq_invoices_stripe_invoice_id"),
    )
    op.create_index("ix_invoices_booking_id", "invoices", ["booking_id"])
    op.create_index("ix_invoices_stripe_charge_id", "invoices", ["stripe_charge_id"])
    op.create_index("ix_invoices_status_due_at", "invoices", ["status", "due_at"])
    op.create_table(
        "stripe_payouts",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("status", sa.String(24), nullable=False),
        sa.Column("reconciliation_status", sa.String(24)),
        sa.Column("automatic", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("arrival_date", UTCDateTime()),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("stripe_balance_transaction_id", sa.String(64)),
        sa.Column("synced_at", UTCDateTime(), nullable=False),
        sa.Column("transactions_synced_at", UTCDateTime()),
        sa.PrimaryKeyConstraint("id", name="pk_stripe_payouts"),
    )
    op.create_index("ix_stripe_payouts_created_at", "stripe_payouts", ["created_at"])
    op.create_table(
        "stripe_balance_transactions",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("type", sa.String(40), nullable=False),
        sa.Column("reporting_category", sa.String(40), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("fee_minor", sa.BigInteger(), nullable=False),
        sa.Column("net_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("available_on", UTCDateTime()),
        sa.Column("description", sa.Text()),
        sa.Column("source_id", sa.String(64)),
        sa.Column("charge_id", sa.String(64)),
        sa.Column("refund_id", sa.String(64)),
        sa.Column("dispute_id", sa.String(64)),
        sa.Column("payment_intent_id", sa.String(64)),
        sa.Column("stripe_invoice_id", sa.String(64)),
        sa.Column("payout_id", sa.String(64)),
        sa.Column("booking_id", sa.String(40)),
        sa.Column("payer_kind", sa.String(16)),
        sa.Column("synced_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_stripe_balance_transactions"),
    )
    op.create_index(
        "ix_stripe_balance_transactions_created_at_id",
        "stripe_balance_transactions",
        ["created_at", "id"],
    )
    for column in ("source_id", "payout_id", "booking_id"):
        op.create_index(
            f"ix_stripe_balance_transactions_{column}", "stripe_balance_transactions", [column]
        )
    op.create_table(
        "booking_status_views",
        sa.Column("booking_id", sa.String(40), nullable=False),
        sa.Column("status", sa.String(24), nullable=False),
        sa.Column("kind", sa.String(16)),
        sa.Column("booking_updated_at", UTCDateTime()),
        sa.Column("observed_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("booking_id", name="pk_booking_status_views"),
    )


def downgrade() -> None:
    op.drop_table("booking_status_views")
    op.drop_table("stripe_balance_transactions")
    op.drop_table("stripe_payouts")
    op.drop_table("invoices")
    op.drop_table("finance_customers")
