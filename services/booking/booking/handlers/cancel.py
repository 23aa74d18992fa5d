"""Cancellation by the buyer (or staff): capacity back, refund of what the policy owes."""

from booking.domain import policies
from booking.domain.aggregate import BookingAggregate
from booking.models import Booking
from booking.ports import Ports
from booking.unit_of_work import unit_of_work
from lpx_common.auth import Principal
from lpx_common.clock import utcnow


async def cancel(ports: Ports, principal: Principal, booking_id: str, reason: str) -> Booking:
    async with unit_of_work(ports) as uow:
        booking = await uow.get(booking_id, principal)
        events = BookingAggregate(booking).cancel(
            actor=policies.actor_of(principal), reason=reason, now=utcnow()
        )
        uow.record(booking, events)
        uow.answer(booking)
    return booking
