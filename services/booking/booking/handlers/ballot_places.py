"""Ballot places: offered down the ranking after the draw, and the worker that draws
ballots and offers their places.

Places go down the ranking as ``offer_line`` offers any line: one replica at a time,
under a lease on the ballot's row, in steps that each survive a crash.
"""

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from booking.clients.catalog import AllocationView, MissionView, OfferingView
from booking.clients.outbox import EVENTS_PATH
from booking.domain import ballots as rules
from booking.domain.ballots import BallotStatus
from booking.domain.events import StatusChanged
from booking.handlers.ballots import S, draw, schedule_of
from booking.handlers.create import _build
from booking.handlers.offer_line import offer_in_order, set_lease, settle_offered, take_lease
from booking.models import Ballot, BallotApplication, Booking, outbox_messages
from booking.ports import Ports
from booking.schemas import BookingCreate, Contact, LineIn
from booking.unit_of_work import unit_of_work
from lpx_common.auth import Principal
from lpx_common.clock import utcnow
from lpx_common.ids import new_id
from lpx_common.outbox import enqueue

log = logging.getLogger("booking.ballots")
SYSTEM = "system:ballot"


@dataclass
class _Catalog:
    offering: OfferingView
    mission: MissionView
    payment_seconds: int


async def offer_places(ports: Ports, offering_id: str) -> int:
    """One pass over a drawn ballot: note which places were paid or lapsed, offer the
    free capacity down the ranking, tell the others once, close when all is done.
    Returns how much changed (0: nothing to do)."""
    drawn = Ballot.status.in_([BallotStatus.DRAWN.value, BallotStatus.ALLOCATED.value])
    if not await take_lease(ports, Ballot, offering_id, drawn):
        return 0
    try:
        changed = await _settle_offered(ports, offering_id)
        offering = await ports.catalog.offering(offering_id)
        found = _Catalog(
            offering,
            offering.mission,
            schedule_of(offering).payment_seconds,
        )
        changed += await _offer_down_the_ranking(ports, found)
        changed += await _after_pass(ports, found)
        return changed
    finally:
        await set_lease(ports, Ballot, offering_id, None)


async def _settle_offered(ports: Ports, offering_id: str) -> int:
    """Offered places whose booking was paid, or ended unpaid, move on."""
    async with ports.db.transaction() as session:
        return await _settle_in(session, offering_id, utcnow())


async def _settle_in(session: AsyncSession, offering_id: str, now: datetime) -> int:
    moved = await settle_offered(
        session,
        BallotApplication,
        offering_id,
        now,
        offered=S.OFFERED,
        paid=S.PAID,
        lapsed=S.LAPSED,
        lifecycle=rules.APPLICATION_LIFECYCLE,
    )
    return len(moved)


async def _offer_down_the_ranking(ports: Ports, found: _Catalog) -> int:
    offering = found.offering
    async with ports.db.read() as session:
        waiting = list(
            await session.scalars(
                select(BallotApplication)
                .where(
                    BallotApplication.offering_id == offering.id,
                    BallotApplication.status == S.WAITING,
                )
                .order_by(BallotApplication.rank)
            )
        )

    async def write(app_id: str, booking_id: str, allocation_id: str, expires: datetime) -> bool:
        return await _write_offer(ports, found, app_id, booking_id, allocation_id, expires)

    return await offer_in_order(
        ports,
        offering,
        waiting,
        offer_seconds=found.payment_seconds,
        line_table=Ballot,
        candidate_table=BallotApplication,
        write_offer=write,
        what="ballot",
    )


async def _write_offer(
    ports: Ports,
    found: _Catalog,
    application_id: str,
    booking_id: str,
    allocation_id: str,
    expires_at: datetime,
) -> bool:
    """The booking to pay and the application's move to ``offered``, in one transaction;
    False when a pass that lost its lease half-way had offered it already."""
    now = utcnow()
    async with unit_of_work(ports) as uow:
        app = await uow.session.get(BallotApplication, application_id, with_for_update=True)
        assert app is not None
        if app.status != S.WAITING:
            return False
        # The catalog granted this hold by reclaiming holds past their deadline: the
        # places that held them lapse in this same transaction, so no one ever sees two
        # places offered for one unit.
        await _settle_in(uow.session, found.offering.id, now)
        principal = Principal(kind="customer", subject=app.customer_id, email=app.contact_email)
        body = BookingCreate(
            lines=[LineIn(offering_id=found.offering.id, quantity=app.quantity)],
            contact=Contact(name=app.contact_name, email=app.contact_email),
            currency=app.currency,  # type: ignore[arg-type]  # checked when applying
            locale=app.locale,  # type: ignore[arg-type]
        )
        hold = AllocationView(id=allocation_id, status="held", expires_at=expires_at)
        booking = _build(
            booking_id,
            "consumer",
            principal,
            body,
            {found.offering.id: found.offering},
            found.mission,
            [hold],
            now,
        )
        uow.add(booking)
        reason = f"ballot place offered (rank {app.rank})"
        uow.record(booking, [StatusChanged(None, booking.status, now, SYSTEM, reason, False)])
        rules.APPLICATION_LIFECYCLE.check(app.status, S.OFFERED)
        app.status, app.offered_at, app.updated_at = S.OFFERED.value, now, now
        notice = ballot_notice("ballot.won", app, found.offering, booking=booking, now=now)
        await enqueue(
            uow.session,
            outbox_messages,
            destination="notifications",
            path=EVENTS_PATH,
            payload=notice,
            message_id=notice["id"],
        )
        uow.messages_written += 1
    return True


async def _after_pass(ports: Ports, found: _Catalog) -> int:
    """After the first pass, everyone still waiting is told (once) that they were not
    drawn; once nothing is left to offer or the sale is over, the ballot closes."""
    offering = found.offering
    now = utcnow()
    async with ports.db.transaction() as session:
        ballot = await session.scalar(
            select(Ballot).where(Ballot.offering_id == offering.id).with_for_update()
        )
        assert ballot is not None
        apps = list(
            await session.scalars(
                select(BallotApplication).where(
                    BallotApplication.offering_id == offering.id,
                    BallotApplication.status.in_([S.WAITING.value, S.OFFERED.value]),
                )
            )
        )
        waiting = [a for a in apps if a.status == S.WAITING]
        changed = 0
        if ballot.status == BallotStatus.DRAWN:
            rules.BALLOT_LIFECYCLE.check(ballot.status, BallotStatus.ALLOCATED)
            ballot.status, ballot.updated_at = BallotStatus.ALLOCATED.value, now
            for app in waiting:
                notice = ballot_notice("ballot.lost", app, offering, booking=None, now=now)
                await enqueue(
                    session,
                    outbox_messages,
                    destination="notifications",
                    path=EVENTS_PATH,
                    payload=notice,
                    message_id=notice["id"],
                )
            changed = 1 + len(waiting)
        sale_over = offering.sale_ends_at is not None and offering.sale_ends_at <= now
        if not apps or (sale_over and not any(a.status == S.OFFERED for a in apps)):
            for app in waiting:
                rules.APPLICATION_LIFECYCLE.check(app.status, S.NOT_DRAWN)
                app.status, app.updated_at = S.NOT_DRAWN.value, now
            rules.BALLOT_LIFECYCLE.check(ballot.status, BallotStatus.CLOSED)
            ballot.status, ballot.updated_at = BallotStatus.CLOSED.value, now
            changed += 1
    if changed:
        ports.outbox_written()
    return changed


def ballot_notice(
    event_type: str,
    app: BallotApplication,
    offering: OfferingView,
    *,
    booking: Booking | None,
    now: datetime,
) -> dict[str, Any]:
    """The event notifications emails from: a place offered (with the booking to pay)
    or not drawn. Its sequence orders the application's events (lost before a later win)."""
    price = offering.prices.get(app.currency, 0)
    return {
        "id": new_id("evt"),
        "type": event_type,
        "occurred_at": now.isoformat(),
        "subject_id": app.id,
        "sequence": 2 if event_type == "ballot.won" else 1,
        "partner_id": None,
        "data": {
            "source": "booking",
            "application_id": app.id,
            "offering_id": offering.id,
            "booking_id": booking.id if booking else None,
            "status": "held" if booking else "not_drawn",
            "rank": app.rank,
            "locale": app.locale,
            "contact": {"name": app.contact_name, "email": app.contact_email},
            "currency": app.currency,
            "total_minor": price * app.quantity,
            "hold_expires_at": booking.hold_expires_at.isoformat()
            if booking and booking.hold_expires_at
            else None,
            "lines": [
                {
                    "name": offering.name,
                    "quantity": app.quantity,
                    "amount_minor": price * app.quantity,
                }
            ],
        },
    }


# --- the worker ---------------------------------------------------------------------


async def run_ballots(ports: Ports) -> int:
    """Draw the ballots whose time has come, then offer the places of drawn ones."""
    now = utcnow()
    async with ports.db.read() as session:
        due = list(
            await session.scalars(
                select(Ballot.offering_id).where(
                    Ballot.status == BallotStatus.OPEN, Ballot.draw_at <= now
                )
            )
        )
        active = list(
            await session.scalars(
                select(Ballot.offering_id).where(
                    Ballot.status.in_([BallotStatus.DRAWN.value, BallotStatus.ALLOCATED.value])
                )
            )
        )
    handled = 0
    for offering_id in due:
        if await draw(ports, offering_id):
            handled += 1
            active.append(offering_id)
    for offering_id in dict.fromkeys(active):
        handled += await offer_places(ports, offering_id)
    return handled
