"""The payments database. Only this service reads or writes these tables."""

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from lpx_common.db import NAMING_CONVENTION, UTCDateTime
from lpx_common.tables import idempotency_table, outbox_table


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


idempotency_keys = idempotency_table(Base.metadata)
outbox_messages = outbox_table(Base.metadata)


class Payment(Base):
    """Money taken for a booking: one Stripe Checkout Session (card, ``attempt`` n), or
    one paid company invoice (``invoice_id``, by bank transfer or card, no attempt)."""

    __tablename__ = "payments"
    __table_args__ = (
        UniqueConstraint("booking_id", "attempt"),
        CheckConstraint("amount_minor > 0", name="amount_positive"),
        CheckConstraint(
            "amount_refunded_minor >= 0 AND amount_refunded_minor <= amount_captured_minor",
            name="refunded_within_captured",
        ),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    booking_id: Mapped[str] = mapped_column(String(40), index=True)
    attempt: Mapped[int | None] = mapped_column(Integer)
    # How the money came: `card`, or `customer_balance` (a bank transfer into the
    # customer's cash balance at Stripe, applied to an invoice).
    method: Mapped[str] = mapped_column(String(32), server_default="card", default="card")
    invoice_id: Mapped[str | None] = mapped_column(String(40), unique=True)
    stripe_customer_id: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20), index=True)
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    amount_captured_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    amount_refunded_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    fee_minor: Mapped[int | None] = mapped_column(BigInteger)
    customer_email: Mapped[str | None] = mapped_column(String(320))
    description: Mapped[str | None] = mapped_column(String(500))
    stripe_idempotency_key: Mapped[str] = mapped_column(String(255), unique=True)
    checkout_session_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    checkout_url: Mapped[str | None] = mapped_column(Text)
    payment_intent_id: Mapped[str | None] = mapped_column(String(255), index=True)
    charge_id: Mapped[str | None] = mapped_column(String(255), index=True)
    balance_transaction_id: Mapped[str | None] = mapped_column(String(255))
    last_error: Mapped[str | None] = mapped_column(Text)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Trace context of the checkout that made it: Stripe's events about it, which come
    # later and on their own, continue that trace (lpx_common.telemetry).
    traceparent: Mapped[str | None] = mapped_column(String(55))


class Refund(Base):
    __tablename__ = "refunds"
    __table_args__ = (
        CheckConstraint("amount_minor > 0", name="amount_positive"),
        Index("ix_refunds_status_failed_at", "status", "failed_at"),
        # The follow-up sweep (every 2 s) reads these few, not every card refund ever made.
        Index(
            "ix_refunds_followup_due",
            "id",
            postgresql_where=text("followup_due"),
            sqlite_where=text("followup_due"),
        ),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    payment_id: Mapped[str] = mapped_column(ForeignKey("payments.id"), index=True)
    booking_id: Mapped[str] = mapped_column(String(40), index=True)
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(20), index=True)
    reason: Mapped[str] = mapped_column(String(500))
    requested_by: Mapped[str] = mapped_column(String(128))
    # Kept for old rows; every refund of a booking's payment is now reported to booking.
    notify_booking: Mapped[bool] = mapped_column(Boolean, default=True)
    # A credit note (invoice payments) or a return to the bank (bank transfers) is still
    # to be made once the refund succeeds; cleared when nothing is left to make.
    followup_due: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    stripe_refund_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    balance_transaction_id: Mapped[str | None] = mapped_column(String(255))
    failure_reason: Mapped[str | None] = mapped_column(Text)
    submit_attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    succeeded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Finance retried this failed refund as ``retry_of_refund_id``'s successor; or a later
    # refund (a retry, or booking's refund target) took over what this one failed to return.
    retry_of_refund_id: Mapped[str | None] = mapped_column(String(40))
    replaced_by_refund_id: Mapped[str | None] = mapped_column(String(40))
    # A refund of an invoice payment is written on the invoice as a credit note.
    stripe_credit_note_id: Mapped[str | None] = mapped_column(String(64))
    # Bank-transfer refunds land in the customer's cash balance at Stripe; this is the
    # second step, returning them to the customer's bank (see states.CASH_RETURN_STATES).
    cash_return_stripe_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    # Indexed (with status) so the failed-refunds watch reads the few failed, not them all.
    cash_return_status: Mapped[str | None] = mapped_column(String(20), index=True)
    cash_return_failure: Mapped[str | None] = mapped_column(Text)
    cash_return_updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class StripeEvent(Base):
    """Every webhook event, stored once by its Stripe id before it is acted on."""

    __tablename__ = "stripe_events"
    __table_args__ = (
        Index(
            "ix_stripe_events_pending",
            "available_at",
            postgresql_where=text("processed_at IS NULL"),
            sqlite_where=text("processed_at IS NULL"),
        ),
    )

    id: Mapped[str] = mapped_column(String(255), primary_key=True)
    type: Mapped[str] = mapped_column(String(100), index=True)
    object_id: Mapped[str | None] = mapped_column(String(255))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    stripe_created: Mapped[int] = mapped_column(BigInteger)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    available_at: Mapped[datetime] = mapped_column(UTCDateTime)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(String(64))


class Dispute(Base):
    __tablename__ = "disputes"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    stripe_dispute_id: Mapped[str] = mapped_column(String(255), unique=True)
    payment_id: Mapped[str | None] = mapped_column(ForeignKey("payments.id"), index=True)
    booking_id: Mapped[str | None] = mapped_column(String(40), index=True)
    charge_id: Mapped[str] = mapped_column(String(255))
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    reason: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class LedgerJournal(Base):
    """One balanced posting; ``source_key`` makes posting the same fact twice impossible."""

    __tablename__ = "ledger_journals"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    source_key: Mapped[str] = mapped_column(String(255), unique=True)
    currency: Mapped[str] = mapped_column(String(3))
    booking_id: Mapped[str | None] = mapped_column(String(40), index=True)
    payment_id: Mapped[str | None] = mapped_column(String(40), index=True)
    refund_id: Mapped[str | None] = mapped_column(String(40))
    dispute_id: Mapped[str | None] = mapped_column(String(40))
    stripe_balance_transaction_id: Mapped[str | None] = mapped_column(String(255), index=True)
    reverses_journal_id: Mapped[str | None] = mapped_column(ForeignKey("ledger_journals.id"))
    description: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class BalanceTransactionToCopy(Base):
    """A Stripe balance transaction a ledger journal names and finance has not yet
    copied. Written with the journal, removed once copied: finding what to copy reads
    this short list, not the whole ledger (an anti-join over every journal grew with
    each month of sales)."""

    __tablename__ = "balance_transactions_to_copy"

    id: Mapped[str] = mapped_column(String(255), primary_key=True)
    named_at: Mapped[datetime] = mapped_column(UTCDateTime)


class LedgerEntry(Base):
    """Append-only: never updated or deleted (PostgreSQL enforces it with a trigger)."""

    __tablename__ = "ledger_entries"
    __table_args__ = (
        CheckConstraint("amount_minor > 0", name="amount_positive"),
        CheckConstraint("side IN ('debit', 'credit')", name="side_valid"),
        Index("ix_ledger_entries_account_currency", "account", "currency"),
        # The reconciliation's ledger check reads this index alone (see ledger_link).
        Index(
            "ix_ledger_entries_balance_transaction",
            "stripe_balance_transaction_id",
            "account",
            "side",
            "amount_minor",
        ),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    journal_id: Mapped[str] = mapped_column(ForeignKey("ledger_journals.id"), index=True)
    account: Mapped[str] = mapped_column(String(64))
    side: Mapped[str] = mapped_column(String(6))
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    booking_id: Mapped[str | None] = mapped_column(String(40), index=True)
    payment_id: Mapped[str | None] = mapped_column(String(40))
    stripe_balance_transaction_id: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
