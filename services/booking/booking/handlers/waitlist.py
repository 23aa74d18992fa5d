"""Waiting lists: joining and leaving, and capacity that comes back offered in line.

Booking runs waiting lists because an offer is a booking to pay (its hold, expiry,
checkout and cancellation are the booking's own); the catalog stays the only authority
on capacity: every offer is a hold there, so nothing can be oversold.

Order: one replica at a time offers an offering's capacity, under a lease on its list's
row, going down the line by place (entry id). A newcomer never takes capacity ahead of
the line (``booking.handlers.line_ahead``).

Crashes: offering is three steps that each repeat harmlessly, as for ballot places: the
entry gets its booking id (committed), the hold is asked for under that id (idempotent
by reference), and the booking is written with the entry's move to ``offered``.
"""

import logging
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from booking.clients import outbox
from booking.clients.catalog import AllocationView, MissionView, OfferingView
from booking.clients.outbox import EVENTS_PATH
from booking.domain import waitlist as rules
from booking.domain.events import StatusChanged
from booking.domain.waitlist import EntryStatus
from booking.handlers.create import _build
from booking.handlers.line_ahead import smallest_waiting
from booking.models import Booking, WaitingList, WaitlistEntry, outbox_messages
from booking.ports import Ports
from booking.schemas import BookingCreate, Contact, LineIn, WaitlistJoinIn
from booking.unit_of_work import unit_of_work
from lpx_common.auth import Principal
from lpx_common.clock import as_utc, utcnow
from lpx_common.errors import Conflict, NotFound, Unprocessable
from lpx_common.ids import new_id
from lpx_common.outbox import enqueue
from lpx_common.pagination import keyset_page

log = logging.getLogger("booking.waitlist")
SYSTEM = "system:waitlist"
LEASE = timedelta(seconds=30)
S = EntryStatus


async def _offering(ports: Ports, offering_id: str) -> OfferingView:
    try:
        return await ports.catalog.offering(offering_id)
    except Unprocessable as problem:
        raise NotFound(f"There is no offering {offering_id}.", code="offering-not-found") from (
            problem
        )


# --- joining, leaving, one's place --------------------------------------------------


async def join(
    ports: Ports, principal: Principal, offering_id: str, body: WaitlistJoinIn
) -> tuple[WaitlistEntry, int | None]:
    if not principal.email:
        raise Unprocessable(
            "Joining a waiting list needs an account with an email address.",
            code="email-required",
        )
    offering = await _offering(ports, offering_id)
    availability = await ports.catalog.availability(offering_id)
    waiting = await smallest_waiting(ports, [offering_id])
    rules.check_can_join(
        sale_mode=offering.sale_mode,
        audience=offering.audience,
        on_sale_now=availability.on_sale_now,
        bookable_units=availability.bookable_units,
        someone_waiting=offering_id in waiting,
        quantity=body.quantity,
        min_quantity=offering.min_quantity,
        max_quantity=offering.max_quantity,
    )
    if body.currency not in offering.prices:
        raise Unprocessable(
            f"This offering has no price in {body.currency}.",
            code="price-unavailable",
            errors=[{"field": "body.currency", "message": "no price"}],
        )
    now = utcnow()
    await _ensure_list(ports, offering_id)
    try:
        async with ports.db.transaction() as session:
            if await _active(session, principal, offering_id) is not None:
                raise _already_in_line()
            entry = WaitlistEntry(
                id=new_id("wle"),
                offering_id=offering_id,
                customer_id=principal.subject,
                quantity=body.quantity,
                status=S.WAITING.value,
                contact_name=body.name,
                contact_email=principal.email,
                currency=body.currency,
                locale=body.locale,
                created_at=now,
                updated_at=now,
            )
            session.add(entry)
    except IntegrityError as exc:  # the same customer joining twice at once
        raise Conflict("You are already in line; retry to see your place.", code="retry") from exc
    ports.waitlist_changed()  # capacity may be free already (others were waiting)
    async with ports.db.read() as session:
        return entry, await _position(session, entry)


async def _ensure_list(ports: Ports, offering_id: str) -> None:
    """The list's row (it carries the offering lease), made by the first to join."""
    async with ports.db.read() as session:
        if await session.get(WaitingList, offering_id) is not None:
            return
    now = utcnow()
    try:
        async with ports.db.transaction() as session:
            session.add(WaitingList(offering_id=offering_id, created_at=now, updated_at=now))
    except IntegrityError:
        pass  # another join made it first: that one stands


def _already_in_line() -> Conflict:
    return Conflict(
        "You are already on this waiting list; leave it first to change your quantity.",
        code="already-waiting",
    )


async def _active(
    session: AsyncSession, principal: Principal, offering_id: str
) -> WaitlistEntry | None:
    return await session.scalar(
        select(WaitlistEntry)
        .where(
            WaitlistEntry.offering_id == offering_id,
            WaitlistEntry.customer_id == principal.subject,
            WaitlistEntry.status.in_(rules.ACTIVE),
        )
        .with_for_update()
    )


async def _position(session: AsyncSession, entry: WaitlistEntry) -> int | None:
    if entry.status != S.WAITING:
        return None
    ahead = await session.scalar(
        select(func.count())
        .select_from(WaitlistEntry)
        .where(
            WaitlistEntry.offering_id == entry.offering_id,
            WaitlistEntry.status == S.WAITING.value,
            WaitlistEntry.id < entry.id,
        )
    )
    return int(ahead or 0) + 1


async def own_entry(
    ports: Ports, principal: Principal, offering_id: str
) -> tuple[WaitlistEntry, int | None]:
    """One's latest entry in the offering's list, with one's place while waiting."""
    async with ports.db.read() as session:
        entry = await session.scalar(
            select(WaitlistEntry)
            .where(
                WaitlistEntry.offering_id == offering_id,
                WaitlistEntry.customer_id == principal.subject,
            )
            .order_by(WaitlistEntry.id.desc())
            .limit(1)
        )
        if entry is None:
            raise NotFound("You are not on this waiting list.", code="not-on-waiting-list")
        return entry, await _position(session, entry)


async def leave(ports: Ports, principal: Principal, offering_id: str) -> None:
    """Leave the line (idempotent). An offer out is given up by cancelling its booking."""
    async with ports.db.transaction() as session:
        entry = await _active(session, principal, offering_id)
        if entry is None:
            latest = await session.scalar(
                select(WaitlistEntry.id).where(
                    WaitlistEntry.offering_id == offering_id,
                    WaitlistEntry.customer_id == principal.subject,
                )
            )
            if latest is None:
                raise NotFound("You are not on this waiting list.", code="not-on-waiting-list")
            return  # left (or done) already
        if entry.status == S.OFFERED:
            raise Conflict(
                f"Capacity is held for you in booking {entry.booking_id}: cancel that "
                "booking to give it up.",
                code="offer-outstanding",
            )
        rules.ENTRY_LIFECYCLE.check(entry.status, S.LEFT)
        entry.status, entry.updated_at = S.LEFT.value, utcnow()


async def summary(ports: Ports, offering_id: str) -> tuple[int, int, int]:
    """(people waiting, units they want, how long an offer lasts)."""
    offering = await _offering(ports, offering_id)
    async with ports.db.read() as session:
        count, units = (
            await session.execute(
                select(func.count(), func.coalesce(func.sum(WaitlistEntry.quantity), 0)).where(
                    WaitlistEntry.offering_id == offering_id,
                    WaitlistEntry.status == S.WAITING.value,
                )
            )
        ).one()
    return int(count), int(units), offering.waitlist_offer_seconds


async def entries(
    ports: Ports, offering_id: str, *, status: str | None, limit: int, cursor: str | None
) -> tuple[list[WaitlistEntry], str | None]:
    """A page of the line, in order of joining."""
    query = select(WaitlistEntry).where(WaitlistEntry.offering_id == offering_id)
    if status is not None:
        query = query.where(WaitlistEntry.status == status)
    async with ports.db.read() as session:
        return await keyset_page(session, query, [WaitlistEntry.id], limit=limit, cursor=cursor)


# --- offering capacity down the line ------------------------------------------------


async def offer_capacity(ports: Ports, offering_id: str) -> int:
    """One pass over a list: settle offers paid or lapsed, then offer what the catalog
    can hold down the line. Returns how much changed (0: nothing to do)."""
    if not await _take_lease(ports, offering_id):
        return 0
    try:
        offering = await ports.catalog.offering(offering_id)
        changed = await _settle_offered(ports, offering)
        if offering.sale_mode != "first_come":
            return changed
        mission = await ports.catalog.mission(offering.mission_id)
        if rules.sale_over(offering.sale_ends_at, mission.status, utcnow()):
            return changed + await _close(ports, offering.id)
        return changed + await _offer_down_the_line(ports, offering, mission)
    finally:
        async with ports.db.transaction() as session:
            await session.execute(
                update(WaitingList)
                .where(WaitingList.offering_id == offering_id)
                .values(lease_until=None)
            )


async def _take_lease(ports: Ports, offering_id: str) -> bool:
    now = utcnow()
    async with ports.db.transaction() as session:
        taken = await session.execute(
            update(WaitingList)
            .where(
                WaitingList.offering_id == offering_id,
                or_(WaitingList.lease_until.is_(None), WaitingList.lease_until < now),
            )
            .values(lease_until=now + LEASE)
        )
    return bool(getattr(taken, "rowcount", 0))


async def _renew_lease(ports: Ports, offering_id: str) -> None:
    async with ports.db.transaction() as session:
        await session.execute(
            update(WaitingList)
            .where(WaitingList.offering_id == offering_id)
            .values(lease_until=utcnow() + LEASE)
        )


async def _settle_offered(ports: Ports, offering: OfferingView) -> int:
    """Offers whose booking was paid are accepted; unpaid past the deadline (or
    cancelled) they lapse, and the customer is told."""
    now = utcnow()
    changed = 0
    async with ports.db.transaction() as session:
        rows = (
            await session.execute(
                select(WaitlistEntry, Booking.status, Booking.hold_expires_at)
                .join(Booking, Booking.id == WaitlistEntry.booking_id)
                .where(
                    WaitlistEntry.offering_id == offering.id,
                    WaitlistEntry.status == S.OFFERED.value,
                )
                .with_for_update(of=WaitlistEntry)
            )
        ).all()
        for entry, booking_status, hold_expires_at in rows:
            if booking_status in rules.PAID_BOOKING_STATUSES:
                target = S.ACCEPTED
            elif booking_status in rules.LAPSED_BOOKING_STATUSES or (
                # Past its deadline unpaid: the offer passes on now, before the booking's
                # own expiry worker gets to it (the catalog already ignores the hold).
                booking_status == "held" and hold_expires_at is not None and hold_expires_at <= now
            ):
                target = S.LAPSED
            else:
                continue
            rules.ENTRY_LIFECYCLE.check(entry.status, target)
            entry.status, entry.updated_at = target.value, now
            changed += 1
            if target == S.LAPSED:
                notice = waitlist_notice("waitlist.lapsed", entry, offering, now=now)
                await _enqueue(session, notice)
    if changed:
        ports.outbox_written()
    return changed


async def _close(ports: Ports, offering_id: str) -> int:
    """The sale is over: those still waiting will get no turn (offers out run on)."""
    now = utcnow()
    async with ports.db.transaction() as session:
        line = list(
            await session.scalars(
                select(WaitlistEntry)
                .where(
                    WaitlistEntry.offering_id == offering_id,
                    WaitlistEntry.status == S.WAITING.value,
                )
                .with_for_update()
            )
        )
        for entry in line:
            rules.ENTRY_LIFECYCLE.check(entry.status, S.CLOSED)
            entry.status, entry.updated_at = S.CLOSED.value, now
    return len(line)


async def _offer_down_the_line(ports: Ports, offering: OfferingView, mission: MissionView) -> int:
    async with ports.db.read() as session:
        line = list(
            await session.scalars(
                select(WaitlistEntry)
                .where(
                    WaitlistEntry.offering_id == offering.id,
                    WaitlistEntry.status == S.WAITING.value,
                )
                .order_by(WaitlistEntry.id)
            )
        )
    room: int | None = None  # units still holdable, once the catalog has said so
    offered = 0
    for entry in line:
        if room is not None and entry.quantity > room:
            continue  # does not fit what is left: the next in line may
        now = utcnow()
        ttl = timedelta(seconds=offering.waitlist_offer_seconds)
        if offering.sale_ends_at is not None:
            ttl = min(ttl, offering.sale_ends_at - now)
        if ttl.total_seconds() < 1:
            break  # the sale is over: nothing more can be offered
        booking_id = entry.booking_id or await _name_booking(ports, entry.id)
        try:
            hold = await ports.catalog.hold_if_room(
                reference=f"{booking_id}:1",
                offering_id=offering.id,
                quantity=entry.quantity,
                ttl_seconds=int(ttl.total_seconds()),
            )
        except Unprocessable as problem:  # the mission or the sale closed meanwhile
            log.info("waiting list %s: nothing offered (%s)", offering.id, problem.detail)
            break
        if isinstance(hold, int):
            room = hold
            if room == 0:
                break
            continue
        if await _write_offer(
            ports, offering, mission, entry.id, booking_id, hold.id, as_utc(hold.expires_at)
        ):
            offered += 1
        await _renew_lease(ports, offering.id)
    return offered


async def _name_booking(ports: Ports, entry_id: str) -> str:
    booking_id = new_id("bkg")
    async with ports.db.transaction() as session:
        entry = await session.get(WaitlistEntry, entry_id, with_for_update=True)
        assert entry is not None
        if entry.booking_id is None:
            entry.booking_id = booking_id
        return entry.booking_id


async def _write_offer(
    ports: Ports,
    offering: OfferingView,
    mission: MissionView,
    entry_id: str,
    booking_id: str,
    allocation_id: str,
    expires_at: datetime,
) -> bool:
    """The booking to pay and the entry's move to ``offered``, in one transaction. An
    entry that left while its hold was asked for gives the hold straight back."""
    now = utcnow()
    async with unit_of_work(ports) as uow:
        entry = await uow.session.get(WaitlistEntry, entry_id, with_for_update=True)
        assert entry is not None
        if entry.status != S.WAITING:
            if entry.status == S.LEFT:
                uow.messages_written += await outbox.release_orphan_holds(
                    uow.session, [allocation_id]
                )
            return False
        principal = Principal(kind="customer", subject=entry.customer_id, email=entry.contact_email)
        body = BookingCreate(
            lines=[LineIn(offering_id=offering.id, quantity=entry.quantity)],
            contact=Contact(name=entry.contact_name, email=entry.contact_email),
            currency=entry.currency,  # type: ignore[arg-type]  # checked when joining
            locale=entry.locale,  # type: ignore[arg-type]
        )
        hold = AllocationView(id=allocation_id, status="held", expires_at=expires_at)
        booking = _build(
            booking_id, "consumer", principal, body, {offering.id: offering}, mission, [hold], now
        )
        uow.add(booking)
        reason = "waiting list offer"
        uow.record(booking, [StatusChanged(None, booking.status, now, SYSTEM, reason, False)])
        rules.ENTRY_LIFECYCLE.check(entry.status, S.OFFERED)
        entry.status, entry.offered_at, entry.updated_at = S.OFFERED.value, now, now
        entry.offer_expires_at = expires_at
        notice = waitlist_notice("waitlist.offered", entry, offering, now=now, booking=booking)
        await _enqueue(uow.session, notice)
        uow.messages_written += 1
    return True


async def _enqueue(session: AsyncSession, notice: dict[str, Any]) -> None:
    await enqueue(
        session,
        outbox_messages,
        destination="notifications",
        path=EVENTS_PATH,
        payload=notice,
        message_id=notice["id"],
    )


def waitlist_notice(
    event_type: str,
    entry: WaitlistEntry,
    offering: OfferingView,
    *,
    now: datetime,
    booking: Booking | None = None,
) -> dict[str, Any]:
    """The event notifications emails from: an offer (with the booking to pay) or an
    offer that lapsed. Its sequence orders the entry's events (offered before lapsed)."""
    amount = offering.prices.get(entry.currency, 0) * entry.quantity
    lines = [{"name": offering.name, "quantity": entry.quantity, "amount_minor": amount}]
    return {
        "id": new_id("evt"),
        "type": event_type,
        "occurred_at": now.isoformat(),
        "subject_id": entry.id,
        "sequence": 1 if event_type == "waitlist.offered" else 2,
        "partner_id": None,
        "data": {
            "source": "booking",
            "entry_id": entry.id,
            "offering_id": entry.offering_id,
            "booking_id": entry.booking_id,
            "status": "held" if event_type == "waitlist.offered" else "lapsed",
            "locale": entry.locale,
            "contact": {"name": entry.contact_name, "email": entry.contact_email},
            "currency": entry.currency,
            "total_minor": booking.total_minor if booking else amount,
            "hold_expires_at": entry.offer_expires_at.isoformat()
            if entry.offer_expires_at
            else None,
            "lines": lines,
        },
    }


# --- the worker ---------------------------------------------------------------------


async def run_waitlists(ports: Ports) -> int:
    """Offer capacity down every list that has someone waiting or an offer out."""
    async with ports.db.read() as session:
        active = list(
            await session.scalars(
                select(WaitlistEntry.offering_id)
                .where(WaitlistEntry.status.in_(rules.ACTIVE))
                .distinct()
            )
        )
    handled = 0
    for offering_id in active:
        handled += await offer_capacity(ports, offering_id)
    return handled
