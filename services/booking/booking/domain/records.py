"""The shapes the booking aggregate works on: what it reads and changes of a booking,
its lines and milestones (the ORM rows satisfy them; tests may pass plain objects), and
a payment as it comes in."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol


class LineRecord(Protocol):
    line_no: int
    offering_id: str
    quantity: int
    amount_minor: int
    allocation_id: str | None
    cancellation_cutoff_at: datetime | None
    cancellation_fee_bps: int


class MilestoneRecord(Protocol):
    id: str
    position: int
    amount_minor: int
    due_event: str | None
    due_date: date | None
    status: str
    invoice_id: str | None
    invoiced_at: datetime | None
    invoice_due_date: date | None
    paid_minor: int
    paid_at: datetime | None
    updated_at: datetime


class BookingRecord(Protocol):
    id: str
    kind: str
    status: str
    currency: str
    total_minor: int
    hold_expires_at: datetime | None
    checkout_attempt: int
    payment_id: str | None
    checkout_url: str | None
    checkout_expires_at: datetime | None
    paid_minor: int
    refund_requested_minor: int
    refunded_minor: int
    refund_failed_minor: int
    refund_owed_since: datetime | None
    cancellation_fee_minor: int

    @property
    def lines(self) -> Sequence[LineRecord]: ...

    @property
    def milestones(self) -> Sequence[MilestoneRecord]: ...


@dataclass(frozen=True)
class PaymentIn:
    payment_id: str
    amount_minor: int
    currency: str
