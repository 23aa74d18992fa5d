"""The lifecycles of payments records, as explicit transition tables.

Commands use ``TABLE.check`` (a refused move is a 409 problem); facts reported by Stripe,
which may arrive late or out of order, use ``TABLE.allows`` and ignore anything else, so
an out-of-order event never moves a record backwards.
"""

from lpx_common.states import TransitionTable

# A payment is one Checkout Session, or one paid company invoice. A declined card leaves
# it `open` (payable again); `failed` is an asynchronous payment that failed for good.
# Money that arrives for an expired session is still recorded as `succeeded`: it was
# taken, so it must be accounted for (and booking decides to keep or refund it).
PAYMENT_STATES = TransitionTable(
    "payment",
    {
        # Our row exists, the Stripe session is being made (or was, before a crash).
        "creating": {"open", "processing", "succeeded", "failed", "expired"},
        "open": {"processing", "succeeded", "failed", "expired"},
        "processing": {"succeeded", "failed"},
        "expired": {"succeeded"},
        "succeeded": set(),
        "failed": set(),
    },
)

# Refund statuses follow Stripe's. A refund that succeeded can still fail later (the
# card issuer returns it), which Stripe reports as succeeded -> failed.
REFUND_STATES = TransitionTable(
    "refund",
    {
        "pending": {"requires_action", "succeeded", "failed", "canceled"},
        "requires_action": {"pending", "succeeded", "failed", "canceled"},
        "succeeded": {"failed"},
        "failed": set(),
        "canceled": set(),
    },
)

# The second step of a bank-transfer refund: money in the customer's cash balance at
# Stripe is sent back to the customer's bank account (a Stripe refund with
# ``origin=customer_balance``). It waits for the customer's bank details
# (`requires_action`); when they never come, Stripe cancels it and the money stays in
# the cash balance, from where it can be returned again.
CASH_RETURN_STATES = TransitionTable(
    "cash balance return",
    {
        "requires_action": {"pending", "succeeded", "failed", "canceled"},
        "pending": {"succeeded", "failed", "canceled"},
        "succeeded": set(),
        "failed": set(),
        "canceled": set(),
    },
)

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
# Refunds that did not return the money.
UNSUCCESSFUL_REFUND_STATUSES = frozenset({"failed", "canceled"})
