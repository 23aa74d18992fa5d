"""Events payments tells the notifications service, through the outbox.

Payments knows the money, not the customer: notifications adds the booking's contact,
language and partner from the booking's own events it already holds. The event id is the
outbox message id, so the receiver stores each once.
"""

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from lpx_common.ids import new_id
from lpx_common.outbox import enqueue
from payments.models import outbox_messages

EVENTS_PATH = "/v1/internal/events"


async def send_event(
    session: AsyncSession,
    *,
    type_: str,
    subject_id: str,
    at: datetime,
    data: dict[str, Any],
    sequence: int | None = None,
) -> None:
    """One event about a payment or refund. The sequence is the event time in
    milliseconds unless given: a payment may be declined several times, in order."""
    event_id = new_id("evt")
    await enqueue(
        session,
        outbox_messages,
        destination="notifications",
        path=EVENTS_PATH,
        message_id=event_id,
        payload={
            "id": event_id,
            "type": type_,
            "occurred_at": at.isoformat(),
            "subject_id": subject_id,
            "sequence": sequence if sequence is not None else int(at.timestamp() * 1000),
            "data": {"source": "payments", **data},
        },
    )
