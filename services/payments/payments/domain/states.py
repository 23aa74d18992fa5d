"""Explicit tables of allowed status transitions. Anything else is refused (or, for
events from Stripe, ignored: an out-of-order event never moves a record backwards)."""

from lpx_common.errors import Conflict

# A payment is one Checkout Session. A declined card leaves it `open` (payable again);
# `failed` is an asynchronous payment that failed for good. Money that arrives for an
# expired session is still recorded as `succeeded`: it was taken, so it must be
# accounted for (and booking decides to keep or refund it).
PAYMENT_TRANSITIONS: dict[str, frozenset[str]] = {
    # Our row exists, the Stripe session is being made (or was, before a crash).
    "creating": frozenset({"open", "processing", "succeeded", "failed", "expired"}),
    "open": frozenset({"processing", "succeeded", "failed", "expired"}),
    "processing": frozenset({"succeeded", "failed"}),
    "expired": frozenset({"succeeded"}),
    "succeeded": frozenset(),
    "failed": frozenset(),
}

# Refund statuses follow Stripe's. A refund that succeeded can still fail later (the
# card issuer returns it), which Stripe reports as succeeded -> failed.
REFUND_TRANSITIONS: dict[str, frozenset[str]] = {
    "pending": frozenset({"requires_action", "succeeded", "failed", "canceled"}),
    "requires_action": frozenset({"pending", "succeeded", "failed", "canceled"}),
    "succeeded": frozenset({"failed"}),
    "failed": frozenset(),
    "canceled": frozenset(),
}

# Stripe dispute statuses by stage; a dispute only moves to a later stage.
DISPUTE_STAGE: dict[str, int] = {
    "warning_needs_response": 0,
    "needs_response": 0,
    "warning_under_review": 1,
    "under_review": 1,
    "warning_closed": 2,
    "won": 2,
    "lost": 2,
}

OPEN_REFUND_STATUSES = frozenset({"pending", "requires_action"})
# Refunds that hold money back from being refunded again.
COUNTED_REFUND_STATUSES = frozenset({"pending", "requires_action", "succeeded"})


def can_move(table: dict[str, frozenset[str]], current: str, new: str) -> bool:
    return new in table.get(current, frozenset())


def check_move(table: dict[str, frozenset[str]], current: str, new: str, what: str) -> None:
    if not can_move(table, current, new):
        raise Conflict(
            f"A {what} cannot go from {current!r} to {new!r}.", code="invalid-transition"
        )
