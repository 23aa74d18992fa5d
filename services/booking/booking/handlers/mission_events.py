"""The catalog's mission-events feed, read after booking's stored cursor."""

from sqlalchemy import select

from booking.domain.aggregate import BookingAggregate
from booking.models import Booking, FeedCursor
from booking.ports import Ports
from booking.unit_of_work import unit_of_work
from lpx_common.clock import utcnow

MISSION_EVENTS_FEED = "catalog-mission-events"


async def poll_mission_events(ports: Ports, limit: int = 100) -> int:
    """Each event is applied in one unit of work together with the cursor move, so a
    restart neither loses nor repeats one (the cursor row is locked, so two instances do
    not either). The feed is read before any transaction opens."""
    async with ports.db.read() as session:
        cursor = await session.get(FeedCursor, MISSION_EVENTS_FEED)
        after = cursor.last_seq if cursor else 0
    page = await ports.catalog.mission_events(after=after, limit=limit)
    applied = 0
    for event in page.items:
        async with unit_of_work(ports) as uow:
            cursor = await uow.session.scalar(
                select(FeedCursor).where(FeedCursor.name == MISSION_EVENTS_FEED).with_for_update()
            )
            if cursor is None:
                cursor = FeedCursor(name=MISSION_EVENTS_FEED, last_seq=0, updated_at=utcnow())
                uow.session.add(cursor)
            if event.seq <= cursor.last_seq:
                continue
            affected = BookingAggregate.MISSION_EVENT_AFFECTS.get(event.status, frozenset())
            bookings = await uow.session.scalars(
                select(Booking)
                .where(
                    Booking.mission_id == event.mission_id,
                    Booking.status.in_([s.value for s in affected]),
                )
                .order_by(Booking.id)
                .with_for_update()
            )
            now = utcnow()
            for booking in bookings:
                events = BookingAggregate(booking).apply_mission_event(
                    event.status,
                    mission_id=event.mission_id,
                    now=now,
                    due_days=ports.settings.invoice_due_days,
                )
                uow.record(booking, events)
            cursor.last_seq = event.seq
            cursor.updated_at = now
            applied += 1
    return applied
