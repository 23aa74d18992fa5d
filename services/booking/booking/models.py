"""The booking database. Only this service reads or writes these tables."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    bindparam,
    select,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, joinedload, mapped_column, relationship

from lpx_common.db import NAMING_CONVENTION, UTCDateTime
from lpx_common.tables import idempotency_table, outbox_table

# SQLite only auto-increments an INTEGER PRIMARY KEY, PostgreSQL gets a BIGINT identity.
AutoId = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


idempotency_keys = idempotency_table(Base.metadata)
outbox_messages = outbox_table(Base.metadata)


class Booking(Base):
    __tablename__ = "bookings"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # consumer | business
    status: Mapped[str] = mapped_column(String(20), index=True)
    currency: Mapped[str] = mapped_column(String(3))
    total_minor: Mapped[int] = mapped_column(BigInteger)
    # Every line of a booking is on one mission, so mission events move it as a whole.
    mission_id: Mapped[str] = mapped_column(String(40), index=True)
    customer_id: Mapped[str | None] = mapped_column(String(128), index=True)
    partner_id: Mapped[str | None] = mapped_column(String(128), index=True)
    created_by: Mapped[str] = mapped_column(String(160))
    contact_name: Mapped[str] = mapped_column(String(200))
    contact_email: Mapped[str] = mapped_column(String(320))
    company: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # The company's email lower-cased (None for consumers): the key of a company account,
    # indexed for the sales list of companies and the bookings of one.
    company_email: Mapped[str | None] = mapped_column(String(320), index=True)
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # interface data
    hold_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    # Checkout attempt n names the payment at payments (`booking:{id}:checkout:{n}`); a
    # failed payment moves to the next attempt so the buyer can try again.
    checkout_attempt: Mapped[int] = mapped_column(Integer, default=1)
    payment_id: Mapped[str | None] = mapped_column(String(64))
    checkout_url: Mapped[str | None] = mapped_column(Text)
    checkout_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    paid_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    refund_requested_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    refunded_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    # Refunds that failed after they were asked for (finance retries them), and since when
    # money has been owed back and not yet returned (None when nothing is owed).
    refund_failed_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    refund_owed_since: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    cancellation_fee_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    # Consumption tax per rate, computed once per booking per rate when it is made:
    # [{"rate_bps", "taxable_minor" (tax-included sum), "tax_minor"}] (domain/tax.py).
    tax_breakdown: Mapped[list[dict[str, int]] | None] = mapped_column(JSON)
    # What the buyer saw on the final confirmation screen, with the terms' version.
    confirmation: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # The customer's language for emails: given at creation, then the one of the final
    # confirmation the buyer accepted.
    locale: Mapped[str] = mapped_column(String(2), default="ja", server_default="ja")
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)

    lines: Mapped[list["BookingLine"]] = relationship(
        order_by="BookingLine.line_no", lazy="selectin", cascade="all, delete-orphan"
    )
    milestones: Mapped[list["Milestone"]] = relationship(
        order_by="Milestone.position", lazy="selectin", cascade="all, delete-orphan"
    )


class BookingLine(Base):
    """One line with its price snapshot: later catalog price changes never touch it."""

    __tablename__ = "booking_lines"

    booking_id: Mapped[str] = mapped_column(ForeignKey("bookings.id"), primary_key=True)
    line_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    offering_id: Mapped[str] = mapped_column(String(40), index=True)
    mission_id: Mapped[str] = mapped_column(String(40))
    sku: Mapped[str] = mapped_column(String(120))
    name: Mapped[str] = mapped_column(String(300))
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price_minor: Mapped[int] = mapped_column(BigInteger)
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    allocation_id: Mapped[str | None] = mapped_column(String(40))
    cancellation_cutoff_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancellation_fee_bps: Mapped[int] = mapped_column(Integer, default=0)
    # The catalog's tax category and the rate in force when the booking was made.
    tax_category: Mapped[str] = mapped_column(String(16), default="standard")
    tax_rate_bps: Mapped[int] = mapped_column(Integer, default=0)
    # A name or dedication to engrave, as checked (domain/inscriptions.py).
    inscription: Mapped[str | None] = mapped_column(String(200))


class StatusChange(Base):
    __tablename__ = "status_history"

    id: Mapped[int] = mapped_column(AutoId, primary_key=True, autoincrement=True)
    booking_id: Mapped[str] = mapped_column(ForeignKey("bookings.id"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(160))
    reason: Mapped[str] = mapped_column(Text)


class Review(Base):
    __tablename__ = "reviews"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    booking_id: Mapped[str] = mapped_column(ForeignKey("bookings.id"), index=True)
    decision: Mapped[str] = mapped_column(String(10))  # approve | reject
    content_fit: Mapped[bool] = mapped_column(Boolean)
    technical_fit: Mapped[bool] = mapped_column(Boolean)
    export_control_cleared: Mapped[bool] = mapped_column(Boolean)
    sanctions_screening_cleared: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str] = mapped_column(Text)
    reviewer: Mapped[str] = mapped_column(String(160))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Milestone(Base):
    """One payment milestone of an approved business booking."""

    __tablename__ = "payment_milestones"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    booking_id: Mapped[str] = mapped_column(ForeignKey("bookings.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(120))
    percent_bps: Mapped[int] = mapped_column(Integer)
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    due_event: Mapped[str | None] = mapped_column(String(20))
    due_date: Mapped[date | None] = mapped_column(Date)
    # scheduled | invoiced | paid | overdue | voided
    status: Mapped[str] = mapped_column(String(12), index=True)
    invoice_id: Mapped[str | None] = mapped_column(String(64))
    invoiced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    invoice_due_date: Mapped[date | None] = mapped_column(Date)
    paid_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PaymentSeen(Base):
    """Each payment booking was told about, once: a duplicate report changes nothing."""

    __tablename__ = "payments_seen"

    payment_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    booking_id: Mapped[str] = mapped_column(ForeignKey("bookings.id"), index=True)
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    # applied | refunded (money that bought nothing and was sent back)
    outcome: Mapped[str] = mapped_column(String(16))
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class RefundSeen(Base):
    __tablename__ = "refunds_seen"

    refund_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    booking_id: Mapped[str] = mapped_column(ForeignKey("bookings.id"), index=True)
    payment_id: Mapped[str | None] = mapped_column(String(64))
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    # A refund can fail after it succeeded (the bank returns it): reported once each.
    failed: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class FeedCursor(Base):
    """How far booking has read a peer's feed (the catalog's mission events)."""

    __tablename__ = "feed_cursors"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    last_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Ballot(Base):
    """The draw of one ballot offering: its seed (secret until drawn), the seed's
    commitment (public from the start), and once drawn the hash of the frozen list."""

    __tablename__ = "ballots"

    offering_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    status: Mapped[str] = mapped_column(String(16), index=True)  # domain.ballots.BallotStatus
    seed: Mapped[str] = mapped_column(String(64))
    commitment: Mapped[str] = mapped_column(String(64))
    # The catalog's draw time, as last read (the worker checks it again before drawing).
    draw_at: Mapped[datetime] = mapped_column(UTCDateTime)
    list_hash: Mapped[str | None] = mapped_column(String(64))
    application_count: Mapped[int | None] = mapped_column(Integer)
    drawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # One replica at a time offers places (in rank order): it holds this lease.
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class BallotApplication(Base):
    """One customer's application to a ballot (one per customer and offering)."""

    __tablename__ = "ballot_applications"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    offering_id: Mapped[str] = mapped_column(String(40))
    customer_id: Mapped[str] = mapped_column(String(128))
    quantity: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))  # domain.ballots.ApplicationStatus
    rank: Mapped[int | None] = mapped_column(Integer)
    contact_name: Mapped[str] = mapped_column(String(200))
    contact_email: Mapped[str] = mapped_column(String(320))
    currency: Mapped[str] = mapped_column(String(3))
    locale: Mapped[str] = mapped_column(String(2))
    # Chosen before the hold is asked for, so a retried offer reuses the same hold.
    booking_id: Mapped[str | None] = mapped_column(String(40))
    offered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (
        UniqueConstraint("offering_id", "customer_id"),
        Index("ix_ballot_applications_offering_status_rank", "offering_id", "status", "rank"),
    )


class WaitingList(Base):
    """A first-come offering's waiting list: made when the first customer joins. Its row
    carries the lease under which one replica at a time offers capacity down the line."""

    __tablename__ = "waiting_lists"

    offering_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class WaitlistEntry(Base):
    """One customer's place in a waiting list. The id (time-sortable) is the place in
    line; one active (waiting or offered) entry per customer and offering."""

    __tablename__ = "waitlist_entries"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    offering_id: Mapped[str] = mapped_column(String(40))
    customer_id: Mapped[str] = mapped_column(String(128), index=True)
    quantity: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))  # domain.waitlist.EntryStatus
    contact_name: Mapped[str] = mapped_column(String(200))
    contact_email: Mapped[str] = mapped_column(String(320))
    currency: Mapped[str] = mapped_column(String(3))
    locale: Mapped[str] = mapped_column(String(2))
    # Chosen before the hold is asked for, so a retried offer reuses the same hold.
    booking_id: Mapped[str | None] = mapped_column(String(40))
    offered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    offer_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (
        Index("ix_waitlist_entries_offering_status_id", "offering_id", "status", "id"),
        Index(
            "uq_waitlist_entries_active",
            "offering_id",
            "customer_id",
            unique=True,
            postgresql_where=text("status IN ('waiting', 'offered')"),
            sqlite_where=text("status IN ('waiting', 'offered')"),
        ),
    )


# One booking (``:booking_id``) with its lines and milestones in one joined query (the
# relationships' own selectin loading takes three), built once: a statement built per
# read (``session.get`` with options) cost a fifth of the read in keying and coercing.
BOOKING_BY_ID = (
    select(Booking)
    .where(Booking.id == bindparam("booking_id"))
    .options(joinedload(Booking.lines), joinedload(Booking.milestones))
)
