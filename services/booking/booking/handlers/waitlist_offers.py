"""Waiting lists: capacity that comes back offered down the line.

Booking runs waiting lists because an offer is a booking to pay (its hold, expiry,
checkout and cancellation are the booking's own); the catalog stays the only authority
on capacity: every offer is a hold there, so nothing can be oversold.

Offers go down the line by place (entry id) as ``offer_line`` offers any line: one
replica at a time, under a lease on the list's row, in steps that each survive a crash.
"""

import logging
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from booking.clients import outbox
from booking.clients.catalog import AllocationView, MissionView, OfferingView
from booking.clients.outbox import EVENTS_PATH
from booking.domain import waitlist as rules
from booking.domain.events import StatusChanged
from booking.domain.waitlist import EntryStatus
from booking.handlers.create import _build
from booking.handlers.offer_line import offer_in_order, set_lease, settle_offered, take_lease
from booking.models import Booking, WaitingList, WaitlistEntry, outbox_messages
from booking.ports import Ports
from booking.schemas import BookingCreate, Contact, LineIn
from booking.unit_of_work import unit_of_work
from lpx_common.auth import Principal
from lpx_common.clock import utcnow
from lpx_common.db import constants
from lpx_common.ids import new_id
from lpx_common.outbox import enqueue

log = logging.getLogger("booking.waitlist")
SYSTEM = "system:waitlist"
S = EntryStatus


async def offer_capacity(ports: Ports, offering_id: str) -> int:
    """One pass over a list: settle offers paid or lapsed, then offer what the catalog
    can hold down the line. Returns how much changed (0: nothing to do)."""
    if not await take_lease(ports, WaitingList, offering_id):
        return 0
    try:
        offering = await ports.catalog.offering(offering_id)
        changed = await _settle_offered(ports, offering)
        if offering.sale_mode != "first_come":
            return changed
        mission = offering.mission
        if rules.sale_over(offering.sale_ends_at, mission.status, utcnow()):
            return changed + await _close(ports, offering.id)
        return changed + await _offer_down_the_line(ports, offering, mission)
    finally:
        await set_lease(ports, WaitingList, offering_id, None)


async def _settle_offered(ports: Ports, offering: OfferingView) -> int:
    """Offers whose booking was paid are accepted; unpaid past the deadline (or
    cancelled) they lapse, and the customer is told."""
    async with ports.db.transaction() as session:
        changed, lapsed = await _settle_in(session, offering, utcnow())
    if lapsed:
        ports.outbox_written()
    return changed


async def _settle_in(
    session: AsyncSession, offering: OfferingView, now: datetime
) -> tuple[int, int]:
    """(entries moved on, of which lapsed: each with a notice in the outbox)."""
    moved = await settle_offered(
        session,
        WaitlistEntry,
        offering.id,
        now,
        offered=S.OFFERED,
        paid=S.ACCEPTED,
        lapsed=S.LAPSED,
        lifecycle=rules.ENTRY_LIFECYCLE,
    )
    lapsed = [entry for entry, status in moved if status == S.LAPSED]
    for entry in lapsed:
        await _enqueue(session, waitlist_notice("waitlist.lapsed", entry, offering, now=now))
    return len(moved), len(lapsed)


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

    async def write(entry_id: str, booking_id: str, allocation_id: str, expires: datetime) -> bool:
        return await _write_offer(
            ports, offering, mission, entry_id, booking_id, allocation_id, expires
        )

    return await offer_in_order(
        ports,
        offering,
        line,
        offer_seconds=offering.waitlist_offer_seconds,
        line_table=WaitingList,
        candidate_table=WaitlistEntry,
        write_offer=write,
        what="waiting list",
    )


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
        # The catalog granted this hold by reclaiming holds past their deadline: the
        # offers that held them lapse in this same transaction, so no one ever sees two
        # offers out for one unit.
        uow.messages_written += (await _settle_in(uow.session, offering, now))[1]
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


def active_lists() -> Select[tuple[str]]:
    """Offerings with someone waiting or an offer out: the statuses are constants, so
    PostgreSQL reads the active entries' index, not every entry ever made."""
    return (
        select(WaitlistEntry.offering_id)
        .where(WaitlistEntry.status.in_(constants(sorted(rules.ACTIVE))))
        .distinct()
    )


async def run_waitlists(ports: Ports) -> int:
    """Offer capacity down every list that has someone waiting or an offer out."""
    async with ports.db.read() as session:
        active = list(await session.scalars(active_lists()))
    handled = 0
    for offering_id in active:
        handled += await offer_capacity(ports, offering_id)
    return handled
