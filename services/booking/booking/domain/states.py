"""The booking state machine: ONE table of allowed transitions.

Every status change in the service goes through :func:`check_transition`; a change not
in this table is refused with a 409 problem, whoever asks for it.
"""

from enum import StrEnum

from lpx_common.errors import Conflict


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
TRANSITIONS: dict[Status, frozenset[Status]] = {
    # paid in time | hold ran out | buyer or cancelled mission | paid, but capacity gone
    S.HELD: frozenset({S.CONFIRMED, S.EXPIRED, S.CANCELLED, S.REFUND_DUE}),
    # late payment re-allocated | late payment with no capacity left: money goes back
    S.EXPIRED: frozenset({S.CONFIRMED, S.REFUND_DUE}),
    S.REFUND_DUE: frozenset({S.REFUNDED}),
    # buyer cancels (refund minus fee) | launch | mission lost | mission cancelled
    S.CONFIRMED: frozenset({S.CANCELLED, S.FLOWN, S.MISSION_LOST, S.REFUND_DUE}),
    S.UNDER_REVIEW: frozenset({S.APPROVED, S.REJECTED, S.EXPIRED, S.CANCELLED}),
    # deposit paid | buyer or mission cancels | deposit paid but the capacity is gone
    S.APPROVED: frozenset({S.CONFIRMED, S.CANCELLED, S.REFUND_DUE}),
    S.FLOWN: frozenset({S.DELIVERED, S.MISSION_LOST}),
    # a paid booking cancelled by its buyer ends refunded once payments reports it
    S.CANCELLED: frozenset({S.REFUNDED}),
    S.REJECTED: frozenset(),
    S.REFUNDED: frozenset(),
    S.DELIVERED: frozenset(),
    S.MISSION_LOST: frozenset(),
}

INITIAL: frozenset[Status] = frozenset({S.HELD, S.UNDER_REVIEW})

# Statuses in which the booking holds (or owns) capacity at the catalog.
HOLDING_CAPACITY: frozenset[Status] = frozenset({S.HELD, S.UNDER_REVIEW, S.APPROVED, S.CONFIRMED})


def can_transition(current: str, target: str) -> bool:
    return Status(target) in TRANSITIONS[Status(current)]


def check_transition(current: str, target: str) -> None:
    """Raise a 409 problem unless ``current`` -> ``target`` is in the table."""
    if not can_transition(current, target):
        raise Conflict(
            f"A booking that is {current} cannot become {target}.",
            code="invalid-transition",
            current_status=current,
            requested_status=target,
        )
