"""Every money path: invoice payments as payments, bank-transfer refunds and their return
to the customer's bank, credit notes, refund retries, milestone voids, Stripe customers
per billing account, and booking's status feed.

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from lpx_common.db import UTCDateTime

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A paid company invoice is a payment too (no checkout attempt): refunds, the ledger
    # and booking's refund targets then treat card and bank-transfer money alike.
    with op.batch_alter_table("payments") as batch:
        batch.add_column(
            sa.Column("method", sa.String(32), nullable=False, server_default="card")
        )
        batch.add_column(sa.Column("invoice_id", sa.String(40), nullable=True))
        batch.add_column(sa.Column("stripe_customer_id", sa.String(64), nullable=True))
        batch.alter_column("attempt", existing_type=sa.Integer(), nullable=True)
        batch.create_unique_constraint("uq_payments_invoice_id", ["invoice_id"])
    with op.batch_alter_table("refunds") as batch:
        batch.add_column(sa.Column("retry_of_refund_id", sa.String(40), nullable=True))
        batch.add_column(sa.Column("replaced_by_refund_id", sa.String(40), nullable=True))
        batch.add_column(sa.Column("stripe_credit_note_id", sa.String(64), nullable=True))
        batch.add_column(sa.Column("cash_return_stripe_id", sa.String(255), nullable=True))
        batch.add_column(sa.Column("cash_return_status", sa.String(20), nullable=True))
        batch.add_column(sa.Column("cash_return_failure", sa.Text(), nullable=True))
        batch.add_column(sa.Column("cash_return_updated_at", UTCDateTime(), nullable=True))
        batch.create_unique_constraint(
            "uq_refunds_cash_return_stripe_id", ["cash_return_stripe_id"]
        )
    op.create_index("ix_refunds_status_failed_at", "refunds", ["status", "failed_at"])

    # Stripe customers belong to a company account (booking's billing account), never to
    # an email. The email-keyed table is gone: its customers stay on their old invoices.
    op.create_table(
        "billing_customers",
        sa.Column("billing_account_id", sa.String(64), nullable=False),
        sa.Column("stripe_customer_id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("billing_account_id", name="pk_billing_customers"),
        sa.UniqueConstraint("stripe_customer_id", name="uq_billing_customers_stripe_customer_id"),
    )
    op.drop_table("finance_customers")
    with op.batch_alter_table("invoices") as batch:
        batch.add_column(sa.Column("billing_account_id", sa.String(64), nullable=True))
        batch.add_column(sa.Column("void_requested_at", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("void_reason", sa.String(500), nullable=True))
    # A milestone booking stopped billing before its invoice was asked for: the invoice
    # message, when it comes, must not create one.
    op.create_table(
        "milestone_voids",
        sa.Column("milestone_id", sa.String(40), nullable=False),
        sa.Column("booking_id", sa.String(40), nullable=False),
        sa.Column("reason", sa.String(500), nullable=False),
        sa.Column("requested_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("milestone_id", name="pk_milestone_voids"),
    )

    # Booking's status feed: the newest version per booking, with its money.
    with op.batch_alter_table("booking_status_views") as batch:
        batch.add_column(sa.Column("version", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("currency", sa.String(3), nullable=True))
        batch.add_column(sa.Column("total_minor", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("paid_minor", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("refunded_minor", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("refund_owed_minor", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("status_since", UTCDateTime(), nullable=True))
    op.create_index(
        "ix_booking_status_views_status_since", "booking_status_views", ["status", "status_since"]
    )


def downgrade() -> None:
    op.drop_index("ix_booking_status_views_status_since", "booking_status_views")
    with op.batch_alter_table("booking_status_views") as batch:
        for name in (
            "status_since",
            "refund_owed_minor",
            "refunded_minor",
            "paid_minor",
            "total_minor",
            "currency",
            "version",
        ):
            batch.drop_column(name)
    op.drop_table("milestone_voids")
    with op.batch_alter_table("invoices") as batch:
        for name in ("void_reason", "void_requested_at", "billing_account_id"):
            batch.drop_column(name)
    op.create_table(
        "finance_customers",
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("stripe_customer_id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("email", name="pk_finance_customers"),
        sa.UniqueConstraint("stripe_customer_id", name="uq_finance_customers_stripe_customer_id"),
    )
    op.drop_table("billing_customers")
    op.drop_index("ix_refunds_status_failed_at", "refunds")
    with op.batch_alter_table("refunds") as batch:
        batch.drop_constraint("uq_refunds_cash_return_stripe_id", type_="unique")
        for name in (
            "cash_return_updated_at",
            "cash_return_failure",
            "cash_return_status",
            "cash_return_stripe_id",
            "stripe_credit_note_id",
            "replaced_by_refund_id",
            "retry_of_refund_id",
        ):
            batch.drop_column(name)
    op.execute("DELETE FROM payments WHERE invoice_id IS NOT NULL")
    with op.batch_alter_table("payments") as batch:
        batch.drop_constraint("uq_payments_invoice_id", type_="unique")
        batch.alter_column("attempt", existing_type=sa.Integer(), nullable=False)
        for name in ("stripe_customer_id", "invoice_id", "method"):
            batch.drop_column(name)
