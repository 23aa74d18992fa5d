"""Refunds: asked for by booking (cancellation, late payment, cancelled mission) or by
finance, always within what was captured minus what is refunded or being refunded.

The refund row is committed before Stripe is called, with our Stripe idempotency key
``refund:{id}``; if the call does not get through, a worker submits it again later with
the same key, so Stripe never refunds twice. Status follows Stripe's, forward only.
"""

from datetime import timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from lpx_common.clock import utcnow
from lpx_common.errors import Conflict, NotFound, Unprocessable
from lpx_common.http import path_for
from lpx_common.ids import new_id
from lpx_common.outbox import enqueue
from payments.clients.stripe_api import StripeRejected, StripeUnavailable
from payments.domain import ledger
from payments.domain.context import Ports
from payments.domain.states import COUNTED_REFUND_STATUSES, REFUND_TRANSITIONS, can_move
from payments.models import Payment, Refund, outbox_messages

# Stripe's own reason vocabulary; ours is free text kept on our row.
STRIPE_REASONS = {"duplicate", "fraudulent", "requested_by_customer"}


class RefundNotReady(Exception):
    """Stripe reports a refund of a payment we have not recorded as paid yet: the event
    is retried later, after the payment's own event has been processed."""


async def get_refund(session: AsyncSession, refund_id: str) -> Refund:
    refund = await session.get(Refund, refund_id)
    if refund is None:
        raise NotFound(f"No refund {refund_id}.", code="refund-not-found")
    return refund


async def refundable_minor(session: AsyncSession, payment: Payment) -> int:
    reserved = await session.scalar(
        select(func.coalesce(func.sum(Refund.amount_minor), 0)).where(
            Refund.payment_id == payment.id, Refund.status.in_(COUNTED_REFUND_STATUSES)
        )
    )
    return payment.amount_captured_minor - int(reserved or 0)


async def paid_payment_of_booking(session: AsyncSession, booking_id: str) -> Payment:
    payment = await session.scalar(
        select(Payment)
        .where(Payment.booking_id == booking_id, Payment.status == "succeeded")
        .order_by(Payment.paid_at.desc())
        .limit(1)
    )
    if payment is None:
        raise Conflict(
            f"Booking {booking_id} has no captured payment to refund.", code="nothing-to-refund"
        )
    return payment


async def request_refund(
    ports: Ports,
    *,
    payment_id: str | None = None,
    booking_id: str | None = None,
    amount_minor: int | None,
    reason: str,
    requested_by: str,
    notify_booking: bool,
) -> Refund:
    """Reserve the amount and record the refund, then submit it to Stripe."""
    if amount_minor is not None and amount_minor <= 0:
        raise Unprocessable("amount_minor must be positive.", code="bad-amount")
    async with ports.db.transaction() as session:
        if payment_id is None:
            assert booking_id is not None
            payment_id = (await paid_payment_of_booking(session, booking_id)).id
        # The payment row lock serialises concurrent refunds of one payment.
        payment = await session.scalar(
            select(Payment).where(Payment.id == payment_id).with_for_update()
        )
        if payment is None:
            raise NotFound(f"No payment {payment_id}.", code="payment-not-found")
        if payment.status != "succeeded":
            raise Conflict(
                f"Payment {payment.id} is {payment.status}; only captured money is refunded.",
                code="payment-not-captured",
            )
        refundable = await refundable_minor(session, payment)
        amount = refundable if amount_minor is None else amount_minor
        if refundable <= 0:
            raise Unprocessable(
                f"Payment {payment.id} is already fully refunded.",
                code="nothing-to-refund",
                refundable_minor=0,
            )
        if amount > refundable:
            raise Unprocessable(
                f"At most {refundable} {payment.currency} minor units can still be refunded "
                f"from payment {payment.id}.",
                code="refund-exceeds-refundable",
                refundable_minor=refundable,
            )
        now = utcnow()
        refund = Refund(
            id=new_id("rfd"),
            payment_id=payment.id,
            booking_id=payment.booking_id,
            amount_minor=amount,
            currency=payment.currency,
            status="pending",
            reason=reason,
            requested_by=requested_by,
            notify_booking=notify_booking,
            submit_attempts=0,
            created_at=now,
            updated_at=now,
        )
        session.add(refund)
    return await submit_refund(ports, refund.id)


async def submit_refund(ports: Ports, refund_id: str) -> Refund:
    """Send a recorded refund to Stripe (again, after a failure: same idempotency key)."""
    async with ports.db.transaction() as session:
        refund = await get_refund(session, refund_id)
        payment = await session.get(Payment, refund.payment_id)
        assert payment is not None
        if refund.stripe_refund_id or refund.status != "pending":
            return refund
        refund.submit_attempts += 1
        refund.updated_at = utcnow()
    params: dict[str, Any] = {
        "amount": refund.amount_minor,
        "metadata": {
            "refund_id": refund.id,
            "payment_id": refund.payment_id,
            "booking_id": refund.booking_id,
        },
    }
    if payment.charge_id:
        params["charge"] = payment.charge_id
    else:
        params["payment_intent"] = payment.payment_intent_id
    if refund.reason in STRIPE_REASONS:
        params["reason"] = refund.reason
    else:
        params["reason"] = "requested_by_customer"
    try:
        stripe_refund = await ports.stripe.create_refund(
            params, idempotency_key=f"refund:{refund.id}"
        )
    except StripeUnavailable:
        return refund  # stays pending and unsubmitted; the worker retries
    except StripeRejected as exc:
        async with ports.db.transaction() as session:
            row = await session.get(Refund, refund.id, with_for_update=True)
            assert row is not None
            if can_move(REFUND_TRANSITIONS, row.status, "failed"):
                row.status, row.failure_reason = "failed", f"stripe: {exc.message}"
                row.failed_at = row.updated_at = utcnow()
            return row
    async with ports.db.transaction() as session:
        row = await apply_stripe_refund(session, stripe_refund)
    ports.outbox_written()
    assert row is not None
    return row


async def unsubmitted_refunds(session: AsyncSession, older_than: timedelta) -> list[str]:
    rows = await session.scalars(
        select(Refund.id).where(
            Refund.status == "pending",
            Refund.stripe_refund_id.is_(None),
            Refund.updated_at <= utcnow() - older_than,
        )
    )
    return list(rows.all())


async def apply_stripe_refund(session: AsyncSession, data: dict[str, Any]) -> Refund | None:
    """Apply a Stripe refund object to our records, forward only, posting the ledger."""
    refund = await session.scalar(
        select(Refund).where(Refund.stripe_refund_id == data["id"]).with_for_update()
    )
    metadata = data.get("metadata") or {}
    if refund is None and metadata.get("refund_id"):
        refund = await session.scalar(
            select(Refund).where(Refund.id == metadata["refund_id"]).with_for_update()
        )
    charge_id = data.get("charge")
    charge_id = charge_id["id"] if isinstance(charge_id, dict) else charge_id
    payment: Payment | None
    if refund is not None:
        payment = await session.scalar(
            select(Payment).where(Payment.id == refund.payment_id).with_for_update()
        )
    else:
        payment = await session.scalar(
            select(Payment).where(Payment.charge_id == charge_id).with_for_update()
        )
        if payment is None:
            pi = data.get("payment_intent")
            if pi and await session.scalar(
                select(Payment.id).where(Payment.payment_intent_id == pi)
            ):
                raise RefundNotReady(data["id"])
            return None  # not a payment of ours
        if payment.status != "succeeded":
            raise RefundNotReady(data["id"])
        # Made outside this service (e.g. in Stripe's dashboard): record it all the same.
        now = utcnow()
        refund = Refund(
            id=new_id("rfd"),
            payment_id=payment.id,
            booking_id=payment.booking_id,
            amount_minor=int(data["amount"]),
            currency=payment.currency,
            status="pending",
            reason=data.get("reason") or "external",
            requested_by="stripe",
            notify_booking=False,
            submit_attempts=0,
            created_at=now,
            updated_at=now,
        )
        session.add(refund)
        await session.flush()
    assert payment is not None
    refund.stripe_refund_id = data["id"]
    refund.balance_transaction_id = refund.balance_transaction_id or _id(
        data.get("balance_transaction")
    )
    target = data.get("status") or "pending"
    if target != refund.status and can_move(REFUND_TRANSITIONS, refund.status, target):
        previous = refund.status
        refund.status = target
        refund.updated_at = utcnow()
        if target == "succeeded":
            await _refund_succeeded(session, refund, payment)
        elif target in ("failed", "canceled"):
            refund.failure_reason = data.get("failure_reason") or refund.failure_reason
            refund.failed_at = refund.updated_at
            if previous == "succeeded":
                await _refund_reversed(session, refund, payment, data)
    return refund


def _id(value: Any) -> str | None:
    return value.get("id") if isinstance(value, dict) else value


async def _refund_succeeded(session: AsyncSession, refund: Refund, payment: Payment) -> None:
    refund.succeeded_at = refund.updated_at
    payment.amount_refunded_minor += refund.amount_minor
    payment.updated_at = refund.updated_at
    await ledger.post(
        session,
        kind="refund",
        source_key=f"refund:{refund.id}",
        currency=refund.currency,
        lines=[
            ledger.debit(ledger.CUSTOMER_DEPOSITS, refund.amount_minor),
            ledger.credit(ledger.STRIPE_BALANCE, refund.amount_minor),
        ],
        booking_id=refund.booking_id,
        payment_id=payment.id,
        refund_id=refund.id,
        balance_transaction_id=refund.balance_transaction_id,
        description=f"refund ({refund.reason})",
    )
    if refund.notify_booking:
        await enqueue(
            session,
            outbox_messages,
            destination="booking",
            path=path_for(
                "/v1/internal/bookings/{booking_id}/refund-completed", booking_id=refund.booking_id
            ),
            payload={
                "refund_id": refund.id,
                "payment_id": payment.id,
                "amount_minor": refund.amount_minor,
                "currency": refund.currency,
            },
        )


async def _refund_reversed(
    session: AsyncSession, refund: Refund, payment: Payment, data: dict[str, Any]
) -> None:
    """The issuer returned a refund that had succeeded: the money is ours again."""
    payment.amount_refunded_minor -= refund.amount_minor
    payment.updated_at = refund.updated_at
    await ledger.reverse(
        session,
        f"refund:{refund.id}",
        new_source_key=f"refund:{refund.id}:failed",
        kind="refund_failed",
        balance_transaction_id=_id(data.get("failure_balance_transaction")),
        description=f"refund {refund.id} failed: {refund.failure_reason}",
    )
