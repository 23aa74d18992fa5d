"""Housekeeping workers: holds that ran out, and the watch on refunds owed.

The catalog already ignores expired holds, so expiry is bookkeeping (status, releases,
closing the checkout), not what keeps capacity right.
"""

from datetime import datetime

from prometheus_client import Gauge
from sqlalchemy import Select, func, select

from booking.domain.aggregate import BookingAggregate
from booking.domain.states import Status
from booking.models import Booking
from booking.ports import Ports
from booking.unit_of_work import unit_of_work
from lpx_common.clock import utcnow
from lpx_common.db import constants

SYSTEM = "system:booking"

REFUNDS_OWED = Gauge("booking_refunds_owed", "Bookings owed money back that is not back yet")
REFUNDS_OWED_OLDEST = Gauge(
    "booking_refunds_owed_oldest_seconds", "How long the oldest refund owed has waited"
)


def due_holds(now: datetime, limit: int) -> Select[tuple[str]]:
    """Bookings whose hold ran out: the statuses are constants, so PostgreSQL reads the
    few held bookings, not every past hold (confirmed bookings keep theirs)."""
    return (
        select(Booking.id)
        .where(
            Booking.status.in_(constants([Status.HELD.value, Status.UNDER_REVIEW.value])),
            Booking.hold_expires_at <= now,
        )
        .order_by(Booking.hold_expires_at)
        .limit(limit)
    )


async def expire_due_holds(ports: Ports, limit: int = 100) -> int:
    now = utcnow()
    async with ports.db.read() as session:
        due = list(await session.scalars(due_holds(now, limit)))
    expired = 0
    for booking_id in due:
        async with unit_of_work(ports) as uow:
            booking = await uow.get(booking_id)
            events = BookingAggregate(booking).expire(actor=SYSTEM, now=utcnow())
            if events:
                uow.record(booking, events)
                expired += 1
    return expired


async def watch_refunds_owed(ports: Ports) -> int:
    """Keeps the refunds-owed gauges current (scraped whatever /readyz says)."""
    async with ports.db.read() as session:
        count, oldest = (
            await session.execute(
                select(func.count(), func.min(Booking.refund_owed_since)).where(
                    Booking.refund_owed_since.is_not(None)
                )
            )
        ).one()
    REFUNDS_OWED.set(count)
    REFUNDS_OWED_OLDEST.set((utcnow() - oldest).total_seconds() if oldest else 0)
    return 0
