"""What cancelling a booking now would cost, without cancelling it: the aggregate's own
rules (the cut-off, the fee on what was paid, the rest refunded), so the storefront can
show the fee and the refund before the buyer decides."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from booking.domain.money import cancellation_fee
from booking.domain.states import BOOKING_LIFECYCLE, Status


class _Line(Protocol):
    amount_minor: int
    cancellation_cutoff_at: datetime | None
    cancellation_fee_bps: int


class _Booking(Protocol):
    status: str
    total_minor: int
    paid_minor: int
    refund_requested_minor: int

    @property
    def lines(self) -> Sequence[_Line]: ...


@dataclass(frozen=True)
class CancellationPreview:
    cancellable: bool
    cutoff_at: datetime | None
    fee_minor: int  # kept if cancelled now
    refund_minor: int  # sent back if cancelled now (beyond refunds already asked for)
    fee_if_paid_minor: int  # the fee once the whole price is paid (final confirmation)


def _fee(booking: _Booking, paid_minor: int) -> int:
    return cancellation_fee(
        paid_minor,
        booking.total_minor,
        [(line.amount_minor, line.cancellation_fee_bps) for line in booking.lines],
    )


def preview(booking: _Booking, now: datetime) -> CancellationPreview:
    cutoffs = [c for c in (line.cancellation_cutoff_at for line in booking.lines) if c]
    cutoff = min(cutoffs) if cutoffs else None
    cancellable = BOOKING_LIFECYCLE.allows(booking.status, Status.CANCELLED) and (
        cutoff is None or now < cutoff
    )
    fee = _fee(booking, booking.paid_minor) if cancellable else 0
    owed = booking.paid_minor - min(booking.paid_minor, fee)
    return CancellationPreview(
        cancellable=cancellable,
        cutoff_at=cutoff,
        fee_minor=fee,
        refund_minor=max(0, owed - booking.refund_requested_minor) if cancellable else 0,
        fee_if_paid_minor=_fee(booking, booking.total_minor),
    )
