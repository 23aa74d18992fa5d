"""How an offer out of a line ends: a ballot place or a waiting-list offer is a held
booking to pay by a deadline. It is bought when its booking is paid, and passes on when
the booking ended unpaid or is still unpaid at the deadline."""

from datetime import datetime
from typing import Literal

# Booking statuses that mean an offer was bought, or given up unpaid.
PAID_BOOKING_STATUSES = frozenset(
    {"confirmed", "flown", "delivered", "mission_lost", "refund_due", "refunded"}
)
LAPSED_BOOKING_STATUSES = frozenset({"expired", "cancelled"})


def offer_outcome(
    booking_status: str, hold_expires_at: datetime | None, now: datetime
) -> Literal["paid", "lapsed"] | None:
    """``None`` while the offer still runs."""
    if booking_status in PAID_BOOKING_STATUSES:
        return "paid"
    if booking_status in LAPSED_BOOKING_STATUSES or (
        # Past its deadline unpaid: the offer passes on now, before the booking's own
        # expiry worker gets to it (the catalog already ignores the hold).
        booking_status == "held" and hold_expires_at is not None and hold_expires_at <= now
    ):
        return "lapsed"
    return None
