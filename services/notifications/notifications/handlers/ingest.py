"""An event arrives from a peer's outbox: store it once, with every email and webhook
delivery it causes, in one transaction (so none is lost and none is made twice)."""

import functools
import re
from datetime import datetime, timedelta

from sqlalchemy import Insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from lpx_common.clock import utcnow
from lpx_common.db import Database, insert_into, insert_on_conflict
from lpx_common.idempotency import current_ticket
from lpx_common.ids import new_id
from notifications.domain.events import email_template, partner_may_receive
from notifications.domain.states import DeliveryStatus, EmailStatus, EndpointStatus
from notifications.i18n import pick_locale
from notifications.models import Delivery, Email, Event, WebhookEndpoint
from notifications.schemas import EventAccepted, EventIn

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _recipient(event: EventIn) -> str | None:
    contact = event.data.get("contact")
    email = contact.get("email") if isinstance(contact, dict) else None
    return email if isinstance(email, str) and len(email) <= 320 and _EMAIL.match(email) else None


# What a booking's own events say about it that payments' events do not carry.
_FROM_BOOKING = ("contact", "locale", "lines", "kind", "total_minor", "mission_id")
_COMPLETED_FROM_BOOKING = ("payment.", "refund.")


async def _with_booking_context(session: AsyncSession, event: EventIn) -> EventIn:
    """A payment or refund event, completed from the latest event of its booking: whom
    to email, in which language, and which partner (if any) the booking belongs to."""
    booking_id = event.data.get("booking_id")
    if (
        not event.type.value.startswith(_COMPLETED_FROM_BOOKING)
        or event.data.get("contact")
        or not isinstance(booking_id, str)
    ):
        return event
    latest = await session.scalar(
        select(Event)
        .where(Event.subject_id == booking_id)
        .order_by(Event.sequence.desc(), Event.received_at.desc())
        .limit(1)
    )
    if latest is None:
        return event
    known = {k: latest.data[k] for k in _FROM_BOOKING if k in latest.data}
    return event.model_copy(
        update={
            "data": {**known, **event.data},
            "partner_id": event.partner_id or latest.partner_id,
        }
    )


@functools.cache
def _store_event(dialect: str) -> Insert:
    """The event's INSERT, doing nothing (and returning no id) when it is stored already:
    whether it is new is known in the same statement, even while a copy sent under
    another key is being stored concurrently (PostgreSQL waits for that one's commit)."""
    table = Event.__table__
    return (
        insert_on_conflict(dialect, table)
        .on_conflict_do_nothing(index_elements=[table.c.id])
        .returning(table.c.id)
    )


_ENABLED_ENDPOINTS = select(
    WebhookEndpoint.id, WebhookEndpoint.partner_id, WebhookEndpoint.event_types
).where(WebhookEndpoint.status == EndpointStatus.ENABLED)


async def accept(db: Database, event: EventIn, retry_for: timedelta) -> EventAccepted:
    now = utcnow()
    async with db.transaction() as session:
        event = await _with_booking_context(session, event)
        # Rows written with statements built once (see lpx_common.db.insert_into); the
        # event first: the rest refer to it.
        stored = await session.scalar(
            _store_event(db.dialect),
            {
                "id": event.id,
                "type": event.type.value,
                "source": str(event.data.get("source") or event.type.value.split(".")[0]),
                "subject_id": event.subject_id,
                "sequence": event.sequence,
                "occurred_at": event.occurred_at,
                "partner_id": event.partner_id,
                "data": event.data,
                "received_at": now,
            },
        )
        if stored is None:
            # Sent again under another key (or after the key expired): nothing new.
            answer = EventAccepted(id=event.id, emails=0, deliveries=0)
        else:
            answer = await _fan_out(session, event, now, retry_for)
        ticket = current_ticket()
        if ticket is not None:
            await session.flush()
            await ticket.complete_in(session, answer)
    return answer


async def _fan_out(
    session: AsyncSession, event: EventIn, now: datetime, retry_for: timedelta
) -> EventAccepted:
    """The email and the partner deliveries a newly stored event causes."""
    emails = 0
    template, to = email_template(event.type), _recipient(event)
    if template and to:
        await session.execute(
            insert_into(Email.__table__),
            {
                "id": new_id("eml"),
                "event_id": event.id,
                "to_address": to,
                "template": template,
                "locale": pick_locale(event.data.get("locale")),
                "status": EmailStatus.PENDING,
                "attempts": 0,
                "next_attempt_at": now,
                "created_at": now,
            },
        )
        emails = 1
    rows = [
        {
            "id": new_id("dlv"),
            "endpoint_id": endpoint_id,
            "event_id": event.id,
            "partner_id": partner_id,
            "status": DeliveryStatus.PENDING,
            "attempts": 0,
            "next_attempt_at": now,
            "retry_until": now + retry_for,
            "created_at": now,
        }
        for endpoint_id, partner_id, event_types in await session.execute(_ENABLED_ENDPOINTS)
        if event.type.value in event_types
        and partner_may_receive(event.type.value, event.partner_id, partner_id)
    ]
    if rows:  # one multi-row INSERT, not one object per endpoint
        await session.execute(insert_into(Delivery.__table__), rows)
    return EventAccepted(id=event.id, emails=emails, deliveries=len(rows))
