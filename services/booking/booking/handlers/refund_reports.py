"""Payments reports a refund that went through, or one that failed after it was asked for."""

from sqlalchemy import select

from booking.domain import policies
from booking.domain.aggregate import BookingAggregate
from booking.models import Booking, RefundSeen
from booking.ports import Ports
from booking.schemas import RefundCompletedIn, RefundFailedIn
from booking.unit_of_work import unit_of_work
from lpx_common.auth import Principal
from lpx_common.clock import utcnow


async def refund_completed(
    ports: Ports, caller: Principal, booking_id: str, body: RefundCompletedIn
) -> Booking:
    async with unit_of_work(ports) as uow:
        booking = await uow.get(booking_id)
        uow.answer(booking)
        if await uow.session.get(RefundSeen, body.refund_id) is not None:
            return booking  # reported twice (or it had already failed: failure is final)
        now = utcnow()
        uow.session.add(
            RefundSeen(
                refund_id=body.refund_id,
                booking_id=booking.id,
                payment_id=body.payment_id,
                amount_minor=body.amount_minor,
                currency=body.currency,
                created_at=now,
            )
        )
        events = BookingAggregate(booking).refund_completed(
            body.amount_minor, actor=policies.actor_of(caller), now=now
        )
        uow.record(booking, events, report=True)
    return booking


async def refund_failed(
    ports: Ports, caller: Principal, booking_id: str, body: RefundFailedIn
) -> Booking:
    async with unit_of_work(ports) as uow:
        booking = await uow.get(booking_id)
        uow.answer(booking)
        seen = await uow.session.scalar(
            select(RefundSeen).where(RefundSeen.refund_id == body.refund_id).with_for_update()
        )
        if seen is not None and seen.failed:
            return booking  # reported twice
        now = utcnow()
        if seen is None:
            uow.session.add(
                RefundSeen(
                    refund_id=body.refund_id,
                    booking_id=booking.id,
                    payment_id=body.payment_id,
                    amount_minor=body.amount_minor,
                    currency=body.currency,
                    failed=True,
                    created_at=now,
                )
            )
        else:
            seen.failed = True
        BookingAggregate(booking).refund_failed(
            body.amount_minor, was_completed=seen is not None, now=now
        )
        uow.record(booking, [], report=True)
    return booking
