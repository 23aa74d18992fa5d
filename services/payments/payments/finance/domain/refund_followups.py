"""What follows a refund of a company's payment once Stripe says it succeeded.

- A refund of an invoice's payment is written on the invoice as a credit note (Stripe's
  record that the paid invoice was partly or wholly given back), linked to the refund.
- A refund of a bank-transfer (``customer_balance``) payment puts the money back in the
  customer's cash balance at Stripe, not in their bank. Returning it to the bank is a
  second Stripe refund with ``origin=customer_balance``: Stripe emails the customer for
  their bank details (``requires_action``), then sends it (``pending``, ``succeeded``);
  without an answer in 45 days Stripe cancels it and the money stays in the cash balance,
  from where finance can return it again.

Each step is a Stripe call keyed by our refund id, made outside any database
transaction; a worker re-runs the steps a crash left undone.
"""

import logging
from typing import Any

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from lpx_common.clock import utcnow
from lpx_common.errors import Conflict
from payments.clients.stripe_api import StripeRejected, StripeUnavailable
from payments.domain.context import Ports
from payments.domain.refunds import get_refund
from payments.domain.states import CASH_RETURN_STATES
from payments.finance.models import Invoice
from payments.models import Payment, Refund

log = logging.getLogger("payments.refund_followups")

# Our refund reasons that are also Stripe credit note reasons; anything else is a change
# of order (a cancellation).
CREDIT_NOTE_REASONS = {"duplicate", "fraudulent"}
# Written instead of a credit note id when Stripe refused to issue one (see the logs).
CREDIT_NOTE_REFUSED = "refused"
RETRYABLE_RETURN_STATUSES = frozenset({"canceled", "failed"})


def followups_query(limit: int) -> Select[tuple[str]]:
    """Succeeded refunds whose credit note or cash return was never made: among those
    marked ``followup_due`` (a partial index), not every card refund ever made."""
    return (
        select(Refund.id)
        .join(Payment, Payment.id == Refund.payment_id)
        .where(
            Refund.followup_due,
            Refund.status == "succeeded",
            or_(
                and_(Payment.invoice_id.is_not(None), Refund.stripe_credit_note_id.is_(None)),
                and_(Payment.method == "customer_balance", Refund.cash_return_status.is_(None)),
            ),
        )
        .order_by(Refund.id)
        .limit(limit)
    )


async def due_followups(session: AsyncSession, *, limit: int = 50) -> list[str]:
    return list((await session.scalars(followups_query(limit))).all())


async def run_followups(ports: Ports, refund_id: str) -> None:
    async with ports.db.read() as session:
        refund = await get_refund(session, refund_id)
        payment = await session.get(Payment, refund.payment_id)
        invoice = (
            await session.get(Invoice, payment.invoice_id)
            if payment is not None and payment.invoice_id
            else None
        )
    if payment is None or refund.status != "succeeded":
        return
    try:
        if invoice is not None and _credit_note_due(refund, invoice):
            await _issue_credit_note(ports, refund, invoice)
        if _cash_return_due(refund, payment):
            await start_cash_return(ports, refund, payment)
    except StripeUnavailable:
        log.warning("Stripe unreachable; refund %s follow-ups retried later", refund_id)
        return
    if not refund.followup_due:
        return
    async with ports.db.transaction() as session:
        row = await session.get(Refund, refund_id, with_for_update=True)
        if row is not None and not (
            _credit_note_due(row, invoice) or _cash_return_due(row, payment)
        ):
            row.followup_due = False


def _credit_note_due(refund: Refund, invoice: Invoice | None) -> bool:
    return bool(
        invoice is not None and invoice.stripe_invoice_id and not refund.stripe_credit_note_id
    )


def _cash_return_due(refund: Refund, payment: Payment) -> bool:
    return payment.method == "customer_balance" and refund.cash_return_status is None


async def _issue_credit_note(ports: Ports, refund: Refund, invoice: Invoice) -> None:
    params: dict[str, Any] = {
        "invoice": invoice.stripe_invoice_id,
        "amount": refund.amount_minor,
        "refund": refund.stripe_refund_id,
        "reason": refund.reason if refund.reason in CREDIT_NOTE_REASONS else "order_change",
        "memo": f"Refund {refund.id}: {refund.reason}"[:500],
        "metadata": {"refund_id": refund.id, "booking_id": refund.booking_id},
    }
    try:
        note = await ports.stripe.create_credit_note(
            params, idempotency_key=f"refund:{refund.id}:credit_note"
        )
        note_id = str(note["id"])
    except StripeRejected as exc:
        log.error("Stripe refused a credit note for refund %s: %s", refund.id, exc.message)
        note_id = CREDIT_NOTE_REFUSED
    async with ports.db.transaction() as session:
        row = await session.get(Refund, refund.id, with_for_update=True)
        assert row is not None
        row.stripe_credit_note_id = row.stripe_credit_note_id or note_id
        row.updated_at = utcnow()


async def start_cash_return(
    ports: Ports, refund: Refund, payment: Payment, *, after: str | None = None
) -> Refund:
    """Ask Stripe to send the refunded cash balance back to the customer's bank."""
    key = f"refund:{refund.id}:cash_return" + (f":after:{after}" if after else "")
    params: dict[str, Any] = {
        "origin": "customer_balance",
        "customer": payment.stripe_customer_id,
        "amount": refund.amount_minor,
        "currency": refund.currency.lower(),
        "metadata": {
            "refund_id": refund.id,
            "payment_id": payment.id,
            "booking_id": refund.booking_id,
            "cash_return": "true",
        },
    }
    try:
        data = await ports.stripe.create_refund(params, idempotency_key=key)
    except StripeRejected as exc:
        data = {"id": None, "status": "failed", "failure_reason": f"stripe: {exc.message}"}
    async with ports.db.transaction() as session:
        row = await session.get(Refund, refund.id, with_for_update=True)
        assert row is not None
        if row.cash_return_stripe_id not in (None, after):
            return row  # another worker got there first
        row.cash_return_stripe_id = data["id"]
        row.cash_return_status = str(data.get("status") or "requires_action")
        row.cash_return_failure = data.get("failure_reason")
        row.cash_return_updated_at = row.updated_at = utcnow()
    return row


async def retry_cash_return(ports: Ports, refund_id: str) -> Refund:
    """Finance returns the money to the bank again after Stripe canceled the return (no
    bank details in time) or the bank sent it back."""
    async with ports.db.read() as session:
        refund = await get_refund(session, refund_id)
        payment = await session.get(Payment, refund.payment_id)
    assert payment is not None
    if payment.method != "customer_balance" or refund.status != "succeeded":
        raise Conflict(
            f"Refund {refund.id} did not put money in a customer's cash balance.",
            code="not-a-cash-balance-refund",
        )
    if refund.cash_return_status not in RETRYABLE_RETURN_STATUSES:
        raise Conflict(
            f"The return of refund {refund.id} to the bank is {refund.cash_return_status}; "
            "only a canceled or failed return is tried again.",
            code="cash-return-not-retryable",
            cash_return_status=refund.cash_return_status,
        )
    try:
        return await start_cash_return(
            ports, refund, payment, after=refund.cash_return_stripe_id or "rejected"
        )
    except StripeUnavailable as exc:
        from payments.domain.payments import stripe_unavailable

        raise stripe_unavailable(exc) from exc


async def apply_cash_return(session: AsyncSession, data: dict[str, Any]) -> Refund | None:
    """A Stripe refund with ``origin=customer_balance``: move our return forward."""
    refund = await session.scalar(
        select(Refund).where(Refund.cash_return_stripe_id == data["id"]).with_for_update()
    )
    if refund is None:
        return None
    target = str(data.get("status"))
    if target != refund.cash_return_status and CASH_RETURN_STATES.allows(
        refund.cash_return_status or "", target
    ):
        refund.cash_return_status = target
        refund.cash_return_failure = data.get("failure_reason") or refund.cash_return_failure
        refund.cash_return_updated_at = refund.updated_at = utcnow()
    return refund
