"""Company invoices: one Stripe Invoice per due milestone, paid by bank transfer or card.

Creating an invoice is a short saga whose every step is idempotent: our row is written
first (status ``draft``), then Stripe is asked with idempotency keys built from the
milestone id, so a retry after a crash at any step finishes the same invoice instead of
making a second one. Invoice webhooks then move the row forward only (see
``states.INVOICE_STATES``) and tell booking through the outbox.
"""

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import stripe
from sqlalchemy import Select, and_, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from lpx_common.clock import utcnow
from lpx_common.db import Database, insert_on_conflict
from lpx_common.errors import NotFound, ServiceUnavailable, Unprocessable
from lpx_common.http import path_for
from lpx_common.ids import new_id
from lpx_common.outbox import enqueue
from payments.finance.domain.states import (
    INVOICE_EVENT_TARGET,
    INVOICE_STATES,
    MILESTONE_EVENT,
)
from payments.finance.models import BillingCustomer, Invoice, MilestoneVoid
from payments.finance.stripe_api import to_dict
from payments.models import Payment, outbox_messages

log = logging.getLogger("lpx.finance.invoices")

# Bank transfer type per currency for Stripe's customer_balance payment method.
BANK_TRANSFER_TYPE = {"JPY": "jp_bank_transfer", "USD": "us_bank_transfer"}
DEFAULT_DAYS_UNTIL_DUE = 30


@dataclass(frozen=True)
class InvoiceRequest:
    booking_id: str
    milestone_id: str
    label: str
    amount_minor: int
    currency: str
    company_name: str
    company_email: str
    billing_account_id: str
    due_date: date | None = None
    days_until_due: int | None = None


def due_at_for(request: InvoiceRequest, now: datetime) -> datetime:
    """The due moment: the end of ``due_date`` (UTC), else now + ``days_until_due``."""
    if request.due_date is not None:
        due = datetime.combine(request.due_date, time(23, 59, 59), tzinfo=UTC)
        if due <= now:
            raise Unprocessable(
                "due_date must be today or later.",
                code="due-date-in-past",
                errors=[{"field": "body.due_date", "message": "must not be in the past"}],
            )
        return due
    return now + timedelta(days=request.days_until_due or DEFAULT_DAYS_UNTIL_DUE)


async def find_by_milestone(db: Database, milestone_id: str) -> Invoice | None:
    async with db.read() as session:
        return await session.scalar(select(Invoice).where(Invoice.milestone_id == milestone_id))


async def get_invoice(db: Database, invoice_id: str) -> Invoice:
    async with db.read() as session:
        invoice = await session.get(Invoice, invoice_id)
    if invoice is None:
        raise NotFound(f"No invoice {invoice_id}.", code="invoice-not-found")
    return invoice


async def create_invoice(
    db: Database, client: stripe.StripeClient, request: InvoiceRequest
) -> tuple[Invoice, bool]:
    """Create (or finish creating) the invoice of a milestone; returns (invoice, created)."""
    now = utcnow()
    existing = await find_by_milestone(db, request.milestone_id)
    created = False
    if existing is None:
        due_at = due_at_for(request, now)
        async with db.read() as session:
            voided = await session.get(MilestoneVoid, request.milestone_id)
        row = Invoice(
            id=new_id("inv"),
            booking_id=request.booking_id,
            milestone_id=request.milestone_id,
            label=request.label,
            company_name=request.company_name,
            company_email=request.company_email.lower(),
            billing_account_id=request.billing_account_id,
            amount_minor=request.amount_minor,
            amount_paid_minor=0,
            currency=request.currency,
            # Booking stopped billing this milestone before asking for its invoice: the
            # row records the request, and nothing is sent to Stripe.
            status="deleted" if voided else "draft",
            overdue=False,
            due_at=due_at,
            void_requested_at=voided.requested_at if voided else None,
            void_reason=voided.reason if voided else None,
            created_at=now,
            updated_at=now,
        )
        try:
            async with db.transaction() as session:
                session.add(row)
            created = True
            existing = row
        except IntegrityError:
            # Another request for the same milestone won the race: finish that one.
            existing = await find_by_milestone(db, request.milestone_id)
            if existing is None:  # pragma: no cover - the unique key says it exists
                raise
    elif (existing.booking_id, existing.amount_minor, existing.currency) != (
        request.booking_id,
        request.amount_minor,
        request.currency,
    ):
        raise Unprocessable(
            "An invoice for this milestone already exists with another booking or amount.",
            code="milestone-already-invoiced",
            invoice_id=existing.id,
        )
    if (
        existing.status == "draft"
        and existing.finalized_at is None
        and existing.void_requested_at is None
    ):
        existing = await _issue_at_stripe(db, client, existing)
    return existing, created


async def _customer_for(db: Database, client: stripe.StripeClient, invoice: Invoice) -> str:
    """The Stripe customer of the invoice's company account: one per billing account,
    never shared by two companies with one email (their cash balances stay apart)."""
    account = invoice.billing_account_id
    if account is None:
        raise Unprocessable(
            f"Invoice {invoice.id} has no billing account.", code="billing-account-missing"
        )
    async with db.read() as session:
        known = await session.get(BillingCustomer, account)
    if known is not None:
        return known.stripe_customer_id
    customer = await client.v1.customers.create_async(
        params={
            "email": invoice.company_email,
            "name": invoice.company_name,
            "metadata": {"source": "lpx", "billing_account_id": account},
        },
        options={"idempotency_key": f"customer:billing-account:{account}"},
    )
    values = {
        "billing_account_id": account,
        "stripe_customer_id": customer.id,
        "name": invoice.company_name,
        "email": invoice.company_email,
        "created_at": utcnow(),
    }
    async with db.transaction() as session:
        await session.execute(
            insert_on_conflict(db.dialect, BillingCustomer)
            .values(**values)
            .on_conflict_do_nothing()
        )
        stored = await session.get(BillingCustomer, account)
    return stored.stripe_customer_id if stored else customer.id


async def _remember_stripe_invoice(
    db: Database, invoice_id: str, customer_id: str, stripe_invoice_id: str
) -> None:
    async with db.transaction() as session:
        await session.execute(
            update(Invoice)
            .where(Invoice.id == invoice_id, Invoice.stripe_invoice_id.is_(None))
            .values(stripe_customer_id=customer_id, stripe_invoice_id=stripe_invoice_id)
        )


async def _issue_at_stripe(db: Database, client: stripe.StripeClient, invoice: Invoice) -> Invoice:
    """Customer, invoice, its one line, finalize: each step keyed by the milestone."""
    key = f"invoice:{invoice.milestone_id}"
    try:
        customer_id = await _customer_for(db, client, invoice)
        metadata = {
            "booking_id": invoice.booking_id,
            "milestone_id": invoice.milestone_id,
            "invoice_id": invoice.id,
        }
        if invoice.stripe_invoice_id:
            # A retry after Stripe made the invoice: carry on with that one (Stripe forgets
            # idempotency keys after 24 h, our row does not).
            stripe_invoice = await client.v1.invoices.retrieve_async(invoice.stripe_invoice_id)
        else:
            stripe_invoice = await client.v1.invoices.create_async(
                params={
                    "customer": customer_id,
                    "collection_method": "send_invoice",
                    "due_date": int(invoice.due_at.timestamp()),
                    "currency": invoice.currency.lower(),
                    "description": invoice.label,
                    "metadata": metadata,
                    "pending_invoice_items_behavior": "exclude",
                    "payment_settings": {
                        "payment_method_types": ["customer_balance", "card"],
                        "payment_method_options": {
                            "customer_balance": {
                                "funding_type": "bank_transfer",
                                "bank_transfer": {"type": BANK_TRANSFER_TYPE[invoice.currency]},
                            }
                        },
                    },
                },
                options={"idempotency_key": f"{key}:create"},
            )
            await _remember_stripe_invoice(db, invoice.id, customer_id, stripe_invoice.id)
        created = to_dict(stripe_invoice)
        if not (created.get("lines") or {}).get("data"):
            await client.v1.invoice_items.create_async(
                params={
                    "customer": customer_id,
                    "invoice": stripe_invoice.id,
                    "amount": invoice.amount_minor,
                    "currency": invoice.currency.lower(),
                    "description": invoice.label,
                    "metadata": metadata,
                },
                options={"idempotency_key": f"{key}:item"},
            )
        if created.get("status") == "draft":
            async with db.read() as session:
                if await session.scalar(
                    select(Invoice.void_requested_at).where(Invoice.id == invoice.id)
                ):
                    # Booking stopped billing this milestone meanwhile: never send it.
                    return await get_invoice(db, invoice.id)
            finalized = to_dict(
                await client.v1.invoices.finalize_invoice_async(
                    stripe_invoice.id,
                    params={"auto_advance": True},
                    options={"idempotency_key": f"{key}:finalize"},
                )
            )
        else:
            finalized = created
    except stripe.InvalidRequestError as exc:
        raise Unprocessable(
            f"Stripe refused the invoice: {exc.user_message or exc}", code="stripe-invalid-request"
        ) from exc
    except stripe.StripeError as exc:
        raise ServiceUnavailable(
            "Stripe could not be reached to issue the invoice; retry later.",
            code="stripe-unavailable",
        ) from exc
    data = finalized
    now = utcnow()
    async with db.transaction() as session:
        row = await session.get(Invoice, invoice.id, with_for_update=True)
        assert row is not None
        row.stripe_customer_id = customer_id
        row.stripe_invoice_id = data["id"]
        row.hosted_invoice_url = data.get("hosted_invoice_url")
        # The webhook may have got here first; only ever move forward.
        if INVOICE_STATES.allows(row.status, "open"):
            row.status = "open"
        row.finalized_at = row.finalized_at or now
        row.updated_at = now
    return row


async def apply_invoice_event(
    session: AsyncSession, event_type: str, obj: dict[str, Any], occurred_at: datetime
) -> Invoice | None:
    """Apply one invoice webhook inside the event processor's transaction.

    Moves the invoice forward only, records the payment, and queues the milestone event
    for booking. Returns the invoice, or None when the Stripe invoice is not one of ours.
    """
    invoice = await _lock_invoice(session, obj)
    if invoice is None:
        log.info("invoice event %s for unknown Stripe invoice %s", event_type, obj.get("id"))
        return None
    target = INVOICE_EVENT_TARGET.get(event_type)
    changed = False
    if target is not None and INVOICE_STATES.allows(invoice.status, target):
        invoice.status = target
        changed = True
        if target == "open":
            invoice.finalized_at = invoice.finalized_at or occurred_at
        elif target == "paid":
            invoice.paid_at = occurred_at
            invoice.amount_paid_minor = int(obj.get("amount_paid") or invoice.amount_minor)
            invoice.overdue = False
        elif target == "void":
            invoice.voided_at = occurred_at
            invoice.overdue = False
    elif event_type == "invoice.overdue" and invoice.status == "open" and not invoice.overdue:
        invoice.overdue = True
        changed = True
    elif event_type == "invoice.payment_failed" and invoice.status in ("open", "draft"):
        error = (obj.get("last_finalization_error") or {}).get("message")
        invoice.last_payment_error = error or "payment failed"
        changed = True
    if obj.get("charge"):
        invoice.stripe_charge_id = invoice.stripe_charge_id or _id(obj["charge"])
    if obj.get("payment_intent"):
        invoice.stripe_payment_intent_id = invoice.stripe_payment_intent_id or _id(
            obj["payment_intent"]
        )
    invoice.hosted_invoice_url = invoice.hosted_invoice_url or obj.get("hosted_invoice_url")
    if not changed:
        return invoice
    invoice.updated_at = utcnow()
    milestone_event = MILESTONE_EVENT.get(event_type)
    if milestone_event:
        await enqueue(
            session,
            outbox_messages,
            destination="booking",
            path=path_for(
                "/v1/internal/bookings/{booking_id}/milestone-events", booking_id=invoice.booking_id
            ),
            payload={
                "milestone_id": invoice.milestone_id,
                "invoice_id": invoice.id,
                "event": milestone_event,
                "amount_minor": invoice.amount_paid_minor
                if milestone_event == "paid"
                else invoice.amount_minor,
                "currency": invoice.currency,
                "occurred_at": occurred_at.isoformat(),
            },
        )
    return invoice


def _id(value: Any) -> str:
    return value["id"] if isinstance(value, dict) else str(value)


async def record_invoice_payment(
    session: AsyncSession, invoice: Invoice, charge: dict[str, Any], txn: dict[str, Any]
) -> Payment:
    """The paid invoice as a payment of its booking (once), so refunds, refund targets
    and the ledger treat bank-transfer and card money alike."""
    existing = await session.scalar(select(Payment).where(Payment.invoice_id == invoice.id))
    if existing is not None:
        return existing
    gross = int(txn.get("amount") or charge.get("amount_captured") or invoice.amount_paid_minor)
    method = str((charge.get("payment_method_details") or {}).get("type") or "card")
    now = utcnow()
    payment = Payment(
        id=new_id("pay"),
        booking_id=invoice.booking_id,
        attempt=None,
        method=method,
        invoice_id=invoice.id,
        stripe_customer_id=invoice.stripe_customer_id,
        status="succeeded",
        amount_minor=invoice.amount_minor,
        currency=invoice.currency,
        amount_captured_minor=gross,
        amount_refunded_minor=0,
        fee_minor=int(txn.get("fee") or 0),
        customer_email=invoice.company_email,
        description=invoice.label,
        stripe_idempotency_key=f"invoice:{invoice.milestone_id}",
        payment_intent_id=invoice.stripe_payment_intent_id or _id(charge.get("payment_intent")),
        charge_id=charge.get("id"),
        balance_transaction_id=txn.get("id"),
        expires_at=invoice.due_at,
        paid_at=invoice.paid_at or now,
        created_at=now,
        updated_at=now,
    )
    session.add(payment)
    await session.flush()
    return payment


async def _lock_invoice(session: AsyncSession, obj: dict[str, Any]) -> Invoice | None:
    stripe_id = obj.get("id")
    invoice = await session.scalar(
        select(Invoice).where(Invoice.stripe_invoice_id == stripe_id).with_for_update()
    )
    if invoice is not None:
        return invoice
    # The webhook can beat our own "stored the Stripe id" write: find it by metadata.
    own_id = (obj.get("metadata") or {}).get("invoice_id")
    if not own_id:
        return None
    invoice = await session.get(Invoice, own_id, with_for_update=True)
    if invoice is not None and invoice.stripe_invoice_id is None:
        await session.execute(
            update(Invoice).where(Invoice.id == own_id).values(stripe_invoice_id=stripe_id)
        )
        invoice.stripe_invoice_id = stripe_id
    return invoice


def is_overdue(invoice: Invoice, now: datetime) -> bool:
    """Stripe said so (``invoice.overdue``), or it is open past its due moment: the list
    does not depend on Stripe's overdue reminders being switched on."""
    return invoice.overdue or (invoice.status == "open" and invoice.due_at < now)


def invoices_query(
    *, status: str | None, overdue: bool | None, booking_id: str | None, now: datetime
) -> Select[tuple[Invoice]]:
    """Invoices filtered for finance and sales (``overdue=True``: the ones to chase)."""
    stmt = select(Invoice)
    if status:
        stmt = stmt.where(Invoice.status == status)
    if overdue is not None:
        late = or_(Invoice.overdue.is_(True), and_(Invoice.status == "open", Invoice.due_at < now))
        stmt = stmt.where(late if overdue else ~late)
    if booking_id:
        stmt = stmt.where(Invoice.booking_id == booking_id)
    return stmt
