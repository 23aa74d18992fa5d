"""The booking aggregate alone: commands, transitions and the events they cause (no I/O)."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import pytest

from booking.domain.aggregate import BookingAggregate
from booking.domain.events import (
    CheckoutToExpire,
    HoldsToRelease,
    InvoiceToVoid,
    RefundOwed,
    StatusChanged,
)
from booking.domain.records import PaymentIn
from lpx_common.errors import Conflict

NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)


@dataclass
class Line:
    line_no: int = 1
    offering_id: str = "off_1"
    quantity: int = 1
    amount_minor: int = 100_000
    allocation_id: str | None = "alc_1"
    cancellation_cutoff_at: datetime | None = None
    cancellation_fee_bps: int = 1_000


@dataclass
class Milestone:
    id: str
    position: int
    amount_minor: int
    status: str = "scheduled"
    due_event: str | None = None
    due_date: date | None = None
    invoice_id: str | None = None
    invoiced_at: datetime | None = None
    invoice_due_date: date | None = None
    paid_minor: int = 0
    paid_at: datetime | None = None
    updated_at: datetime = NOW


@dataclass
class Record:
    status: str = "held"
    kind: str = "consumer"
    id: str = "bkg_1"
    currency: str = "JPY"
    total_minor: int = 100_000
    hold_expires_at: datetime | None = NOW + timedelta(minutes=10)
    checkout_attempt: int = 1
    payment_id: str | None = "pay_1"
    checkout_url: str | None = "https://pay"
    checkout_expires_at: datetime | None = NOW + timedelta(minutes=5)
    paid_minor: int = 0
    refund_requested_minor: int = 0
    refunded_minor: int = 0
    refund_failed_minor: int = 0
    refund_owed_since: datetime | None = None
    cancellation_fee_minor: int = 0
    lines: list[Line] = field(default_factory=lambda: [Line()])
    milestones: list[Milestone] = field(default_factory=list)


def statuses(events: list) -> list[str]:
    return [e.to_status for e in events if isinstance(e, StatusChanged)]


def test_paid_in_time_confirms_and_owes_nothing() -> None:
    booking = BookingAggregate(Record())
    events = booking.payment_received(
        PaymentIn("pay_1", 100_000, "JPY"), "committed", actor="t", now=NOW
    )
    assert statuses(events) == ["confirmed"]
    assert not any(isinstance(e, RefundOwed) for e in events)


def test_paid_after_the_capacity_is_gone_releases_and_owes_it_all_back() -> None:
    record = Record()
    events = BookingAggregate(record).payment_received(
        PaymentIn("pay_1", 100_000, "JPY"), "gone", actor="t", now=NOW
    )
    assert statuses(events) == ["refund_due"]
    assert HoldsToRelease(("alc_1",)) in events
    assert RefundOwed(100_000, "payment pay_1 on a refund_due booking") in events
    assert record.refund_owed_since == NOW


def test_cancel_keeps_the_fee_counts_refunds_already_made_and_ends_refunded() -> None:
    record = Record(status="confirmed", paid_minor=100_000, refunded_minor=30_000)
    booking = BookingAggregate(record)
    events = booking.cancel(actor="t", reason="plans changed", now=NOW)
    assert statuses(events) == ["cancelled"]
    assert record.cancellation_fee_minor == 10_000
    assert next(e for e in events if isinstance(e, RefundOwed)).total_minor == 90_000
    assert not any(isinstance(e, CheckoutToExpire) for e in events)  # it was paid
    assert statuses(booking.refund_completed(60_000, actor="p", now=NOW)) == ["refunded"]
    assert record.refund_owed_since is None


def test_cancelling_a_held_booking_closes_its_checkout_and_owes_nothing() -> None:
    events = BookingAggregate(Record()).cancel(actor="t", reason="x", now=NOW)
    assert CheckoutToExpire("pay_1") in events
    assert not any(isinstance(e, RefundOwed) for e in events)


def test_a_cancelled_mission_owes_everything_back_and_voids_billed_milestones() -> None:
    record = Record(
        kind="business",
        status="confirmed",
        paid_minor=10_000,
        milestones=[
            Milestone("mst_1", 1, 10_000, status="paid"),
            Milestone("mst_2", 2, 90_000, status="invoiced"),
            Milestone("mst_3", 3, 0),
        ],
    )
    events = BookingAggregate(record).apply_mission_event(
        "cancelled", mission_id="msn_1", now=NOW, due_days=14
    )
    assert statuses(events) == ["refund_due"]
    assert InvoiceToVoid("mst_2", "mission msn_1 cancelled") in events
    assert [e.total_minor for e in events if isinstance(e, RefundOwed)] == [10_000]
    assert [m.status for m in record.milestones] == ["paid", "voided", "voided"]


def test_money_already_refunded_by_finance_ends_a_cancelled_mission_owing_nothing() -> None:
    """Found by the property test: finance had refunded it all, then the mission was
    cancelled; the booking ended refunded but still said money was owed."""
    record = Record(status="confirmed", paid_minor=100_000, refunded_minor=100_000)
    events = BookingAggregate(record).apply_mission_event(
        "cancelled", mission_id="msn_1", now=NOW, due_days=14
    )
    assert statuses(events) == ["refund_due", "refunded"]
    assert record.refund_requested_minor == 100_000
    assert record.refund_owed_since is None


def test_refund_targets_only_grow() -> None:
    record = Record(status="confirmed", paid_minor=100_000, refund_requested_minor=100_000)
    events = BookingAggregate(record).cancel(actor="t", reason="x", now=NOW)
    assert not any(isinstance(e, RefundOwed) for e in events)  # already asked for more
    assert record.refund_requested_minor == 100_000


def test_a_failed_refund_after_success_is_owed_again() -> None:
    record = Record(status="cancelled", paid_minor=100_000, refund_requested_minor=90_000)
    booking = BookingAggregate(record)
    booking.refund_completed(50_000, actor="p", now=NOW)
    booking.refund_failed(50_000, was_completed=True, now=NOW)
    assert record.refunded_minor == 0 and record.refund_failed_minor == 50_000
    assert record.refund_owed_since == NOW


def test_forbidden_moves_are_refused() -> None:
    with pytest.raises(Conflict):
        BookingAggregate(Record(status="delivered")).cancel(actor="t", reason="x", now=NOW)
    assert BookingAggregate(Record(status="confirmed")).expire(actor="t", now=NOW) == []
