"""Payments reports money in (or a failed payment): the booking is confirmed if the money
buys its slot, and owes back whatever it does not keep."""

from booking.clients import outbox
from booking.domain import policies
from booking.domain.aggregate import BookingAggregate
from booking.domain.records import PaymentIn
from booking.handlers.capacity import (
    ATTEMPTS,
    OPTIMISTIC_RETRIES,
    CapacityAnswer,
    booking_busy,
    commit_holds,
    reallocate,
)
from booking.handlers.queries import load
from booking.models import Booking, PaymentSeen
from booking.ports import Ports
from booking.schemas import PaymentFailedIn, PaymentSucceededIn
from booking.unit_of_work import unit_of_work
from lpx_common.auth import Principal
from lpx_common.clock import utcnow


async def payment_succeeded(
    ports: Ports, caller: Principal, booking_id: str, body: PaymentSucceededIn
) -> Booking:
    """The catalog is asked first (no lock held); the change is then applied only if the
    booking is still the version the answer was for, else the whole step is redone (the
    catalog's answers are idempotent, so asking again is safe)."""
    payment = PaymentIn(body.payment_id, body.amount_minor, body.currency)
    for attempt in range(ATTEMPTS):
        seen_before = await _seen(ports, body.payment_id)
        booking = await load(ports, booking_id)
        if seen_before:
            return booking  # the same payment reported twice changes nothing
        aggregate = BookingAggregate(booking)
        need = aggregate.needs_capacity_for(payment)
        answer = CapacityAnswer(None)
        if need == "commit":
            answer = await commit_holds(ports, aggregate.allocation_ids)
        elif need == "reallocate":
            answer = await reallocate(ports, booking, f"{body.payment_id}:{attempt}")
        async with unit_of_work(ports) as uow:
            current = await uow.get(booking_id)
            applied = current.version == booking.version
            if applied:
                now = utcnow()
                events = BookingAggregate(current).payment_received(
                    payment,
                    answer.capacity,
                    actor=policies.actor_of(caller),
                    now=now,
                    new_allocations=answer.new_allocations,
                )
                uow.session.add(
                    PaymentSeen(
                        payment_id=body.payment_id,
                        booking_id=booking_id,
                        amount_minor=body.amount_minor,
                        currency=body.currency,
                        outcome="applied" if answer.capacity == "committed" else "refunded",
                        paid_at=body.paid_at,
                        created_at=now,
                    )
                )
                uow.record(current, events)
                uow.answer(current)
            # fresh holds that are not used (refused, or taken for a version that changed
            # meanwhile) go back; the next attempt takes new ones under a new reference
            unused = answer.to_release + ([] if applied else answer.new_allocations)
            if unused:
                uow.messages_written += await outbox.release_orphan_holds(uow.session, unused)
        if applied:
            return current
        OPTIMISTIC_RETRIES.inc()
    raise booking_busy()


async def _seen(ports: Ports, payment_id: str) -> bool:
    async with ports.db.read() as session:
        return await session.get(PaymentSeen, payment_id) is not None


async def payment_failed(
    ports: Ports, caller: Principal, booking_id: str, body: PaymentFailedIn
) -> Booking:
    async with unit_of_work(ports) as uow:
        booking = await uow.get(booking_id)
        if BookingAggregate(booking).payment_failed(body.payment_id):
            uow.record(booking, [])
        uow.answer(booking)
    return booking
