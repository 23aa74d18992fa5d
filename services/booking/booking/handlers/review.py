"""Business bookings: review (approve with a payment schedule, or reject) and the
milestone events only people know of (contract signed, payload delivered)."""

from booking.domain import policies
from booking.domain.aggregate import BookingAggregate
from booking.handlers.queries import load
from booking.models import Booking, Milestone, Review
from booking.ports import Ports
from booking.schemas import ReviewIn
from booking.unit_of_work import unit_of_work
from lpx_common.auth import Principal
from lpx_common.clock import utcnow
from lpx_common.errors import Conflict
from lpx_common.ids import new_id


async def review(ports: Ports, principal: Principal, booking_id: str, body: ReviewIn) -> Booking:
    actor = policies.actor_of(principal)
    read = await load(ports, booking_id)
    BookingAggregate(read).check_reviewable(body.decision)
    hold_until = None
    plan: list[policies.PlannedMilestone] = []
    uncleared = [name for name, ok in body.checklist.model_dump().items() if not ok]
    if body.decision == "approve" and not uncleared:
        plan = policies.plan_schedule(
            read.total_minor,
            [(s.label, s.percent_bps, s.due_event, s.due_date) for s in body.schedule]
            if body.schedule
            else None,
        )
        # Keep the capacity while the deposit invoice is open (the review hold may be
        # nearly used up); a catalog refusal or outage aborts the approval.
        ttl = ports.settings.approval_hold_days * 86_400
        extended = [
            await ports.catalog.extend(allocation_id, ttl)
            for allocation_id in BookingAggregate(read).allocation_ids
        ]
        hold_until = min((a.expires_at for a in extended), default=None)
    async with unit_of_work(ports) as uow:
        booking = await uow.get(booking_id)
        if booking.version != read.version:
            raise Conflict(
                "The booking changed while it was being reviewed; review it again.",
                code="booking-changed",
            )
        now = utcnow()
        aggregate = BookingAggregate(booking)
        if body.decision == "approve":
            for position, item in enumerate(plan, start=1):
                booking.milestones.append(_milestone(booking.id, position, item, now))
            events = aggregate.approve(
                uncleared=uncleared,
                hold_until=hold_until,
                actor=actor,
                reason=body.reason,
                now=now,
                due_days=ports.settings.invoice_due_days,
            )
        else:
            events = aggregate.reject(actor=actor, reason=body.reason, now=now)
        uow.session.add(
            Review(
                id=new_id("rvw"),
                booking_id=booking.id,
                decision=body.decision,
                reason=body.reason,
                reviewer=actor,
                created_at=now,
                **body.checklist.model_dump(),
            )
        )
        uow.record(booking, events)
        uow.answer(booking)
    return booking


def _milestone(booking_id: str, position: int, item: policies.PlannedMilestone, now) -> Milestone:
    return Milestone(
        id=new_id("mst"),
        booking_id=booking_id,
        position=position,
        label=item.label,
        percent_bps=item.percent_bps,
        amount_minor=item.amount_minor,
        due_event=item.due_event,
        due_date=item.due_date,
        status="scheduled",
        paid_minor=0,
        updated_at=now,
    )


async def business_event(
    ports: Ports, principal: Principal, booking_id: str, event: str
) -> Booking:
    async with unit_of_work(ports) as uow:
        booking = await uow.get(booking_id)
        events = BookingAggregate(booking).business_event(
            event, utcnow(), ports.settings.invoice_due_days
        )
        uow.record(booking, events)
        uow.answer(booking)
    return booking
