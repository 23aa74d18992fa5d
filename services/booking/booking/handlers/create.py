"""Create a booking: price it from the catalog, hold its capacity, store it."""

from dataclasses import asdict
from datetime import datetime

from booking.clients import outbox
from booking.clients.catalog import AllocationView, MissionView, OfferingView
from booking.domain import policies
from booking.domain.events import StatusChanged
from booking.domain.inscriptions import InvalidInscription, clean_inscription
from booking.domain.states import Status
from booking.domain.tax import tax_per_rate
from booking.handlers import line_ahead
from booking.models import Booking, BookingLine
from booking.ports import Ports
from booking.schemas import BookingCreate
from booking.unit_of_work import unit_of_work
from lpx_common.auth import Principal
from lpx_common.clock import utcnow
from lpx_common.errors import Unprocessable
from lpx_common.ids import new_id


def _check_lines(body: BookingCreate, offerings: dict[str, OfferingView]) -> str:
    """The booking's kind, once its lines are known to fit together; prices checked."""
    audiences = {o.audience for o in offerings.values()}
    if len(audiences) != 1:
        raise Unprocessable(
            "All lines of a booking must be for the same audience (consumer or business).",
            code="mixed-audience",
        )
    if len({o.mission_id for o in offerings.values()}) != 1:
        raise Unprocessable(
            "All lines of a booking must be on the same mission.", code="mixed-missions"
        )
    kind = audiences.pop()
    if kind == "business" and body.business is None:
        raise Unprocessable(
            "A business booking needs the company and the payload's interface data.",
            code="business-details-required",
            errors=[{"field": "body.business", "message": "required for business offerings"}],
        )
    if kind == "business" and body.business is not None:
        room = sum(
            line.quantity * offerings[line.offering_id].unit_mass_grams for line in body.lines
        )
        if body.business.payload.mass_grams > room:
            raise Unprocessable(
                f"The payload ({body.business.payload.mass_grams} g) is heavier than the "
                f"mass booked ({room} g).",
                code="payload-too-heavy",
                errors=[{"field": "body.business.payload.mass_grams", "message": "too heavy"}],
            )
    if kind == "consumer" and body.business is not None:
        raise Unprocessable(
            "Consumer offerings take no business block.",
            code="unexpected-business-details",
            errors=[{"field": "body.business", "message": "not for consumer offerings"}],
        )
    for i, line in enumerate(body.lines):
        if body.currency not in offerings[line.offering_id].prices:
            raise Unprocessable(
                f"Offering {line.offering_id} has no price in {body.currency}.",
                code="price-unavailable",
                errors=[{"field": f"body.lines.{i}.offering_id", "message": "no price"}],
            )
    return kind


def _build(
    booking_id: str,
    kind: str,
    principal: Principal,
    body: BookingCreate,
    offerings: dict[str, OfferingView],
    mission: MissionView,
    holds: list[AllocationView],
    now: datetime,
) -> Booking:
    inscriptions = checked_inscriptions(body)
    lines = []
    for n, (line, hold) in enumerate(zip(body.lines, holds, strict=True), start=1):
        offering = offerings[line.offering_id]
        price = offering.prices[body.currency]
        start = mission.launch_window_start
        lines.append(
            BookingLine(
                line_no=n,
                offering_id=line.offering_id,
                mission_id=mission.id,
                sku=offering.sku,
                name=offering.name,
                quantity=line.quantity,
                unit_price_minor=price,
                amount_minor=price * line.quantity,
                allocation_id=hold.id,
                cancellation_cutoff_at=policies.cancellation_cutoff(
                    start, offering.cancellation_cutoff_days
                )
                if start
                else None,
                cancellation_fee_bps=offering.cancellation_fee_bps,
                tax_category=offering.tax_category,
                tax_rate_bps=offering.tax_rate_bps or 0,
                inscription=inscriptions[n - 1],
            )
        )
    status = Status.HELD if kind == "consumer" else Status.UNDER_REVIEW
    return Booking(
        id=booking_id,
        kind=kind,
        status=status.value,
        currency=body.currency,
        total_minor=sum(line.amount_minor for line in lines),
        mission_id=mission.id,
        customer_id=principal.subject if principal.kind == "customer" else None,
        partner_id=(principal.partner_id or principal.subject)
        if principal.kind == "partner"
        else None,
        created_by=policies.actor_of(principal),
        contact_name=body.contact.name,
        contact_email=body.contact.email,
        company=body.business.company.model_dump() if body.business else None,
        company_email=str(body.business.company.email).strip().lower() if body.business else None,
        payload=body.business.payload.model_dump() if body.business else None,
        hold_expires_at=min(h.expires_at for h in holds),
        checkout_attempt=1,
        paid_minor=0,
        refund_requested_minor=0,
        refunded_minor=0,
        refund_failed_minor=0,
        cancellation_fee_minor=0,
        tax_breakdown=[
            asdict(row)
            for row in tax_per_rate((line.tax_rate_bps, line.amount_minor) for line in lines)
        ],
        confirmation=None,
        locale=body.locale,
        version=0,
        created_at=now,
        updated_at=now,
        lines=lines,
        milestones=[],
    )


def checked_inscriptions(body: BookingCreate) -> list[str | None]:
    """Each line's name or dedication as it will be engraved; one 422 for all that
    cannot be."""
    cleaned: list[str | None] = []
    errors = []
    for i, line in enumerate(body.lines):
        if line.inscription is None:
            cleaned.append(None)
            continue
        try:
            cleaned.append(clean_inscription(line.inscription))
        except InvalidInscription as exc:
            cleaned.append(None)
            errors.append({"field": f"body.lines.{i}.inscription", "message": str(exc)})
    if errors:
        raise Unprocessable(
            "A name or dedication cannot be engraved; see `errors`.",
            code="invalid-inscription",
            errors=errors,
        )
    return cleaned


async def create_booking(ports: Ports, principal: Principal, body: BookingCreate) -> Booking:
    checked_inscriptions(body)  # before anything is held
    offerings: dict[str, OfferingView] = {}
    for line in body.lines:
        if line.offering_id not in offerings:
            offerings[line.offering_id] = await ports.catalog.offering(line.offering_id)
    for i, line in enumerate(body.lines):
        if offerings[line.offering_id].sale_mode == "ballot":
            raise Unprocessable(
                f"Offering {line.offering_id} is sold by ballot: apply to its draw instead.",
                code="sold-by-ballot",
                errors=[{"field": f"body.lines.{i}.offering_id", "message": "sold by ballot"}],
            )
    kind = _check_lines(body, offerings)
    mission = next(iter(offerings.values())).mission  # one mission (_check_lines)
    # Capacity that comes back is the waiting list's first (docs/waiting-list.md).
    first_come = [o.id for o in offerings.values() if kind == "consumer"]
    in_line = await line_ahead.smallest_waiting(ports, first_come) if first_come else {}

    booking_id = new_id("bkg")
    holds: list[AllocationView] = []
    try:
        for n, line in enumerate(body.lines, start=1):
            review_days = max(1, offerings[line.offering_id].review_hold_days)
            holds.append(
                await ports.catalog.hold(
                    reference=f"{booking_id}:{n}",
                    offering_id=line.offering_id,
                    quantity=line.quantity,
                    ttl_seconds=ports.settings.hold_ttl_seconds
                    if kind == "consumer"
                    else review_days * 86_400,
                    free_below=in_line.get(line.offering_id),
                )
            )
        now = utcnow()
        booking = _build(booking_id, kind, principal, body, offerings, mission, holds, now)
        async with unit_of_work(ports) as uow:
            if first_come:
                await line_ahead.guard_newcomers(uow.session, first_come, in_line)
            uow.add(booking)
            created = StatusChanged(
                None, booking.status, now, policies.actor_of(principal), "booking created"
            )
            uow.record(booking, [created])
            uow.answer(booking)
    except BaseException:
        # Nothing half-made: no booking row, and the holds already taken go back (through
        # the outbox, so a crash right now does not strand them). A hold the catalog made
        # without us learning of it simply expires with its TTL.
        if holds:
            async with unit_of_work(ports) as uow:
                uow.messages_written += await outbox.release_orphan_holds(
                    uow.session, [h.id for h in holds]
                )
        raise
    return booking
