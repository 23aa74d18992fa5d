from enum import StrEnum


class EventType(StrEnum):
    BALLOT_LOST = "ballot.lost"
    BALLOT_WON = "ballot.won"
    BOOKING_CANCELLED = "booking.cancelled"
    BOOKING_CONFIRMED = "booking.confirmed"
    BOOKING_EXPIRED = "booking.expired"
    BOOKING_HELD = "booking.held"
    BOOKING_REFUNDED = "booking.refunded"
    MILESTONE_INVOICED = "milestone.invoiced"
    MILESTONE_OVERDUE = "milestone.overdue"
    MISSION_CANCELLED = "mission.cancelled"
    MISSION_LANDED = "mission.landed"
    MISSION_LAUNCHED = "mission.launched"
    MISSION_LOST = "mission.lost"
    PAYMENT_FAILED = "payment.failed"
    REFUND_COMPLETED = "refund.completed"
    WAITLIST_LAPSED = "waitlist.lapsed"
    WAITLIST_OFFERED = "waitlist.offered"

    def __str__(self) -> str:
        return str(self.value)
