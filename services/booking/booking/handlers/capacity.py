"""Asking the catalog for capacity when money arrives: commit the holds the booking has,
or take fresh ones for a booking whose hold lapsed. Both are idempotent at the catalog
(by allocation id, by hold reference), so a handler may ask again after a retry."""

from dataclasses import dataclass, field

from prometheus_client import Counter

from booking.domain.aggregate import Capacity
from booking.models import Booking
from booking.ports import Ports
from lpx_common.errors import Conflict, ServiceUnavailable, Unprocessable

# A handler that asked the catalog applies the answer only to the booking version it read;
# if the booking changed meanwhile it asks again, this many times at most.
ATTEMPTS = 3
OPTIMISTIC_RETRIES = Counter(
    "booking_optimistic_retries_total", "Handlers that re-read a booking changed meanwhile"
)


def booking_busy() -> ServiceUnavailable:
    """Transient: the sender (payments' outbox) retries the message later."""
    return ServiceUnavailable(
        "The booking kept changing; retry shortly.",
        code="booking-busy",
        headers={"Retry-After": "1"},
    )


@dataclass(frozen=True)
class CapacityAnswer:
    capacity: Capacity
    new_allocations: list[str] = field(default_factory=list)
    # holds taken for a reallocation that then failed: they go back
    to_release: list[str] = field(default_factory=list)


async def commit_holds(ports: Ports, allocation_ids: tuple[str, ...]) -> CapacityAnswer:
    """A refusal means the capacity is gone; an outage propagates (503) so the caller's
    outbox retries the whole message later."""
    try:
        for allocation_id in allocation_ids:
            await ports.catalog.commit(allocation_id)
    except (Conflict, Unprocessable):
        return CapacityAnswer("gone")
    return CapacityAnswer("committed")


async def reallocate(ports: Ports, booking: Booking, reference: str) -> CapacityAnswer:
    """Fresh holds for every line, committed at once, or none at all."""
    taken: list[str] = []
    try:
        for line in booking.lines:
            hold = await ports.catalog.hold(
                reference=f"{booking.id}:{line.line_no}:late:{reference}",
                offering_id=line.offering_id,
                quantity=line.quantity,
                ttl_seconds=ports.settings.hold_ttl_seconds,
            )
            taken.append(hold.id)
        for allocation_id in taken:
            await ports.catalog.commit(allocation_id)
    except (Conflict, Unprocessable):
        return CapacityAnswer("gone", to_release=taken)
    return CapacityAnswer("committed", new_allocations=taken)
