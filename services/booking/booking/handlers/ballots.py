"""Ballots: applications, the draw, and places offered down the ranking.

Booking runs ballots because a place is a booking to pay (its hold, expiry, checkout and
cancellation are the booking's own); the catalog stays the only authority on capacity:
every place is a hold there, so a ballot can never sell more than there is.

Crash safety: the draw is one transaction (applications frozen, ranks written, seed
revealed), so it happens once. Offering a place is three steps that each survive a crash
and repeat harmlessly: the application gets its booking id (committed), the catalog hold
is asked for under that id (idempotent by reference), and the booking is written with the
application's move to ``offered`` (one transaction). One replica at a time offers a
ballot's places, under a lease on its row, so places go strictly in rank order.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from booking.clients.catalog import AllocationView, MissionView, OfferingView
from booking.clients.outbox import EVENTS_PATH
from booking.domain import ballots as rules
from booking.domain.ballots import ApplicationStatus, BallotStatus
from booking.domain.events import StatusChanged
from booking.handlers.create import _build
from booking.models import Ballot, BallotApplication, Booking, outbox_messages
from booking.ports import Ports
from booking.schemas import BallotApplicationIn, BookingCreate, Contact, LineIn
from booking.unit_of_work import unit_of_work
from lpx_common.auth import Principal
from lpx_common.clock import as_utc, utcnow
from lpx_common.errors import Conflict, NotFound, Unprocessable
from lpx_common.ids import new_id
from lpx_common.outbox import enqueue
from lpx_common.pagination import keyset_page

log = logging.getLogger("booking.ballots")
SYSTEM = "system:ballot"
LEASE = timedelta(seconds=30)
S = ApplicationStatus


def schedule_of(offering: OfferingView) -> rules.Schedule:
    """The offering's ballot rules; 404 for an offering not sold by ballot."""
    if (
        offering.sale_mode != "ballot"
        or offering.ballot_opens_at is None
        or offering.ballot_closes_at is None
        or offering.ballot_draw_at is None
        or offering.ballot_payment_seconds is None
        or offering.ballot_max_quantity is None
    ):
        raise NotFound(f"Offering {offering.id} is not sold by ballot.", code="not-a-ballot")
    return rules.Schedule(
        opens_at=offering.ballot_opens_at,
        closes_at=offering.ballot_closes_at,
        draw_at=offering.ballot_draw_at,
        payment_seconds=offering.ballot_payment_seconds,
        max_quantity=offering.ballot_max_quantity,
        min_quantity=offering.min_quantity,
    )


async def ballot_of(ports: Ports, offering_id: str) -> tuple[Ballot, OfferingView]:
    """The offering's ballot, made with its seed and commitment the first time anyone
    asks (so the commitment is public before the window closes)."""
    offering = await ports.catalog.offering(offering_id)
    schedule = schedule_of(offering)
    async with ports.db.read() as session:
        ballot = await session.get(Ballot, offering_id)
    if ballot is not None:
        return ballot, offering
    now = utcnow()
    seed = rules.new_seed()
    try:
        async with ports.db.transaction() as session:
            session.add(
                Ballot(
                    offering_id=offering_id,
                    status=BallotStatus.OPEN.value,
                    seed=seed,
                    commitment=rules.commitment_of(seed),
                    draw_at=schedule.draw_at,
                    created_at=now,
                    updated_at=now,
                )
            )
    except IntegrityError:
        pass  # another request made it first: that one stands
    async with ports.db.read() as session:
        made = await session.get(Ballot, offering_id)
    assert made is not None
    return made, offering


# --- applications -------------------------------------------------------------------


async def apply(
    ports: Ports, principal: Principal, offering_id: str, body: BallotApplicationIn
) -> tuple[BallotApplication, Ballot]:
    """Apply, or replace one's application, while the window is open."""
    if not principal.email:
        raise Unprocessable(
            "Applying needs an account with an email address.", code="email-required"
        )
    ballot, offering = await ballot_of(ports, offering_id)
    now = utcnow()
    rules.check_can_apply(schedule_of(offering), body.quantity, now)
    if body.currency not in offering.prices:
        raise Unprocessable(
            f"This offering has no price in {body.currency}.",
            code="price-unavailable",
            errors=[{"field": "body.currency", "message": "no price"}],
        )
    try:
        async with ports.db.transaction() as session:
            await _open_ballot(session, offering_id)
            app = await session.scalar(
                select(BallotApplication)
                .where(
                    BallotApplication.offering_id == offering_id,
                    BallotApplication.customer_id == principal.subject,
                )
                .with_for_update()
            )
            if app is None:
                app = BallotApplication(
                    id=new_id("bap"),
                    offering_id=offering_id,
                    customer_id=principal.subject,
                    status=S.APPLIED.value,
                    created_at=now,
                )
                session.add(app)
            elif app.status == S.WITHDRAWN:
                rules.APPLICATION_LIFECYCLE.check(app.status, S.APPLIED)
                app.status = S.APPLIED.value
            app.quantity = body.quantity
            app.contact_name = body.name
            app.contact_email = principal.email
            app.currency = body.currency
            app.locale = body.locale
            app.updated_at = now
    except IntegrityError as exc:  # two first applications at once: the other won
        raise Conflict("Your application is being recorded; retry.", code="retry") from exc
    return app, ballot


async def _open_ballot(session: AsyncSession, offering_id: str) -> None:
    """Share-lock the ballot row (the draw takes it exclusively) and check it is open."""
    ballot = await session.scalar(
        select(Ballot).where(Ballot.offering_id == offering_id).with_for_update(read=True)
    )
    if ballot is None or ballot.status != BallotStatus.OPEN:
        raise Conflict(
            "The draw has taken place; applications can no longer change.", code="ballot-drawn"
        )


async def withdraw(ports: Ports, principal: Principal, offering_id: str) -> BallotApplication:
    async with ports.db.transaction() as session:
        ballot = await session.get(Ballot, offering_id)
        app = await _own(session, principal, offering_id, lock=True)
        if ballot is None:  # pragma: no cover - an application implies its ballot
            raise NotFound("No such ballot.", code="ballot-not-found")
        if app.status == S.WITHDRAWN:
            return app  # withdrawn already: nothing to do
        await _open_ballot(session, offering_id)
        rules.check_can_withdraw(app.status, ballot.status)
        app.status = S.WITHDRAWN.value
        app.updated_at = utcnow()
    return app


async def own_application(
    ports: Ports, principal: Principal, offering_id: str
) -> tuple[BallotApplication, Ballot]:
    async with ports.db.read() as session:
        app = await _own(session, principal, offering_id, lock=False)
        ballot = await session.get(Ballot, offering_id)
    assert ballot is not None
    return app, ballot


async def _own(
    session: AsyncSession, principal: Principal, offering_id: str, *, lock: bool
) -> BallotApplication:
    query = select(BallotApplication).where(
        BallotApplication.offering_id == offering_id,
        BallotApplication.customer_id == principal.subject,
    )
    app = await session.scalar(query.with_for_update() if lock else query)
    if app is None:
        raise NotFound("You have not applied to this ballot.", code="application-not-found")
    return app


async def applications(
    ports: Ports, offering_id: str, *, ranked: bool, limit: int, cursor: str | None
) -> tuple[list[BallotApplication], str | None]:
    """A page of applications: by rank (drawn ones only) or by id (all)."""
    query = select(BallotApplication).where(BallotApplication.offering_id == offering_id)
    order = [BallotApplication.id]
    if ranked:
        query = query.where(BallotApplication.rank.is_not(None))
        order = [BallotApplication.rank, BallotApplication.id]
    async with ports.db.read() as session:
        return await keyset_page(session, query, order, limit=limit, cursor=cursor)


async def drawn_list(ports: Ports, offering_id: str) -> tuple[Ballot, list[BallotApplication]]:
    """The published draw: the ballot and every ranked application (the list the
    list hash covers). 409 before the draw."""
    async with ports.db.read() as session:
        ballot = await session.get(Ballot, offering_id)
        if ballot is None:
            raise NotFound("No such ballot.", code="ballot-not-found")
        if ballot.status == BallotStatus.OPEN:
            raise Conflict("The draw has not taken place yet.", code="ballot-not-drawn")
        rows = list(
            await session.scalars(
                select(BallotApplication)
                .where(
                    BallotApplication.offering_id == offering_id,
                    BallotApplication.rank.is_not(None),
                )
                .order_by(BallotApplication.id)
            )
        )
    return ballot, rows


# --- the draw -----------------------------------------------------------------------


async def draw(ports: Ports, offering_id: str) -> bool:
    """Draw the ballot if its time has come; False when there was nothing to do."""
    offering = await ports.catalog.offering(offering_id)
    draw_at = schedule_of(offering).draw_at
    now = utcnow()
    async with ports.db.transaction() as session:
        ballot = await session.scalar(
            select(Ballot).where(Ballot.offering_id == offering_id).with_for_update()
        )
        if ballot is None or ballot.status != BallotStatus.OPEN:
            return False
        if draw_at > now:  # the schedule moved before applications opened
            ballot.draw_at = draw_at
            return False
        apps = list(
            await session.scalars(
                select(BallotApplication).where(
                    BallotApplication.offering_id == offering_id,
                    BallotApplication.status == S.APPLIED,
                )
            )
        )
        result = rules.draw(ballot.seed, ballot.commitment, [(a.id, a.quantity) for a in apps])
        by_id = {a.id: a for a in apps}
        for rank, app_id in enumerate(result.ranked, start=1):
            app = by_id[app_id]
            rules.APPLICATION_LIFECYCLE.check(app.status, S.WAITING)
            app.status, app.rank, app.updated_at = S.WAITING.value, rank, now
        rules.BALLOT_LIFECYCLE.check(ballot.status, BallotStatus.DRAWN)
        ballot.status = BallotStatus.DRAWN.value
        ballot.list_hash = result.list_hash
        ballot.application_count = len(apps)
        ballot.drawn_at = now
        ballot.updated_at = now
    log.info("ballot %s drawn: %d applications", offering_id, len(apps))
    return True


# --- places -------------------------------------------------------------------------


@dataclass
class _Catalog:
    offering: OfferingView
    mission: MissionView
    payment_seconds: int


async def offer_places(ports: Ports, offering_id: str) -> int:
    """One pass over a drawn ballot: note which places were paid or lapsed, offer the
    free capacity down the ranking, tell the others once, close when all is done.
    Returns how much changed (0: nothing to do)."""
    if not await _take_lease(ports, offering_id):
        return 0
    try:
        changed = await _settle_offered(ports, offering_id)
        offering = await ports.catalog.offering(offering_id)
        found = _Catalog(
            offering,
            await ports.catalog.mission(offering.mission_id),
            schedule_of(offering).payment_seconds,
        )
        changed += await _offer_down_the_ranking(ports, found)
        changed += await _after_pass(ports, found)
        return changed
    finally:
        async with ports.db.transaction() as session:
            await session.execute(
                update(Ballot).where(Ballot.offering_id == offering_id).values(lease_until=None)
            )


async def _take_lease(ports: Ports, offering_id: str) -> bool:
    now = utcnow()
    async with ports.db.transaction() as session:
        taken = await session.execute(
            update(Ballot)
            .where(
                Ballot.offering_id == offering_id,
                Ballot.status.in_([BallotStatus.DRAWN.value, BallotStatus.ALLOCATED.value]),
                or_(Ballot.lease_until.is_(None), Ballot.lease_until < now),
            )
            .values(lease_until=now + LEASE)
        )
    return bool(getattr(taken, "rowcount", 0))


async def _settle_offered(ports: Ports, offering_id: str) -> int:
    """Offered places whose booking was paid, or ended unpaid, move on."""
    now = utcnow()
    changed = 0
    async with ports.db.transaction() as session:
        rows = (
            await session.execute(
                select(BallotApplication, Booking.status, Booking.hold_expires_at)
                .join(Booking, Booking.id == BallotApplication.booking_id)
                .where(
                    BallotApplication.offering_id == offering_id,
                    BallotApplication.status == S.OFFERED,
                )
                .with_for_update(of=BallotApplication)
            )
        ).all()
        for app, booking_status, hold_expires_at in rows:
            if booking_status in rules.PAID_BOOKING_STATUSES:
                target = S.PAID
            elif booking_status in rules.LAPSED_BOOKING_STATUSES or (
                # Past its deadline unpaid: the place passes on now, before the booking's
                # own expiry worker gets to it (the catalog already ignores the hold).
                booking_status == "held" and hold_expires_at is not None and hold_expires_at <= now
            ):
                target = S.LAPSED
            else:
                continue
            rules.APPLICATION_LIFECYCLE.check(app.status, target)
            app.status, app.updated_at = target.value, now
            changed += 1
    return changed


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
    room: int | None = None  # units still holdable, once the catalog has said so
    offered = 0
    for app in waiting:
        if room is not None and app.quantity > room:
            continue
        now = utcnow()
        ttl = timedelta(seconds=found.payment_seconds)
        if offering.sale_ends_at is not None:
            ttl = min(ttl, offering.sale_ends_at - now)
        if ttl.total_seconds() < 1:
            break  # the sale is over: nothing more can be offered
        booking_id = app.booking_id or await _name_booking(ports, app.id)
        try:
            hold = await ports.catalog.hold_if_room(
                reference=f"{booking_id}:1",
                offering_id=offering.id,
                quantity=app.quantity,
                ttl_seconds=int(ttl.total_seconds()),
            )
        except Unprocessable as problem:  # the mission or the sale closed meanwhile
            log.info("ballot %s: no more places offered (%s)", offering.id, problem.detail)
            break
        if isinstance(hold, int):
            room = hold
            if room == 0:
                break
            continue
        await _write_offer(ports, found, app.id, booking_id, hold.id, as_utc(hold.expires_at))
        await _renew_lease(ports, offering.id)
        offered += 1
    return offered


async def _name_booking(ports: Ports, application_id: str) -> str:
    booking_id = new_id("bkg")
    async with ports.db.transaction() as session:
        app = await session.get(BallotApplication, application_id, with_for_update=True)
        assert app is not None
        if app.booking_id is None:
            app.booking_id = booking_id
        return app.booking_id


async def _renew_lease(ports: Ports, offering_id: str) -> None:
    async with ports.db.transaction() as session:
        await session.execute(
            update(Ballot)
            .where(Ballot.offering_id == offering_id)
            .values(lease_until=utcnow() + LEASE)
        )


async def _write_offer(
    ports: Ports,
    found: _Catalog,
    application_id: str,
    booking_id: str,
    allocation_id: str,
    expires_at: datetime,
) -> None:
    """The booking to pay and the application's move to ``offered``, in one transaction."""
    now = utcnow()
    async with unit_of_work(ports) as uow:
        app = await uow.session.get(BallotApplication, application_id, with_for_update=True)
        assert app is not None
        if app.status != S.WAITING:
            return  # offered by a pass that lost its lease half-way
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
