"""The catalog database. Only this service reads or writes these tables.

Missions and offerings are mapped classes (operators' CRUD and the public lists load
them); the hold hot path works on the same tables through SQLAlchemy Core
(``Allocation.__table__`` etc.) so it never pays for ORM object loading.

Capacity bookkeeping: ``offerings.reserved_units`` and ``missions.reserved_grams`` are the
sums of the allocations that still occupy room in the database (status ``held`` or
``committed``). A held allocation past its ``expires_at`` is *still* in those sums until
it is reclaimed, so the counters are an upper bound of what really counts; a hold that
fits under the counters therefore certainly fits. When it does not, the hold path
reclaims the expired holds of the mission under the same lock and checks again, so an
expired hold stops counting without any sweeper. Availability shown to people is always
derived from the allocation rows themselves (capacity - committed - unexpired holds).
"""

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
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

# SQLite only auto-increments an INTEGER PRIMARY KEY; PostgreSQL gets a BIGINT identity.
SeqType = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


idempotency_keys = idempotency_table(Base.metadata)
outbox_messages = outbox_table(Base.metadata)


class Mission(Base):
    __tablename__ = "missions"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    lander: Mapped[str] = mapped_column(String(200))
    landing_site: Mapped[str] = mapped_column(String(200))
    launch_window_start: Mapped[datetime] = mapped_column(UTCDateTime)
    launch_window_end: Mapped[datetime] = mapped_column(UTCDateTime)
    mass_budget_grams: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(20))
    # Grams of held (including expired, not yet reclaimed) and committed allocations.
    reserved_grams: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    version: Mapped[int] = mapped_column(Integer, server_default=text("1"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)

    __table_args__ = (
        CheckConstraint("mass_budget_grams >= 0", name="mass_budget_non_negative"),
        CheckConstraint("reserved_grams >= 0", name="reserved_grams_non_negative"),
    )


class Offering(Base):
    __tablename__ = "offerings"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    mission_id: Mapped[str] = mapped_column(ForeignKey("missions.id"), index=True)
    sku: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    audience: Mapped[str] = mapped_column(String(16))
    unit: Mapped[str] = mapped_column(String(8))
    unit_mass_grams: Mapped[int] = mapped_column(BigInteger)
    capacity_units: Mapped[int] = mapped_column(BigInteger)
    # Units of held (including expired, not yet reclaimed) and committed allocations.
    reserved_units: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    prices: Mapped[dict[str, Any]] = mapped_column(JSON)  # {"JPY": 3000, "USD": 2000}
    min_quantity: Mapped[int] = mapped_column(Integer)
    max_quantity: Mapped[int] = mapped_column(Integer)
    sale_starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sale_ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    review_required: Mapped[bool] = mapped_column(Boolean)
    review_hold_days: Mapped[int] = mapped_column(Integer)
    cancellation_cutoff_days: Mapped[int] = mapped_column(Integer)
    cancellation_fee_bps: Mapped[int] = mapped_column(Integer)
    # Consumption tax category (standard | reduced | exempt | zero_rated); the rate in
    # force on a day comes from tax_rates.
    tax_category: Mapped[str] = mapped_column(String(16), server_default=text("'standard'"))
    # first_come | ballot. A ballot offering takes applications in [opens, closes), draws
    # at draw_at, and gives each winner payment_seconds to pay (booking runs the draw).
    sale_mode: Mapped[str] = mapped_column(String(16), server_default=text("'first_come'"))
    ballot_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ballot_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ballot_draw_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ballot_payment_seconds: Mapped[int | None] = mapped_column(Integer)
    ballot_max_quantity: Mapped[int | None] = mapped_column(Integer)
    # A sold-out first-come offering has a waiting list (run by booking): capacity that
    # comes back is offered to the first in line as a hold lasting this long.
    waitlist_offer_seconds: Mapped[int] = mapped_column(Integer, server_default=text("86400"))
    version: Mapped[int] = mapped_column(Integer, server_default=text("1"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)

    __table_args__ = (
        CheckConstraint("capacity_units >= 0", name="capacity_non_negative"),
        CheckConstraint("reserved_units >= 0", name="reserved_units_non_negative"),
        CheckConstraint("min_quantity >= 1 AND max_quantity >= min_quantity", name="quantity"),
    )


class TaxRate(Base):
    """A consumption tax rate of a category from a day on (Japan time); the row with the
    latest ``effective_from`` not after a day is the rate of that day."""

    __tablename__ = "tax_rates"

    id: Mapped[int] = mapped_column(SeqType, primary_key=True, autoincrement=True)
    category: Mapped[str] = mapped_column(String(16))
    rate_bps: Mapped[int] = mapped_column(Integer)
    effective_from: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (
        UniqueConstraint("category", "effective_from"),
        CheckConstraint("rate_bps >= 0 AND rate_bps <= 10000", name="rate_bps_range"),
    )


class Allocation(Base):
    __tablename__ = "allocations"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    reference: Mapped[str] = mapped_column(String(200), unique=True)
    offering_id: Mapped[str] = mapped_column(ForeignKey("offerings.id"))
    mission_id: Mapped[str] = mapped_column(ForeignKey("missions.id"))
    quantity: Mapped[int] = mapped_column(BigInteger)
    mass_grams: Mapped[int] = mapped_column(BigInteger)
    # held | committed | released | expired (stored "expired" = reclaimed by a later hold)
    status: Mapped[str] = mapped_column(String(16))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    committed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        # Derived availability reads sum these per offering and per mission.
        Index("ix_allocations_offering_status_expires", "offering_id", "status", "expires_at"),
        Index("ix_allocations_mission_status_expires", "mission_id", "status", "expires_at"),
    )


class MissionEvent(Base):
    """Append-only log of mission status changes, polled by other services by ``seq``."""

    __tablename__ = "mission_events"

    seq: Mapped[int] = mapped_column(SeqType, primary_key=True, autoincrement=True)
    mission_id: Mapped[str] = mapped_column(ForeignKey("missions.id"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    previous_status: Mapped[str | None] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text)
    actor: Mapped[str | None] = mapped_column(String(200))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)


missions = Mission.__table__
offerings = Offering.__table__
allocations = Allocation.__table__
mission_events = MissionEvent.__table__
tax_rates = TaxRate.__table__
