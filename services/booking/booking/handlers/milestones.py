"""Milestone invoices: events from payments (finalized, paid, voided, overdue) and the
worker that invoices date milestones when their day comes."""

from datetime import timedelta

from sqlalchemy import select

from booking.domain import policies
from booking.domain.aggregate import BookingAggregate
from booking.domain.states import MilestoneStatus, Status
from booking.handlers.capacity import (
    ATTEMPTS,
    OPTIMISTIC_RETRIES,
    CapacityAnswer,
    booking_busy,
    commit_holds,
)
from booking.handlers.queries import load
from booking.models import Booking, Milestone
from booking.ports import Ports
from booking.schemas import MilestoneEventIn
from booking.unit_of_work import unit_of_work
from lpx_common.auth import Principal
from lpx_common.clock import utcnow


async def milestone_event(
    ports: Ports, caller: Principal, booking_id: str, body: MilestoneEventIn
) -> Booking:
    """A paid deposit commits the booking's capacity: the catalog is asked first, and the
    change applied only to the version the answer was for (else redone)."""
    for _ in range(ATTEMPTS):
        read = await load(ports, booking_id)
        answer = CapacityAnswer(None)
        if BookingAggregate(read).deposit_commits_capacity(body.milestone_id, body.event):
            answer = await commit_holds(ports, BookingAggregate(read).allocation_ids)
        async with unit_of_work(ports) as uow:
            booking = await uow.get(booking_id)
            if booking.version != read.version:
                OPTIMISTIC_RETRIES.inc()
                continue
            events = BookingAggregate(booking).milestone_event(
                body.milestone_id,
                body.event,
                amount_minor=body.amount_minor,
                invoice_id=body.invoice_id,
                occurred_at=body.occurred_at,
                capacity=answer.capacity,
                actor=policies.actor_of(caller),
                now=utcnow(),
            )
            uow.record(booking, events)
            uow.answer(booking)
        return booking
    raise booking_busy()


ACTIVE = [Status.APPROVED.value, Status.CONFIRMED.value, Status.FLOWN.value, "delivered"]


async def invoice_dated_milestones(ports: Ports) -> int:
    """Invoice date milestones whose invoicing day has come; mark late ones overdue."""
    settings = ports.settings
    now = utcnow()
    today = now.date()
    lead = timedelta(days=settings.invoice_lead_days)
    async with ports.db.read() as session:
        rows = list(
            await session.execute(
                select(Milestone.booking_id, Milestone.id)
                .join(Booking, Booking.id == Milestone.booking_id)
                .where(
                    Booking.status.in_(ACTIVE),
                    (
                        (Milestone.status == MilestoneStatus.SCHEDULED.value)
                        & Milestone.due_date.is_not(None)
                        & (Milestone.due_date <= today + lead)
                    )
                    | (
                        (Milestone.status == MilestoneStatus.INVOICED.value)
                        & (Milestone.invoice_due_date < today)
                    ),
                )
                .limit(200)
            )
        )
    for booking_id, milestone_id in rows:
        async with unit_of_work(ports) as uow:
            booking = await uow.get(booking_id)
            events = BookingAggregate(booking).invoice_dated(
                milestone_id, now, settings.invoice_due_days
            )
            if events is not None:
                uow.record(booking, events)
    return len(rows)
