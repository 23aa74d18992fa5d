"""Reads: one booking, its history, lists. No lock, no unit of work."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, func, select

from booking.domain import policies
from booking.domain.states import MilestoneStatus, Status
from booking.models import BOOKING_BY_ID, Booking, BookingLine, Milestone, StatusChange
from booking.ports import Ports
from lpx_common.auth import Principal
from lpx_common.clock import utcnow
from lpx_common.errors import NotFound, Unprocessable
from lpx_common.pagination import decode_cursor, encode_cursor, keyset_page

# Bookings that never came to be do not count towards what a company booked.
NOT_BOOKED = (Status.EXPIRED.value, Status.REJECTED.value, Status.CANCELLED.value)


@dataclass(frozen=True)
class CompanyAccount:
    email: str
    name: str
    country: str | None
    bookings: int
    totals: dict[str, int]  # currency -> minor units booked
    last_booked_at: datetime


@dataclass(frozen=True)
class ListFilters:
    status: Status | None = None
    mission_id: str | None = None
    offering_id: str | None = None
    updated_since: datetime | None = None
    company_email: str | None = None
    overdue: bool | None = None


async def load(ports: Ports, booking_id: str) -> Booking:
    async with ports.db.read() as session:
        # One query: every status read of a customer waiting for `confirmed` loads one.
        found = await session.scalars(BOOKING_BY_ID, {"booking_id": booking_id})
        booking = found.unique().one_or_none()
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
    if filters.company_email is not None:
        stmt = stmt.where(Booking.company_email == filters.company_email.strip().lower())
    if filters.overdue is not None:
        # As the booking shows it: marked overdue, or invoiced and past the invoice's due date.
        late = exists().where(
            Milestone.booking_id == Booking.id,
            (Milestone.status == MilestoneStatus.OVERDUE.value)
            | (
                (Milestone.status == MilestoneStatus.INVOICED.value)
                & (Milestone.invoice_due_date < utcnow().date())
            ),
        )
        stmt = stmt.where(late if filters.overdue else ~late)
    async with ports.db.read() as session:
        return await keyset_page(session, stmt, [Booking.id], limit=limit, cursor=cursor)


async def list_companies(
    ports: Ports, *, limit: int, cursor: str | None
) -> tuple[list[CompanyAccount], str | None]:
    """Company accounts (bookings keyed by their company's lower-cased email), in email
    order a page at a time: the page's emails come from the index, then one grouped read
    for their counts and totals per currency, and one for each's latest name and country."""
    emails_stmt = select(Booking.company_email).where(Booking.company_email.is_not(None)).distinct()
    if cursor:
        (after,) = decode_cursor(cursor, 1)
        if not isinstance(after, str):
            raise Unprocessable("The cursor is not one this API gave out.", code="bad-cursor")
        emails_stmt = emails_stmt.where(Booking.company_email > after)
    async with ports.db.read() as session:
        emails = list(
            (
                await session.scalars(emails_stmt.order_by(Booking.company_email).limit(limit + 1))
            ).all()
        )
        next_cursor = None
        if len(emails) > limit:
            emails = emails[:limit]
            next_cursor = encode_cursor([emails[-1]])
        if not emails:
            return [], None
        counted = await session.execute(
            select(
                Booking.company_email,
                func.count(Booking.id),
                func.max(Booking.created_at),
            )
            .where(Booking.company_email.in_(emails))
            .group_by(Booking.company_email)
        )
        counts = {email: (n, last) for email, n, last in counted}
        summed = await session.execute(
            select(Booking.company_email, Booking.currency, func.sum(Booking.total_minor))
            .where(Booking.company_email.in_(emails), Booking.status.not_in(NOT_BOOKED))
            .group_by(Booking.company_email, Booking.currency)
        )
        totals: dict[str, dict[str, int]] = {}
        for email, currency, total in summed:
            totals.setdefault(email, {})[currency] = int(total or 0)
        latest: dict[str, dict[str, object]] = {}
        for email in emails:
            last = counts[email][1]
            company = await session.scalar(
                select(Booking.company)
                .where(Booking.company_email == email, Booking.created_at == last)
                .limit(1)
            )
            latest[email] = company or {}
    accounts = [
        CompanyAccount(
            email=email,
            name=str(latest[email].get("name") or email),
            country=str(latest[email]["country"]) if latest[email].get("country") else None,
            bookings=int(counts[email][0]),
            totals=dict(sorted(totals.get(email, {}).items())),
            last_booked_at=counts[email][1],
        )
        for email in emails
    ]
    return accounts, next_cursor
