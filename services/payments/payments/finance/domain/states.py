"""Explicit state machines of finance objects."""

from typing import Final

# Stripe invoice statuses and the moves we accept. Webhooks may arrive out of order:
# a transition not in this table is ignored, so an invoice never moves backwards.
INVOICE_TRANSITIONS: Final[dict[str, frozenset[str]]] = {
    "draft": frozenset({"open", "paid", "void", "uncollectible"}),
    "open": frozenset({"paid", "void", "uncollectible"}),
    "uncollectible": frozenset({"paid", "void"}),
    "paid": frozenset(),
    "void": frozenset(),
}

INVOICE_STATUSES: Final = tuple(INVOICE_TRANSITIONS)

# Invoice webhook event -> the status it moves the invoice to (None: no status change).
INVOICE_EVENT_TARGET: Final[dict[str, str | None]] = {
    "invoice.finalized": "open",
    "invoice.paid": "paid",
    "invoice.payment_succeeded": "paid",
    "invoice.payment_failed": None,
    "invoice.voided": "void",
    "invoice.marked_uncollectible": "uncollectible",
    "invoice.overdue": None,
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


def can_move(current: str, target: str) -> bool:
    return target in INVOICE_TRANSITIONS.get(current, frozenset())
