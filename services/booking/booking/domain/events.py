"""What a change to a booking causes, as values the aggregate returns.

The aggregate never talks to anything: it returns these, and the unit of work turns them
into status history rows and outbox messages in the same transaction as the change.
"""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class StatusChanged:
    from_status: str | None
    to_status: str
    at: datetime
    actor: str
    reason: str
    # False when another message already tells the customer (a ballot place offered).
    notify: bool = True


@dataclass(frozen=True)
class HoldsToRelease:
    """Capacity goes back to the catalog."""

    allocation_ids: tuple[str, ...]


@dataclass(frozen=True)
class HoldsToCommit:
    """Committed through the outbox (the catalog accepted them, or will: see handlers)."""

    allocation_ids: tuple[str, ...]


@dataclass(frozen=True)
class CheckoutToExpire:
    """An open Checkout Session must not take money for a slot that is gone."""

    payment_id: str


@dataclass(frozen=True)
class RefundOwed:
    """The booking should, once all is done, have been refunded ``total_minor`` in all.

    A cumulative target, not an amount: payments refunds the difference between it and
    what it has already refunded, whichever path asked first, so asking twice never
    refunds twice.
    """

    total_minor: int
    reason: str


@dataclass(frozen=True)
class MilestoneToInvoice:
    milestone_id: str


@dataclass(frozen=True)
class MilestoneNotice:
    """A milestone was invoiced or fell overdue: the company's contact (by email) and
    the booking's partner (by webhook) are told."""

    milestone_id: str
    status: str  # invoiced | overdue
    at: datetime


@dataclass(frozen=True)
class InvoiceToVoid:
    """A milestone that will no longer be billed: its invoice (open or not yet made) is
    voided at payments."""

    milestone_id: str
    reason: str


Event = (
    StatusChanged
    | HoldsToRelease
    | HoldsToCommit
    | CheckoutToExpire
    | RefundOwed
    | MilestoneToInvoice
    | MilestoneNotice
    | InvoiceToVoid
)
