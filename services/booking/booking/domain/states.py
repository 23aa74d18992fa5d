"""The booking's lifecycles as explicit tables: the booking itself and its milestones.

Every status change goes through one of these tables; a change that is not in them is
refused with a 409 problem, whoever asks for it.
"""

from enum import StrEnum

from lpx_common.states import TransitionTable


class Status(StrEnum):
    HELD = "held"
    UNDER_REVIEW = "under_review"
    APPROVED = "approved"
    CONFIRMED = "confirmed"
    EXPIRED = "expired"
    CANCELLED = "cancelled"
    REJECTED = "rejected"
    REFUND_DUE = "refund_due"
    REFUNDED = "refunded"
    FLOWN = "flown"
    DELIVERED = "delivered"
    MISSION_LOST = "mission_lost"


S = Status

# from-status -> the statuses it may move to. Why each edge exists:
BOOKING_LIFECYCLE = TransitionTable[Status](
    "booking",
    {
        # paid in time (or free) | hold ran out | buyer or cancelled mission |
        # paid, but capacity gone
        S.HELD: {S.CONFIRMED, S.EXPIRED, S.CANCELLED, S.REFUND_DUE},
        # late payment re-allocated | late payment with no capacity left: money goes back
        S.EXPIRED: {S.CONFIRMED, S.REFUND_DUE},
        S.REFUND_DUE: {S.REFUNDED},
        # buyer cancels (refund minus fee) | launch | mission lost | mission cancelled
        S.CONFIRMED: {S.CANCELLED, S.FLOWN, S.MISSION_LOST, S.REFUND_DUE},
        S.UNDER_REVIEW: {S.APPROVED, S.REJECTED, S.EXPIRED, S.CANCELLED},
        # deposit paid | buyer or mission cancels | deposit paid but the capacity is gone
        S.APPROVED: {S.CONFIRMED, S.CANCELLED, S.REFUND_DUE},
        S.FLOWN: {S.DELIVERED, S.MISSION_LOST},
        # a paid booking cancelled by its buyer ends refunded once payments reports it
        S.CANCELLED: {S.REFUNDED},
        S.REJECTED: set(),
        S.REFUNDED: set(),
        S.DELIVERED: set(),
        S.MISSION_LOST: set(),
    },
)

INITIAL: frozenset[Status] = frozenset({S.HELD, S.UNDER_REVIEW})

# Statuses in which the booking holds (or owns) capacity at the catalog.
HOLDING_CAPACITY: frozenset[Status] = frozenset({S.HELD, S.UNDER_REVIEW, S.APPROVED, S.CONFIRMED})

# How much of the money paid a booking keeps, by status; the rest is owed back.
# "total": up to the booking's total; "fee": the cancellation fee; "nothing": all of it
# goes back; "all": money paid stays (the service was given, or the risk was the buyer's).
KEEPS: dict[Status, str] = {
    S.HELD: "nothing",
    S.UNDER_REVIEW: "nothing",
    S.APPROVED: "total",
    S.CONFIRMED: "total",
    S.FLOWN: "total",
    S.DELIVERED: "total",
    S.MISSION_LOST: "total",
    S.CANCELLED: "fee",
    S.EXPIRED: "nothing",
    S.REJECTED: "nothing",
    S.REFUND_DUE: "nothing",
    S.REFUNDED: "fee",
}


class MilestoneStatus(StrEnum):
    SCHEDULED = "scheduled"
    INVOICED = "invoiced"
    OVERDUE = "overdue"
    PAID = "paid"
    VOIDED = "voided"


M = MilestoneStatus

MILESTONE_LIFECYCLE = TransitionTable[MilestoneStatus](
    "milestone",
    {
        # invoiced when due | a share that rounds to nothing is settled at once |
        # the booking ends before it is due
        M.SCHEDULED: {M.INVOICED, M.PAID, M.VOIDED},
        # paid | past its due date | the booking ends (the open invoice is voided)
        M.INVOICED: {M.PAID, M.OVERDUE, M.VOIDED},
        M.OVERDUE: {M.PAID, M.VOIDED},
        M.PAID: set(),
        M.VOIDED: set(),
    },
)

# Milestones that will still be billed unless the booking ends.
OPEN_MILESTONES = frozenset({M.SCHEDULED, M.INVOICED, M.OVERDUE})
