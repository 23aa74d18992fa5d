"""Explicit state machines of finance objects."""

from typing import Final

from lpx_common.states import TransitionTable

# Stripe invoice statuses and the moves we accept. Webhooks may arrive out of order:
# a transition the table does not allow is ignored, so an invoice never moves backwards.
# `deleted` is ours: a draft deleted at Stripe (or never sent there) for a milestone
# that will not be billed.
INVOICE_STATES: Final = TransitionTable(
    "invoice",
    {
        "draft": {"open", "paid", "void", "uncollectible", "deleted"},
        "open": {"paid", "void", "uncollectible"},
        "uncollectible": {"paid", "void"},
        "paid": set(),
        "void": set(),
        "deleted": set(),
    },
)

INVOICE_STATUSES: Final = tuple(sorted(INVOICE_STATES.states))

# Invoice webhook event -> the status it moves the invoice to (None: no status change).
INVOICE_EVENT_TARGET: Final[dict[str, str | None]] = {
    "invoice.finalized": "open",
    "invoice.paid": "paid",
    "invoice.payment_succeeded": "paid",
    "invoice.payment_failed": None,
    "invoice.voided": "void",
    "invoice.marked_uncollectible": "uncollectible",
    "invoice.overdue": None,
    "invoice.deleted": "deleted",
}

# Invoice webhook event -> the milestone event booking receives.
MILESTONE_EVENT: Final[dict[str, str]] = {
    "invoice.finalized": "finalized",
    "invoice.paid": "paid",
    "invoice.payment_succeeded": "paid",
    "invoice.payment_failed": "payment_failed",
    "invoice.voided": "voided",
    "invoice.overdue": "overdue",
}
