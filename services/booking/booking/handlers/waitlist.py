"""Waiting lists: joining, leaving, one's place in line, and the operators' view.

Offers of capacity that comes back are ``booking.handlers.waitlist_offers``; a newcomer
never takes capacity ahead of the line (``booking.handlers.line_ahead``).
"""

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from booking.clients.catalog import OfferingView
from booking.domain import waitlist as rules
from booking.domain.waitlist import EntryStatus
from booking.handlers.line_ahead import smallest_waiting
from booking.models import WaitingList, WaitlistEntry
from booking.ports import Ports
from booking.schemas import WaitlistJoinIn
from lpx_common.auth import Principal
from lpx_common.clock import utcnow
from lpx_common.errors import Conflict, NotFound, Unprocessable
from lpx_common.ids import new_id
from lpx_common.pagination import keyset_page

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
