"""What booking tells its peers through its outbox: one message per event, built here.

Every message is written in the transaction of the change that causes it and delivered
later by the relay, with its id as the Idempotency-Key, so the receiver applies it once.
"""

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from booking.clients.catalog import allocation_path
from booking.domain.events import (
    CheckoutToExpire,
    Event,
    HoldsToCommit,
    HoldsToRelease,
    InvoiceToVoid,
    MilestoneNotice,
    MilestoneToInvoice,
    RefundOwed,
    StatusChanged,
)
from booking.models import Booking, outbox_messages
from lpx_common.http import path_for
from lpx_common.ids import new_id
from lpx_common.outbox import enqueue

REFUNDS_PATH = "/v1/internal/refunds"
INVOICES_PATH = "/v1/internal/invoices"
VOID_INVOICE_PATH = "/v1/internal/invoices/void"
BOOKING_STATUSES_PATH = "/v1/internal/booking-statuses"
EVENTS_PATH = "/v1/internal/events"

# The status changes the customer (by email) and the booking's partner (by webhook) hear
# about, as notification event types.
NOTIFIED = {
    "held": "booking.held",
    "confirmed": "booking.confirmed",
    "cancelled": "booking.cancelled",
    "refunded": "booking.refunded",
    "expired": "booking.expired",
}


def billing_account_id(booking: Booking) -> str:
    """The company account a Stripe customer belongs to: the account that booked and the
    company's registration number (or name) — never an email, which companies share."""
    owner = (
        f"partner:{booking.partner_id}"
        if booking.partner_id
        else f"customer:{booking.customer_id or booking.created_by}"
    )
    company = booking.company or {}
    ident = str(company.get("registration_number") or company.get("name") or "").strip()
    return f"{owner}:{' '.join(ident.casefold().split())}"[:200]


def _messages(booking: Booking, event: Event) -> list[tuple[str, str, dict[str, Any]]]:
    """(destination, path, payload) for one event."""
    if isinstance(event, HoldsToRelease | HoldsToCommit):
        action = "release" if isinstance(event, HoldsToRelease) else "commit"
        return [("catalog", allocation_path(a, action), {}) for a in event.allocation_ids]
    if isinstance(event, CheckoutToExpire):
        path = path_for("/v1/internal/payments/{payment_id}/expire", payment_id=event.payment_id)
        return [("payments", path, {"booking_id": booking.id})]
    if isinstance(event, RefundOwed):
        body = {"booking_id": booking.id, "refund_total_minor": event.total_minor}
        return [("payments", REFUNDS_PATH, {**body, "reason": event.reason})]
    if isinstance(event, InvoiceToVoid):
        body = {"booking_id": booking.id, "milestone_id": event.milestone_id}
        return [("payments", VOID_INVOICE_PATH, {**body, "reason": event.reason[:500]})]
    if isinstance(event, MilestoneToInvoice):
        return [("payments", INVOICES_PATH, _invoice_payload(booking, event.milestone_id))]
    return []


def _invoice_payload(booking: Booking, milestone_id: str) -> dict[str, Any]:
    milestone = next(m for m in booking.milestones if m.id == milestone_id)
    company = booking.company or {}
    assert milestone.invoice_due_date is not None  # set when the milestone is invoiced
    return {
        "booking_id": booking.id,
        "milestone_id": milestone.id,
        "label": milestone.label,
        "amount_minor": milestone.amount_minor,
        "currency": booking.currency,
        "due_date": milestone.invoice_due_date.isoformat(),
        "billing_account_id": billing_account_id(booking),
        "company": {
            "name": company.get("name", booking.contact_name),
            "email": company.get("email", booking.contact_email),
        },
    }


def _booking_facts(booking: Booking) -> dict[str, Any]:
    """What every booking event tells: who to write to, in which language, and the booking."""
    return {
        "source": "booking",
        "booking_id": booking.id,
        "kind": booking.kind,
        "locale": booking.locale,
        "contact": {"name": booking.contact_name, "email": booking.contact_email},
        "mission_id": booking.mission_id,
        "currency": booking.currency,
        "total_minor": booking.total_minor,
        "paid_minor": booking.paid_minor,
        "refunded_minor": booking.refunded_minor,
        "hold_expires_at": booking.hold_expires_at.isoformat() if booking.hold_expires_at else None,
        "lines": [
            {"name": line.name, "quantity": line.quantity, "amount_minor": line.amount_minor}
            for line in booking.lines
        ],
    }


def _envelope(
    booking: Booking, event_type: str, at: datetime, position: int, data: dict[str, Any]
) -> dict[str, Any]:
    """The event notifications receives: its id is also the outbox message id (so the
    receiver deduplicates on it), and its sequence rises with each change of the booking
    (its version, then the change's position within one transaction)."""
    return {
        "id": new_id("evt"),
        "type": event_type,
        "occurred_at": at.isoformat(),
        "subject_id": booking.id,
        "sequence": booking.version * 100 + position,
        "partner_id": booking.partner_id,
        "data": data,
    }


def notification(booking: Booking, event: StatusChanged, position: int) -> dict[str, Any]:
    data = {
        **_booking_facts(booking),
        "status": event.to_status,
        "from_status": event.from_status,
        "reason": event.reason[:500],
    }
    return _envelope(booking, NOTIFIED[event.to_status], event.at, position, data)


def milestone_notification(
    booking: Booking, event: MilestoneNotice, position: int
) -> dict[str, Any]:
    """``milestone.invoiced`` / ``milestone.overdue``: written to the company's contact
    (the billing address given with the company, else the booking's contact)."""
    milestone = next(m for m in booking.milestones if m.id == event.milestone_id)
    company = booking.company or {}
    facts = _booking_facts(booking)
    contact = {
        "name": company.get("name") or booking.contact_name,
        "email": company.get("email") or booking.contact_email,
    }
    data = {
        **facts,
        "contact": contact,
        "status": booking.status,
        "milestone": {
            "id": milestone.id,
            "label": milestone.label,
            "status": event.status,
            "amount_minor": milestone.amount_minor,
            "due_date": milestone.invoice_due_date.isoformat()
            if milestone.invoice_due_date
            else None,
            "invoice_id": milestone.invoice_id,
        },
    }
    return _envelope(booking, f"milestone.{event.status}", event.at, position, data)


def _notifications(booking: Booking, events: list[Event]) -> list[dict[str, Any]]:
    notices: list[dict[str, Any]] = []
    for event in events:
        if isinstance(event, StatusChanged) and event.to_status in NOTIFIED and event.notify:
            notices.append(notification(booking, event, len(notices)))
        elif isinstance(event, MilestoneNotice):
            notices.append(milestone_notification(booking, event, len(notices)))
    return notices


def status_report(booking: Booking, at: datetime) -> dict[str, Any]:
    """Booking's word on its status and money, for finance's exception lists."""
    return {
        "booking_id": booking.id,
        "status": booking.status,
        "version": booking.version,
        "kind": booking.kind,
        "currency": booking.currency,
        "total_minor": booking.total_minor,
        "paid_minor": booking.paid_minor,
        "refunded_minor": booking.refunded_minor,
        "refund_owed_minor": max(0, booking.refund_requested_minor - booking.refunded_minor),
        "updated_at": at.isoformat(),
    }


async def _enqueue(
    session: AsyncSession,
    destination: str,
    path: str,
    payload: dict[str, Any],
    message_id: str | None = None,
) -> None:
    await enqueue(
        session,
        outbox_messages,
        destination=destination,
        path=path,
        payload=payload,
        message_id=message_id,
    )


async def send(
    session: AsyncSession, booking: Booking, events: list[Event], at: datetime, *, report: bool
) -> int:
    """Enqueue the messages ``events`` cause, plus one status report when the status or
    the money changed (``report``); returns how many were written."""
    messages = [m for event in events for m in _messages(booking, event)]
    if report or any(isinstance(e, StatusChanged | RefundOwed) for e in events):
        messages.append(("payments", BOOKING_STATUSES_PATH, status_report(booking, at)))
    for destination, path, payload in messages:
        await _enqueue(session, destination, path, payload)
    notices = _notifications(booking, events)
    for notice in notices:
        await _enqueue(session, "notifications", EVENTS_PATH, notice, message_id=notice["id"])
    return len(messages) + len(notices)


async def release_orphan_holds(session: AsyncSession, allocation_ids: list[str]) -> int:
    """Holds that no booking owns (its creation failed half-way) go back."""
    for allocation_id in allocation_ids:
        await _enqueue(session, "catalog", allocation_path(allocation_id, "release"), {})
    return len(allocation_ids)
