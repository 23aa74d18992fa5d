"""Milestones that will no longer be billed (booking's ``POST /v1/internal/invoices/void``).

The milestone's invoice is voided at Stripe when open (or uncollectible), deleted when
still a draft, and never created when booking's invoice message has not arrived yet (a
``milestone_voids`` row makes the later message create nothing). A paid invoice is left
as it is: booking asks for its refund separately, and the answer says it was paid.
Stripe is read first and is the truth, so a retry after any crash reaches the same end.
"""

from dataclasses import dataclass

import stripe
from sqlalchemy import select

from lpx_common.clock import utcnow
from lpx_common.db import Database, insert_on_conflict
from lpx_common.errors import Conflict, ServiceUnavailable
from payments.finance.domain.invoices import find_by_milestone
from payments.finance.domain.states import INVOICE_STATES
from payments.finance.models import Invoice, MilestoneVoid
from payments.finance.stripe_api import to_dict


@dataclass(frozen=True)
class VoidOutcome:
    milestone_id: str
    booking_id: str
    # not_invoiced | deleted | voided | already_void | already_paid
    outcome: str
    invoice: Invoice | None


async def void_milestone(
    db: Database, client: stripe.StripeClient, *, booking_id: str, milestone_id: str, reason: str
) -> VoidOutcome:
    now = utcnow()
    async with db.transaction() as session:
        invoice = await session.scalar(
            select(Invoice).where(Invoice.milestone_id == milestone_id).with_for_update()
        )
        if invoice is None:
            values = {
                "milestone_id": milestone_id,
                "booking_id": booking_id,
                "reason": reason,
                "requested_at": now,
            }
            await session.execute(
                insert_on_conflict(db.dialect, MilestoneVoid)
                .values(**values)
                .on_conflict_do_nothing()
            )
    # The invoice message may have created the row just before our tombstone: look again.
    row = await find_by_milestone(db, milestone_id)
    if row is None:
        return VoidOutcome(milestone_id, booking_id, "not_invoiced", None)
    if row.booking_id != booking_id:
        raise Conflict(
            f"Milestone {milestone_id} is invoiced for another booking.",
            code="milestone-of-another-booking",
        )
    async with db.transaction() as session:
        locked = await session.get(Invoice, row.id, with_for_update=True)
        assert locked is not None
        if locked.void_requested_at is None:
            locked.void_requested_at, locked.void_reason = now, reason
            locked.updated_at = now
        row = locked
    if row.status == "paid":
        return VoidOutcome(milestone_id, booking_id, "already_paid", row)
    if row.status in ("void", "deleted"):
        return VoidOutcome(milestone_id, booking_id, f"already_{row.status}", row)
    if row.stripe_invoice_id is None:
        # Never sent to Stripe (a crash before, or the void arrived first): nothing to undo.
        return await _settle(db, row.id, "deleted", milestone_id, booking_id)
    return await _at_stripe(db, client, row, milestone_id, booking_id)


async def _at_stripe(
    db: Database, client: stripe.StripeClient, row: Invoice, milestone_id: str, booking_id: str
) -> VoidOutcome:
    key = f"invoice:{milestone_id}"
    try:
        for _ in range(3):  # the invoice may be finalized or paid between our steps
            try:
                current = to_dict(await client.v1.invoices.retrieve_async(row.stripe_invoice_id))
            except stripe.InvalidRequestError as exc:
                if exc.http_status == 404:  # a draft deleted before a crash
                    return await _settle(db, row.id, "deleted", milestone_id, booking_id)
                raise
            status = current.get("status")
            try:
                if status == "draft":
                    await client.v1.invoices.delete_async(row.stripe_invoice_id)
                    return await _settle(db, row.id, "deleted", milestone_id, booking_id)
                if status in ("open", "uncollectible"):
                    await client.v1.invoices.void_invoice_async(
                        row.stripe_invoice_id, options={"idempotency_key": f"{key}:void"}
                    )
                    return await _settle(db, row.id, "void", milestone_id, booking_id)
            except stripe.InvalidRequestError:
                continue  # it moved meanwhile: read it again
            if status == "void":
                return await _settle(db, row.id, "void", milestone_id, booking_id)
            if status == "paid":
                # The payment's webhook will record it; booking refunds it if it must.
                return VoidOutcome(milestone_id, booking_id, "already_paid", row)
        raise Conflict(
            f"The invoice of milestone {milestone_id} kept changing at Stripe; retry.",
            code="invoice-changing",
            headers={"Retry-After": "1"},
        )
    except stripe.StripeError as exc:
        if isinstance(exc, stripe.InvalidRequestError):
            raise
        raise ServiceUnavailable(
            "Stripe could not be reached to void the invoice; retry later.",
            code="stripe-unavailable",
        ) from exc


async def _settle(
    db: Database, invoice_id: str, status: str, milestone_id: str, booking_id: str
) -> VoidOutcome:
    now = utcnow()
    async with db.transaction() as session:
        row = await session.get(Invoice, invoice_id, with_for_update=True)
        assert row is not None
        # The webhook (invoice.voided / invoice.deleted) may have got here first.
        if row.status != status and INVOICE_STATES.allows(row.status, status):
            row.status = status
            row.overdue = False
            row.voided_at = row.voided_at or now
            row.updated_at = now
    outcome = "voided" if row.status == "void" else row.status
    return VoidOutcome(milestone_id, booking_id, outcome, row)
