"""The unit of work: one transaction in which a change to bookings commits together with
their status history, their outbox messages and the request's idempotency record — or
none of them does.

Handlers find out what they need from peers BEFORE opening one (no row lock is ever held
across a network call), then load the booking with a short row lock, apply the
aggregate's command and ``record`` what it returned.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from prometheus_client import Counter
from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from booking.clients import outbox
from booking.domain import policies
from booking.domain.events import Event, StatusChanged
from booking.models import BOOKING_BY_ID, Booking, StatusChange
from booking.ports import Ports
from lpx_common.auth import Principal
from lpx_common.clock import utcnow
from lpx_common.errors import NotFound
from lpx_common.idempotency import current_ticket

TRANSITIONS_MADE = Counter(
    "booking_transitions_total", "Booking status changes", ["from_status", "to_status"]
)


# A booking is locked, then read whole: two statements, not the three of the model's
# selectin loading. Not one joined SELECT ... FOR UPDATE: a statement that waited for
# the lock sees the booking's row as the holder committed it but the lines and
# milestones of its own, older snapshot (PostgreSQL's read committed), and those are
# changed under the same lock. The read after the lock is a fresh statement.
_LOCK = select(Booking.id).where(Booking.id == bindparam("booking_id")).with_for_update()
# As the locked row is now, if this session saw it before.
_WHOLE = BOOKING_BY_ID.execution_options(populate_existing=True)


@dataclass
class _Changed:
    booking: Booking
    events: list[Event] = field(default_factory=list)
    report: bool = False


class UnitOfWork:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self._changed: dict[str, _Changed] = {}
        self._answer: Any = None
        self.messages_written = 0

    async def get(self, booking_id: str, principal: Principal | None = None) -> Booking:
        """The booking, row-locked until the commit; hidden (404) from a principal who
        may not see it."""
        params = {"booking_id": booking_id}
        await self.session.execute(_LOCK, params)
        booking = (await self.session.scalars(_WHOLE, params)).unique().one_or_none()
        if booking is None or (
            principal is not None
            and not policies.can_see(principal, booking.customer_id, booking.partner_id)
        ):
            raise NotFound("No such booking.", code="booking-not-found")
        return booking

    def add(self, booking: Booking) -> None:
        self.session.add(booking)

    def record(self, booking: Booking, events: list[Event], *, report: bool = False) -> None:
        """``booking`` changed, causing ``events``; ``report`` sends booking's status
        report to payments even when no event would (e.g. money refunded)."""
        changed = self._changed.setdefault(booking.id, _Changed(booking))
        changed.events += events
        changed.report = changed.report or report

    def answer(self, subject: Any) -> None:
        """What the request's stored idempotent answer is rendered from."""
        self._answer = subject

    async def _flush(self) -> None:
        now = utcnow()
        for changed in self._changed.values():
            booking = changed.booking
            booking.version = (booking.version or 0) + 1
            booking.updated_at = now
            for event in changed.events:
                if isinstance(event, StatusChanged):
                    TRANSITIONS_MADE.labels(event.from_status or "-", event.to_status).inc()
                    self.session.add(
                        StatusChange(
                            booking_id=booking.id,
                            from_status=event.from_status,
                            to_status=event.to_status,
                            at=event.at,
                            actor=event.actor,
                            reason=event.reason,
                        )
                    )
            self.messages_written += await outbox.send(
                self.session, booking, changed.events, now, report=changed.report
            )
        ticket = current_ticket()
        if ticket is not None and self._answer is not None:
            await self.session.flush()
            await ticket.complete_in(self.session, self._answer)


@asynccontextmanager
async def unit_of_work(ports: Ports) -> AsyncIterator[UnitOfWork]:
    async with ports.db.transaction() as session:
        uow = UnitOfWork(session)
        yield uow
        await uow._flush()
    if uow.messages_written:
        ports.outbox_written()
    if uow._changed:
        ports.bookings_changed(uow._changed)
