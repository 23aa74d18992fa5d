"""Checkout of a held consumer booking: a Checkout Session at payments, or, for a booking
that costs nothing, confirmation without one."""

from datetime import datetime, timedelta

from booking.clients.catalog import COMMITTABLE_MISSION_STATUSES
from booking.clients.payments import CheckoutRequest
from booking.domain import policies
from booking.domain.aggregate import BookingAggregate
from booking.domain.events import CheckoutToExpire
from booking.handlers.capacity import commit_holds
from booking.handlers.queries import get_booking
from booking.models import Booking
from booking.ports import Ports
from booking.unit_of_work import unit_of_work
from lpx_common.auth import Principal
from lpx_common.clock import utcnow
from lpx_common.errors import Conflict, Unprocessable


async def _sale_closes_at(ports: Ports, booking: Booking, now: datetime) -> datetime | None:
    """When the booking's capacity can no longer be committed; refuses if it already can't
    (the mission has launched or been cancelled, or an offering's sale has ended)."""
    ends = []
    for offering_id in sorted({line.offering_id for line in booking.lines}):
        offering = await ports.catalog.offering(offering_id)  # with its mission's status
        if offering.mission.status not in COMMITTABLE_MISSION_STATUSES:
            raise Unprocessable(
                f"Mission {booking.mission_id} is {offering.mission.status}; this booking can "
                "no longer be paid.",
                code="offering-not-committable",
            )
        if offering.sale_ends_at is not None:
            ends.append(offering.sale_ends_at)
    closes = min(ends, default=None)
    if closes is not None and closes <= now:
        raise Unprocessable(
            "The sale of this offering has ended; this booking can no longer be paid.",
            code="offering-not-committable",
        )
    return closes


async def checkout(ports: Ports, principal: Principal, booking_id: str) -> Booking:
    settings = ports.settings
    booking = await get_booking(ports, principal, booking_id)
    aggregate = BookingAggregate(booking)
    now = utcnow()
    aggregate.check_payable(now)
    if aggregate.open_checkout(now):
        return booking
    sale_closes = await _sale_closes_at(ports, booking, now)
    if aggregate.is_free:
        return await _confirm_free(ports, principal, booking)

    hold_until = booking.hold_expires_at
    assert hold_until is not None  # check_payable saw it
    if hold_until - now < timedelta(seconds=settings.checkout_hold_seconds):
        extended = [
            await ports.catalog.extend(allocation_id, settings.checkout_hold_seconds)
            for allocation_id in aggregate.allocation_ids
        ]
        hold_until = min(a.expires_at for a in extended)
    # The session never outlives the hold (minus a margin) nor the sale.
    expires = hold_until - timedelta(seconds=settings.checkout_session_margin_seconds)
    if sale_closes is not None:
        expires = min(expires, sale_closes)
    if expires - now < timedelta(seconds=settings.checkout_min_session_seconds):
        raise Unprocessable(
            "The sale closes too soon for a card payment to complete.",
            code="sale-closing",
            closes_at=expires.isoformat(),
        )
    attempt = booking.checkout_attempt
    payment = await ports.payments.start_payment(
        CheckoutRequest(
            booking_id=booking.id,
            amount_minor=booking.total_minor,
            currency=booking.currency,
            expires_at=expires,
            customer_email=booking.contact_email,
            description=", ".join(f"{line.quantity} x {line.name}" for line in booking.lines)[:500],
            success_url=settings.checkout_success_url.format(booking_id=booking.id),
            cancel_url=settings.checkout_cancel_url.format(booking_id=booking.id),
            # The buyer pays in their language: the final confirmation's, else the one
            # they booked in.
            locale=booking.locale,
        ),
        attempt_key=f"booking:{booking.id}:checkout:{attempt}",
    )
    async with unit_of_work(ports) as uow:
        booking = await uow.get(booking_id)
        if booking.status != "held" or booking.checkout_attempt != attempt:
            # Expired, cancelled or paid while payments opened the session: it must not
            # take money now.
            uow.record(booking, [CheckoutToExpire(payment.id)])
            changed = booking.status
        else:
            BookingAggregate(booking).checkout_opened(
                payment_id=payment.id,
                url=payment.checkout_url or "",
                expires_at=min(payment.expires_at or expires, expires),
                hold_until=hold_until,
            )
            uow.record(booking, [])
            uow.answer(booking)
            changed = None
    if changed is not None:
        raise Conflict(
            f"The booking became {changed} while the checkout was opened.", code="not-payable"
        )
    return booking


async def _confirm_free(ports: Ports, principal: Principal, booking: Booking) -> Booking:
    """Nothing to pay: the capacity is committed and the booking confirmed at once."""
    answer = await commit_holds(ports, BookingAggregate(booking).allocation_ids)
    if answer.capacity != "committed":
        raise Conflict(
            "The capacity held for this booking is no longer available.", code="hold-lost"
        )
    async with unit_of_work(ports) as uow:
        booking = await uow.get(booking.id)
        aggregate = BookingAggregate(booking)
        if aggregate.status != "held":  # expired or cancelled meanwhile
            aggregate.check_payable(utcnow())
        events = aggregate.confirm_free(actor=policies.actor_of(principal), now=utcnow())
        uow.record(booking, events)
        uow.answer(booking)
    return booking
