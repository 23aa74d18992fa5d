"""Booking's statuses, as the reconciliation's exception lists need them.

Booking is the authority on a booking's status and its database is never read from
here. Booking sends its status feed through its outbox instead: on every status change,
``POST /v1/internal/booking-statuses`` with the booking's status, money and a
``version`` that only grows. :func:`record_status` keeps the newest version per booking
in ``booking_status_views`` (an older or repeated version changes nothing), so the report
needs no call to booking, works while booking is down, and shows for each booking what
booking last said and since when.
"""

import functools
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Executable, bindparam, case, select
from sqlalchemy.ext.asyncio import AsyncSession

from lpx_common.clock import utcnow
from lpx_common.db import Database, insert_on_conflict
from payments.finance.models import BookingStatusView


@dataclass(frozen=True)
class BookingStatus:
    booking_id: str
    status: str
    version: int
    kind: str
    currency: str
    total_minor: int
    paid_minor: int
    refunded_minor: int
    refund_owed_minor: int
    updated_at: datetime


@dataclass(frozen=True)
class StoredStatus:
    booking_id: str
    status: str
    version: int | None


@functools.cache
def _record_statement(dialect: str, fed: tuple[str, ...]) -> Executable:
    """The upsert of one status (of the columns ``fed``), built once per dialect and
    executed with the row as parameters (see lpx_common.db.insert_into). It answers the
    row when it wrote one, and nothing when a newer version was stored already."""
    table = BookingStatusView.__table__
    stmt = insert_on_conflict(dialect, table)
    excluded = stmt.excluded
    return stmt.on_conflict_do_update(
        index_elements=[table.c.booking_id],
        set_={
            **{name: excluded[name] for name in fed if name != "booking_id"},
            # Since when the booking is in its status: kept while the status stays.
            "status_since": case(
                (
                    (table.c.status == excluded.status) & table.c.status_since.is_not(None),
                    table.c.status_since,
                ),
                else_=excluded.status_since,
            ),
        },
        where=table.c.version.is_(None) | (excluded.version > table.c.version),
    ).returning(table.c.booking_id, table.c.status, table.c.version)


_STORED = select(
    BookingStatusView.booking_id, BookingStatusView.status, BookingStatusView.version
).where(BookingStatusView.booking_id == bindparam("booking_id"))


async def record_status(db: Database, feed: BookingStatus) -> tuple[bool, StoredStatus]:
    """Store ``feed`` unless a newer version is stored; returns (applied, what is stored):
    one statement when it applies, a read more when it does not."""
    values = {
        "booking_id": feed.booking_id,
        "status": feed.status,
        "kind": feed.kind,
        "booking_updated_at": feed.updated_at,
        "observed_at": utcnow(),
        "version": feed.version,
        "currency": feed.currency,
        "total_minor": feed.total_minor,
        "paid_minor": feed.paid_minor,
        "refunded_minor": feed.refunded_minor,
        "refund_owed_minor": feed.refund_owed_minor,
        "status_since": feed.updated_at,
    }
    async with db.autocommit() as conn:
        written = (await conn.execute(_record_statement(db.dialect, tuple(values)), values)).first()
        if written is not None:
            return True, StoredStatus(*written)
        stored = (await conn.execute(_STORED, {"booking_id": feed.booking_id})).one()
    return False, StoredStatus(*stored)


async def booking_statuses(session: AsyncSession, booking_ids: list[str]) -> dict[str, str]:
    if not booking_ids:
        return {}
    rows = await session.execute(
        select(BookingStatusView.booking_id, BookingStatusView.status).where(
            BookingStatusView.booking_id.in_(booking_ids)
        )
    )
    return {booking_id: status for booking_id, status in rows.all()}
