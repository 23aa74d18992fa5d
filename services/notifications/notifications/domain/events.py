"""The events notifications knows, and who hears of each: the customer by email, the
partners by webhook.

A booking's events go to the partner that made the booking and to nobody else; mission
events are public facts and go to every partner that subscribed to them.
"""

from enum import StrEnum


class EventType(StrEnum):
    BOOKING_HELD = "booking.held"
    BOOKING_CONFIRMED = "booking.confirmed"
    BOOKING_CANCELLED = "booking.cancelled"
    BOOKING_REFUNDED = "booking.refunded"
    BOOKING_EXPIRED = "booking.expired"
    PAYMENT_FAILED = "payment.failed"
    BALLOT_WON = "ballot.won"
    BALLOT_LOST = "ballot.lost"
    WAITLIST_OFFERED = "waitlist.offered"
    WAITLIST_LAPSED = "waitlist.lapsed"
    REFUND_COMPLETED = "refund.completed"
    MISSION_LAUNCHED = "mission.launched"
    MISSION_LANDED = "mission.landed"
    MISSION_LOST = "mission.lost"
    MISSION_CANCELLED = "mission.cancelled"
    MILESTONE_INVOICED = "milestone.invoiced"
    MILESTONE_OVERDUE = "milestone.overdue"


EVENT_TYPES: tuple[str, ...] = tuple(t.value for t in EventType)

# The events a customer is emailed about (transactional mail: no opt-out).
EMAILED: frozenset[str] = frozenset(
    {
        EventType.BOOKING_HELD,
        EventType.BOOKING_CONFIRMED,
        EventType.BOOKING_CANCELLED,
        EventType.BOOKING_REFUNDED,
        EventType.BOOKING_EXPIRED,
        EventType.PAYMENT_FAILED,
        EventType.MILESTONE_INVOICED,
        EventType.MILESTONE_OVERDUE,
        EventType.BALLOT_WON,
        EventType.BALLOT_LOST,
        EventType.WAITLIST_OFFERED,
        EventType.WAITLIST_LAPSED,
    }
)
# refund.completed is for partners only: the customer already gets booking.refunded when
# the same refund completes, and one email per fact is enough.

PUBLIC_PREFIXES = ("mission.",)


def is_public(event_type: str) -> bool:
    """A fact about the world (a launch), not about anyone's booking."""
    return event_type.startswith(PUBLIC_PREFIXES)


def partner_may_receive(
    event_type: str, event_partner_id: str | None, endpoint_partner_id: str
) -> bool:
    """The one rule that keeps a partner from seeing another partner's events."""
    if is_public(event_type):
        return True
    return event_partner_id is not None and event_partner_id == endpoint_partner_id


def email_template(event_type: str) -> str | None:
    return event_type if event_type in EMAILED else None
