"""Reads: one booking, its history, lists. No lock, no unit of work."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, select

from booking.domain import policies
from booking.domain.states import Status
from booking.models import Booking, BookingLine, StatusChange
from booking.ports import Ports
from lpx_common.auth import Principal
from lpx_common.errors import NotFound
from lpx_common.pagination import keyset_page


@dataclass(frozen=True)
class ListFilters:
    status: Status | None = None
    mission_id: str | None = None
    offering_id: str | None = None
    updated_since: datetime | None = None


async def load(ports: Ports, booking_id: str) -> Booking:
    async with ports.db.read() as session:
        booking = await session.get(Booking, booking_id)
    if booking is None:
        raise NotFound("No such booking.", code="booking-not-found")
    return booking


async def get_booking(ports: Ports, principal: Principal, booking_id: str) -> Booking:
    booking = await load(ports, booking_id)
    if not policies.can_see(principal, booking.customer_id, booking.partner_id):
        raise NotFound("No such booking.", code="booking-not-found")
    return booking


async def history(ports: Ports, principal: Principal, booking_id: str) -> list[StatusChange]:
    await get_booking(ports, principal, booking_id)
    async with ports.db.read() as session:
        rows = await session.scalars(
            select(StatusChange)
            .where(StatusChange.booking_id == booking_id)
            .order_by(StatusChange.id)
        )
        return list(rows)


async def list_bookings(
    ports: Ports, principal: Principal, filters: ListFilters, *, limit: int, cursor: str | None
) -> tuple[list[Booking], str | None]:
    scope = policies.read_scope(principal)
    stmt = select(Booking)
    if scope.customer_id is not None:
        stmt = stmt.where(Booking.customer_id == scope.customer_id)
    if scope.partner_id is not None:
        stmt = stmt.where(Booking.partner_id == scope.partner_id)
    if filters.status is not None:
        stmt = stmt.where(Booking.status == filters.status.value)
    if filters.mission_id is not None:
        stmt = stmt.where(Booking.mission_id == filters.mission_id)
    if filters.offering_id is not None:
        stmt = stmt.where(
            exists().where(
                BookingLine.booking_id == Booking.id,
                BookingLine.offering_id == filters.offering_id,
            )
        )
    if filters.updated_since is not None:
        stmt = stmt.where(Booking.updated_at >= filters.updated_since)
    async with ports.db.read() as session:
        return await keyset_page(session, stmt, [Booking.id], limit=limit, cursor=cursor)
