"""Capacity offered down a line: a ballot's ranking (ballot places) or a waiting list's
queue (waiting-list offers). Both go the same way, so they share this.

One replica at a time offers an offering's capacity, under a lease on the line's row (a
``Ballot`` or a ``WaitingList``), so offers go strictly in line order. Offering is three
steps that each survive a crash and repeat harmlessly: the candidate gets its booking id
(committed), the catalog hold is asked for under that id (idempotent by reference), and
the caller writes the booking with the candidate's move to ``offered`` (one transaction).
"""

import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol

from sqlalchemy import ColumnElement, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from booking.clients.catalog import OfferingView
from booking.domain.offers import offer_outcome
from booking.models import Ballot, BallotApplication, Booking, WaitingList, WaitlistEntry
from booking.ports import Ports
from lpx_common.clock import as_utc, utcnow
from lpx_common.errors import Unprocessable
from lpx_common.ids import new_id
from lpx_common.states import TransitionTable

log = logging.getLogger("booking.offers")
LEASE = timedelta(seconds=30)

LineTable = type[Ballot] | type[WaitingList]
CandidateTable = type[BallotApplication] | type[WaitlistEntry]
# (candidate id, booking id, allocation id, hold expiry) -> whether an offer was written
WriteOffer = Callable[[str, str, str, datetime], Awaitable[bool]]


class Candidate(Protocol):
    """A place in line: a ballot application or a waiting-list entry."""

    id: str
    quantity: int
    booking_id: str | None


async def take_lease(
    ports: Ports, table: LineTable, offering_id: str, *only_when: ColumnElement[bool]
) -> bool:
    """The offering's line is this replica's for ``LEASE`` (False: another has it)."""
    now = utcnow()
    async with ports.db.transaction() as session:
        taken = await session.execute(
            update(table)
            .where(
                table.offering_id == offering_id,
                *only_when,
                or_(table.lease_until.is_(None), table.lease_until < now),
            )
            .values(lease_until=now + LEASE)
        )
    return bool(getattr(taken, "rowcount", 0))


async def set_lease(ports: Ports, table: LineTable, offering_id: str, until: Any) -> None:
    """Renew the lease (``until`` a time) or give it up (``None``)."""
    async with ports.db.transaction() as session:
        await session.execute(
            update(table).where(table.offering_id == offering_id).values(lease_until=until)
        )


async def settle_offered(
    session: AsyncSession,
    table: CandidateTable,
    offering_id: str,
    now: datetime,
    *,
    offered: StrEnum,
    paid: StrEnum,
    lapsed: StrEnum,
    lifecycle: TransitionTable[Any],
) -> list[tuple[Any, StrEnum]]:
    """Offered candidates whose booking was paid, or ended unpaid, move on to ``paid`` or
    ``lapsed``, under row locks in the caller's transaction; returns each one moved with
    its new status."""
    rows = (
        await session.execute(
            select(table, Booking.status, Booking.hold_expires_at)
            .join(Booking, Booking.id == table.booking_id)
            .where(table.offering_id == offering_id, table.status == offered.value)
            .with_for_update(of=table)
        )
    ).all()
    moved: list[tuple[Any, StrEnum]] = []
    for candidate, booking_status, hold_expires_at in rows:
        outcome = offer_outcome(booking_status, hold_expires_at, now)
        if outcome is None:
            continue
        target = paid if outcome == "paid" else lapsed
        lifecycle.check(candidate.status, target)
        candidate.status, candidate.updated_at = target.value, now
        moved.append((candidate, target))
    return moved


async def _name_booking(ports: Ports, table: CandidateTable, candidate_id: str) -> str:
    booking_id = new_id("bkg")
    async with ports.db.transaction() as session:
        candidate = await session.get(table, candidate_id, with_for_update=True)
        assert candidate is not None
        if candidate.booking_id is None:
            candidate.booking_id = booking_id
        return candidate.booking_id


async def offer_in_order(
    ports: Ports,
    offering: OfferingView,
    line: Sequence[Candidate],
    *,
    offer_seconds: int,
    line_table: LineTable,
    candidate_table: CandidateTable,
    write_offer: WriteOffer,
    what: str,
) -> int:
    """Offer what the catalog can hold to each candidate in turn whose quantity still
    fits; returns how many offers were written."""
    room: int | None = None  # units still holdable, once the catalog has said so
    offered = 0
    for candidate in line:
        if room is not None and candidate.quantity > room:
            continue  # does not fit what is left: the next in line may
        now = utcnow()
        ttl = timedelta(seconds=offer_seconds)
        if offering.sale_ends_at is not None:
            ttl = min(ttl, offering.sale_ends_at - now)
        if ttl.total_seconds() < 1:
            break  # the sale is over: nothing more can be offered
        booking_id = candidate.booking_id or await _name_booking(
            ports, candidate_table, candidate.id
        )
        try:
            hold = await ports.catalog.hold_if_room(
                reference=f"{booking_id}:1",
                offering_id=offering.id,
                quantity=candidate.quantity,
                ttl_seconds=int(ttl.total_seconds()),
            )
        except Unprocessable as problem:  # the mission or the sale closed meanwhile
            log.info("%s %s: nothing more offered (%s)", what, offering.id, problem.detail)
            break
        if isinstance(hold, int):
            room = hold
            if room == 0:
                break
            continue
        if await write_offer(candidate.id, booking_id, hold.id, as_utc(hold.expires_at)):
            offered += 1
        await set_lease(ports, line_table, offering.id, utcnow() + LEASE)
    return offered
