"""Finance tables of the payments database: company invoices and Stripe's money movements.

``stripe_payouts`` and ``stripe_balance_transactions`` mirror Stripe (primary keys are
Stripe's own ids, so a sync is an upsert and running it twice changes nothing). The
booking id and payer kind of a balance transaction are resolved once, at sync time, so
the reconciliation report reads one table and needs no joins over 100k rows.
"""

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from lpx_common.db import UTCDateTime
from payments.models import Base


class BillingCustomer(Base):
    """One Stripe customer per company account (booking's ``billing_account_id``), reused
    by every invoice of that company. Never keyed on an email: two companies may share
    one billing address and must still have two customers and two cash balances."""

    __tablename__ = "billing_customers"

    billing_account_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    stripe_customer_id: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(320))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class MilestoneVoid(Base):
    """Booking stopped billing a milestone before its invoice was asked for: a later
    invoice message for it creates nothing."""

    __tablename__ = "milestone_voids"

    milestone_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    booking_id: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(String(500))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Invoice(Base):
    """A Stripe Invoice for one milestone of a business booking's payment schedule."""

    __tablename__ = "invoices"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    booking_id: Mapped[str] = mapped_column(String(40), index=True)
    milestone_id: Mapped[str] = mapped_column(String(40), unique=True)
    label: Mapped[str] = mapped_column(String(200))
    company_name: Mapped[str] = mapped_column(String(200))
    company_email: Mapped[str] = mapped_column(String(320))
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    amount_paid_minor: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    currency: Mapped[str] = mapped_column(String(3))
    # draft|open|paid|void|uncollectible, or deleted (a draft dropped before it was sent)
    status: Mapped[str] = mapped_column(String(16))
    billing_account_id: Mapped[str | None] = mapped_column(String(200))
    void_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    void_reason: Mapped[str | None] = mapped_column(String(500))
    overdue: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    stripe_customer_id: Mapped[str | None] = mapped_column(String(64))
    stripe_invoice_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    stripe_charge_id: Mapped[str | None] = mapped_column(String(64), index=True)
    stripe_payment_intent_id: Mapped[str | None] = mapped_column(String(64))
    hosted_invoice_url: Mapped[str | None] = mapped_column(Text)
    last_payment_error: Mapped[str | None] = mapped_column(Text)
    finalized_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (Index("ix_invoices_status_due_at", "status", "due_at"),)


class StripePayout(Base):
    __tablename__ = "stripe_payouts"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # po_…
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(24))
    reconciliation_status: Mapped[str | None] = mapped_column(String(24))
    automatic: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    arrival_date: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    stripe_balance_transaction_id: Mapped[str | None] = mapped_column(String(64))
    synced_at: Mapped[datetime] = mapped_column(UTCDateTime)
    transactions_synced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class StripeBalanceTransaction(Base):
    __tablename__ = "stripe_balance_transactions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # txn_…
    type: Mapped[str] = mapped_column(String(40))
    reporting_category: Mapped[str] = mapped_column(String(40))
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    fee_minor: Mapped[int] = mapped_column(BigInteger)
    net_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    available_on: Mapped[datetime | None] = mapped_column(UTCDateTime)
    description: Mapped[str | None] = mapped_column(Text)
    source_id: Mapped[str | None] = mapped_column(String(64), index=True)
    # By charge: a refund or dispute finds the booking of the charge it reverses.
    charge_id: Mapped[str | None] = mapped_column(String(64), index=True)
    refund_id: Mapped[str | None] = mapped_column(String(64))
    dispute_id: Mapped[str | None] = mapped_column(String(64))
    payment_intent_id: Mapped[str | None] = mapped_column(String(64))
    stripe_invoice_id: Mapped[str | None] = mapped_column(String(64))
    payout_id: Mapped[str | None] = mapped_column(String(64), index=True)  # settled in
    booking_id: Mapped[str | None] = mapped_column(String(40))
    payer_kind: Mapped[str | None] = mapped_column(String(16))  # consumer|business
    synced_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (
        Index("ix_stripe_balance_transactions_created_at_id", "created_at", "id"),
        # By booking with type and amount: the per-booking sums read the index alone.
        Index("ix_stripe_balance_transactions_booking_money", "booking_id", "type", "amount_minor"),
    )


class BookingStatusView(Base):
    """Booking's status and money as booking last reported them in its status feed
    (``POST /v1/internal/booking-statuses``, on every status change). The newest
    ``version`` wins; booking stays the authority: this is what it said, and when."""

    __tablename__ = "booking_status_views"
    __table_args__ = (Index("ix_booking_status_views_status_since", "status", "status_since"),)

    booking_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    status: Mapped[str] = mapped_column(String(24))
    kind: Mapped[str | None] = mapped_column(String(16))
    booking_updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    observed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    version: Mapped[int | None] = mapped_column(BigInteger)
    currency: Mapped[str | None] = mapped_column(String(3))
    total_minor: Mapped[int | None] = mapped_column(BigInteger)
    paid_minor: Mapped[int | None] = mapped_column(BigInteger)
    refunded_minor: Mapped[int | None] = mapped_column(BigInteger)
    # Indexed (with status) so the refunds-due watch reads the few owed, not every booking.
    refund_owed_minor: Mapped[int | None] = mapped_column(BigInteger, index=True)
    # When the booking entered its current status (its updated_at at that change).
    status_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
