"""Booking's statuses, as the reconciliation's exception lists need them.

Booking is the authority on a booking's status and its database is never read from
here. Instead payments keeps what booking *said*: every call payments makes to booking
through its outbox (payment-succeeded, refund-completed, milestone-events) is answered
with the booking, and the outbox relay hands each accepted answer to
:func:`record_booking_answer`, which keeps the newest status per booking in
``booking_status_views``. So the report needs no extra call to booking, works while
booking is down, and shows for each booking when booking last said so.

A booking payments never told anything (no payment succeeded, no refund, no invoice
event) has no row: the exception lists are about money, and such a booking has none.
"""

import logging
import re
from datetime import datetime
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from lpx_common.clock import utcnow
from lpx_common.db import Database
from payments.finance.models import BookingStatusView

log = logging.getLogger("lpx.finance.bookings")

_BOOKING_PATH = re.compile(r"^/v1/internal/bookings/(?P<id>[^/]+)/")


def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else None


def booking_answer_recorder(db: Database) -> Any:
    """The outbox relay's ``on_delivered`` hook for messages to booking."""

    async def record(message: dict[str, Any], response: httpx.Response) -> None:
        if message.get("destination") != "booking":
            return
        match = _BOOKING_PATH.match(str(message.get("path", "")))
        if match is None:
            return
        try:
            body = response.json()
        except ValueError:
            return
        if not isinstance(body, dict) or body.get("id") != match["id"] or not body.get("status"):
            return
        await record_booking_answer(db, body)

    return record


async def record_booking_answer(db: Database, booking: dict[str, Any]) -> None:
    """Keep booking's answer unless a newer one (by booking's ``updated_at``) is stored."""
    values = {
        "booking_id": str(booking["id"]),
        "status": str(booking["status"]),
        "kind": booking.get("kind"),
        "booking_updated_at": _parse_time(booking.get("updated_at")),
        "observed_at": utcnow(),
    }
    table = BookingStatusView.__table__
    stmt = (pg_insert if db.dialect == "postgresql" else sqlite_insert)(table).values(values)
    newer = (
        table.c.booking_updated_at.is_(None)
        | stmt.excluded.booking_updated_at.is_(None)
        | (stmt.excluded.booking_updated_at >= table.c.booking_updated_at)
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c.booking_id],
        set_={
            "status": stmt.excluded.status,
            "kind": stmt.excluded.kind,
            "booking_updated_at": stmt.excluded.booking_updated_at,
            "observed_at": stmt.excluded.observed_at,
        },
        where=newer,
    )
    async with db.transaction() as session:
        await session.execute(stmt)


async def booking_statuses(session: AsyncSession, booking_ids: list[str]) -> dict[str, str]:
    if not booking_ids:
        return {}
    rows = await session.execute(
        select(BookingStatusView.booking_id, BookingStatusView.status).where(
            BookingStatusView.booking_id.in_(booking_ids)
        )
    )
    return {booking_id: status for booking_id, status in rows.all()}
