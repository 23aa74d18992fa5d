"""The waiting list's rule for newcomers: capacity that comes back is offered to the
line before anyone else may book it.

A newcomer's hold carries the smallest quantity waiting (``free_below``); the catalog
refuses it, under the same row locks as the hold itself, while that many units or more
are free, so no interleaving with returning capacity lets a newcomer in ahead. Someone
who joins between the read and the hold is caught by reading the line again after it
(``guard_newcomers``): the booking is then refused and its holds go back. No lock is
held across the call to the catalog.
"""

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from booking.clients.catalog import waiting_list_ahead
from booking.domain.waitlist import EntryStatus
from booking.models import WaitlistEntry
from booking.ports import Ports


async def smallest_waiting(ports: Ports, offering_ids: list[str]) -> dict[str, int]:
    """Per offering with anyone waiting: the smallest quantity waited for."""
    async with ports.db.read() as session:
        return await _smallest(session, offering_ids)


async def _smallest(session: AsyncSession, offering_ids: list[str]) -> dict[str, int]:
    rows = await session.execute(
        select(WaitlistEntry.offering_id, func.min(WaitlistEntry.quantity))
        .where(
            WaitlistEntry.offering_id.in_(offering_ids),
            WaitlistEntry.status == EntryStatus.WAITING.value,
        )
        .group_by(WaitlistEntry.offering_id)
    )
    return {offering_id: int(smallest) for offering_id, smallest in rows.all()}


async def guard_newcomers(
    session: AsyncSession, offering_ids: list[str], before: dict[str, int]
) -> None:
    """After a newcomer's holds, in the transaction that writes the booking: refuse if
    someone joined meanwhile who may need what the holds took (their quantity was not in
    the guard the catalog checked). The caller gives the holds back."""
    now = await _smallest(session, offering_ids)
    for offering_id, smallest in now.items():
        if offering_id not in before or smallest < before[offering_id]:
            raise waiting_list_ahead(offering_id)
